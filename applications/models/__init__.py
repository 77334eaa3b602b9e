"""The retirement application's data, one module per model (issue 17): import each model here so Django finds it."""

from applications.models.application import Application, ApplicationQuerySet, ApplicationState
from applications.models.award import AwardLetter  # noqa: F401  (issue 19)
from applications.models.calculation import FinalCalculation  # noqa: F401  (issue 19)
from applications.models.insurance_enrolment import ApplicationEnrolment  # noqa: F401
from applications.models.letter import AcknowledgmentLetter  # noqa: F401
from applications.models.milestone import Milestone  # noqa: F401
from applications.models.proof import ApplicationProof  # noqa: F401
from applications.models.waiver import NotarialAct, Waiver, WaiverEvent  # noqa: F401  (issue 18)

__all__ = ["Application", "ApplicationQuerySet", "ApplicationState"]
