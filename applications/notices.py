"""The member's e-mail notices of the retirement application, one helper for every service that sends them."""

from accounts.outbox import queue_email


def notify_member(*, member, dedupe_key, template, context):
    """A notice to the member's e-mail, once per ``dedupe_key``; it names what happened, never a personal detail."""
    if member.notice_email:
        queue_email(dedupe_key=dedupe_key, to=member.notice_email, template=f"applications/emails/{template}",
                    context={"member": member, **context})
