"""Demo histories: every demo member gets a realistic, deterministic 5–40-year record — biweekly state payrolls for
SERS, the school districts' biweekly or semimonthly payrolls for MPSERS (full hours in the school year, summer pay
without hours), raises, overtime, longevity pay, a leave payout on leaving, contributions with interest by fiscal
year, and a few purchased, granted and Act 88 credits. Service credit and contributions come from the engine.
Claimed members also have refund beneficiaries on file, married active and retired members their spouse
(accounts.demo_people) as survivor beneficiary, and active members one saved estimate, for a future date.

Written with bulk inserts; members who already have pay periods are left as they are, so seeding twice adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.dashboard_cache import member_changed
from accounts.demo_people import PLANNED_RETIREMENT, spouse_of
from accounts.models import Member
from pensions import facts
from pensions.engine.contributions import (
    FiscalYearActivity,
    balance_with_interest,
    interest_credited_for_year,
    member_contribution,
    retiree_healthcare_contribution,
)
from pensions.engine.dates import add_years, fiscal_year_end
from pensions.engine.money import cents
from pensions.engine.service import RULES_BY_SYSTEM, fiscal_year_of, years_from_hours
from pensions.models import (
    Beneficiary,
    BeneficiaryDesignation,
    ContributionYear,
    CreditCategory,
    CreditType,
    PayPeriodReport,
    Relationship,
    ServiceCreditEntry,
)
from pensions.services import RecordsError, credit_periods, save_estimate

# A retiree named their survivor before retiring; a deferred member who named none when leaving cannot now (RULES §6).
SURVIVOR_NAMED = (Member.Status.ACTIVE, Member.Status.RETIRED)
AS_OF = date(2026, 10, 31)  # demo records run to this day, so a second seed gives the same record
DEMO_INTEREST_RATE = Decimal("0.035")  # demo figure: the statutory rate is set each year (RULES §8)
ZERO = Decimal(0)
TWO_WEEKS = timedelta(days=14)
MIN_YEARS, MAX_YEARS = 5, 40
SEMIMONTHLY_DISTRICTS = {"MPS-OKEMOS"}
SCHOOL_MONTHS = {9, 10, 11, 12, 1, 2, 3, 4, 5, 6}

# A few credits that are not earned on a payroll, by demo member ID (RULES §2).
OTHER_CREDIT = {
    "10000001": [(CreditCategory.PURCHASED, CreditType.UNIVERSAL_BUY_IN, Decimal("2.0000"))],
    "10000002": [(CreditCategory.GRANTED, CreditType.MILITARY_LEAVE, Decimal("0.5000"))],
    "10000006": [(CreditCategory.PURCHASED, CreditType.MILITARY_NONINTERVENING, Decimal("1.5000"))],
    "20000002": [(CreditCategory.ACT_88, CreditType.RECIPROCAL, Decimal("3.0000"))],
    "20000004": [(CreditCategory.TRANSFERRED, CreditType.STATE_DB_TRANSFER, Decimal("1.2500"))],
}


def seed_histories(stdout=None) -> int:
    """Give every member without pay periods a history. Returns the number of members seeded."""
    members = list(Member.objects.exclude(pay_periods__isnull=False).select_related("employer").order_by("pk"))
    seeded = seed_histories_for(members)
    if stdout is not None:
        stdout.write(f"Pay, service and contribution histories written for {seeded} member(s).")
    return seeded


@transaction.atomic
def seed_histories_for(members, *, as_of: date = AS_OF) -> int:
    periods, entries, years = [], [], []
    for member in members:
        member_periods = _periods(member, as_of)
        credit_periods(member_periods, facts.system_of(member))
        periods.extend(member_periods)
        entries.extend(_other_credit(member, member_periods))
        years.extend(_contribution_years(member, member_periods, as_of))
    PayPeriodReport.objects.bulk_create(periods, batch_size=5000)
    ServiceCreditEntry.objects.bulk_create(entries, batch_size=5000)
    ContributionYear.objects.bulk_create(years, batch_size=5000)
    member_changed(*(member.pk for member in members))  # bulk inserts send no signals
    return len(members)


# ---------------------------------------------------------------------------------------------------------------


def _span(member, rng, as_of):
    """First and last day on the payroll: hired → today (active), or a career that ended (deferred, retired)."""
    start = member.hire_date
    if member.status == Member.Status.ACTIVE:
        end = as_of
    elif member.status == Member.Status.RETIRED:
        end = min(add_years(start, rng.randint(25, 32)), as_of)
    else:
        end = min(add_years(start, rng.randint(12, 22)), add_years(as_of, -1))
    end = max(end, add_years(start, MIN_YEARS))
    start = max(start, add_years(end, -MAX_YEARS))
    return start, end


def _periods(member, as_of):
    rng = random.Random(member.member_id)
    start, end = _span(member, rng, as_of)
    system = facts.system_of(member)
    employer = member.employer
    semimonthly = system.value == "MPSERS" and employer is not None and employer.code in SEMIMONTHLY_DISTRICTS
    cycle = "SEMIMONTHLY" if semimonthly else "BIWEEKLY"
    pays_per_year = 24 if semimonthly else 26
    salary = Decimal(rng.randint(26000, 42000)) * Decimal(1.025) ** max(start.year - 1990, 0)
    salary = salary.quantize(Decimal(1))
    overtime = member.employment_type == Member.EmploymentType.COVERED
    part_time = rng.random() < 0.15
    employer_id = member.employer_id
    periods = []
    year_of_raise = start.year
    for period_start, period_end in _calendar(start, end, semimonthly):
        if period_end.year != year_of_raise:
            year_of_raise = period_end.year
            salary = (salary * Decimal(1 + rng.randint(15, 40) / 1000)).quantize(Decimal("0.01"))
        per_pay = salary / pays_per_year
        if system.value == "SERS":
            hours = Decimal(60 if part_time else 80)
            if rng.random() < 0.01:
                hours = Decimal(rng.randint(0, 60))  # unpaid leave in the period
            gross = per_pay * hours / 80
            school_hours = None
        else:
            school_hours = (Decimal(80) if semimonthly else Decimal(70)) if period_end.month in SCHOOL_MONTHS \
                else ZERO
            hours = school_hours * (Decimal("0.6") if part_time else 1)
            gross = per_pay * (Decimal("0.6") if part_time else 1)
        ot_hours = Decimal(rng.choice((0, 0, 4, 8, 12))) if overtime else ZERO
        hourly = salary / 2080
        years_in = period_end.year - member.hire_date.year
        longevity = ZERO
        if system.value == "SERS" and years_in >= 6 and period_end.month == 12 and period_end.day <= 14:
            longevity = Decimal(min(300 + 75 * (years_in - 6), 1500))
        periods.append(PayPeriodReport(
            member=member, employer_id=employer_id, period_start=period_start, period_end=period_end,
            pay_cycle=cycle, regular_hours=hours, overtime_hours=ot_hours, gross_wages=cents(gross),
            overtime_wages=cents(ot_hours * hourly * Decimal("1.5")), longevity_pay=longevity,
            fiscal_year=fiscal_year_of(period_end, system)))
    if member.status != Member.Status.ACTIVE and periods:
        last = periods[-1]
        last.annual_leave_payout_hours = Decimal(rng.randint(120, 320))
        last.annual_leave_payout = cents(last.annual_leave_payout_hours * salary / 2080)
    return periods


def _calendar(start, end, semimonthly):
    """(start, end) of each pay period from the first day on the payroll to the last."""
    if semimonthly:
        day = start if start.day in (1, 16) else (start.replace(day=16) if start.day < 16 else _next_month(start))
        while day <= end:
            if day.day == 1:
                period_end = day.replace(day=15)
            else:
                period_end = _next_month(day) - timedelta(days=1)
            if period_end > end:
                break
            yield day, period_end
            day = period_end + timedelta(days=1)
        return
    day = start
    while day + TWO_WEEKS - timedelta(days=1) <= end:
        yield day, day + TWO_WEEKS - timedelta(days=1)
        day += TWO_WEEKS


def _next_month(day):
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _other_credit(member, periods):
    if not periods:
        return []
    credited_on = periods[len(periods) // 2].period_end
    system = facts.system_of(member)
    return [ServiceCreditEntry(member=member, category=category, credit_type=credit_type, years=years,
                               credited_on=credited_on, fiscal_year=fiscal_year_of(credited_on, system))
            for category, credit_type, years in OTHER_CREDIT.get(member.member_id, [])]


def _contribution_years(member, periods, as_of):
    """Contributions and interest per fiscal year from the year's wages (RULES §8, rates from the engine); a year
    still running on ``as_of`` has its contributions and no interest yet."""
    structure = facts.structure_of(member)
    system = facts.system_of(member)
    first_month = RULES_BY_SYSTEM[system].fiscal_year_first_month
    healthcare = system.value == "MPSERS" and member.healthcare_plan == Member.HealthcarePlan.PREMIUM_SUBSIDY
    wages_by_year, hours_by_year = {}, {}
    for period in periods:
        wages_by_year[period.fiscal_year] = wages_by_year.get(period.fiscal_year, ZERO) + period.fac_wages
        hours_by_year[period.fiscal_year] = hours_by_year.get(period.fiscal_year, ZERO) + period.credited_hours
    balance, yos, rows = ZERO, ZERO, []
    for year in sorted(wages_by_year):
        wages = wages_by_year[year]
        contribution = ZERO if structure is None else member_contribution(
            structure, wages, paid_on=fiscal_year_end(year, first_month), yos_at_payment=yos)
        contribution = cents(contribution)
        ended = interest_credited_for_year(year_ends=fiscal_year_end(year, first_month), on=as_of)
        rate = DEMO_INTEREST_RATE if ended else ZERO
        closing = cents(balance_with_interest([FiscalYearActivity(contribution, rate)], balance))
        interest = closing - balance - contribution
        rows.append(ContributionYear(
            member=member, fiscal_year=year, wages=cents(wages), member_contributions=contribution,
            retiree_healthcare_contributions=cents(retiree_healthcare_contribution(wages)) if healthcare else ZERO,
            interest_rate=rate, interest_credited=interest, ending_balance=closing))
        balance = closing
        yos += years_from_hours(hours_by_year[year], system)
    return rows



# ---------------------------------------------------------------------------------------------------------------


def seed_beneficiaries_and_estimates(stdout=None) -> int:
    """Designations and one saved estimate for claimed members who have none yet. Written directly, as if made
    before the portal opened: no confirmation e-mails. Returns the number of members given designations."""
    members = list(Member.objects.filter(user__isnull=False, designations__isnull=True).order_by("pk"))
    now = timezone.now()
    for member in members:
        spouse = spouse_of(member.member_id)
        if spouse is not None and member.status in SURVIVOR_NAMED:
            _designate(member, BeneficiaryDesignation.Kind.SURVIVOR, now, [
                {"name": spouse.full_name, "relationship": Relationship.SPOUSE, "birth_date": spouse.birth_date}])
        _designate(member, BeneficiaryDesignation.Kind.REFUND, now, [
            {"name": f"Sam {member.last_name}", "relationship": Relationship.CHILD, "share": Decimal(50)},
            {"name": f"Lee {member.last_name}", "relationship": Relationship.CHILD, "share": Decimal(50)}])
        if member.status == Member.Status.ACTIVE and not member.edro_on_file:
            _save_demo_estimate(member)
    if stdout is not None:
        stdout.write(f"Beneficiaries and estimates written for {len(members)} member(s).")
    return len(members)


def _designate(member, kind, now, people):
    designation = BeneficiaryDesignation.objects.create(member=member, kind=kind, created_at=now)
    Beneficiary.objects.bulk_create(Beneficiary(designation=designation, position=position, **person)
                                    for position, person in enumerate(people, start=1))


def _save_demo_estimate(member):
    """For the retirement the member plans, else at 60; never for a date already past (the first of next month at
    the earliest); the beneficiary is the spouse when married."""
    at_sixty = _next_month(add_years(member.date_of_birth, 60))
    earliest = _next_month(max(AS_OF, timezone.localdate()))
    red = max(PLANNED_RETIREMENT.get(member.member_id, at_sixty), earliest)
    spouse = spouse_of(member.member_id)
    beneficiary_born = spouse.birth_date if spouse else add_years(member.date_of_birth, 2)
    choices = {"retirement_effective_date": red.isoformat(), "retirement_type": "SERVICE",
               "beneficiary_birth_date": beneficiary_born.isoformat(), "projected_wage_increase": "2"}
    try:
        save_estimate(member=member, name="Retire at 60", choices=choices, actor=None)
    except RecordsError:
        pass  # the engine refuses this member's facts (an Act 88-only or too short record): no demo estimate



FINAL_REPORT_COLUMNS = ("member_id", "employer_code", "period_start", "period_end", "pay_cycle", "regular_hours",
                        "gross_wages")


def _periods_after_record(member, *, through: date):
    """The latest pay period on record, and the member's pay periods after it that end on or before ``through``."""
    latest = PayPeriodReport.objects.filter(member=member).order_by("-period_end").first()
    return latest, list(_calendar(latest.period_end + timedelta(days=1), through,
                                  latest.pay_cycle == "SEMIMONTHLY"))


def last_pay_period_end(member, *, by: date) -> date:
    """The end of the member's last pay period ending on or before ``by`` (the demo's records stop at ``AS_OF``;
    the calendar goes on): a demo member leaving ``by`` that day leaves at the end of a pay period."""
    latest, after = _periods_after_record(member, through=by)
    return after[-1][1] if after else latest.period_end


def final_pay_report(member, *, last_day: date) -> bytes:
    """The employer's final pay report for a demo member whose last day of work ends a pay period
    (docs/employer-report-format.md): the periods from the day after the member's latest one on record through
    ``last_day``, each paid like that latest one."""
    latest, after = _periods_after_record(member, through=last_day)
    rows = [",".join(FINAL_REPORT_COLUMNS), *(",".join(str(value) for value in (
        member.member_id, member.employer.code, start, end, latest.pay_cycle, latest.regular_hours,
        latest.gross_wages)) for start, end in after)]
    return ("\n".join(rows) + "\n").encode()
