"""The words of the retirement system a member meets, in plain language: the glossary page (linked from every page's
footer) and ``plain_words``, which spells out the abbreviations the pension engine writes in its reasons ("age 59y
11m on the RED is under 60") before a member reads them. The abbreviations and their meaning are RULES.md's
(§2 service credit, §3 retirement effective date, §4 final average compensation)."""

import re

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access import public

# (term, abbreviation or "", what it means) — in the order a member meets them.
GLOSSARY = (
    ("Years of service", "YOS",
     "The service credit your pension is worked out from: a full year of work earns one year. Shown to four "
     "decimal places, as we keep it."),
    ("Vesting", "",
     "Having enough years of service to be owed a pension later, even if you leave state employment first."),
    ("Retirement effective date", "RED",
     "The first day of the month your pension starts. Your age and service are counted on this day."),
    ("Final average compensation", "FAC",
     "The average of your highest-paid consecutive years of wages (three or five, depending on your plan), used "
     "in the pension formula."),
    ("Earned on payrolls", "", "Service your employers reported on their payrolls."),
    ("Granted service", "",
     "Military or workers' compensation leave while you worked for the state, credited as if earned."),
    ("Purchased service", "", "Service you bought, such as universal buy-in or military service."),
    ("Transferred service", "", "Service moved to this system from another Michigan public system."),
    ("Act 88 service", "", "Reciprocal service that counts toward vesting and eligibility, never in the amount."),
    ("Straight life pension", "",
     "The largest monthly pension, paid for your lifetime only; survivor options pay less so a beneficiary "
     "keeps a pension after you."),
    ("Premium subsidy", "", "The share of your insurance premium the retirement system pays."),
    ("Deferred member", "", "A vested member who has left employment and will draw a pension later."),
)

SPELLED_OUT = {abbreviation: term.lower() for term, abbreviation, _ in GLOSSARY if abbreviation}
_ABBREVIATION = re.compile(r"\b(" + "|".join(SPELLED_OUT) + r")\b")


def plain_words(text: str) -> str:
    """``text`` with the system's abbreviations spelled out ("on the RED" → "on the retirement effective date")."""
    return _ABBREVIATION.sub(lambda match: SPELLED_OUT[match.group(1)], str(text))


@public
@require_GET
def glossary(request):
    return render(request, "portal/glossary.html", {"glossary": GLOSSARY})
