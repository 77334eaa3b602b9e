from django.apps import AppConfig


class InsuranceConfig(AppConfig):
    name = "insurance"
    verbose_name = "Insurance"

    def ready(self):
        from insurance import signals  # noqa: F401  (a retiree's dashboard shown anew when their coverage changes)
