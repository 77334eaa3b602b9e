from django.urls import path

from applications import submitted_urls, views

app_name = "applications"
urlpatterns = [
    path("retirement-application/", views.overview, name="overview"),
    path("retirement-application/start/", views.start, name="start"),
    path("retirement-application/<int:application_id>/", views.tasks, name="tasks"),
    path("retirement-application/<int:application_id>/option/", views.option, name="option"),
    path("retirement-application/<int:application_id>/insurance/", views.insurance, name="insurance"),
    path("retirement-application/<int:application_id>/tax/", views.tax, name="tax"),
    path("retirement-application/<int:application_id>/deposit/", views.deposit, name="deposit"),
    path("retirement-application/<int:application_id>/submit/", views.submit, name="submit"),
]

urlpatterns += submitted_urls.urlpatterns
