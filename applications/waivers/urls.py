"""The spousal waiver's pages, included in the ``applications`` namespace."""

from django.urls import path

from applications.waivers import link_views, views

urlpatterns = [
    path("retirement-application/<int:application_id>/waiver/", views.waiver, name="waiver"),
    path("retirement-application/<int:application_id>/waiver/sign/", views.sign, name="waiver_sign"),
    # Single-use links (no account): the e-mailed URL, then the page without the token.
    path("waiver/spouse/", link_views.spouse, name="waiver_spouse"),
    path("waiver/spouse/<str:token>/", link_views.spouse_open, name="waiver_spouse_open"),
    path("waiver/notary/", link_views.notary, name="waiver_notary"),
    path("waiver/notary/<str:token>/", link_views.notary_open, name="waiver_notary_open"),
    path("waiver/applicant-notary/", link_views.applicant_notary, name="waiver_applicant_notary"),
    path("waiver/applicant-notary/<str:token>/", link_views.applicant_notary_open,
         name="waiver_applicant_notary_open"),
]
