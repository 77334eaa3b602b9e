from allauth.account.decorators import reauthentication_required, secure_admin_login
from allauth.usersessions.views import list_usersessions
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from portal.glossary import glossary

# The admin's own login would bypass allauth's MFA and rate limits (SECURITY.md F5, AU-2).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Office of Retirement Services — staff"
admin.site.site_title = "ORS staff"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("health/", account_views.health, name="health"),
    path("words-we-use/", glossary, name="glossary"),
    path("admin/", admin.site.urls),
    # Seeing or ending one's signed-in devices asks for the password again first (SECURITY.md SS-8).
    path("accounts/sessions/", reauthentication_required(list_usersessions), name="usersessions_list"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("accounts.message_board.urls")),
    path("", include("pensions.urls")),
    path("", include("insurance.urls")),
    path("", include("applications.urls")),
]
