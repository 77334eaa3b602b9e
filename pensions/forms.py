"""What members type on the record pages, checked with messages a person understands. Forms never save; the rules
they check are the engine's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.forms import DateInput
from pensions import facts
from pensions.engine import beneficiaries as rules
from pensions.engine import bounds
from pensions.engine.purchase_quote import beyond_limit
from pensions.engine.purchases import PURCHASE_RULES, PurchaseType
from pensions.models import MAX_SAVED_ESTIMATES, CreditType, PaymentMethod, Relationship, RolloverSource
from portal.templatetags.portal_format import long_date
from portal.validators import validate_birth_date

REFUND_SLOTS = 4
ONE_SPOUSE = "Only one beneficiary can be your spouse: a person has one spouse at a time."
SAME_PERSON_TWICE = "The same beneficiary is named twice: name each person once, with their whole share."
PERSON_RELATIONSHIPS = [(value, label) for value, label in Relationship.choices]


class SurvivorForm(forms.Form):
    """The survivor pension beneficiary: exactly one eligible person (RULES §6)."""

    name = forms.CharField(label="Full name", max_length=160)
    relationship = forms.ChoiceField(label="Relationship to you", choices=PERSON_RELATIONSHIPS)
    birth_date = forms.DateField(label="Date of birth", widget=DateInput(),
                                 help_text="Survivor options and estimates depend on the beneficiary's age.")
    dependent = forms.BooleanField(
        label="This person depends on me for at least half of their support", required=False,
        help_text="School employees (MPSERS): an adult child, brother or sister, or parent must be dependent.")
    trustee_of = forms.CharField(
        label="Trust this person is trustee of (if any)", max_length=160, required=False,
        help_text="A survivor pension is paid to a person, never to a trust; you may name the trust's trustee.")

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_birth_date(self):
        return validate_birth_date(self.cleaned_data["birth_date"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        refusal = rules.survivor_refusal(
            system=facts.system_of(self.member), relationship=rules.Relationship(data["relationship"]),
            birth_date=data["birth_date"], dependent=data["dependent"], today=timezone.localdate())
        if refusal is not None:
            raise forms.ValidationError(refusal.reason)
        return data

    def person(self):
        data = self.cleaned_data
        return {"name": data["name"].strip(), "relationship": data["relationship"], "birth_date": data["birth_date"],
                "dependent": data["dependent"], "trustee_of": data["trustee_of"].strip(), "share": None}


class RefundForm(forms.Form):
    """Up to four refund beneficiaries, each with a share; the shares add up to 100% (RULES §8, §14)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in range(1, REFUND_SLOTS + 1):
            required = slot == 1
            self.fields[f"name_{slot}"] = forms.CharField(label=f"Beneficiary {slot}: full name or organization",
                                                          max_length=160, required=required)
            self.fields[f"relationship_{slot}"] = forms.ChoiceField(
                label=f"Beneficiary {slot}: relationship", required=required,
                choices=[("", "—")] + PERSON_RELATIONSHIPS)
            self.fields[f"birth_date_{slot}"] = forms.DateField(label=f"Beneficiary {slot}: date of birth (people)",
                                                                required=False, widget=DateInput())
            self.fields[f"share_{slot}"] = forms.DecimalField(
                label=f"Beneficiary {slot}: share (%)", required=required, min_value=Decimal("0.01"),
                max_value=Decimal(100), max_digits=5, decimal_places=2)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        people = []
        for slot in range(1, REFUND_SLOTS + 1):
            values = [data.get(f"{field}_{slot}") for field in ("name", "relationship", "birth_date", "share")]
            if not any(values):
                continue
            name, relationship, birth_date, share = values
            if not (name and relationship and share):
                raise forms.ValidationError(f"Beneficiary {slot}: give a name, a relationship and a share.")
            validate_birth_date(birth_date)
            people.append({"name": name.strip(), "relationship": relationship, "birth_date": birth_date,
                           "dependent": False, "trustee_of": "", "share": share})
        if sum(person["relationship"] == Relationship.SPOUSE for person in people) > 1:
            raise forms.ValidationError(ONE_SPOUSE)
        names = [" ".join(person["name"].lower().split()) for person in people]
        if len(set(names)) < len(names):
            raise forms.ValidationError(SAME_PERSON_TWICE)
        refusal = rules.shares_refusal([person["share"] for person in people])
        if refusal is not None:
            raise forms.ValidationError(refusal.reason)
        data["people"] = people
        return data


