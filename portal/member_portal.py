"""Which portal a member gets: the one place that decides, from the member's status alone, which pages are open.

A retiree gets a retiree's portal (their pension, their retiree insurance and life insurance); an active or deferred
member gets a working member's (estimates, buying service, applying to retire). Pages closed to a status are a 404
(portal.access.member_view asks ``page_open``), left out of the navigation (portal.navigation) and out of the
dashboard's next steps (pensions.selectors), so what a member can reach and what they are shown never disagree.

Pure: imports nothing from Django; statuses are the values of ``accounts.models.Member.Status``.
"""

from dataclasses import dataclass

ACTIVE, DEFERRED, RETIRED, REFUNDED = "ACTIVE", "DEFERRED", "RETIRED", "REFUNDED"
STATUSES = (ACTIVE, DEFERRED, RETIRED, REFUNDED)

# Retiree group life insurance and its conversion window follow retirement (RULES §10 "Life insurance"); an active
# member's life insurance is their employer's, and deferred members never get group life insurance (RULES §10).
RETIREE_PAGES = frozenset({
    "insurance:life",
    "insurance:life_beneficiary_add",
    "insurance:life_beneficiary_remove",
})

# Planning and applying for a pension (RULES §11, §13): done before retirement, by a member who has one to come.
# A retiree's pension is already awarded; a refunded member has none (RULES §1).
WORKING_PAGES = frozenset({
    "pensions:estimates",
    "pensions:estimate_save",
    "pensions:estimates_compare",
    "pensions:estimates_compare_pdf",
    "pensions:estimate",
    "pensions:estimate_rename",
    "pensions:estimate_delete",
    "pensions:purchase",
    "pensions:purchase_request",
    "applications:overview",
    "applications:start",
    "applications:tasks",
    "applications:option",
    "applications:insurance",
    "applications:tax",
    "applications:deposit",
    "applications:submit",
})


@dataclass(frozen=True)
class MemberPortal:
    status: str
    retiree: bool  # the dashboard shows the pension being paid, not the road to it
    closed: frozenset  # URL names (namespace:name) that are a 404 for this status

    @property
    def plans_retirement(self):
        """Estimates, buying service and the retirement application are open."""
        return not self.closed & WORKING_PAGES

    def page_open(self, url_name: str) -> bool:
        return url_name not in self.closed


def portal_for(status: str) -> MemberPortal:
    """The portal of a member with ``status`` (an unknown status is refused, never guessed)."""
    if status not in STATUSES:
        raise ValueError(f"Unknown member status {status!r}.")
    if status == RETIRED:
        return MemberPortal(status, retiree=True, closed=WORKING_PAGES)
    if status == REFUNDED:
        return MemberPortal(status, retiree=False, closed=WORKING_PAGES | RETIREE_PAGES)
    return MemberPortal(status, retiree=False, closed=RETIREE_PAGES)
