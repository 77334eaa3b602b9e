from django.urls import path

from applications import submitted_urls
from portal.sections import coming_soon

app_name = "applications"
urlpatterns = [
    path("retirement-application/", coming_soon("Retirement application", "Apply for your pension in five steps, "
                                                "upload proofs and follow your application to the award letter."),
         name="overview"),
]

urlpatterns += submitted_urls.urlpatterns
