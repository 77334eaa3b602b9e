"""Final average compensation (RULES §4 [002][004])."""

from datetime import date, timedelta
from decimal import Decimal

from pensions.engine.fac import CompensationKind, CompensationRecord, final_average_compensation


def year(start: str, amount: str, **extra) -> CompensationRecord:
    first = date.fromisoformat(start)
    last = date(first.year + 1, first.month, first.day) - timedelta(days=1)
    return CompensationRecord(first, last, Decimal(amount), **extra)


MR_MAC_YEARS = [year("2000-03-06", "41244.40"), year("2001-03-06", "41917.28"), year("2002-03-06", "42464.42")]


def test_mr_macs_fac_is_the_average_of_his_three_final_years():
    """RULES §4, [004] section III: (41,244.40 + 41,917.28 + 42,464.42) / 3 = 41,875.37."""
    result = final_average_compensation(MR_MAC_YEARS, years=3)
    assert result.fac.quantize(Decimal("0.01")) == Decimal("41875.37")
    assert [y.end for y in result.years] == [date(2001, 3, 5), date(2002, 3, 5), date(2003, 3, 5)]


def test_a_conservation_officers_fac_averages_two_years():
    """RULES §4: N = 2 for conservation officers; Mr. Mac 42,190.85 [004]."""
    assert final_average_compensation(MR_MAC_YEARS, years=2).fac == Decimal("42190.85")


def test_the_highest_consecutive_years_count_wherever_they_fall():
    """RULES §4: the highest N consecutive years, wherever they fall in the career."""
    records = [year("2000-01-01", "90000"), year("2001-01-01", "90000"), year("2002-01-01", "90000"),
               year("2003-01-01", "30000"), year("2004-01-01", "30000")]
    result = final_average_compensation(records, years=3)
    assert result.fac == Decimal(90000)
    assert not result.final_years


def test_a_basic_members_fac_averages_five_years():
    """RULES §4: N = 5 for MPSERS Basic (60 months) [003]."""
    records = [year(f"{2000 + n}-07-01", str(10000 * (n + 1))) for n in range(6)]
    assert final_average_compensation(records, years=5).fac == Decimal(40000)


def test_years_off_payroll_are_skipped_to_fill_n_years_of_service():
    """RULES §4: off payroll during the period → earnings beyond N years are picked up [004]."""
    records = [year("2000-01-01", "60000"), year("2001-01-01", "60000"),
               year("2003-01-01", "60000")]  # nothing in 2002
    result = final_average_compensation(records, years=3)
    assert result.fac == Decimal(60000)
    assert len(result.years) == 4


def test_pay_of_a_record_straddling_two_fac_years_is_shared_by_days():
    """RULES §4: a year is a 12-month period; a salary period across two of them counts in both by days."""
    records = [year("2016-07-01", "36500"), year("2017-07-01", "36500"), year("2018-07-01", "36500"),
               year("2019-07-01", "36600"),  # $100 a day, 366 days
               CompensationRecord(date(2020, 7, 1), date(2020, 12, 29), Decimal("18200"))]  # 182 days
    result = final_average_compensation(records, years=3)
    # 2017-12-30 … 2020-12-29 holds 1,096 days at $100.
    assert result.fac == Decimal(109600) / 3


def test_annual_leave_paid_at_retirement_counts_up_to_240_hours():
    """RULES §4: annual leave paid at retirement counts up to 240 hours (final years only)."""
    payout = CompensationRecord(date(2003, 3, 5), date(2003, 3, 5), Decimal("9600"),
                                CompensationKind.ANNUAL_LEAVE_PAYOUT, hours=Decimal(320))
    with_payout = final_average_compensation([*MR_MAC_YEARS, payout], years=3).fac
    without = final_average_compensation(MR_MAC_YEARS, years=3).fac
    assert with_payout - without == Decimal("9600") * 240 / 320 / 3


def test_annual_leave_does_not_count_when_earlier_years_are_the_fac_period():
    """RULES §4: payouts at retirement count only if the final years are the FAC period."""
    records = [year("2000-01-01", "90000"), year("2001-01-01", "90000"), year("2002-01-01", "90000"),
               year("2003-01-01", "20000"), year("2004-01-01", "20000"), year("2005-01-01", "20000"),
               CompensationRecord(date(2005, 12, 31), date(2005, 12, 31), Decimal("5000"),
                                  CompensationKind.ANNUAL_LEAVE_PAYOUT, hours=Decimal(200))]
    assert final_average_compensation(records, years=3).fac == Decimal(90000)


