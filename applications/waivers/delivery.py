"""The completed round's signed document, delivered once into the member's Documents (issue 18 item 5)."""

from accounts.documents import deliver_document
from accounts.models import Document
from applications.models import Waiver, WaiverEvent
from applications.waivers import document as rendering
from applications.waivers.events import record_event

DOCUMENT_TITLE = "Pension Election and Spousal Waiver (R0869G)"


def document_key(waiver) -> str:
    return f"applications.waiver:{waiver.pk}:document"


def produce_document(*, waiver_id) -> Document | None:
    """Render the completed round's PDF and deliver it into the member's Documents once (by its key), attached to
    the waiver with the SHA-256 of its certified record; a second run delivers nothing new."""
    waiver = Waiver.objects.select_related("member", "application").get(pk=waiver_id)
    if waiver.completed_at is None:
        return None
    if waiver.document_id is not None:
        return waiver.document
    content, record_sha256 = rendering.render_waiver(waiver)

    def attach(document):
        Waiver.objects.filter(pk=waiver.pk, document=None).update(document=document, record_sha256=record_sha256)
        record_event(waiver, WaiverEvent.Actor.SYSTEM, "document_delivered", detail=f"sha256 {document.sha256}")

    document, _ = deliver_document(member=waiver.member, kind=Document.Kind.LETTER, title=f"{DOCUMENT_TITLE}, "
                                   f"{waiver.application.reference}", content=content, dedupe_key=document_key(waiver),
                                   actor=None, filename="spousal-waiver.pdf", on_delivered=attach)
    return document
