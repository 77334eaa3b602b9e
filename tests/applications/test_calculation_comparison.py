"""The member's preliminary figures beside the final calculation (issue 19 item 3): every figure of the calculation
in a row, a row marked when the preliminary figure is known and differs (applications.rules.comparison)."""

import datetime
from decimal import Decimal

from applications.rules.comparison import NOT_KEPT, FacPeriod, Kind, Preliminary, compare


def result(*, fac="60000.00", years=(("2024-04-01", "2025-03-31", "59000.00"), ("2025-04-01", "2026-03-31", "60000.00"),
                                     ("2026-04-01", "2027-03-31", "61000.00")),
           yos="25.0000", provision="FULL_60_10", reduction="0.0000", straight="1875.00", factor="0.912",
           monthly="1710.00", survivor="855.00", supplemental=None, equated=None):
    """An engine result (the `manage.py estimate` output) with the figures the comparison reads."""
    option = {"option": "SURVIVOR_50", "factor": factor, "monthly": monthly, "survivor_monthly": survivor,
              "equated": equated}
    return {"fac": fac, "fac_years": [{"start": s, "end": e, "amount": a} for s, e, a in years], "yos": yos,
            "eligibility": {"provision": provision, "reduction": reduction}, "straight_life": {"monthly": straight},
            "supplemental": {"monthly": supplemental} if supplemental else None,
            "options": [{"option": "STRAIGHT_LIFE", "factor": "1", "monthly": straight, "survivor_monthly": "0.00",
                         "equated": None}, option]}


def kept(estimate, **figures):
    return Preliminary(monthly=Decimal(figures.get("monthly", "1710.00")),
                       factor=Decimal(figures.get("factor", "0.9120")),
                       survivor_monthly=Decimal(figures.get("survivor", "855.00")), estimate=estimate)


def by_label(rows):
    return {row.label: row for row in rows}


def test_the_same_figures_differ_nowhere():
    rows = compare(kept(result()), result(), option="SURVIVOR_50", equated=False)
    assert [row.label for row in rows if row.differs] == []


def test_each_changed_figure_is_marked_and_only_those():
    final = result(fac="61200.00", years=(("2024-04-01", "2025-03-31", "59000.00"),
                                          ("2025-04-01", "2026-03-31", "60000.00"),
                                          ("2026-04-01", "2027-03-31", "64600.00")),
                   straight="1912.50", monthly="1744.20", survivor="872.10")
    rows = by_label(compare(kept(result()), final, option="SURVIVOR_50", equated=False))
    assert sorted(label for label, row in rows.items() if row.differs) == [
        "FAC year 3", "Final average compensation", "Monthly gross of the option chosen", "Straight life, monthly",
        "Survivor's monthly amount"]
    assert rows["FAC year 3"].final == FacPeriod(datetime.date(2026, 4, 1), datetime.date(2027, 3, 31),
                                                 Decimal("64600.00"))
    assert (rows["Final average compensation"].preliminary, rows["Final average compensation"].final) == \
        (Decimal("60000.00"), Decimal("61200.00"))


def test_the_figures_the_member_chose_from_are_the_applications_own():
    rows = by_label(compare(kept(result(), monthly="1700.00"), result(), option="SURVIVOR_50", equated=False))
    assert rows["Monthly gross of the option chosen"].preliminary == Decimal("1700.00")
    assert rows["Monthly gross of the option chosen"].differs


def test_without_the_preliminary_estimate_its_other_figures_are_not_kept_and_not_marked():
    rows = by_label(compare(kept(None), result(), option="SURVIVOR_50", equated=False))
    assert rows["Final average compensation"].preliminary is NOT_KEPT
    assert not rows["Final average compensation"].differs and not rows["FAC year 1"].differs
    assert rows["Option factor"].preliminary == Decimal("0.9120") and not rows["Option factor"].differs


def test_a_changed_provision_and_reduction_are_marked():
    final = result(provision="EARLY_REDUCED", reduction="0.1200")
    rows = by_label(compare(kept(result()), final, option="SURVIVOR_50", equated=False))
    assert rows["Provision"].differs and rows["Provision"].final == "EARLY_REDUCED"
    assert rows["Early reduction"].differs and rows["Early reduction"].final == Decimal("12.0000")
    assert rows["Early reduction"].kind is Kind.PERCENT


def test_a_fac_year_only_one_side_has_is_a_difference():
    two_years = result(years=(("2025-04-01", "2026-03-31", "60000.00"), ("2026-04-01", "2027-03-31", "61000.00")))
    rows = by_label(compare(kept(two_years), result(), option="SURVIVOR_50", equated=False))
    assert rows["FAC year 3"].preliminary is None and rows["FAC year 3"].differs


def test_the_equated_amounts_appear_with_the_equated_plan_only():
    equated = {"pre65_monthly": "2121.00", "post65_monthly": "588.00"}
    with_plan = by_label(compare(kept(result(equated=equated)), result(equated={**equated, "post65_monthly": "590.00"}),
                                 option="SURVIVOR_50", equated=True))
    assert not with_plan["Equated plan, monthly until 65"].differs
    assert with_plan["Equated plan, monthly from 65"].differs
    without = by_label(compare(kept(result()), result(), option="SURVIVOR_50", equated=False))
    assert "Equated plan, monthly until 65" not in without


def test_the_supplemental_pension_appears_when_either_side_has_one():
    rows = by_label(compare(kept(result(supplemental="250.00")), result(), option="SURVIVOR_50", equated=False))
    row = rows["Supplemental pension until 62, monthly"]
    assert (row.preliminary, row.final, row.differs) == (Decimal("250.00"), None, True)
    assert "Supplemental pension until 62, monthly" not in by_label(
        compare(kept(result()), result(), option="SURVIVOR_50", equated=False))


def test_straight_life_has_no_survivor_row():
    preliminary = Preliminary(monthly=Decimal("1875.00"), factor=Decimal(1), survivor_monthly=Decimal(0),
                              estimate=result())
    rows = by_label(compare(preliminary, result(), option="STRAIGHT_LIFE", equated=False))
    assert "Survivor's monthly amount" not in rows and not rows["Option factor"].differs
