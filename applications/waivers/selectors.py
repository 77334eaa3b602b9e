"""Reads of the spousal waiver. The member reaches a waiver only through their own application (its selector is
the 404 for anyone else's); staff read in the admin."""

from applications.models import Waiver, WaiverEvent

# What the member sees of a round's events: what happened and when, never the spouse's or notary's address or browser.
MEMBER_EVENT_WORDS = {
    "round_started": "You started the waiver",
    "link_sent": "A link was e-mailed",
    "link_sent_again": "A new link was e-mailed",
    "link_resent": "You sent a link again",
    "spouse_email_changed": "You changed your spouse's e-mail address",
    "identity_proved": "Your spouse proved who they are",
    "identity_failed": "A wrong date of birth was entered on your spouse's link",
    "link_locked": "Your spouse's link was locked after five wrong dates of birth",
    "esign_consented": "Consent to electronic records given",
    "spouse_signed": "Your spouse signed",
    "spouse_declined": "Your spouse declined",
    "spouse_notarised": "Your spouse's signature was notarised",
    "spouse_signature_lapsed": "Your spouse's signature lapsed: it was not notarised the same day",
    "applicant_signed": "You signed",
    "applicant_notarised": "Your signature was notarised",
    "applicant_signature_lapsed": "Your signature lapsed: it was not notarised the same day",
    "document_delivered": "The signed document was put in your Documents",
    "approved": "Our staff approved the waiver",
    "rejected": "Our staff could not accept the waiver",
    "voided": "The waiver ended: your election changed",
    "reminder_sent": "A reminder was e-mailed",
    "link_expired": "A link expired unused",
    "notary_page_refused": "A notary's page was opened on the device that signed, and refused",
}


def current_waiver_for_application(*, application) -> Waiver | None:
    """The application's latest round (live or ended), with its document, or None. ``application`` comes from the
    member's own selector."""
    return (Waiver.objects.filter(application=application).select_related("document", "member")
            .order_by("-round").first())


def past_rounds_for_application(*, application) -> list[Waiver]:
    return list(Waiver.objects.filter(application=application).order_by("-round")[1:])


def events_for_member(*, waiver) -> list[tuple]:
    """(time, words) of each event of the round, in order."""
    events = WaiverEvent.objects.filter(waiver=waiver).only("at", "action")
    return [(event.at, MEMBER_EVENT_WORDS.get(event.action, event.action.replace("_", " "))) for event in events]


def waiver_approved(*, application) -> Waiver | None:
    """The approved waiver of the application's election, or None: the one answer to "is the waiver approved?" for
    the status timeline and for starting the calculation (RULES §6: not processed until one is on file). A waiver
    approved for an election since changed is void, so it no longer counts. ``application``: a row or its id."""
    return (Waiver.objects.filter(application=application, state=Waiver.State.APPROVED).only("pk", "reviewed_at")
            .first())
