"""How a private file leaves the portal (SECURITY.md FI-8): always as a download, never rendered by the browser."""

from django.http import FileResponse
from django.utils.http import content_disposition_header


def attachment_response(document):
    """A ``FileResponse`` of a ``Document``'s stored bytes, saved under its sanitised name, with the headers that stop
    a browser from sniffing or running it. The caller has already checked who may have it."""
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    filename = document.original_name or f"{document.title}.{document.content_type.rsplit('/', 1)[-1]}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
