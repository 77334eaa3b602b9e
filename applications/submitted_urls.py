"""The pages after submission, included in the ``applications`` namespace by ``applications/urls.py``."""

from django.urls import path

from applications import submitted_views as views

urlpatterns = [
    path("retirement-application/<int:application_id>/submitted/", views.submitted, name="submitted"),
    path("retirement-application/<int:application_id>/proofs/", views.checklist, name="checklist"),
    path("retirement-application/<int:application_id>/proofs/checklist.pdf", views.checklist_pdf,
         name="checklist_pdf"),
    path("retirement-application/<int:application_id>/acknowledgment/", views.acknowledgment, name="acknowledgment"),
    path("retirement-application/<int:application_id>/award/", views.award, name="award"),
    path("retirement-application/<int:application_id>/status/", views.status, name="status"),
    path("retirement-application/<int:application_id>/withdraw/", views.withdraw, name="withdraw"),
]
