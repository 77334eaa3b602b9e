"""Demo insurance data for ``seed_demo``: carriers and plans, premium rates for the current and the next fiscal year,
subsidy percentages, and demo members with dependents of every kind, their proofs, Medicare and an enrolment.

Idempotent (everything is looked up by its natural key first) and deterministic for a given day: the two fiscal
years are the current one and the next, so the rates shown are always the ones in force. Every write goes through
the insurance services (proofs through the upload validator), like the pages.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from accounts.demo_people import PLANNED_RETIREMENT, SPOUSES
from accounts.models import Member, User
from accounts.uploads import validate_upload
from insurance import selectors, services
from insurance.models import (
    Carrier,
    Dependent,
    Enrolment,
    InsuranceProfile,
    MedicareMix,
    Plan,
    PlanKind,
    PremiumRate,
    Relation,
    ServiceArea,
    StudentStatus,
    SubsidyRule,
    Tier,
)
from insurance.rules import catalogue as catalogue_rules
from pensions import selectors as pensions_selectors

D = datetime.date

# carrier, phone, plan code, plan name, kind, service area, ZIP prefixes, base monthly premium (one person)
PLANS = [
    ("Blue Cross Blue Shield of Michigan", "800-843-4876", "blue-preferred-ppo", "Blue Preferred PPO",
     PlanKind.HEALTH_PPO, ServiceArea.NATIONWIDE, "", "812.40"),
    ("Great Lakes Health Plan", "800-555-0142", "great-lakes-hmo", "Great Lakes HMO", PlanKind.HEALTH_HMO,
     ServiceArea.REGIONAL, "480, 481, 482, 483", "701.15"),
    ("Capital Area Health", "800-555-0178", "capital-area-hmo", "Capital Area HMO", PlanKind.HEALTH_HMO,
     ServiceArea.REGIONAL, "488, 489, 490, 491, 493, 494, 495", "688.90"),
    ("Mitten Pharmacy Benefits", "800-555-0111", "mitten-rx", "Mitten Rx", PlanKind.PRESCRIPTION,
     ServiceArea.NATIONWIDE, "", "214.75"),
    ("Peninsula Dental", "800-555-0163", "peninsula-dental", "Peninsula Dental Plan", PlanKind.DENTAL,
     ServiceArea.NATIONWIDE, "", "38.20"),
    ("Clearview Vision", "800-555-0199", "clearview-vision", "Clearview Vision Plan", PlanKind.VISION,
     ServiceArea.NATIONWIDE, "", "7.45"),
]
# Demo rate tables (invented figures): tier and Medicare multipliers on the one-person premium; +4.5% next year.
TIER_FACTOR = {Tier.ONE_PERSON: Decimal("1"), Tier.TWO_PEOPLE: Decimal("2"), Tier.FAMILY: Decimal("2.8")}
MEDICARE_FACTOR = {MedicareMix.NONE: Decimal("1"), MedicareMix.SOME: Decimal("0.74"), MedicareMix.ALL: Decimal("0.46")}
NEXT_YEAR_FACTOR = Decimal("1.045")

# member ID → the staff figures of the member's insurance profile
PROFILES = {
    # The retiree's years of service and monthly pension come from her record (_retiree_award), never typed here.
    "10000009": {"retirement_effective_date": D(2012, 5, 1), "active_life_coverage": Decimal("52000.00"),
                 "active_dependent_life_coverage": Decimal("5000.00"), "meets_regular_age_and_service": True,
                 "medicare_number": "1EG4TE5MK73", "medicare_part_a": D(2015, 2, 1), "medicare_part_b": D(2015, 2, 1)},
    "10000001": {"retirement_effective_date": PLANNED_RETIREMENT["10000001"], "years_of_service": Decimal("39.2000"),
                 "active_life_coverage": Decimal("61000.00"), "active_dependent_life_coverage": Decimal("2500.00"),
                 "meets_regular_age_and_service": True},
    "10000006": {"years_of_service": Decimal("44.0000"), "active_life_coverage": Decimal("58000.00")},
    "10000005": {"years_of_service": Decimal("17.3000")},
}

def _spouse(member_id):
    """(first, last, relation, birth date) of the member's spouse: the same person everywhere in the demo."""
    spouse = SPOUSES[member_id]
    return spouse.first_name, spouse.last_name, Relation.SPOUSE, spouse.birth_date


