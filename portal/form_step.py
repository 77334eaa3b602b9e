"""The one step every form page takes: a valid POST → a service → a success message or the refusal on the form →
a redirect (post/redirect/get)."""

from django.contrib import messages
from django.shortcuts import redirect

from portal.errors import ServiceError


def submit_form(request, form, write, *, done, then, errors_on=None):
    """On a POST whose ``form`` is valid, run ``write(form.cleaned_data)``.

    Success: ``done`` (text, or a function of what ``write`` returned; None for no message) is shown and the redirect
    to ``then`` (a URL, URL name or model, or a function of the result giving one) is returned. A ``ServiceError``
    becomes the form's error — on ``error.field`` when the form has that field, else on the field ``errors_on`` maps
    the error's class to (``{UploadRejected: "file"}``), else on the whole form — and None is returned, as for a GET
    or an invalid form: the caller renders the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ServiceError as error:
        form.add_error(_field_for(error, form, errors_on or {}), error.message)
        return None
    message = done(result) if callable(done) else done
    if message:
        messages.success(request, message)
    return redirect(then(result) if callable(then) else then)


def _field_for(error, form, errors_on):
    if error.field in form.fields:
        return error.field
    return next((field for kind, field in errors_on.items() if isinstance(error, kind)), None)
