from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Retirement applications"

    def ready(self):
        from applications import dashboard_signals  # noqa: F401  (the dashboard's card shown anew on a change)
