"""Reviewers and Supervisors read members' service-purchase requests (view only: members make them online)."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

CODES = [("pensions", "view_purchaserequest")]


class Migration(migrations.Migration):
    dependencies = [("pensions", "0007_purchase_requests")]
    operations = [grant_to_staff_groups(CODES)]
