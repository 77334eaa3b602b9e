import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, F


def fill_inboxes(apps, schema_editor):
    """Every member with a thread gets an inbox holding the staff replies they have not read yet."""
    Message = apps.get_model("accounts", "Message")
    MessageInbox = apps.get_model("accounts", "MessageInbox")
    Thread = apps.get_model("accounts", "Thread")
    unread = dict(Message.objects.filter(sender="STAFF", seq__gt=F("thread__member_read_seq")).order_by()
                  .values("thread__member_id").annotate(count=Count("id")).values_list("thread__member_id", "count"))
    members = Thread.objects.values_list("member_id", flat=True).distinct()
    MessageInbox.objects.bulk_create([MessageInbox(member_id=pk, unread_replies=unread.get(pk, 0)) for pk in members],
                                     batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_message_board_staff_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="MessageInbox",
            fields=[
                ("member", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                related_name="inbox", serialize=False, to="accounts.member")),
                ("unread_replies", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(fill_inboxes, migrations.RunPython.noop),
    ]
