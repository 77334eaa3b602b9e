"""The per-year withholding tables kept as data (applications/rules/tax_tables.py and data/)."""

from itertools import pairwise

import pytest

from applications.rules import federal_withholding, michigan_withholding, tax_tables
from applications.rules.tax_tables import TaxYearNotCovered


@pytest.mark.parametrize("tax", [tax_tables.FEDERAL, tax_tables.MICHIGAN])
def test_every_table_states_its_year_and_source(tax):
    for year in tax_tables.covered_years(tax):
        table = tax_tables.load(tax, year)
        assert table["tax_year"] == year
        assert len(table["source"]) > 40


@pytest.mark.parametrize("year", tax_tables.covered_years(tax_tables.FEDERAL))
@pytest.mark.parametrize("status", list(federal_withholding.FilingStatus))
def test_each_standard_schedule_is_continuous_and_rising(status, year):
    # Column C of each row is the tax at the row's start: the previous row's base plus its rate times the width.
    brackets = federal_withholding.table(year).schedules[status]
    assert brackets[0].over == 0 and brackets[0].base == 0
    for previous, row in pairwise(brackets):
        assert row.over > previous.over and row.rate > previous.rate
        assert row.base == previous.base + previous.rate * (row.over - previous.over)


def test_the_2026_schedules_start_taxing_at_the_standard_deduction_less_line_1g():
    # RULES §11a: 2026 standard deductions $16,100 / $32,200 / $24,150 less $8,600 / $12,900 / $8,600.
    FS = federal_withholding.FilingStatus
    table = federal_withholding.table(2026)
    assert {status: table.schedules[status][1].over for status in FS} == {
        FS.SINGLE: 7500, FS.MARRIED_JOINT: 19300, FS.HEAD_OF_HOUSEHOLD: 15550}


@pytest.mark.parametrize("load", [federal_withholding.table, michigan_withholding.table])
@pytest.mark.parametrize("year", [2024, 2027])
def test_a_year_without_a_table_is_refused_with_the_years_that_have_one(load, year):
    with pytest.raises(TaxYearNotCovered) as refused:
        load(year)
    assert refused.value.message.endswith(f"for tax year {year} (tables exist for: 2025, 2026)")


def test_both_taxes_cover_the_same_years():
    assert tax_tables.covered_years(tax_tables.FEDERAL) == tax_tables.covered_years(tax_tables.MICHIGAN) == [2025, 2026]
