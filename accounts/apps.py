from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and members"

    def ready(self):
        from accounts import scanning, signals  # noqa: F401  (the scanner's deploy check; security notices on allauth
        # events, dashboard versions)
