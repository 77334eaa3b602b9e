from django.db import models


class System(models.TextChoices):
    """The two retirement systems served by the portal (RULES §1)."""

    SERS = "SERS", "State Employees' Retirement System"
    MPSERS = "MPSERS", "Public School Employees' Retirement System"


class Employer(models.Model):
    """A reporting unit: a state department (SERS) or a school district (MPSERS)."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    system = models.CharField(max_length=6, choices=System.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
