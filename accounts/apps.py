from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and members"

    def ready(self):
        from accounts import signals  # noqa: F401  (security notices on allauth events, dashboard versions)