# ---------------------------------------------------------------------------------------------------------------
# Estimates (RULES §13)
# ---------------------------------------------------------------------------------------------------------------

RETIREMENT_TYPES = [("SERVICE", "Service (regular) retirement"), ("DUTY_DISABILITY", "Duty disability"),
                    ("NONDUTY_DISABILITY", "Non-duty disability")]


class EstimateForm(forms.Form):
    """The inputs of RULES §13. `choices()` is what the engine's contract receives besides the member's record."""

    retirement_effective_date = forms.DateField(
        label="Retirement effective date", widget=DateInput(),
        help_text="Always the first day of a month, after the month you stop working.")
    retirement_type = forms.ChoiceField(label="Retirement type", choices=RETIREMENT_TYPES, initial="SERVICE")
    beneficiary_birth_date = forms.DateField(
        label="Survivor beneficiary's date of birth", required=False, widget=DateInput(),
        help_text="Needed for the survivor options; leave blank for straight life only. It starts as your survivor "
                  "beneficiary on file, if you have named one.")
    # The bounds are the engine's (pensions/engine/bounds.py): the page refuses what `manage.py estimate` refuses,
    # in the same words (issue 14 item 9), so the fields carry no limits of their own.
    projected_wage_increase = forms.DecimalField(
        label="Projected yearly wage increase (%)", required=False, decimal_places=2, initial=Decimal("2.00"))
    projected_yos = forms.DecimalField(
        label="Service you expect to add until then (years)", required=False, decimal_places=4,
        help_text="Leave blank and we project it from your current pay cycle and hours to your retirement date; "
                  "fill it in to use your own figure instead.")
    purchase_type = forms.ChoiceField(label="Service purchase to include (optional)", required=False)
    purchase_years = forms.DecimalField(label="Years of that purchase", required=False, decimal_places=4)
    social_security_fra = forms.DecimalField(
        label="Social Security at full retirement age, a month (optional)", required=False, decimal_places=2,
        help_text="From your Social Security statement; shows the equated plan where it is allowed.")

    def __init__(self, *args, member, purchase_facts=None, **kwargs):
        """``purchase_facts``: a function giving the member's purchase facts (read only when a purchase is given)."""
        super().__init__(*args, **kwargs)
        self.member, self.purchase_facts = member, purchase_facts
        allowed = PURCHASE_RULES[facts.system_of(member)]
        labels = dict(CreditType.choices)
        self.fields["purchase_type"].choices = [("", "None")] + [
            (kind.value, labels[kind.value]) for kind in allowed if kind is not PurchaseType.PURCHASED]

    def clean_retirement_effective_date(self):
        red = self.cleaned_data["retirement_effective_date"]
        if red.day != 1:
            raise forms.ValidationError("A retirement effective date is always the first day of a month.")
        if red <= timezone.localdate():
            raise forms.ValidationError("Choose a retirement effective date in the future.")
        _refuse(bounds.date_problem(red) or bounds.age_problem(self.member.date_of_birth, red, who="the member"))
        return red

    def clean_beneficiary_birth_date(self):
        born = self.cleaned_data["beneficiary_birth_date"]
        try:
            validate_birth_date(born)
        except forms.ValidationError as error:
            if error.code != "born_too_long_ago":
                raise
            # An age of 120 or more is refused in clean() against the RED, in the `estimate` command's words
            # (issue 14 item 9): for a RED in the future that check is the stricter one.
        if born is not None:
            _refuse(bounds.date_problem(born))
        return born

    def clean_projected_wage_increase(self):
        return _number("projected_wage_increase", self.cleaned_data["projected_wage_increase"])

    def clean_projected_yos(self):
        return _number("projected_yos", self.cleaned_data["projected_yos"])

    def clean_purchase_years(self):
        return _number("years", self.cleaned_data["purchase_years"])

    def clean_social_security_fra(self):
        return _number("social_security_fra", self.cleaned_data["social_security_fra"])

    def clean(self):
        data = super().clean()
        if bool(data.get("purchase_type")) != bool(data.get("purchase_years")):
            raise forms.ValidationError("To include a service purchase, choose its type and give its years.")
        self._check_purchase_limit(data)
        red, born = data.get("retirement_effective_date"), data.get("beneficiary_birth_date")
        if born is None:
            return data
        if red is None:  # no usable RED to measure the age against: the portal's own birth-date check
            try:
                validate_birth_date(born)
            except forms.ValidationError as error:
                self.add_error("beneficiary_birth_date", error)
        elif born >= red:
            self.add_error("beneficiary_birth_date", "is not before the retirement effective date")
        else:
            problem = bounds.age_problem(born, red, who="the beneficiary")
            if problem is not None:
                self.add_error("beneficiary_birth_date", problem)
        return data

    def _check_purchase_limit(self, data):
        """Years beyond the limit are refused as on the purchase page, never capped silently in the estimate."""
        kind, years = data.get("purchase_type"), data.get("purchase_years")
        if not (kind and years and self.purchase_facts):
            return
        member_facts = self.purchase_facts()
        if member_facts is not None and (beyond := beyond_limit(member_facts, PurchaseType(kind), years)):
            self.add_error("purchase_years", beyond)

    def choices(self) -> dict:
        data = self.cleaned_data
        choices = {"retirement_effective_date": data["retirement_effective_date"].isoformat(),
                   "retirement_type": data["retirement_type"]}
        if data.get("beneficiary_birth_date"):
            choices["beneficiary_birth_date"] = data["beneficiary_birth_date"].isoformat()
        for key in ("projected_wage_increase", "projected_yos", "social_security_fra"):
            if data.get(key) is not None:
                choices[key] = format(data[key], "f")
        if data.get("purchase_type"):
            choices["purchases"] = [{"type": data["purchase_type"], "years": format(data["purchase_years"], "f")}]
        return choices


