from allauth.account.decorators import reauthentication_required, secure_admin_login
from allauth.account.views import password_change
from allauth.usersessions.views import list_usersessions
from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from portal.allauth_urls import closed_urlpatterns
from portal.glossary import glossary
from portal.health import health

# The admin's own login would bypass allauth's MFA and rate limits (SECURITY.md F5, AU-2).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Office of Retirement Services — staff"
admin.site.site_title = "ORS staff"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("health/", health, name="health"),
    path("words-we-use/", glossary, name="glossary"),
    path("admin/", admin.site.urls),
    # Seeing or ending one's signed-in devices asks for the password again first (SECURITY.md SS-8).
    path("accounts/sessions/", reauthentication_required(list_usersessions), name="usersessions_list"),
    # allauth's password change only asks for the old password; like every credential change it first asks for a
    # recent re-authentication, which passes the second factor too (SECURITY.md SS-9).
    path("accounts/password/change/", reauthentication_required(password_change), name="account_change_password"),
    path("accounts/2fa/set-up/", account_views.second_factor_setup, name="second_factor_setup"),
    # allauth's pages the portal does not use answer 404 (portal/allauth_urls.py): first match wins.
    path("accounts/", include(closed_urlpatterns)),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("accounts.message_board.urls")),
    path("", include("pensions.urls")),
    path("", include("insurance.urls")),
    path("", include("applications.urls")),
]
