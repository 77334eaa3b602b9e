"""Insurance permissions of the staff groups: Reviewers read everything and review proofs; Supervisors also keep
the catalogue (carriers, plans, premium rates, subsidy percentages) and the retirees' insurance figures."""

from django.db import migrations

from portal.staff_groups import grant_to_staff_groups

REVIEWER = [("insurance", f"view_{model}") for model in (
    "carrier", "plan", "premiumrate", "subsidyrule", "insuranceprofile", "dependent", "proof", "enrolment",
    "covereddependent", "othercoverageverification", "lifebeneficiary")] + [("insurance", "change_proof")]
SUPERVISOR_ALSO = [("insurance", f"{action}_{model}") for model in ("carrier", "plan", "premiumrate")
                   for action in ("add", "change", "delete")] + [
    ("insurance", "add_subsidyrule"), ("insurance", "change_subsidyrule"), ("insurance", "add_insuranceprofile"),
    ("insurance", "change_insuranceprofile")]


class Migration(migrations.Migration):
    dependencies = [
        ("insurance", "0001_initial"),
        ("accounts", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [grant_to_staff_groups(REVIEWER, SUPERVISOR_ALSO)]
