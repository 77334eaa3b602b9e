"""The spousal waiver's approval is read from the approved round (``applications.waivers.selectors.waiver_approved``),
not from a milestone that outlived a waiver voided by a changed election: the old milestone rows go."""

from django.db import migrations, models


def drop_waiver_milestones(apps, schema_editor):
    apps.get_model("applications", "Milestone").objects.filter(kind="WAIVER_APPROVED").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0009_application_enrolment'),
    ]

    operations = [
        migrations.RunPython(drop_waiver_milestones, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='milestone',
            name='kind',
            field=models.CharField(choices=[('FINAL_PAYROLL_RECEIVED', 'Final payroll received'), ('CALCULATED', 'Pension calculated'), ('AWARDED', 'Award letter sent'), ('FIRST_PAYMENT', 'First payment made')], max_length=24),
        ),
    ]
