"""Spousal waiver permissions of the staff groups (issue 18 item 6): Reviewers see and decide waivers."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

REVIEWER = [("applications", "view_waiver"), ("applications", "change_waiver"), ("applications", "view_notarialact"),
            ("applications", "view_waiverevent")]


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_spousal_waiver"),
        ("accounts", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [grant_to_staff_groups(REVIEWER)]