def _long_red(estimate) -> str:
    return long_date(date.fromisoformat(estimate.result["retirement_effective_date"]))


def _refuse(problem: str | None) -> None:
    if problem is not None:
        raise forms.ValidationError(problem)


def _number(name: str, value: Decimal | None) -> Decimal | None:
    """A decimal input checked as the estimate contract checks it (the same bound, the same words)."""
    if value is None:
        return None
    if value < 0:
        raise forms.ValidationError("must not be negative")
    _refuse(bounds.number_problem(name, value))
    return value


class EstimateNameForm(forms.Form):
    name = forms.CharField(label="Name this estimate", max_length=60,
                           help_text="For example “At 60 with 50% survivor”.")

    def __init__(self, *args, saved=(), **kwargs):
        """``saved``: the member's saved estimates. With four saved, the form asks which one this one replaces
        (RULES §13 keeps four), so the estimate just run is never lost to a refusal."""
        super().__init__(*args, **kwargs)
        if len(saved) >= MAX_SAVED_ESTIMATES:
            self.fields["replace"] = forms.TypedChoiceField(
                label="You already keep four estimates. Which one should this estimate replace?",
                help_text="The one you choose is deleted and this estimate takes its place.",
                widget=forms.RadioSelect, coerce=int,
                choices=[(estimate.pk, f"{estimate.name} (retiring {_long_red(estimate)})") for estimate in saved],
                error_messages={"required": "Choose the saved estimate this one replaces."})

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the estimate a name.")
        return name


class ConfirmDeleteForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, delete this saved estimate",
                                 error_messages={"required": "Tick the box to confirm that you want to delete it."})


# ---------------------------------------------------------------------------------------------------------------
# Service-credit purchase (RULES §2)
# ---------------------------------------------------------------------------------------------------------------

class PurchaseForm(forms.Form):
    credit_type = forms.ChoiceField(label="Type of service to buy")
    years = forms.DecimalField(label="Years to buy", min_value=Decimal("0.0001"), max_value=Decimal(15),
                               max_digits=6, decimal_places=4)
    payment_method = forms.ChoiceField(label="How you would pay", choices=[])
    rollover_source = forms.ChoiceField(label="For a rollover: the plan it comes from", required=False, choices=[])

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CreditType.choices)
        self.fields["credit_type"].choices = [("", "Choose a type")] + [
            (status.type.value, labels[status.type.value]) for status in statuses]
        self.fields["payment_method"].choices = PaymentMethod.choices
        self.fields["rollover_source"].choices = [("", "—")] + RolloverSource.choices

    def clean(self):
        data = super().clean()
        if not self.errors and data["payment_method"] == "ROLLOVER" and not data.get("rollover_source"):
            raise forms.ValidationError("Choose the plan the rollover comes from.")
        return data