def test_sick_leave_payouts_never_count():
    """RULES §4: sick leave payouts are excluded."""
    sick = CompensationRecord(date(2003, 3, 5), date(2003, 3, 5), Decimal("5000"), CompensationKind.SICK_LEAVE_PAYOUT)
    assert final_average_compensation([*MR_MAC_YEARS, sick], years=3).fac == final_average_compensation(
        MR_MAC_YEARS, years=3
    ).fac


def test_pay_above_the_irs_limit_is_excluded_for_members_hired_after_1996_10_01():
    """RULES §4: IRS §401(a)(17) limit per year ($200,000 for 2002 and 2003, $205,000 for 2004)."""
    records = [year("2002-01-01", "300000"), year("2003-01-01", "300000"), year("2004-01-01", "300000")]
    assert final_average_compensation(records, years=3, irs_limited=True).fac == Decimal(605000) / 3
    assert final_average_compensation(records, years=3, irs_limited=False).fac == Decimal(300000)


def test_pay_after_the_dc_switch_date_does_not_count():
    """RULES §4: DB/DC Blend FAC is determined as of 2012-03-31 [002]."""
    records = [year("2009-04-01", "50000"), year("2010-04-01", "50000"), year("2011-04-01", "50000"),
               year("2012-04-01", "90000")]
    result = final_average_compensation(records, years=3, cut_off=date(2012, 4, 1))
    assert result.fac == Decimal(50000)
    assert result.years[-1].end == date(2012, 3, 31)


def test_fiscal_years_can_be_the_fac_years():
    """RULES §4: estimates may use fiscal-year salaries (state fiscal year October–September) [002]."""
    records = [CompensationRecord(date(2000 + n, 10, 1), date(2001 + n, 9, 30), Decimal(40000 + 1000 * n))
               for n in range(4)]
    result = final_average_compensation(records, years=3, anchor=date(2004, 9, 30))
    assert result.fac == Decimal(42000)
    assert result.years[0].start == date(2001, 10, 1)


def test_plan_a_hours_are_imputed_at_the_rate_before_the_fac_period():
    """RULES §4: Voluntary Plan A hours are imputed at the rate of pay before the FAC period [004]."""
    records = [year("2000-01-01", "41600", hours=Decimal(2080)),  # $20 an hour before the FAC period
               year("2001-01-01", "40000", hours=Decimal(1880), plan_a_hours=Decimal(200)),
               year("2002-01-01", "42000", hours=Decimal(2080)), year("2003-01-01", "42000", hours=Decimal(2080))]
    result = final_average_compensation(records, years=3)
    assert result.fac == (Decimal(40000) + Decimal(200) * 20 + Decimal(84000)) / 3


def test_a_career_shorter_than_n_years_averages_over_the_service_it_has():
    """RULES §4: with fewer than N years the average is taken over the years of service there are."""
    records = [year("2001-01-01", "40000"), year("2002-01-01", "50000")]
    assert final_average_compensation(records, years=3).fac == Decimal(45000)


def test_forty_years_of_biweekly_pay_records_average_the_pay_of_the_last_three_years():
    """RULES §4: a year's pay is the pay of its days: $100 a day for 1,096 days (2020-08-14 … 2023-08-13)."""
    start = date(1983, 10, 3)
    records = [CompensationRecord(start + timedelta(days=14 * n), start + timedelta(days=14 * n + 13),
                                  Decimal(1400)) for n in range(1040)]
    result = final_average_compensation(records, years=3)
    assert records[-1].end == date(2023, 8, 13)
    assert result.fac == Decimal(1096 * 100) / 3


def _history_with_payout():
    from pensions.engine.fac import PayHistory

    return PayHistory.of([year("2020-01-01", "50000", plan_a_hours=Decimal(8)), year("2021-01-01", "52000"),
                          CompensationRecord(date(2021, 12, 1), date(2021, 12, 31), Decimal("4000"),
                                             CompensationKind.ANNUAL_LEAVE_PAYOUT, hours=Decimal(80))])


def test_projected_pay_added_to_a_history_is_the_history_of_all_the_records():
    from pensions.engine.fac import PayHistory

    history = _history_with_payout()
    later = [year("2022-01-01", "53000"), CompensationRecord(date(2023, 1, 1), date(2023, 6, 30), Decimal("27000"))]
    assert history.with_later_wages(later) == PayHistory.of([*history.wages, *history.payouts, *later])


def test_pay_that_does_not_come_after_the_history_is_sorted_in_as_a_new_history_would():
    from pensions.engine.fac import PayHistory

    history = _history_with_payout()
    earlier = [year("2019-01-01", "48000")]
    assert history.with_later_wages(earlier) == PayHistory.of([*history.wages, *history.payouts, *earlier])
