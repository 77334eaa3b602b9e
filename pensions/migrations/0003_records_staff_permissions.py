"""Reviewers and Supervisors read members' records in the admin (view only: records change through the employer
report loader and the services, never by hand)."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

RECORDS = ["employer", "employerreport", "payperiodreport", "servicecreditentry", "contributionyear", "refund"]
CODES = [("pensions", f"view_{model}") for model in RECORDS]


class Migration(migrations.Migration):
    dependencies = [("pensions", "0002_records"), ("accounts", "0002_staff_groups")]
    operations = [grant_to_staff_groups(CODES)]
