"""The staff workspace of the Message Board: Reviewers and Supervisors read threads and act on them (reply, note,
assign, close, reopen: the "change" permission); Supervisors, who receive the overdue alerts, also see their list."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

REVIEWER = [("accounts", "view_thread"), ("accounts", "change_thread")]
SUPERVISOR_ALSO = [("accounts", "view_overduealert")]


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_message_board")]
    operations = [grant_to_staff_groups(REVIEWER, SUPERVISOR_ALSO)]
