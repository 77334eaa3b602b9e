from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("claim/", views.claim_start, name="claim"),
    path("claim/sent/", views.claim_sent, name="claim_sent"),
    path("claim/confirm/", views.claim_confirm, name="claim_confirm"),
    path("claim/confirm/<str:signed_token>/", views.claim_confirm_token, name="claim_confirm_token"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("profile/email/", views.change_email, name="change_email"),
    path("profile/phone/", views.change_phone, name="change_phone"),
    path("profile/address/", views.change_address, name="change_address"),
    path("profile/moves/<int:address_id>/cancel/", views.cancel_move, name="cancel_move"),
    path("documents/", views.documents, name="documents"),
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/<int:document_id>/download/", views.document_download, name="document_download"),
]
