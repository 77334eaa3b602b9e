"""The spouse's and the notaries' pages, reached through single-use links without an account (issue 18 items 2–4;
SECURITY.md TK-1 … TK-8).

The e-mailed URL only moves the token into a cookie scoped to the page and redirects there
(``accounts.link_pages``); the page shows itself on GET and acts only on a POST. A token we never issued (made up,
tampered with, another waiver's purpose) is a 404 like any unknown page; a used, expired, revoked or locked link a
410 with the same words. Nothing here reads or writes the session: opening a link signs nobody in.
"""

from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts import link_pages, links
from applications.rules import waiver as rules
from applications.rules.waiver import Part
from applications.waivers import services
from applications.waivers.forms import CertificateForm, IdentityForm, SpouseSignForm
from applications.waivers.presenting import esign_statement, giving_up_words, option_words
from portal.access import token_link
from portal.client_ip import client_ip

SPOUSE_PAGE = "applications:waiver_spouse"
NOTARY_PAGES = {Part.SPOUSE: "applications:waiver_notary", Part.APPLICANT: "applications:waiver_applicant_notary"}
IDENTITY_COOKIE = "waiver_spouse_identity"
# The signer's browser carries the round it signed to the notaries' pages (both under /waiver/), which refuse it:
# the notary completes the act on their own device, from the link in their own e-mail (RULES §11b), so the spouse or
# the applicant cannot complete it for them on theirs. A signature lapses at midnight: a day is long enough.
SIGNER_DEVICE_COOKIE = "waiver_signer_device"
SIGNER_DEVICE_PATH = "/waiver/"
SIGNER_DEVICE_LIFETIME = 24 * 60 * 60
WRONG_BIRTH_DATE = "That date of birth does not match the one the applicant gave us. Check it and try again."


def seen_in(request) -> services.Seen:
    """The address and browser of a request, and its signed-in user (read, never created: no session is made)."""
    user = getattr(request, "user", None)
    return services.Seen(ip_address=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                         member_user_id=user.pk if user is not None and user.is_authenticated else None)


def mark_signer_device(request, response, waiver):
    """Remember on the signer's browser that it signed ``waiver``: its notaries' pages will not open here."""
    response.set_signed_cookie(SIGNER_DEVICE_COOKIE, str(waiver.pk), salt=SIGNER_DEVICE_COOKIE,
                               path=SIGNER_DEVICE_PATH, max_age=SIGNER_DEVICE_LIFETIME, httponly=True,
                               samesite="Lax", secure=request.is_secure())
    return response


