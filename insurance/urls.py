from django.urls import path

from insurance import views

app_name = "insurance"
urlpatterns = [
    path("insurance/", views.overview, name="overview"),
    path("insurance/plans/", views.plans, name="plans"),
    path("insurance/medicare/", views.medicare, name="medicare"),
    path("insurance/dependents/add/", views.dependent_add, name="dependent_add"),
    path("insurance/dependents/<int:dependent_id>/", views.dependent, name="dependent"),
    path("insurance/dependents/<int:dependent_id>/edit/", views.dependent_edit, name="dependent_edit"),
    path("insurance/dependents/<int:dependent_id>/medicare/", views.dependent_medicare, name="dependent_medicare"),
    path("insurance/dependents/<int:dependent_id>/remove/", views.dependent_remove, name="dependent_remove"),
    path("insurance/dependents/<int:dependent_id>/delete/", views.dependent_delete, name="dependent_delete"),
    path("insurance/dependents/<int:dependent_id>/divorce/", views.dependent_divorce, name="dependent_divorce"),
    path("insurance/enrol/", views.enrol, name="enrol"),
    path("insurance/enrolments/<int:enrolment_id>/", views.enrolment, name="enrolment"),
    path("insurance/enrolments/<int:enrolment_id>/confirm/", views.enrolment_confirm, name="enrolment_confirm"),
    path("insurance/enrolments/<int:enrolment_id>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("insurance/cancel/", views.cancel, name="cancel"),
    path("insurance/verification/", views.verification, name="verification"),
    path("insurance/life/", views.life, name="life"),
    path("insurance/life/beneficiaries/add/", views.life_beneficiary_add, name="life_beneficiary_add"),
    path("insurance/life/beneficiaries/<int:beneficiary_id>/remove/", views.life_beneficiary_remove,
         name="life_beneficiary_remove"),
]
