"""Staff groups: Reviewers work members' records; Supervisors also see full SSNs and the audit trail."""

from django.db import migrations

REVIEWER = [
    ("accounts", "view_member"), ("accounts", "change_member"), ("accounts", "view_mailingaddress"),
    ("accounts", "add_mailingaddress"), ("accounts", "change_mailingaddress"), ("accounts", "view_document"),
    ("accounts", "view_outboundemail"), ("pensions", "view_employer"),
]
SUPERVISOR = REVIEWER + [
    ("accounts", "view_full_ssn"), ("accounts", "view_auditentry"), ("accounts", "view_claimrequest"),
    ("accounts", "view_user"), ("accounts", "change_user"), ("pensions", "change_employer"),
]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in (("Reviewer", REVIEWER), ("Supervisor", SUPERVISOR)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Supervisor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("pensions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
