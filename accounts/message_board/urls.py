from django.urls import path

from accounts.message_board import views

app_name = "message_board"
urlpatterns = [
    path("messages/", views.thread_list, name="messages"),
    path("messages/new/", views.thread_start, name="message_new"),
    path("messages/<int:thread_id>/", views.thread_detail, name="message_thread"),
]
