"""What the waiver's pages say in plain words: what the spouse gives up, and the ESIGN statement (RULES §11b)."""

from applications.rules import waiver as rules
from portal.templatetags.portal_format import money

OPTION_WORDS = {
    "STRAIGHT_LIFE": "Straight life: the largest monthly pension, paid for the member's life only; nothing continues "
                     "to a survivor.",
    "SURVIVOR_100": "100% survivor: a reduced pension for the member's life; the survivor beneficiary then receives "
                    "the same amount for life.",
    "SURVIVOR_75": "75% survivor: a reduced pension for the member's life; the survivor beneficiary then receives "
                   "three quarters of it for life.",
    "SURVIVOR_50": "50% survivor: a reduced pension for the member's life; the survivor beneficiary then receives "
                   "half of it for life.",
}

# ESIGN, 15 U.S.C. 7001(c)(1): before consenting, a consumer is told of the right to a paper copy, how to withdraw
# consent, and what is needed to open and keep the record (RULES §11b).
ESIGN_STATEMENT = (
    "You may sign this waiver on paper instead: ask the Office of Retirement Services (1-800-381-5111, P.O. Box 30171, "
    "Lansing, MI 48909-7671) for the paper form R0869G at no charge. You may withdraw your consent to electronic "
    "records at any time before you sign by closing this page and telling us; after you sign, withdrawing consent does "
    "not undo the signature. To open and keep the signed record you need a web browser and a program that opens PDF "
    "files; you can ask us for a copy of the signed document, by e-mail or on paper, and print it.",
)


def esign_statement():
    return ESIGN_STATEMENT


def giving_up_words(waiver) -> str:
    giving_up = rules.GivingUp(waiver.full_survivor_monthly, waiver.left_monthly)
    return rules.giving_up_in_words(giving_up, money=lambda amount: f"${money(amount)}")


def option_words(waiver) -> str:
    return OPTION_WORDS.get(waiver.option, waiver.option)
