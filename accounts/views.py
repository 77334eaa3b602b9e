from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts import dashboard_cache, link_pages, links, selectors, services
from accounts.downloads import attachment_response
from accounts.forms import (
    AddressForm,
    CancelMoveForm,
    ClaimForm,
    DocumentUploadForm,
    EmailChangeForm,
    PhoneForm,
    SetPasswordForm,
)
from accounts.models import Document
from accounts.uploads import UploadRejected, store_document, upload_throttled
from applications.pension_paid import retiree_pension_for_member
from applications.submitted_selectors import dashboard_card_for_member
from pensions import selectors as pension_selectors
from portal.access import member_view, public, token_link
from portal.client_ip import client_ip
from portal.form_step import submit_form

CLAIM_THROTTLED = ("Too many attempts to claim an account. For your protection, please wait an hour and try again, "
                   "or call us.")


@public
@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("admin:index" if request.user.is_staff else "accounts:dashboard")
    return redirect("account_login")


# ---------------------------------------------------------------------------------------------------------------
# Claiming a member record
# ---------------------------------------------------------------------------------------------------------------

@public
@sensitive_post_parameters("ssn_last4", "date_of_birth")
@require_http_methods(["GET", "POST"])
def claim_start(request):
    form = ClaimForm(request.POST or None)
    if request.method == "POST":
        # Throttle every attempt, valid or not, per address and per member ID (SECURITY.md AU-8, AU-14).
        member_key = request.POST.get("member_id", "")[:8]
        if not ratelimit.consume(request, action="claim_account", key=member_key):
            form.add_error(None, CLAIM_THROTTLED)
            return render(request, "accounts/claim_start.html", {"form": form}, status=429)

    def start(data):
        claim = services.start_claim(**data, ip_address=client_ip(request))
        request.session["claim_sent_to"] = claim.email

    return (submit_form(request, form, start, done=None, then="accounts:claim_sent")
            or render(request, "accounts/claim_start.html", {"form": form}))


@public
@require_GET
def claim_sent(request):
    return render(request, "accounts/claim_sent.html", {"email": request.session.get("claim_sent_to")})


def _claim_link_refused(request, refusal):
    status = refusal.status if refusal.reason == links.THROTTLED else 410
    return render(request, "accounts/claim_link_invalid.html",
                  {"message": services.claim_refusal_message(refusal)}, status=status)


@token_link
@require_GET
def claim_confirm_token(request, signed_token):
    """Check the e-mailed link, then move on to a URL without the token (SECURITY.md TK-4). Never consumes it."""
    try:
        return link_pages.open_link(request, signed_token, purpose=services.CLAIM_PURPOSE,
                                    page=reverse("accounts:claim_confirm"))
    except links.LinkRefused as refusal:
        return link_pages.no_referrer(_claim_link_refused(request, refusal))


@token_link
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def claim_confirm(request):
    try:
        token = link_pages.token_from(request, purpose=services.CLAIM_PURPOSE)
        claim = links.resolve(token, purpose=services.CLAIM_PURPOSE)  # used or expired since it was opened: refused
    except links.LinkRefused as refusal:
        return _claim_link_refused(request, refusal)
    form = SetPasswordForm(request.POST or None, email=claim.email)

    def complete(data):
        return services.complete_claim(token=token, password=data["password1"], ip_address=client_ip(request))

    done = submit_form(request, form, complete, then="account_login",
                       done="Your account is ready. Sign in with your e-mail address and new password.")
    if done is not None:
        return link_pages.forget(done, purpose=services.CLAIM_PURPOSE, page=reverse("accounts:claim_confirm"))
    return render(request, "accounts/claim_confirm.html", {"form": form, "claim": claim, "member": claim.target})


# ---------------------------------------------------------------------------------------------------------------
# Two-step verification at first sign-in (SECURITY.md AU-1; portal.middleware.SecondFactorRequiredMiddleware)
# ---------------------------------------------------------------------------------------------------------------

@login_required
@require_GET
def second_factor_setup(request):
    """The choice of a second factor, each explained in plain words; allauth's pages do the setting up."""
    return render(request, "accounts/second_factor_setup.html")


