"""The demo members' families, in one place, so every part of the demo tells the same story (issue 15 item 13):
a member is married exactly when they have a spouse here; that spouse is the one on their insurance
(insurance.demo), their survivor pension beneficiary and the beneficiary of their saved estimate (pensions.demo).
A member planning retirement has their planned retirement effective date here, used by the insurance profile and
the saved estimate alike. Invented people; no real data."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Spouse:
    first_name: str
    last_name: str
    birth_date: date

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


# member ID → spouse
SPOUSES = {
    "10000001": Spouse("Luis", "Alvarez", date(1963, 11, 20)),  # Margaret Alvarez, retiring
    "10000003": Spouse("Pat", "Kowalski", date(1969, 5, 14)),
    "10000005": Spouse("Marco", "Delgado", date(1965, 2, 9)),
    "10000007": Spouse("Chidi", "Okafor", date(1962, 7, 23)),
    "10000009": Spouse("Walter", "Fischer", date(1948, 9, 3)),  # Dorothy Fischer, retired
    "20000001": Spouse("Ruth", "Mason", date(1963, 1, 18)),
    "20000002": Spouse("Daniel", "Carter", date(1961, 6, 12)),  # Linda Carter
    "20000003": Spouse("Anna", "Jablonski", date(1966, 4, 4)),
    "20000005": Spouse("Ama", "Osei", date(1971, 3, 30)),
    "20000007": Spouse("Elena", "Castillo", date(1966, 12, 1)),
}

# member ID → the retirement effective date the member is planning for (RULES §3: a first of the month)
PLANNED_RETIREMENT = {
    "10000001": date(2027, 6, 1),
}


def spouse_of(member_id: str) -> Spouse | None:
    return SPOUSES.get(member_id)
