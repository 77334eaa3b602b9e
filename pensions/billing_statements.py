"""The billing statement of a service-credit purchase, made once by a task after the request commits."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.audit import audit
from accounts.models import Document
from pensions.models import PurchaseRequest
from pensions.pdf import billing_statement_pdf


def produce_billing_statement(*, request_id) -> bool:
    """Render the billing statement into the member's Documents, once: a second run (or a concurrent one) finds
    the statement made and does nothing. Returns whether this run made it."""
    with transaction.atomic():
        request = (PurchaseRequest.objects.select_for_update().select_related("member")
                   .filter(pk=request_id, status=PurchaseRequest.Status.QUEUED).first())
        if request is None:
            return False
        content = billing_statement_pdf(request=request)
        document = Document(member=request.member, kind=Document.Kind.STATEMENT,
                            title=f"Service credit billing statement ({request.get_credit_type_display()})",
                            original_name=f"billing-statement-{request.pk}.pdf", content_type="application/pdf",
                            size=len(content), sha256=hashlib.sha256(content).hexdigest())
        document.file.save(f"statement-{request.pk}.pdf", ContentFile(content), save=False)
        document.save()
        request.statement, request.status = document, PurchaseRequest.Status.READY
        request.save(update_fields=["statement", "status"])
        audit(actor=None, member=request.member, action="pensions.purchase.statement_delivered",
              target=f"purchase:{request.pk}", data={"document": document.pk})
    return True
