"""The billing statement of a service-credit purchase, made once by a task after the request commits."""

from accounts.audit import audit
from accounts.documents import deliver_document
from accounts.models import Document
from pensions.models import PurchaseRequest
from pensions.pdf import billing_statement_pdf


def statement_key(request_id):
    return f"pensions.purchase:{request_id}:statement"


def produce_billing_statement(*, request_id) -> bool:
    """Render the billing statement into the member's Documents, once: a second run (or a concurrent one) finds
    the statement made and does nothing. Returns whether this run made it."""
    request = (PurchaseRequest.objects.select_related("member__user")
               .filter(pk=request_id, status=PurchaseRequest.Status.QUEUED).first())
    if request is None:
        return False

    def mark_ready(document):  # in the document's transaction: the statement and READY commit together
        ready = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
        ready.statement, ready.status = document, PurchaseRequest.Status.READY
        ready.save(update_fields=["statement", "status"])
        audit(actor=None, member=request.member, action="pensions.purchase.statement_delivered",
              target=f"purchase:{request.pk}", data={"document": document.pk})

    _, created = deliver_document(
        member=request.member, kind=Document.Kind.STATEMENT, content=billing_statement_pdf(request=request),
        title=f"Service credit billing statement ({request.get_credit_type_display()})",
        filename=f"billing-statement-{request.pk}.pdf", dedupe_key=statement_key(request.pk), actor=None,
        on_delivered=mark_ready)
    return created
