from django.urls import path

from pensions import views

app_name = "pensions"
urlpatterns = [
    path("service-credit/", views.service_credit, name="service_credit"),
    path("service-credit/record.csv", views.service_credit_csv, name="service_credit_csv"),
    path("service-credit/other-credit.csv", views.other_credit_csv, name="other_credit_csv"),
    path("service-credit/purchase/", views.purchase, name="purchase"),
    path("service-credit/purchase/<int:request_id>/", views.purchase_request, name="purchase_request"),
    path("estimates/", views.estimates, name="estimates"),
    path("estimates/save/", views.estimate_save, name="estimate_save"),
    path("estimates/compare/", views.estimates_compare, name="estimates_compare"),
    path("estimates/compare.pdf", views.estimates_compare_pdf, name="estimates_compare_pdf"),
    path("estimates/<int:estimate_id>/", views.estimate_detail, name="estimate"),
    path("estimates/<int:estimate_id>/rename/", views.estimate_rename, name="estimate_rename"),
    path("estimates/<int:estimate_id>/delete/", views.estimate_delete, name="estimate_delete"),
    path("beneficiaries/", views.beneficiaries, name="beneficiaries"),
    path("beneficiaries/survivor/", views.survivor_beneficiary, name="survivor_beneficiary"),
    path("beneficiaries/refund/", views.refund_beneficiaries, name="refund_beneficiaries"),
    path("beneficiaries/<int:designation_id>/", views.designation_detail, name="designation"),
]
