"""`python manage.py check_no_default_accounts`: fail a deployment that has a default or demo login, or a superuser
without a second factor (SECURITY.md AU-13). Prints one line per finding and exits 1; silent with exit 0 when clean.
"""

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.management.commands.seed_demo import DEMO_EMAIL_DOMAIN
from accounts.models import User

DEFAULT_NAMES = ("admin", "root", "test")


def findings():
    """What must not exist in production, in words an operator can act on."""
    default = Q()
    for name in DEFAULT_NAMES:
        default |= Q(email__iexact=name) | Q(email__istartswith=f"{name}@")
    for email in User.objects.filter(default).values_list("email", flat=True).order_by("email"):
        yield f"default account: {email}"
    demo = User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}").count()
    if demo:
        yield f"demo accounts: {demo} login(s) @{DEMO_EMAIL_DOMAIN} with the published demo password"
    with_totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    for email in (User.objects.filter(is_superuser=True, is_active=True).exclude(pk__in=with_totp)
                  .values_list("email", flat=True).order_by("email")):
        yield f"superuser without two-step verification: {email}"


class Command(BaseCommand):
    help = "Fail if default or demo accounts exist, or a superuser has no second factor (SECURITY.md AU-13)."

    def handle(self, *args, **options):
        found = list(findings())
        for line in found:
            self.stderr.write(line)
        if found:
            raise CommandError(f"{len(found)} finding(s): remove or fix these accounts before going live.",
                               returncode=1)
