from django.apps import AppConfig


class MessageBoardConfig(AppConfig):
    """The secure Message Board, an app of its own nested in accounts (its models, admin, migrations, templates)."""

    name = "accounts.message_board"
    label = "message_board"
    verbose_name = "Message board"
