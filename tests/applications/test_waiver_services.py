"""The spousal waiver's services (applications.waivers.services; RULES §6, §11b; issue 18)."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts import links
from accounts.models import AuditEntry, Document, OutboundEmail, SingleUseLink
from applications import services as application_services
from applications.models import Application, NotarialAct, Waiver
from applications.rules.timeline import Stage
from applications.rules.waiver import MICHIGAN, Part
from applications.submitted_selectors import status_for_application
from applications.waivers import delivery, services
from applications.waivers import selectors as waiver_selectors
from tests.applications import waiver_factories as wf

pytestmark = pytest.mark.django_db

State = Waiver.State


def at(hour, minute=0, day=3):
    """A moment on December ``day``, 2026, Michigan time."""
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=MICHIGAN)


@pytest.fixture
def application():
    return wf.application_needing_waiver()


@pytest.fixture
def waiver(application):
    return wf.start(application)


# --- starting ---------------------------------------------------------------------------------------------------

def test_starting_freezes_the_election_and_what_the_spouse_gives_up_from_the_engine(application, waiver):
    assert (waiver.state, waiver.round, waiver.option) == (State.SPOUSE, 1, "STRAIGHT_LIFE")
    assert waiver.full_survivor_monthly > 0 and waiver.left_monthly == 0
    assert (waiver.spouse_name, waiver.spouse_birth_date, waiver.spouse_email) == (
        wf.SPOUSE_NAME, wf.SPOUSE_BORN, wf.SPOUSE_EMAIL)
    assert AuditEntry.objects.filter(action="applications.waiver.started", member=application.member).count() == 1


def test_the_spouse_gets_a_link_for_30_days_and_only_its_hash_is_stored(waiver):
    token = wf.spouse_token()
    link = links.resolve(token, purpose=services.SPOUSE_LINK)
    assert link.target == waiver and link.email == wf.SPOUSE_EMAIL
    assert abs(link.expires_at - timezone.now() - datetime.timedelta(days=30)) < datetime.timedelta(minutes=1)
    assert token.split(":")[0] not in str(SingleUseLink.objects.values().get())


def test_a_smaller_survivor_option_to_the_spouse_leaves_them_its_survivor_amount():
    application = wf.application_needing_waiver(option="SURVIVOR_50", beneficiary={
        "name": wf.SPOUSE_NAME, "relationship": "SPOUSE", "birth_date": wf.SPOUSE_BORN, "dependent": False})
    waiver = wf.start(application)
    assert waiver.left_monthly == application.option_survivor_monthly > 0
    assert waiver.full_survivor_monthly > waiver.left_monthly


def test_a_second_waiver_for_the_same_election_is_refused(application, waiver):
    with pytest.raises(services.WaiverError) as refused:
        wf.start(application)
    assert refused.value.message == services.ALREADY_STARTED
    assert Waiver.objects.count() == 1


def test_an_election_that_needs_no_waiver_is_refused():
    application = wf.application_needing_waiver()
    application.spousal_waiver_required = False
    with pytest.raises(services.WaiverError) as refused:
        wf.start(application)
    assert refused.value.message == services.NOT_REQUIRED


def test_changing_the_spouses_email_ends_the_old_link_and_sends_a_new_one(waiver):
    old = wf.spouse_token()
    services.change_spouse_email(member=waiver.member, waiver=waiver, email="jordan@new.example",
                                 actor=waiver.member.user)
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(old, purpose=services.SPOUSE_LINK)
    assert refused.value.reason == links.REVOKED
    assert wf.token_sent_to("jordan@new.example", path="/waiver/spouse/")
    assert AuditEntry.objects.filter(action="applications.waiver.spouse_email_changed").count() == 1


def test_resending_is_limited_to_a_few_a_day(waiver):
    for _ in range(3):
        services.resend_link(member=waiver.member, waiver=waiver, actor=waiver.member.user)
    with pytest.raises(services.WaiverError) as refused:
        services.resend_link(member=waiver.member, waiver=waiver, actor=waiver.member.user)
    assert "3 times today" in refused.value.message
    assert AuditEntry.objects.filter(action="applications.waiver.link_resent").count() == 3


# --- the spouse -------------------------------------------------------------------------------------------------

def test_the_right_date_of_birth_proves_the_spouse(waiver):
    assert services.check_spouse_identity(token=wf.spouse_token(), birth_date=wf.SPOUSE_BORN)


def test_five_wrong_dates_of_birth_lock_the_link_and_tell_the_member(waiver):
    token = wf.spouse_token()
    for _ in range(5):
        assert not services.check_spouse_identity(token=token, birth_date=datetime.date(1970, 1, 1))
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(token, purpose=services.SPOUSE_LINK)
    assert refused.value.reason == links.LOCKED
    assert OutboundEmail.objects.filter(to=waiver.member.notice_email, subject__contains="locked").count() == 1


def test_consent_comes_before_signing_without_it_nothing_is_recorded(waiver):
    with pytest.raises(services.WaiverError) as refused:
        services.spouse_signs(token=wf.spouse_token(), consent=False, signature=wf.SPOUSE_NAME,
                              notary_name="Pat Notary", notary_email=wf.NOTARY_EMAIL)
    assert refused.value.field == "esign_consent"
    waiver.refresh_from_db()
    assert (waiver.state, waiver.spouse_signed_at, waiver.spouse_consented_at) == (State.SPOUSE, None, None)
    links.resolve(wf.spouse_token(), purpose=services.SPOUSE_LINK)  # still usable


def test_a_signature_that_is_not_the_spouses_name_is_refused(waiver):
    with pytest.raises(services.WaiverError) as refused:
        services.spouse_signs(token=wf.spouse_token(), consent=True, signature="Someone Else",
                              notary_name="Pat Notary", notary_email=wf.NOTARY_EMAIL)
    assert refused.value.field == "signature"


def test_the_spouse_signs_server_dated_after_consenting_and_the_notary_gets_a_link(waiver):
    signed = wf.spouse_signed(waiver)
    assert signed.state == State.SPOUSE_NOTARY
    assert signed.spouse_consented_at <= signed.spouse_signed_at
    assert abs(signed.spouse_signed_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert wf.notary_token()
    actions = list(signed.events.values_list("action", flat=True))
    assert actions.index("esign_consented") < actions.index("spouse_signed")
    assert AuditEntry.objects.filter(action="applications.waiver.spouse_signed").exists()


def test_a_used_spouse_link_cannot_sign_again(waiver):
    token = wf.spouse_token()
    wf.spouse_signed(waiver)
    with pytest.raises(links.LinkRefused) as refused:
        services.spouse_signs(token=token, consent=True, signature=wf.SPOUSE_NAME, notary_name="Pat Notary",
                              notary_email=wf.NOTARY_EMAIL)
    assert (refused.value.reason, refused.value.status) == (links.USED, 410)


def test_the_spouse_may_decline_and_the_member_is_told(waiver):
    declined = services.spouse_declines(token=wf.spouse_token())
    assert declined.state == State.DECLINED and declined.spouse_declined_at is not None
    assert OutboundEmail.objects.filter(to=waiver.member.notice_email, subject__contains="declined").exists()


def test_the_spouse_naming_themself_as_notary_is_refused(waiver):
    with pytest.raises(services.WaiverError) as refused:
        services.spouse_signs(token=wf.spouse_token(), consent=True, signature=wf.SPOUSE_NAME,
                              notary_name=wf.SPOUSE_NAME, notary_email="other@example.org")
    assert refused.value.field == "notary_name"


@pytest.mark.parametrize("seen, flags", [
    (services.Seen(ip_address="203.0.113.9", user_agent="Member's browser"), ["ip", "device"]),
    (services.Seen(ip_address="198.51.100.1", user_agent="Spouse's phone"), []),
])
def test_a_spouse_signing_from_the_members_address_or_browser_is_flagged_for_staff(application, seen, flags):
    member = application.member
    waiver = wf.start(application, seen=services.Seen(ip_address="203.0.113.9", user_agent="Member's browser"))
    assert wf.spouse_signed(waiver, seen=seen).spouse_flags == flags
    assert member


def test_a_spouse_signing_in_the_members_session_is_flagged(waiver):
    signed = wf.spouse_signed(waiver, seen=services.Seen(member_user_id=waiver.member.user_id))
    assert signed.spouse_flags == ["session"]


# --- the notaries: RULES §11b -----------------------------------------------------------------------------------

def test_date_a_a_notary_the_same_day_records_the_certificate(waiver, time_machine):
    time_machine.move_to(at(9), tick=False)
    wf.spouse_signed(waiver)
    time_machine.move_to(at(23, 59), tick=False)
    notarised = wf.spouse_notarised(waiver)
    assert notarised.state == State.APPLICANT
    act = NotarialAct.objects.get(part="SPOUSE")
    assert act.performed_at.astimezone(MICHIGAN).date() == act.signed_at.astimezone(MICHIGAN).date()
    assert (act.commission_number, act.identity_issuer) == ("N-12345", "State of Michigan")


def test_date_a_a_notary_the_next_day_is_refused_and_the_spouse_signs_again(waiver, time_machine):
    time_machine.move_to(at(23, 50), tick=False)
    wf.spouse_signed(waiver)
    notary_token = wf.notary_token()
    time_machine.move_to(at(0, 10, day=4), tick=False)
    with pytest.raises(services.SignatureLapsed):
        wf.spouse_notarised(waiver)
    waiver.refresh_from_db()
    assert (waiver.state, waiver.spouse_signed_at, waiver.spouse_signature) == (State.SPOUSE, None, "")
    assert not NotarialAct.objects.exists()
    with pytest.raises(links.LinkRefused):
        links.resolve(notary_token, purpose=services.NOTARY_LINKS[Part.SPOUSE])
    links.resolve(wf.spouse_token(), purpose=services.SPOUSE_LINK)  # a fresh blank copy: a new link
    wf.spouse_signed(waiver)
    assert wf.spouse_notarised(waiver).state == State.APPLICANT


def test_an_expired_commission_is_refused_with_the_reason_and_nothing_changes(waiver):
    wf.spouse_signed(waiver)
    with pytest.raises(services.CertificateRefused) as refused:
        wf.spouse_notarised(waiver, commission_expires=timezone.localdate() - datetime.timedelta(days=1))
    assert [r.field for r in refused.value.refusals] == ["commission_expires"]
    assert "expired" in refused.value.refusals[0].reason
    waiver.refresh_from_db()
    assert waiver.state == State.SPOUSE_NOTARY and not NotarialAct.objects.exists()
    links.resolve(wf.notary_token(), purpose=services.NOTARY_LINKS[Part.SPOUSE])  # still usable


@pytest.mark.parametrize("notary_name", [wf.SPOUSE_NAME, "member"])
def test_a_notary_who_is_the_spouse_or_the_member_is_refused_with_the_reason(waiver, notary_name):
    wf.spouse_signed(waiver)
    name = waiver.member.full_name if notary_name == "member" else notary_name
    with pytest.raises(services.CertificateRefused) as refused:
        wf.spouse_notarised(waiver, notary_name=name)
    assert refused.value.refusals[0].field == "notary_name"
    assert "notarise" in refused.value.refusals[0].reason
    assert not NotarialAct.objects.exists()


def test_a_remote_act_without_its_platform_is_refused(waiver):
    from applications.rules.waiver import ActKind

    wf.spouse_signed(waiver)
    with pytest.raises(services.CertificateRefused) as refused:
        wf.spouse_notarised(waiver, kind=ActKind.REMOTE)
    assert {r.field for r in refused.value.refusals} == {"platform", "session_reference"}


def test_a_spouse_notary_link_is_unknown_to_the_applicant_notary_page(waiver):
    wf.spouse_signed(waiver)
    with pytest.raises(links.LinkRefused) as refused:
        services.waiver_of_link(wf.notary_token(), purpose=services.NOTARY_LINKS[Part.APPLICANT])
    assert refused.value.status == 404


# --- the applicant ----------------------------------------------------------------------------------------------

def test_the_applicant_signs_after_the_spouses_part_and_date_b_holds(waiver, time_machine):
    time_machine.move_to(at(10), tick=False)
    wf.spouse_signed(waiver)
    wf.spouse_notarised(waiver)
    waiver.refresh_from_db()
    with pytest.raises(services.WaiverError):
        services.applicant_signs(member=waiver.member, waiver=waiver, consent=False,
                                 signature=waiver.member.full_name, notary_name="Lee Notary",
                                 notary_email=wf.APPLICANT_NOTARY_EMAIL, actor=waiver.member.user)
    signed = wf.applicant_signed(waiver)
    assert signed.state == State.APPLICANT_NOTARY
    time_machine.move_to(at(9, day=4), tick=False)
    with pytest.raises(services.SignatureLapsed):
        wf.applicant_notarised(signed)
    signed.refresh_from_db()
    assert (signed.state, signed.applicant_signed_at) == (State.APPLICANT, None)


def test_the_applicant_cannot_sign_before_the_spouse(waiver):
    with pytest.raises(services.WaiverError) as refused:
        wf.applicant_signed(waiver)
    assert refused.value.message == services.NOT_NOW


# --- the document -----------------------------------------------------------------------------------------------

def test_when_all_four_parts_are_done_the_document_is_delivered_once(waiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = wf.complete(waiver)
    done.refresh_from_db()
    assert done.state == State.COMPLETE and done.document is not None
    assert Document.objects.filter(member=waiver.member, dedupe_key=delivery.document_key(done)).count() == 1
    delivery.produce_document(waiver_id=done.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.sweep()
    assert Document.objects.filter(dedupe_key=delivery.document_key(done)).count() == 1


def test_the_stored_file_matches_the_sha256_recorded_at_creation(waiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = wf.complete(waiver)
    done.refresh_from_db()
    with done.document.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == done.document.sha256


# --- review and a changed election ------------------------------------------------------------------------------

@pytest.fixture
def completed(waiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return wf.complete(waiver)


def test_staff_approve_a_complete_waiver(completed, staff_user):
    approved = services.approve_waiver(waiver_id=completed.pk, actor=staff_user)
    assert (approved.state, approved.reviewed_by) == (State.APPROVED, staff_user)
    assert OutboundEmail.objects.filter(subject__contains="approved").exists()


def test_an_approved_waiver_lets_the_application_on_without_a_second_notice(completed, staff_user):
    approved = services.approve_waiver(waiver_id=completed.pk, actor=staff_user)
    assert waiver_selectors.waiver_approved(application=completed.application_id) == approved
    assert application_services._waiver_satisfied(completed.application_id)
    assert OutboundEmail.objects.filter(subject__contains="approved").count() == 1


def test_a_waiver_approved_for_an_election_since_changed_no_longer_counts(completed, staff_user):
    services.approve_waiver(waiver_id=completed.pk, actor=staff_user)
    application = Application.objects.get(pk=completed.application_id)
    application.option = "SURVIVOR_50"
    services.void_if_election_changed(application=application, actor=staff_user)
    assert waiver_selectors.waiver_approved(application=application) is None
    assert not application_services._waiver_satisfied(application.pk)


def test_the_timeline_dates_the_waiver_stage_from_the_approved_round(completed, staff_user):
    submitted_at = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=datetime.UTC)
    Application.objects.filter(pk=completed.application_id).update(
        state=Application.State.SUBMITTED, submitted_at=submitted_at, esign_consented_at=submitted_at,
        declaration_accepted_at=submitted_at, signature="Signed")
    application = Application.objects.select_related("member").get(pk=completed.application_id)
    steps = status_for_application(application=application).steps
    assert next(s for s in steps if s.stage is Stage.SPOUSAL_WAIVER_APPROVED).done_on is None
    services.approve_waiver(waiver_id=completed.pk, actor=staff_user)
    steps = status_for_application(application=application).steps
    assert next(s for s in steps if s.stage is Stage.SPOUSAL_WAIVER_APPROVED).done_on == timezone.localdate()


def test_a_rejection_tells_the_member_and_starts_a_new_round_with_new_links(completed, staff_user):
    new = services.reject_waiver(waiver_id=completed.pk, reason="DATES_DO_NOT_MATCH", note="Sign again.",
                                 actor=staff_user, today=datetime.date(2026, 12, 3))
    completed.refresh_from_db()
    assert completed.state == State.REJECTED and completed.rejection_reason == "DATES_DO_NOT_MATCH"
    assert (new.round, new.state) == (2, State.SPOUSE)
    assert links.resolve(wf.spouse_token(), purpose=services.SPOUSE_LINK).target == new
    assert OutboundEmail.objects.filter(subject__contains="signed again").exists()


def test_a_rejection_needs_a_reason_from_the_list(completed, staff_user):
    with pytest.raises(services.WaiverError):
        services.reject_waiver(waiver_id=completed.pk, reason="BECAUSE", actor=staff_user)
    completed.refresh_from_db()
    assert completed.state == State.COMPLETE


def test_a_changed_election_voids_the_waiver_and_ends_its_links(application, waiver):
    token = wf.spouse_token()
    from tests.applications.factories import with_option

    with_option(application, option="SURVIVOR_50", beneficiary={
        "name": "Casey Member", "relationship": "CHILD", "birth_date": datetime.date(1995, 5, 5),
        "dependent": False})
    waiver.refresh_from_db()
    assert waiver.state == State.VOID
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(token, purpose=services.SPOUSE_LINK)
    assert refused.value.reason == links.REVOKED
    assert wf.start(application).round == 2


def test_saving_the_same_election_again_keeps_the_waiver(application, waiver):
    from tests.applications.factories import with_option

    with_option(application, option="STRAIGHT_LIFE")
    waiver.refresh_from_db()
    assert waiver.state == State.SPOUSE


# --- reminders and expiry (the beat sweep) ----------------------------------------------------------------------

def test_a_spouse_who_has_not_acted_after_7_days_is_reminded_once(waiver, time_machine):
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7, minutes=1))
    assert services.sweep()["reminded"] == 1
    assert services.sweep()["reminded"] == 0
    assert OutboundEmail.objects.filter(to=wf.SPOUSE_EMAIL, subject__startswith="Reminder").count() == 1


def test_the_member_is_told_once_when_a_link_expires(waiver, time_machine):
    time_machine.move_to(timezone.now() + datetime.timedelta(days=30, minutes=1))
    services.sweep()
    services.sweep()
    assert OutboundEmail.objects.filter(to=waiver.member.notice_email, subject__contains="expired").count() == 1


def test_the_sweep_lapses_a_signature_not_notarised_by_midnight(waiver, time_machine):
    time_machine.move_to(at(15), tick=False)
    wf.spouse_signed(waiver)
    time_machine.move_to(at(0, 5, day=4), tick=False)
    assert services.sweep()["lapsed"] == 1
    waiver.refresh_from_db()
    assert waiver.state == State.SPOUSE
    assert services.sweep()["lapsed"] == 0


def test_giving_up_amounts_are_money(waiver):
    assert isinstance(waiver.full_survivor_monthly, Decimal)
