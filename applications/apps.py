from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = "Retirement applications"

    def ready(self):
        from accounts.proofs import proof_accepted
        from applications import dashboard_signals  # noqa: F401  (the dashboard's card shown anew on a change)
        from applications.insurance_enrolment import on_proof_accepted

        # The last proof accepted enrols the member in the insurance their application chose (issue 17 step 2).
        proof_accepted.connect(on_proof_accepted, dispatch_uid="applications.insurance_enrolment")
