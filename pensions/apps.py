from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "pensions"
    verbose_name = "Pensions"

    def ready(self):
        from pensions import signals  # noqa: F401  (the dashboard shown anew when a record changes)
