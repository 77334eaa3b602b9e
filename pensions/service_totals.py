"""The member's service totals under the labels every page uses — earned on payrolls, granted, purchased,
transferred — from the standing the page already read (no query of its own). The dashboard and the service credit
page both show these; the total is the engine's credited service (the service of the pension), so the parts and the
total agree wherever they appear (issue 15 item 5).

RULES §2: granted service (military or workers' compensation leave during state employment) is credited as earned;
purchased and transferred service count once credited (the engine's ``purchased_yos_not_credited`` is what is
recorded but not credited yet); Act 88 service counts toward vesting and eligibility only.
"""

from dataclasses import dataclass
from decimal import Decimal

from pensions import facts
from pensions.engine.money import ZERO, four_places
from pensions.engine.service import years_from_hours
from pensions.models import CreditCategory


@dataclass(frozen=True)
class ServiceTotals:
    earned_on_payrolls: Decimal
    granted: Decimal
    purchased: Decimal
    transferred: Decimal
    not_yet_credited: Decimal  # purchased or transferred service recorded but not credited yet
    act88: Decimal  # eligibility only, not in ``total``
    total: Decimal  # the service credit of the pension

    @property
    def rounding_difference(self) -> Decimal:
        """What the total differs from the sum of its parts by, each part shown rounded to four decimals."""
        return self.total - (self.earned_on_payrolls + self.granted + self.purchased + self.transferred
                             - self.not_yet_credited)


def service_totals(*, member, standing) -> ServiceTotals:
    """The totals of ``standing`` (pensions.selectors.standing_for_member) of ``member``."""
    by_category = {category: ZERO for category in CreditCategory}
    for entry in standing.entries:
        by_category[CreditCategory(entry.category)] += entry.years
    payrolls = four_places(years_from_hours(standing.totals.credited_hours, facts.system_of(member)))
    outlook = standing.outlook
    return ServiceTotals(
        earned_on_payrolls=payrolls,
        granted=four_places(by_category[CreditCategory.GRANTED]),
        purchased=four_places(by_category[CreditCategory.PURCHASED]),
        transferred=four_places(by_category[CreditCategory.TRANSFERRED]),
        not_yet_credited=outlook.purchased_yos_not_credited if outlook else ZERO,
        act88=four_places(by_category[CreditCategory.ACT_88]),
        total=outlook.credited_yos if outlook else payrolls,
    )
