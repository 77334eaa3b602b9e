"""Staff review permissions (issue 19): Reviewers work the queue and review the application's proofs; Supervisors
also approve awards (``approve_award``, never on an application they started calculating)."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

REVIEWER = [("applications", "view_application"), ("applications", "change_application"),
            ("applications", "view_applicationproof"), ("applications", "change_applicationproof")]
SUPERVISOR_ALSO = [("applications", "approve_award")]


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_staff_review"),
        ("accounts", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [grant_to_staff_groups(REVIEWER, SUPERVISOR_ALSO)]
