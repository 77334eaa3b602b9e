"""Retirement effective date (RULES §3 [002][004])."""

from datetime import date

from pensions.engine.effective_date import earliest_effective_date, effective_date


def test_the_red_is_the_first_of_the_month_after_termination():
    """RULES §3: first day of the month following the month of termination (Mr. Mac left 2003-03-05) [004]."""
    assert earliest_effective_date(termination_date=date(2003, 3, 5)) == date(2003, 4, 1)


def test_a_later_application_moves_the_red():
    """RULES §3: the application must be submitted; no retroactive payment [002]."""
    assert earliest_effective_date(termination_date=date(2003, 3, 5), application_date=date(2003, 6, 20)) == date(
        2003, 7, 1
    )


def test_eligibility_met_later_moves_the_red():
    """RULES §3: all conditions must hold, eligibility included."""
    assert effective_date(earliest=date(2003, 4, 1), eligible_from=date(2005, 10, 1)) == date(2005, 10, 1)


def test_eligibility_already_met_keeps_the_earliest_red():
    """RULES §3: eligibility already met."""
    assert effective_date(earliest=date(2003, 4, 1), eligible_from=date(2001, 1, 1)) == date(2003, 4, 1)
