"""The spousal waiver's pure rules (applications.rules.waiver; RULES §6, §11b; issue 18)."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from applications.rules import waiver
from applications.rules.waiver import ActKind, Certificate, IdentityDocument, Part, Parties

UTC = timezone.utc
# 11:30 p.m. in Detroit on March 3, 2027 (EST, UTC−5) is 04:30 UTC on March 4.
LATE_EVENING = datetime(2027, 3, 4, 4, 30, tzinfo=UTC)
PARTIES = Parties(member_name="Alice Member", spouse_name="Jordan Member", member_email="alice@example.org",
                  spouse_email="jordan@example.org")
CERTIFICATE = Certificate(
    notary_name="Pat Notary", commission_number="N-12345", commission_county="Ingham",
    commission_expires=date(2030, 1, 31), act_county="Ingham", kind=ActKind.IN_PERSON, platform="",
    session_reference="", identity_document=IdentityDocument.DRIVERS_LICENSE, identity_issuer="State of Michigan",
    notary_email="pat@notary.example")


def refusals(certificate=CERTIFICATE, *, part=Part.SPOUSE, signed_at=LATE_EVENING, act_at=None):
    return waiver.certificate_refusals(certificate, part=part, parties=PARTIES, signed_at=signed_at,
                                       act_at=act_at or signed_at + timedelta(minutes=20))


def test_the_day_is_the_day_in_michigan_not_in_utc():
    assert waiver.michigan_day(LATE_EVENING) == date(2027, 3, 3)


def test_a_notarisation_twenty_minutes_later_before_midnight_is_the_same_day():
    assert waiver.same_day(LATE_EVENING, LATE_EVENING + timedelta(minutes=20))


def test_a_notarisation_after_midnight_in_michigan_is_another_day():
    assert not waiver.same_day(LATE_EVENING, LATE_EVENING + timedelta(minutes=40))


def test_a_signature_lapses_at_the_next_midnight_in_michigan():
    assert waiver.lapses_at(LATE_EVENING) == datetime(2027, 3, 4, 5, 0, tzinfo=UTC)
    assert not waiver.has_lapsed(LATE_EVENING, now=datetime(2027, 3, 4, 4, 59, tzinfo=UTC))
    assert waiver.has_lapsed(LATE_EVENING, now=datetime(2027, 3, 4, 5, 0, tzinfo=UTC))


def test_the_lapse_follows_daylight_saving_time():
    summer = datetime(2027, 7, 1, 15, 0, tzinfo=UTC)  # 11 a.m. EDT
    assert waiver.lapses_at(summer) == datetime(2027, 7, 2, 4, 0, tzinfo=UTC)


def test_a_naive_moment_has_no_day_in_michigan():
    with pytest.raises(ValueError):
        waiver.michigan_day(datetime(2027, 3, 3, 12, 0))


def test_a_certificate_in_order_is_accepted():
    assert refusals() == []


def test_date_a_a_notary_the_next_day_is_refused_and_the_signature_lapses():
    (refusal,) = refusals(act_at=LATE_EVENING + timedelta(hours=1))
    assert refusal.field == "" and "March 3, 2027" in refusal.reason and "March 4, 2027" in refusal.reason
    assert "signed again" in refusal.reason


def test_date_b_holds_for_the_applicant_the_same_way():
    assert refusals(part=Part.APPLICANT, act_at=LATE_EVENING + timedelta(days=1))[0].field == ""


def test_a_commission_that_expired_before_the_act_is_refused_with_the_date():
    expired = replace(CERTIFICATE, commission_expires=date(2027, 3, 2))
    (refusal,) = refusals(expired)
    assert refusal.field == "commission_expires" and "March 2, 2027" in refusal.reason


def test_a_commission_that_expires_on_the_day_of_the_act_is_still_valid():
    assert refusals(replace(CERTIFICATE, commission_expires=date(2027, 3, 3))) == []


@pytest.mark.parametrize("notary_name, notary_email, part, words", [
    ("Jordan Member", "", Part.SPOUSE, "their own signature"),
    ("  jordan   MEMBER ", "", Part.SPOUSE, "their own signature"),
    ("Pat Notary", "jordan@example.org", Part.SPOUSE, "their own signature"),
    ("Alice Member", "", Part.SPOUSE, "a party"),
    ("Alice Member", "", Part.APPLICANT, "their own signature"),
    ("Jordan Member", "", Part.APPLICANT, "a party"),
])
def test_a_notary_who_is_the_spouse_or_the_member_is_refused_with_the_reason(notary_name, notary_email, part, words):
    (refusal,) = refusals(replace(CERTIFICATE, notary_name=notary_name, notary_email=notary_email), part=part)
    assert refusal.field == "notary_name" and words in refusal.reason


def test_a_remote_act_needs_the_platform_and_the_session_reference():
    remote = replace(CERTIFICATE, kind=ActKind.REMOTE)
    assert {r.field for r in refusals(remote)} == {"platform", "session_reference"}
    assert refusals(replace(remote, platform="NotaryCam", session_reference="S-998877")) == []


def test_an_in_person_act_needs_no_platform():
    assert refusals(replace(CERTIFICATE, kind=ActKind.IN_PERSON, platform="", session_reference="")) == []


def test_identity_records_the_issuer_never_a_document_number():
    (refusal,) = refusals(replace(CERTIFICATE, identity_issuer="Michigan S123456789012"))
    assert refusal.field == "identity_issuer" and refusal.reason == waiver.LOOKS_LIKE_A_NUMBER


def test_identity_needs_an_issuer_unless_the_notary_knows_the_signer():
    assert refusals(replace(CERTIFICATE, identity_issuer=""))[0].field == "identity_issuer"
    assert refusals(replace(CERTIFICATE, identity_issuer="",
                            identity_document=IdentityDocument.PERSONAL_KNOWLEDGE)) == []


def test_every_reason_is_given_at_once():
    bad = replace(CERTIFICATE, commission_expires=date(2020, 1, 1), notary_name="Alice Member", kind=ActKind.REMOTE)
    assert {r.field for r in refusals(bad)} == {"commission_expires", "notary_name", "platform", "session_reference"}


def test_links_last_thirty_days_and_five_wrong_dates_lock():
    assert waiver.LINK_LIFETIME == timedelta(days=30) and waiver.DATE_OF_BIRTH_TRIES == 5


def test_a_reminder_is_due_once_after_seven_days():
    sent = LATE_EVENING
    assert not waiver.reminder_due(sent_at=sent, now=sent + timedelta(days=6, hours=23), reminded=False)
    assert waiver.reminder_due(sent_at=sent, now=sent + timedelta(days=7), reminded=False)
    assert not waiver.reminder_due(sent_at=sent, now=sent + timedelta(days=20), reminded=True)


def test_resending_is_limited_to_a_few_a_day():
    assert waiver.resend_allowed(sends_today=2) and not waiver.resend_allowed(sends_today=3)


def test_straight_life_leaves_the_spouse_nothing():
    giving_up = waiver.what_spouse_gives_up(full_survivor_monthly=Decimal("1843.20"),
                                            election_survivor_monthly=Decimal("0"), spouse_is_beneficiary=False)
    assert (giving_up.given_up_monthly, giving_up.leaves_nothing) == (Decimal("1843.20"), True)
    assert "receive nothing" in waiver.giving_up_in_words(giving_up)
    assert "$1,843.20" in waiver.giving_up_in_words(giving_up)


def test_a_survivor_option_to_someone_else_leaves_the_spouse_nothing():
    giving_up = waiver.what_spouse_gives_up(full_survivor_monthly=Decimal("1843.20"),
                                            election_survivor_monthly=Decimal("1000"), spouse_is_beneficiary=False)
    assert giving_up.left_monthly == 0 and giving_up.given_up_monthly == Decimal("1843.20")


def test_a_smaller_survivor_option_to_the_spouse_leaves_its_survivor_amount():
    giving_up = waiver.what_spouse_gives_up(full_survivor_monthly=Decimal("1843.20"),
                                            election_survivor_monthly=Decimal("1012.41"), spouse_is_beneficiary=True)
    assert giving_up.given_up_monthly == Decimal("830.79")
    assert "$1,012.41 a month: $830.79 a month less" in waiver.giving_up_in_words(giving_up)
