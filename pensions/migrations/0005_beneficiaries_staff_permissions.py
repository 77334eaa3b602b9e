"""Reviewers and Supervisors read members' beneficiary designations (view only: members change them online)."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

CODES = [("pensions", "view_beneficiarydesignation"), ("pensions", "view_beneficiary")]


class Migration(migrations.Migration):
    dependencies = [("pensions", "0004_beneficiaries")]
    operations = [grant_to_staff_groups(CODES)]
