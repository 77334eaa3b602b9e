"""Large uploads refused as soon as they pass the limit, not after 50 MB were spooled to disk (SECURITY.md FI-2).

``SizeLimitUploadHandler`` comes first in FILE_UPLOAD_HANDLERS: it counts each file's bytes as they arrive and stops
reading the request (``StopUpload(connection_reset=True)``: the rest of the body is never read) once a file passes
``UPLOAD_MAX_BYTES``, or at once when the declared body is larger than the most a form may carry. It marks the
request; ``UploadLimitMiddleware`` then answers 413 with the same message the upload check gives, in the portal's
layout, before any view runs.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render

from accounts.uploads import TOO_LARGE

MB = 1024 * 1024
FORM_OVERHEAD_BYTES = 1 * MB  # the form's other fields and the multipart boundaries around the files


def request_limit():
    return settings.UPLOAD_MAX_BYTES * settings.DATA_UPLOAD_MAX_NUMBER_FILES + FORM_OVERHEAD_BYTES


class SizeLimitUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared_too_large = content_length > request_limit()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.declared_too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self._refuse()
        return raw_data  # the next handler (memory or temporary file) keeps it

    def file_complete(self, file_size):
        return None  # the next handler builds the file

    def _refuse(self):
        self.request.upload_too_large = True
        raise StopUpload(connection_reset=True)


class UploadLimitMiddleware:
    """After the CSRF check has read the form: a request whose upload was cut off is answered 413."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.POST  # noqa: B018 - reading the form runs the upload handlers (once; Django keeps the result)
        if getattr(request, "upload_too_large", False):
            return render(request, "upload_too_large.html",
                          {"message": TOO_LARGE.format(max_mb=settings.UPLOAD_MAX_BYTES // MB)}, status=413)
        return None