# ---------------------------------------------------------------------------------------------------------------
# The member's home
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_GET
def dashboard(request):
    """The body is served from the cache while nothing it shows has changed (accounts.dashboard_cache); its reads
    are lazy, so a cached visit makes none of them."""
    member, today = request.member, timezone.localdate()
    return render(request, "accounts/dashboard.html", {
        "member": member,
        "cache_key": dashboard_cache.cache_key(member, today),
        "cache_seconds": dashboard_cache.CACHE_SECONDS,
        "address": SimpleLazyObject(lambda: selectors.current_address_for_member(member=member, on=today)),
        "recent_documents": selectors.documents_for_member(member=member)[:3],
        "records": SimpleLazyObject(lambda: pension_selectors.dashboard_records_for_member(member=member,
                                                                                            today=today)),
        "pension": SimpleLazyObject(lambda: retiree_pension_for_member(member=member, today=today)),
        "application_card": SimpleLazyObject(lambda: dashboard_card_for_member(member=member, today=today)),
    })


@member_view
@require_GET
def profile(request):
    member = request.member
    return render(request, "accounts/profile.html", {
        "member": member,
        "address": selectors.current_address_for_member(member=member),
        "scheduled": selectors.scheduled_addresses_for_member(member=member),
    })


def _profile_change(request, form, title, write):
    """A contact detail's page: the form, then through ``write`` (a service) back to the profile."""
    return (submit_form(request, form, write, then="accounts:profile",
                        done=f"Your {title} has been updated. We sent a notice to your e-mail.")
            or render(request, "accounts/profile_form.html", {"form": form, "title": title}))


@member_view
@reauthentication_required
@require_http_methods(["GET", "POST"])
def change_email(request):
    return _profile_change(
        request, EmailChangeForm(request.POST or None), "e-mail address",
        lambda data: services.change_email(member=request.member, new_email=data["email"], actor=request.user,
                                           ip_address=client_ip(request)))


@member_view
@require_http_methods(["GET", "POST"])
def change_phone(request):
    return _profile_change(
        request, PhoneForm(request.POST or None, initial={"phone": request.member.phone}), "phone number",
        lambda data: services.change_phone(member=request.member, phone=data["phone"], actor=request.user,
                                           ip_address=client_ip(request)))


@member_view
@require_http_methods(["GET", "POST"])
def change_address(request):
    """Opens with the address on file; a later date schedules a move, confirmed with its date."""
    member, today = request.member, timezone.localdate()
    form = AddressForm(request.POST or None, initial=selectors.address_form_initial(member=member, on=today))
    return (submit_form(request, form, lambda data: services.change_address(
                member=member, actor=request.user, ip_address=client_ip(request), **data),
                        done=lambda address: _address_done(address, today), then="accounts:profile")
            or render(request, "accounts/profile_form.html", {"form": form, "title": "mailing address"}))


def _address_done(address, today):
    if address.effective_date > today:
        return (f"Your move is scheduled: from {address.effective_date:%B} {address.effective_date.day}, "
                f"{address.effective_date.year} we will write to {address}. We sent a confirmation to your e-mail; "
                "you can cancel the move here until then.")
    return "Your mailing address has been updated. We sent a notice to your e-mail."


@member_view(owns={"address_id": "accounts.MailingAddress"})
@require_http_methods(["GET", "POST"])
def cancel_move(request, address_id):
    member = request.member
    move = selectors.scheduled_move_for_member(member=member, address_id=address_id)
    form = CancelMoveForm(request.POST if request.method == "POST" else None)  # an empty POST is refused, too
    return (submit_form(request, form, lambda data: services.cancel_scheduled_move(
                member=member, address_id=move.pk, actor=request.user, ip_address=client_ip(request)),
                        done=f"Your move of {move.effective_date:%B} {move.effective_date.day}, "
                             f"{move.effective_date.year} is cancelled: we keep writing to the address on file.",
                        then="accounts:profile")
            or render(request, "accounts/cancel_move.html", {"move": move, "form": form},
                      status=400 if form.errors else 200))


# ---------------------------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_GET
def documents(request):
    return render(request, "accounts/documents.html",
                  {"documents": selectors.documents_for_member(member=request.member)})


@member_view
@require_http_methods(["GET", "POST"])
def document_upload(request):
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_throttled(request, form):
        return render(request, "accounts/document_upload.html", {"form": form}, status=429)

    def store(data):
        store_document(member=request.member, kind=Document.Kind.UPLOAD, title=data["title"],
                       clean_file=data["file"], actor=request.user)

    return (submit_form(request, form, store, done="Your document was uploaded. Our staff can see it now.",
                        then="accounts:documents", errors_on={UploadRejected: "file"})
            or render(request, "accounts/document_upload.html", {"form": form}))


@member_view(owns={"document_id": "accounts.Document"})
@require_GET
def document_download(request, document_id):
    return attachment_response(selectors.document_for_member(member=request.member, document_id=document_id))