# member ID → dependents (first, last, relation, birth date, other facts); spouses from accounts.demo_people
DEPENDENTS = {
    "10000009": [  # SERS retiree: a spouse with Medicare and a disabled adult child
        (*_spouse("10000009"),
         {"medicare_number": "2AC3DE4FG56", "medicare_part_a": D(2013, 9, 1), "medicare_part_b": D(2013, 9, 1),
          "has_other_coverage": False, "life_enrolled_while_active": True}),
        ("Emma", "Fischer", Relation.CHILD, D(1981, 4, 17),
         {"disabled": True, "dependent_for_support": True, "lives_with_member": True,
          "life_enrolled_while_active": True}),
    ],
    "10000001": [  # SERS, retiring: spouse, child, half-time student, stepchild, child by guardianship
        (*_spouse("10000001"), {"life_enrolled_while_active": True}),
        ("Sofia", "Alvarez", Relation.CHILD, D(2010, 1, 8), {"dependent_for_support": True,
                                                             "life_enrolled_while_active": True}),
        ("Mateo", "Alvarez", Relation.CHILD, D(2005, 3, 2),
         {"student": StudentStatus.HALF_TIME, "graduation_date": D(2027, 5, 15), "dependent_for_support": True}),
        ("Nora", "Price", Relation.STEPCHILD, D(2012, 7, 30),
         {"lives_with_member_half_time": True, "member_provides_half_support": True,
          "covered_through_termination": True, "not_eligible_elsewhere": True}),
        ("Kai", "Bennett", Relation.GUARDIANSHIP_CHILD, D(2015, 10, 5), {"placement_date": D(2019, 2, 1)}),
    ],
    "10000006": [  # SERS: an adopted child
        ("Ava", "Whitfield", Relation.ADOPTED_CHILD, D(2011, 8, 14),
         {"placement_date": D(2012, 1, 20), "dependent_for_support": True}),
    ],
    "20000004": [  # MPSERS: a parent in the household, a full-time student, a child
        ("Evelyn", "Harper", Relation.PARENT, D(1940, 5, 9), {"lives_in_household": True}),
        ("Owen", "Harper", Relation.CHILD, D(2004, 12, 1),
         {"student": StudentStatus.FULL_TIME, "dependent_for_support": True}),
        ("Grace", "Harper", Relation.CHILD, D(2011, 2, 28), {}),
    ],
    "20000002": [  # MPSERS: a spouse and a parent-in-law in the household
        (*_spouse("20000002"), {}),
        ("Martha", "Carter", Relation.PARENT_IN_LAW, D(1936, 3, 22), {"lives_in_household": True}),
    ],
}

RETIREE = "10000009"
RETIREE_PLANS = {"health_plan": "capital-area-hmo", "prescription_plan": "mitten-rx", "dental_plan": "peninsula-dental",
                 "vision_plan": "clearview-vision"}
RETIREE_DOCUMENTS_RECEIVED = D(2012, 3, 12)


def seed_insurance(stdout):
    today = timezone.localdate()
    plans = _catalogue(today)
    _subsidies()
    reviewer = User.objects.filter(email="reviewer@demo.portal.example").first()
    members = {m.member_id: m for m in Member.objects.filter(member_id__in=set(PROFILES) | set(DEPENDENTS))}
    for member_id, figures in PROFILES.items():
        if member_id in members:
            award = _retiree_award(members[member_id], figures["retirement_effective_date"], today) \
                if member_id == RETIREE else {}
            _profile(members[member_id], {**figures, **award})
    for member_id, people in DEPENDENTS.items():
        member = members.get(member_id)
        if member is None:
            continue
        for first, last, relation, born, facts in people:
            _dependent(member, first, last, relation, born, facts, reviewer=reviewer,
                       received=RETIREE_DOCUMENTS_RECEIVED if member_id == RETIREE else today)
    if RETIREE in members:
        _retiree_enrolment(members[RETIREE], plans)
    years = (catalogue_rules.fiscal_year(today), catalogue_rules.fiscal_year(today) + 1)
    stdout.write(f"Insurance: {len(PLANS)} plans with rates for fiscal years {years[0]} and {years[1]}; "
                 f"{Dependent.objects.count()} dependents of demo members.")


def _catalogue(today):
    plans = {}
    years = (catalogue_rules.fiscal_year(today), catalogue_rules.fiscal_year(today) + 1)
    for carrier_name, phone, code, name, kind, area, prefixes, base in PLANS:
        carrier, _ = Carrier.objects.get_or_create(name=carrier_name, defaults={"phone": phone})
        plan, _ = Plan.objects.get_or_create(code=code, defaults={
            "carrier": carrier, "name": name, "kind": kind, "service_area": area, "zip_prefixes": prefixes})
        plans[code] = plan
        for year in years:
            raise_factor = NEXT_YEAR_FACTOR if year == years[1] else Decimal(1)
            for tier, tier_factor in TIER_FACTOR.items():
                for mix, mix_factor in MEDICARE_FACTOR.items():
                    premium = (Decimal(base) * tier_factor * mix_factor * raise_factor).quantize(Decimal("0.01"))
                    PremiumRate.objects.get_or_create(plan=plan, fiscal_year=year, tier=tier, medicare=mix,
                                                      defaults={"monthly_premium": premium})
    return plans


