"""Properties of the effective-date rules that hold for every input (Hypothesis; RULES §10)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from insurance.rules.effective_dates import Situation, coverage_effective_date
from pensions.engine.dates import add_months, first_of_month

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
firsts = days.map(first_of_month)
AFTER_RETIREMENT = [Situation.VOLUNTARY, Situation.PLAN_CHANGE, Situation.MEDICARE_REENROLL]


@st.composite
def cases(draw):
    """Any valid case: a first-of-month RED, and documents no more than two years either side of it."""
    situation = draw(st.sampled_from(list(Situation)))
    red = draw(firsts)
    medicare = draw(st.booleans())
    if situation is Situation.AT_RETIREMENT:
        received = red + timedelta(days=draw(st.integers(-730, 730)))
        return dict(situation=situation, medicare=medicare, documents_received=received, retirement_effective_date=red)
    received = red + timedelta(days=draw(st.integers(0, 730)))
    event = received - timedelta(days=draw(st.integers(-60, 400))) if situation is Situation.QUALIFYING_EVENT else None
    return dict(
        situation=situation,
        medicare=medicare,
        documents_received=received,
        retirement_effective_date=red,
        event_date=event,
    )


@given(cases())
def test_coverage_always_begins_on_the_first_of_a_month(case):
    assert coverage_effective_date(**case).coverage_begins.day == 1


@given(cases())
def test_coverage_never_begins_on_or_before_the_day_the_documents_arrived(case):
    # "we cannot enroll you retroactively" [002] step 3.
    assert coverage_effective_date(**case).coverage_begins > case["documents_received"]


@given(cases())
def test_after_retirement_coverage_never_begins_in_or_before_the_month_of_receipt(case):
    begins = coverage_effective_date(**case).coverage_begins
    if case["situation"] is not Situation.AT_RETIREMENT:
        assert begins >= add_months(first_of_month(case["documents_received"]), 1)


@given(cases())
def test_coverage_never_begins_before_the_retirement_effective_date(case):
    assert coverage_effective_date(**case).coverage_begins >= case["retirement_effective_date"]


@given(cases())
def test_coverage_begins_no_later_than_the_sixth_month_after_receipt(case):
    begins = coverage_effective_date(**case).coverage_begins
    assert begins <= max(add_months(first_of_month(case["documents_received"]), 6), case["retirement_effective_date"])


@given(cases(), st.integers(1, 90))
def test_documents_arriving_later_never_make_coverage_begin_earlier(case, delay):
    later = {**case, "documents_received": case["documents_received"] + timedelta(days=delay)}
    assert coverage_effective_date(**later).coverage_begins >= coverage_effective_date(**case).coverage_begins


@given(cases())
def test_having_medicare_never_makes_coverage_begin_earlier(case):
    without = coverage_effective_date(**{**case, "medicare": False}).coverage_begins
    assert coverage_effective_date(**{**case, "medicare": True}).coverage_begins >= without


@given(days, st.sampled_from(AFTER_RETIREMENT))
def test_voluntary_and_reenrolment_are_six_months_and_plan_changes_one_or_two(received, situation):
    expected = {Situation.VOLUNTARY: 6, Situation.MEDICARE_REENROLL: 6, Situation.PLAN_CHANGE: 1}[situation]
    decision = coverage_effective_date(situation=situation, medicare=False, documents_received=received)
    assert decision.coverage_begins == add_months(first_of_month(received), expected)
