"""The words the application's letters use for the member's elections (RULES §6, §11a): the survivor beneficiary and the
federal and Michigan withholding certificates, shared by the acknowledgment and the award letter; and how a typed row
of the award letter (``[label, kind, value]``, ``applications.award``) reads in its PDF, through the portal's one
money, date and years filters."""

from datetime import date

from pensions.models import Relationship
from portal.templatetags.portal_format import long_date, money, yos

NOT_GIVEN = "—"


def dollars(value):
    return f"${money(value)}" if value is not None else NOT_GIVEN


def federal_election(a):
    if a.federal_withhold is False:
        return "No federal income tax withheld"
    extras = [(a.federal_step2_other_income, "Step 2(b) other income"), (a.federal_step3_credits, "Step 3 credits"),
              (a.federal_step4a_other_income, "Step 4(a) other income"),
              (a.federal_step4b_deductions, "Step 4(b) deductions"), (a.federal_step4c_extra, "Step 4(c) extra")]
    said = [f"{label} {dollars(value)}" for value, label in extras if value]
    return "; ".join([f"Withheld as {a.get_federal_filing_status_display().lower()}", *said])


def michigan_election(a):
    if a.michigan_withhold is False:
        return "No Michigan income tax withheld"
    said = [f"Withheld as {a.get_michigan_filing_status_display().lower()}",
            f"{a.michigan_exemptions} exemption{'s' if a.michigan_exemptions != 1 else ''}"]
    if a.michigan_additional:
        said.append(f"additional {dollars(a.michigan_additional)} a month")
    return "; ".join(said)


def beneficiary_text(a):
    if not a.beneficiary_name:
        return "None (straight life pays nothing to a survivor)"
    relation = Relationship(a.beneficiary_relationship).label.lower() if a.beneficiary_relationship else ""
    return f"{a.beneficiary_name}, your {relation}" if relation else a.beneficiary_name


def typed_value(kind, value):
    """A typed row's value as the page shows it (``[label, kind, value]``: money, date, yos, factor, text)."""
    if value is None or value == "":
        return NOT_GIVEN
    if kind == "money":
        return dollars(value)
    if kind == "date":
        return long_date(date.fromisoformat(value))
    if kind == "yos":
        return yos(value)
    return str(value)
