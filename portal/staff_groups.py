"""Data-migration helper: give the staff groups (Reviewer, Supervisor; accounts/migrations/0002) an app's
permissions. Migrations import it, so its behaviour must stay stable once a migration using it has shipped."""

from django.db import migrations


def grant_to_staff_groups(reviewer, supervisor_also=()):
    """A reversible RunPython operation: Reviewers get the (app_label, codename) pairs of ``reviewer``, Supervisors
    those and ``supervisor_also``. Reversing removes exactly these permissions from both groups."""
    by_group = {"Reviewer": list(reviewer), "Supervisor": [*reviewer, *supervisor_also]}

    def permissions(apps, codes):
        Permission = apps.get_model("auth", "Permission")
        return [Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in codes]

    def grant(apps, schema_editor):
        from django.contrib.auth.management import create_permissions

        # Permissions are normally created after all migrations; create them now so the groups can hold them.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        for name, codes in by_group.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(*permissions(apps, codes))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name__in=by_group):
            group.permissions.remove(*permissions(apps, by_group[group.name]))

    return migrations.RunPython(grant, revoke)