def _subsidies():
    SubsidyRule.objects.get_or_create(system="SERS")
    SubsidyRule.objects.get_or_create(system="MPSERS", defaults={"mpsers_member_percent": Decimal(80)})


def _retiree_award(member, red, today):
    """The retiree's service and pension as her record gives them: the engine's figures at her RED for the 100%
    survivor option to her husband, with each yearly increase paid since. Typed-in figures once said 18 years and
    $812.50 against a record of almost 28 years, so the graded subsidy of 18 years made her premium share larger
    than her pension and her card showed $0.00 after insurance."""
    result = pensions_selectors.estimate_for_member(member=member, choices={
        "retirement_effective_date": red.isoformat(), "retirement_type": "SERVICE",
        "beneficiary_birth_date": SPOUSES[member.member_id].birth_date.isoformat()})
    option = next(row for row in result["options"] if row["option"] == "SURVIVOR_100")
    increases = sum(1 for step in result["cola"] if datetime.date.fromisoformat(step["date"]) <= today)
    return {"years_of_service": Decimal(result["yos"]),
            "monthly_pension": Decimal(option["monthly"]) + increases * Decimal(option["cola_increase_monthly"])}


def _profile(member, figures):
    medicare = {k: figures[k] for k in ("medicare_number", "medicare_part_a", "medicare_part_b") if k in figures}
    staff = {k: v for k, v in figures.items() if k not in medicare}
    profile, created = InsuranceProfile.objects.get_or_create(member=member, defaults=staff)
    if created and medicare:
        services.save_medicare(member=member, actor=None, medicare_number=medicare["medicare_number"],
                               part_a=medicare["medicare_part_a"], part_b=medicare["medicare_part_b"],
                               individual_part_d=False)


def _proof_file(title, person):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setTitle(title)
    pdf.drawString(72, 700, f"DEMO DOCUMENT — {title}")
    pdf.drawString(72, 680, f"For {person}. Not a real record.")
    pdf.showPage()
    pdf.save()
    return validate_upload(SimpleUploadedFile("demo-proof.pdf", buffer.getvalue()))


def _dependent(member, first, last, relation, born, facts, *, reviewer, received):
    if Dependent.objects.filter(member=member, first_name=first, last_name=last).exists():
        return
    medicare = {k: facts.pop(k) for k in ("medicare_number", "medicare_part_a", "medicare_part_b") if k in facts}
    dependent = services.add_dependent(member=member, actor=None, first_name=first, last_name=last, relation=relation,
                                       birth_date=born, **facts)
    if medicare:
        services.save_medicare(member=member, dependent=dependent, actor=None,
                               medicare_number=medicare["medicare_number"], part_a=medicare["medicare_part_a"],
                               part_b=medicare["medicare_part_b"], individual_part_d=False)
    kinds = selectors.required_proof_kinds(member=member, dependent=dependent, on=received)
    for kind in kinds:
        proof = services.upload_proof(member=member, dependent=dependent, kind=kind, actor=member.user,
                                      clean_file=_proof_file(kind.replace("_", " ").title(), dependent.full_name),
                                      today=received)
        if reviewer is not None and member.member_id == RETIREE:
            services.review_proof(proof_id=proof.pk, accept=True, actor=reviewer)


def _retiree_enrolment(member, plans):
    if Enrolment.objects.filter(member=member, status=Enrolment.Status.SUBMITTED).exists():
        return
    red, dependents = PROFILES[RETIREE]["retirement_effective_date"], list(Dependent.objects.filter(member=member))
    shown = selectors.at_retirement_preview(member=member, retirement_effective_date=red, dependents=dependents,
                                            documents_received=RETIREE_DOCUMENTS_RECEIVED)
    services.enrol_at_retirement(member=member, retirement_effective_date=red,
                                 plans={line: plans[code] for line, code in RETIREE_PLANS.items()},
                                 dependents=dependents, documents_received=RETIREE_DOCUMENTS_RECEIVED,
                                 shown_coverage_begins=shown.coverage_begins, actor=None)