def on_signer_device(request, waiver) -> bool:
    """The browser that signed ``waiver``, or the applicant's own signed-in session."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk == waiver.member.user_id:
        return True
    try:
        signed = request.get_signed_cookie(SIGNER_DEVICE_COOKIE, salt=SIGNER_DEVICE_COOKIE,
                                           max_age=SIGNER_DEVICE_LIFETIME)
    except (KeyError, signing.BadSignature):
        return False
    return signed == str(waiver.pk)


def _open(request, token, *, purpose, page):
    try:
        return link_pages.open_link(request, token, purpose=purpose, page=reverse(page))
    except links.LinkRefused as refusal:
        return link_pages.no_referrer(link_pages.refused(request, refusal))


def _forget(response, *, purpose, page):
    link_pages.forget(response, purpose=purpose, page=reverse(page))
    return response


# --- the spouse -------------------------------------------------------------------------------------------------

@token_link
@require_GET
def spouse_open(request, token):
    return _open(request, token, purpose=services.SPOUSE_LINK, page=SPOUSE_PAGE)


def _identity_proved(request, link_id) -> bool:
    try:
        value = request.get_signed_cookie(IDENTITY_COOKIE, salt=IDENTITY_COOKIE,
                                          max_age=link_pages.COOKIE_LIFETIME)
    except (KeyError, signing.BadSignature):
        return False
    return value == str(link_id)


@token_link
@require_http_methods(["GET", "POST"])
def spouse(request):
    """Prove identity with the date of birth, read the election and what it means, consent, sign or decline."""
    purpose, page = services.SPOUSE_LINK, reverse(SPOUSE_PAGE)
    try:
        token = link_pages.token_from(request, purpose=purpose)
        link = links.resolve(token, purpose=purpose)
        waiver = services.waiver_of_link(token, purpose=purpose)
    except links.LinkRefused as refusal:
        return link_pages.refused(request, refusal)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if not _identity_proved(request, link.pk):
        return _spouse_identity(request, token, link, waiver, posted=action == "identity")
    form = SpouseSignForm(request.POST if action == "sign" else None)
    try:
        if action == "decline":
            services.spouse_declines(token=token, seen=seen_in(request))
            return _forget(render(request, "applications/waiver/spouse_done.html", {"declined": True}),
                           purpose=purpose, page=SPOUSE_PAGE)
        if action == "sign" and form.is_valid():
            data = form.cleaned_data
            signed = services.spouse_signs(token=token, consent=data["esign_consent"], signature=data["signature"],
                                           notary_name=data["notary_name"], notary_email=data["notary_email"],
                                           notary_present=data["notary_present"], seen=seen_in(request))
            done = render(request, "applications/waiver/spouse_done.html",
                          {"waiver": signed, "notary_present": data["notary_present"]})
            return _forget(mark_signer_device(request, done, signed), purpose=purpose, page=SPOUSE_PAGE)
    except links.LinkRefused as refusal:  # used by a concurrent request, or ended since the page was shown
        return link_pages.refused(request, refusal)
    except services.WaiverError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return render(request, "applications/waiver/spouse_sign.html", {
        "waiver": waiver, "form": form, "page": page, "giving_up": giving_up_words(waiver),
        "option_words": option_words(waiver),
        "esign": esign_statement(), "deadline": "midnight tonight (Michigan time)"})


def _spouse_identity(request, token, link, waiver, *, posted):
    form = IdentityForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            proved = services.check_spouse_identity(token=token, birth_date=form.cleaned_data["birth_date"],
                                                    seen=seen_in(request))
        except links.LinkRefused as refusal:
            return link_pages.refused(request, refusal)
        if proved:
            response = redirect(SPOUSE_PAGE)
            response.set_signed_cookie(IDENTITY_COOKIE, str(link.pk), salt=IDENTITY_COOKIE,
                                       path=reverse(SPOUSE_PAGE),
                                       max_age=int(link_pages.COOKIE_LIFETIME.total_seconds()), httponly=True,
                                       samesite="Lax", secure=request.is_secure())
            return response
        try:
            links.resolve(token, purpose=services.SPOUSE_LINK)
        except links.LinkRefused as refusal:  # that was the fifth wrong date: the link is locked
            return link_pages.refused(request, refusal)
        form.add_error("birth_date", WRONG_BIRTH_DATE)
    return render(request, "applications/waiver/spouse_identity.html", {
        "form": form, "member_name": waiver.member.full_name, "spouse_name": waiver.spouse_name})


# --- the notaries -----------------------------------------------------------------------------------------------

@token_link
@require_GET
def notary_open(request, token):
    return _open(request, token, purpose=services.NOTARY_LINKS[Part.SPOUSE], page=NOTARY_PAGES[Part.SPOUSE])


@token_link
@require_GET
def applicant_notary_open(request, token):
    return _open(request, token, purpose=services.NOTARY_LINKS[Part.APPLICANT], page=NOTARY_PAGES[Part.APPLICANT])


@token_link
@require_http_methods(["GET", "POST"])
def notary(request):
    return _notary_page(request, Part.SPOUSE)


@token_link
@require_http_methods(["GET", "POST"])
def applicant_notary(request):
    return _notary_page(request, Part.APPLICANT)


def _notary_page(request, part):
    purpose, page = services.NOTARY_LINKS[part], NOTARY_PAGES[part]
    try:
        token = link_pages.token_from(request, purpose=purpose)
        waiver = services.waiver_of_link(token, purpose=purpose)
    except links.LinkRefused as refusal:
        return link_pages.refused(request, refusal)
    if on_signer_device(request, waiver):
        services.notary_page_refused(waiver=waiver, part=part, seen=seen_in(request))
        return render(request, "applications/waiver/notary_wrong_device.html", status=403)
    signed_at = services.signed_at_of(waiver, part)
    lapsed = signed_at is None or rules.has_lapsed(signed_at, now=timezone.now())
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.notarise(token=token, part=part, certificate=form.certificate(),
                              notary_signature=form.cleaned_data["notary_signature"], seen=seen_in(request))
        except links.LinkRefused as refusal:
            return link_pages.refused(request, refusal)
        except services.SignatureLapsed as error:
            return _forget(render(request, "applications/waiver/notary_lapsed.html", {"message": error.message},
                                  status=409), purpose=purpose, page=page)
        except services.CertificateRefused as error:
            for refusal in error.refusals:
                form.add_error(refusal.field or None, refusal.reason)
        except services.WaiverError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _forget(render(request, "applications/waiver/notary_done.html", {"part": part.value}),
                           purpose=purpose, page=page)
    signer = waiver.spouse_name if part is Part.SPOUSE else waiver.member.full_name
    return render(request, "applications/waiver/notary.html", {
        "waiver": waiver, "form": form, "part": part.value, "signer": signer, "signed_at": signed_at,
        "lapsed": lapsed, "giving_up": giving_up_words(waiver), "option_words": option_words(waiver),
        "signature": waiver.spouse_signature if part is Part.SPOUSE else waiver.applicant_signature})
