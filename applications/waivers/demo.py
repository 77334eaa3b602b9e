"""Demo spousal waivers for ``seed_demo`` (issue 18 item 8): one in each state a person will want to try, each on a
demo member's submitted application whose election needs the waiver, every step taken through the services as the
pages take them.

- Linda Carter (20000002): round 1 complete and rejected by a reviewer (the dates do not match), so round 2 is
  waiting for her husband Daniel to sign: his link is printed.
- Helen Kowalski (10000003): her husband Pat signed today and named his notary: the notary's link is printed. A
  signature not notarised the day it is made lapses at midnight (RULES §11b), so on a later day the beat job has
  moved this one back to waiting for Pat, and the spouse's link printed is his new one.
- Michael Osei (20000005): every part signed and notarised, complete and waiting for a reviewer in the admin.

Idempotent: a member whose application already has a waiver keeps it. The links are printed on every run: the raw
token exists only in the e-mail that carried it (``accounts.links`` stores a hash), so it is read back from the
outbox row of each link still open.
"""

import datetime
import re

from django.conf import settings

from accounts import links
from accounts.demo_people import spouse_of
from accounts.models import OutboundEmail, User
from applications.models import Application, Waiver
from applications.rules.waiver import ActKind, Certificate, IdentityDocument, Part
from applications.waivers import services

# member ID → the state the demo leaves the member's (newest) waiver in
STATES = {"20000002": Waiver.State.REJECTED, "10000003": Waiver.State.SPOUSE_NOTARY,
          "20000005": Waiver.State.COMPLETE}
REVIEWER = "reviewer@demo.portal.example"
SPOUSE_NOTARY = ("Marian Hollis", "marian.hollis@notary.demo.portal.example")
APPLICANT_NOTARY = ("Owen Price", "owen.price@notary.demo.portal.example")
LINK_PAGES = {services.SPOUSE_LINK: "the spouse's page",
              services.NOTARY_LINKS[Part.SPOUSE]: "the notary's page (the spouse's signature)",
              services.NOTARY_LINKS[Part.APPLICANT]: "the notary's page (the member's signature)"}
PATH = re.compile(r"/waiver/[a-z-]+/[^/\s]+/")


def spouse_email(member_id):
    spouse = spouse_of(member_id)
    return f"{spouse.first_name}.{spouse.last_name}@demo.portal.example".lower()


def _certificate(notary_name, notary_email, *, remote=False):
    return Certificate(notary_name=notary_name, commission_number="N-20417", commission_county="Ingham",
                       commission_expires=datetime.date(2031, 6, 30), act_county="Ingham",
                       kind=ActKind.REMOTE if remote else ActKind.IN_PERSON,
                       platform="NotaryCam" if remote else "", session_reference="DEMO-5521" if remote else "",
                       identity_document=IdentityDocument.DRIVERS_LICENSE, identity_issuer="State of Michigan",
                       notary_email=notary_email)


def open_link_paths(waiver):
    """(purpose, path) of each link of ``waiver`` still open, read from the e-mail that carried it."""
    found = []
    for purpose in LINK_PAGES:
        for link in links.links_for(purpose=purpose, target=waiver):
            if links.refusal(link) is not None:
                continue
            body = OutboundEmail.objects.filter(dedupe_key=f"applications:waiver:link:{link.pk}").values_list(
                "body", flat=True).first() or ""
            match = PATH.search(body)
            if match:
                found.append((purpose, match.group(0)))
    return found


def _token(waiver, purpose):
    return dict(open_link_paths(waiver))[purpose].rstrip("/").rsplit("/", 1)[1]


def _spouse_signs(waiver):
    return services.spouse_signs(token=_token(waiver, services.SPOUSE_LINK), consent=True,
                                 signature=waiver.spouse_name, notary_name=SPOUSE_NOTARY[0],
                                 notary_email=SPOUSE_NOTARY[1])


def _notarise(waiver, part, notary):
    return services.notarise(token=_token(waiver, services.NOTARY_LINKS[part]), part=part,
                             certificate=_certificate(*notary, remote=part is Part.APPLICANT),
                             notary_signature=notary[0])


def _complete(waiver):
    """Every part of the round signed and notarised today, as the spouse, the notaries and the member do it."""
    waiver = _notarise(_spouse_signs(waiver), Part.SPOUSE, SPOUSE_NOTARY)
    member = waiver.member
    waiver = services.applicant_signs(member=member, waiver=waiver, consent=True, signature=member.full_name,
                                      notary_name=APPLICANT_NOTARY[0], notary_email=APPLICANT_NOTARY[1],
                                      actor=member.user)
    return _notarise(waiver, Part.APPLICANT, APPLICANT_NOTARY)


def _seed_one(application, state):
    member, spouse = application.member, spouse_of(application.member.member_id)
    waiver = services.start_waiver(member=member, application=application, spouse_name=spouse.full_name,
                                   spouse_birth_date=spouse.birth_date, spouse_email=spouse_email(member.member_id),
                                   actor=member.user)
    if state == Waiver.State.SPOUSE_NOTARY:
        _spouse_signs(waiver)
    elif state in (Waiver.State.COMPLETE, Waiver.State.REJECTED):
        waiver = _complete(waiver)
    if state == Waiver.State.REJECTED:
        services.reject_waiver(waiver_id=waiver.pk, reason=Waiver.Reason.DATES_DO_NOT_MATCH,
                               note="The date beside the notary's seal is not the date of the spouse's signature.",
                               actor=User.objects.filter(email=REVIEWER).first())


def seed_waivers(stdout):
    base = settings.PORTAL_BASE_URL.rstrip("/")
    stdout.write("Demo spousal waivers (open a link in a private window: no sign-in is needed; the spouse proves "
                 "who they are with the date of birth shown):")
    for member_id, state in STATES.items():
        application = (Application.objects.select_related("member__user")
                       .filter(member__member_id=member_id, state=Application.State.SUBMITTED,
                               spousal_waiver_required=True).first())
        if application is None:
            continue
        if not application.waivers.exists():
            _seed_one(application, state)
        member, spouse = application.member, spouse_of(member_id)
        stdout.write(f"  {member.full_name} ({application.reference}), spouse {spouse.full_name} born "
                     f"{spouse.birth_date}:")
        for waiver in application.waivers.order_by("round"):
            stdout.write(f"    round {waiver.round}: {waiver.get_state_display()}")
            for purpose, path in open_link_paths(waiver):
                stdout.write(f"      {LINK_PAGES[purpose]}: {base}{path}")
            if waiver.state == Waiver.State.COMPLETE:
                stdout.write(f"      a reviewer approves or rejects it: {base}/admin/applications/waiver/{waiver.pk}/change/")
