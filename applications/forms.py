"""What members type on the retirement application, checked with messages a person understands. Forms never save.

Every step's form has two ways out: "Save and continue" (``complete=True``: the step's answers must be whole) and
"Save and come back later" (``complete=False``: what is typed must be valid, but may be unfinished).
"""

from datetime import timedelta
from decimal import Decimal

from django import forms

from accounts.forms import DateInput
from applications.models import Application
from applications.selectors import TaxAnswers
from applications.validators import routing_number_problem
from insurance.forms import ObjectChoiceField, ObjectMultipleChoiceField
from pensions.models import Relationship
from portal.validators import validate_birth_date

LATEST_LAST_DAY_YEARS = 5  # a last day of work further ahead is a plan, not an application (apply 3 months ahead)
MAX_ANNUAL = Decimal("10000000")  # W-4P annual amounts: far above any pensioner's, below the column's size
MAX_MONTHLY = Decimal("100000")

LAST_DAY_NEEDED = "Enter the last day you will work."
LAST_DAY_PAST = "Your last day of work cannot be in the past: enter today or a later date."
LAST_DAY_TOO_FAR = f"Enter a last day of work within the next {LATEST_LAST_DAY_YEARS} years."
CHOOSE_OPTION = "Choose a payment option."
ACKNOWLEDGE = ("Tick the box to confirm you understand that your option and beneficiary can never change after your "
               "retirement effective date.")
BENEFICIARY_FIELDS_NEEDED = "Enter your survivor beneficiary's name, relationship and date of birth."
SS_NEEDED = "Enter your Social Security estimate at full retirement age to choose the equated plan."
CHOOSE_DECISION = "Choose whether to enrol in insurance at retirement."
HEALTH_PLAN_NEEDED = "Choose a health plan, or choose not to enrol."
FEDERAL_NEEDED = "Choose whether federal income tax is withheld."
MICHIGAN_NEEDED = "Choose whether Michigan income tax is withheld."
FILING_STATUS_NEEDED = "Choose your filing status."
ACCOUNTS_DIFFER = "The two account numbers are not the same: type the number again in both boxes."
ACCOUNT_FORMAT = "A bank account number has 4 to 17 digits (no spaces or letters)."
ACCOUNT_TYPE_NEEDED = "Choose checking or savings."
ROUTING_NEEDED = "Enter the 9-digit routing number."
ACCOUNT_NEEDED = "Enter the account number in both boxes."

YES_NO = [("yes", "Yes"), ("no", "No")]


class StartForm(forms.Form):
    last_day_worked = forms.DateField(label="Your last day of work", widget=DateInput(),
                                      error_messages={"required": LAST_DAY_NEEDED},
                                      help_text="The pension starts on the first day of the following month at the "
                                                "earliest.")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_last_day_worked(self):
        value = self.cleaned_data["last_day_worked"]
        if value < self.today:
            raise forms.ValidationError(LAST_DAY_PAST)
        if value > self.today + timedelta(days=365 * LATEST_LAST_DAY_YEARS):
            raise forms.ValidationError(LAST_DAY_TOO_FAR)
        return value


class StepForm(forms.Form):
    """A step's form: ``complete`` says whether the answers must be whole (Save and continue) or not (later)."""

    def __init__(self, *args, complete=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.complete = complete


class OptionForm(StepForm):
    ON_FILE, NEW = "on_file", "new"

    option = forms.ChoiceField(label="Payment option", widget=forms.RadioSelect, required=False,
                               choices=Application.Option.choices)
    beneficiary_source = forms.ChoiceField(label="Survivor beneficiary", widget=forms.RadioSelect, required=False,
                                           choices=[(NEW, "Someone else")])
    beneficiary_name = forms.CharField(label="Beneficiary's full name", max_length=160, required=False)
    beneficiary_relationship = forms.ChoiceField(label="Relationship to you", required=False)
    beneficiary_birth_date = forms.DateField(label="Beneficiary's date of birth", widget=DateInput(), required=False,
                                             validators=[validate_birth_date])
    beneficiary_dependent = forms.BooleanField(
        label="Depends on you for at least half of their support", required=False)
    equated = forms.BooleanField(label="I choose the equated plan", required=False)
    social_security_fra = forms.DecimalField(
        label="Social Security estimate at full retirement age, monthly ($)", required=False, min_value=0,
        max_value=MAX_MONTHLY, decimal_places=2, max_digits=9,
        help_text="From your Social Security statement (ssa.gov/myaccount).")
    acknowledged = forms.BooleanField(
        label="I understand that my payment option and survivor beneficiary can never be changed after my "
              "retirement effective date.", required=False)

    def __init__(self, *args, relations, on_file=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.on_file = on_file
        self.fields["beneficiary_relationship"].choices = [("", "Choose")] + [
            (value, label) for value, label in Relationship.choices if value in relations]
        if on_file is not None:
            self.fields["beneficiary_source"].choices = [
                (self.ON_FILE, f"{on_file.name} ({on_file.get_relationship_display().lower()}), on file"),
                (self.NEW, "Someone else")]

    def clean(self):
        cleaned = super().clean()
        option = cleaned.get("option")
        survivor = option and option != Application.Option.STRAIGHT_LIFE
        cleaned["beneficiary"] = self._beneficiary(cleaned) if survivor else None
        if cleaned.get("equated") and cleaned.get("social_security_fra") is None \
                and "social_security_fra" not in self.errors:
            self.add_error("social_security_fra", SS_NEEDED)
        if self.complete:
            if not option:
                self.add_error("option", CHOOSE_OPTION)
            if survivor and cleaned["beneficiary"] is None and not self.errors:
                self.add_error(None, BENEFICIARY_FIELDS_NEEDED)
            if not cleaned.get("acknowledged"):
                self.add_error("acknowledged", ACKNOWLEDGE)
        return cleaned

    def _beneficiary(self, cleaned):
        if cleaned.get("beneficiary_source") == self.ON_FILE and self.on_file is not None:
            person = self.on_file
            if person.birth_date is None:
                return None
            return {"name": person.name, "relationship": person.relationship, "birth_date": person.birth_date,
                    "dependent": person.dependent}
        name, relationship = cleaned.get("beneficiary_name"), cleaned.get("beneficiary_relationship")
        birth_date = cleaned.get("beneficiary_birth_date")
        if not (name and relationship and birth_date):
            return None
        return {"name": name, "relationship": relationship, "birth_date": birth_date,
                "dependent": cleaned.get("beneficiary_dependent", False)}


class InsuranceForm(StepForm):
    PLAN_FIELDS = ("health_plan", "prescription_plan", "dental_plan", "vision_plan")

    decision = forms.ChoiceField(label="Insurance at retirement", widget=forms.RadioSelect, required=False,
                                 choices=Application.InsuranceDecision.choices)
    health_plan = ObjectChoiceField(label="Health plan", required=False, empty_label="No health plan")
    prescription_plan = ObjectChoiceField(label="Prescription drug plan", required=False,
                                          empty_label="No prescription drug plan")
    dental_plan = ObjectChoiceField(label="Dental plan", required=False, empty_label="No dental plan")
    vision_plan = ObjectChoiceField(label="Vision plan", required=False, empty_label="No vision plan")
    dependents = ObjectMultipleChoiceField(label="Who else to cover", required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, plans_by_line, dependents, **kwargs):
        super().__init__(*args, **kwargs)
        for line, plans in plans_by_line.items():
            self.fields[line].set_objects(plans, lambda plan: f"{plan.name} — {plan.carrier.name}")
        self.fields["dependents"].set_objects(dependents, lambda d: f"{d.full_name} ({d.get_relation_display()})")

    def clean(self):
        cleaned = super().clean()
        if self.complete and not cleaned.get("decision"):
            self.add_error("decision", CHOOSE_DECISION)
        if cleaned.get("decision") == Application.InsuranceDecision.ENROL and not cleaned.get("health_plan") \
                and "health_plan" not in self.errors:
            self.add_error("health_plan", HEALTH_PLAN_NEEDED)
        return cleaned

    def plans(self):
        return {name: self.cleaned_data.get(name) for name in self.PLAN_FIELDS}


def _money(label, maximum, help_text=""):
    return forms.DecimalField(label=label, required=False, min_value=0, max_value=maximum, decimal_places=2,
                              max_digits=11, help_text=help_text)


class TaxForm(StepForm):
    federal_withhold = forms.ChoiceField(label="Withhold federal income tax from your pension?",
                                         widget=forms.RadioSelect, choices=YES_NO, required=False)
    federal_filing_status = forms.ChoiceField(label="Federal filing status (Form W-4P Step 1(c))", required=False,
                                              choices=[("", "Choose")] + Application.FederalFilingStatus.choices)
    step2_other_income = _money("Step 2(b)(iii): taxable income from other jobs and pensions, a year ($)",
                                MAX_ANNUAL)
    step3_credits = _money("Step 3: credits for dependents and others, a year ($)", MAX_ANNUAL)
    step4a_other_income = _money("Step 4(a): other income, a year ($)", MAX_ANNUAL)
    step4b_deductions = _money("Step 4(b): deductions beyond the standard deduction, a year ($)", MAX_ANNUAL)
    step4c_extra = _money("Step 4(c): extra withholding from each payment ($)", MAX_MONTHLY)
    michigan_withhold = forms.ChoiceField(label="Withhold Michigan income tax from your pension?",
                                          widget=forms.RadioSelect, choices=YES_NO, required=False)
    michigan_filing_status = forms.ChoiceField(label="Michigan filing status (MI W-4P)", required=False,
                                               choices=[("", "Choose")] + Application.MichiganFilingStatus.choices)
    michigan_exemptions = forms.IntegerField(label="Michigan personal exemptions", required=False, min_value=0,
                                             max_value=99)
    michigan_additional = _money("Additional Michigan withholding from each payment ($)", MAX_MONTHLY)

    AMOUNTS = ("step2_other_income", "step3_credits", "step4a_other_income", "step4b_deductions", "step4c_extra",
               "michigan_additional")

    def clean(self):
        cleaned = super().clean()
        for name in self.AMOUNTS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = Decimal(0)
        if cleaned.get("michigan_exemptions") is None and "michigan_exemptions" not in self.errors:
            cleaned["michigan_exemptions"] = 0
        for prefix, needed in (("federal", FEDERAL_NEEDED), ("michigan", MICHIGAN_NEEDED)):
            answer = cleaned.get(f"{prefix}_withhold")
            if self.complete and not answer:
                self.add_error(f"{prefix}_withhold", needed)
            if answer == "yes" and self.complete and not cleaned.get(f"{prefix}_filing_status") \
                    and f"{prefix}_filing_status" not in self.errors:
                self.add_error(f"{prefix}_filing_status", FILING_STATUS_NEEDED)
        return cleaned

    def answers(self):
        data = self.cleaned_data
        return TaxAnswers(
            data.get("federal_withhold") != "no", data.get("federal_filing_status") or "SINGLE",
            data["step2_other_income"], data["step3_credits"], data["step4a_other_income"],
            data["step4b_deductions"], data["step4c_extra"], data.get("michigan_withhold") != "no",
            data.get("michigan_filing_status") or "SINGLE", data["michigan_exemptions"], data["michigan_additional"])


class NoEchoInput(forms.TextInput):
    """A text box that never writes back what was typed: a page shown again after an error holds no account
    number (SECURITY.md: the number is shown masked everywhere)."""

    def format_value(self, value):
        return None


class DepositForm(StepForm):
    routing_number = forms.CharField(label="Routing number", max_length=9, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                                     help_text="9 digits: the first number along the bottom of a check.")
    account_number = forms.CharField(label="Account number", max_length=17, required=False,
                                     widget=NoEchoInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    account_number_again = forms.CharField(label="Account number again", max_length=17, required=False,
                                           widget=NoEchoInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    account_type = forms.ChoiceField(label="Type of account", widget=forms.RadioSelect, required=False,
                                     choices=Application.AccountType.choices)

    def clean_routing_number(self):
        value = "".join(self.cleaned_data["routing_number"].split())
        if value and (problem := routing_number_problem(value)):
            raise forms.ValidationError(problem)
        return value

    def _account(self, name):
        value = "".join(self.cleaned_data[name].replace("-", " ").split())
        if value and not (value.isdigit() and 4 <= len(value) <= 17):
            raise forms.ValidationError(ACCOUNT_FORMAT)
        return value

    def clean_account_number(self):
        return self._account("account_number")

    def clean_account_number_again(self):
        return self._account("account_number_again")

    def clean(self):
        cleaned = super().clean()
        first, again = cleaned.get("account_number"), cleaned.get("account_number_again")
        if first is not None and again is not None and first != again:
            self.add_error("account_number_again", ACCOUNTS_DIFFER)
        if self.complete:
            for name, message in (("routing_number", ROUTING_NEEDED), ("account_number", ACCOUNT_NEEDED),
                                  ("account_type", ACCOUNT_TYPE_NEEDED)):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    @property
    def whole(self):
        data = self.cleaned_data
        return bool(data.get("routing_number") and data.get("account_number") and data.get("account_type"))


class SubmitForm(forms.Form):
    shown_red = forms.DateField(widget=forms.HiddenInput)
    esign_consent = forms.BooleanField(
        label="I agree to receive and sign my retirement application and the letters about it electronically.",
        required=False)
    declaration = forms.BooleanField(
        label="I declare that the answers on this application are true and complete to the best of my knowledge.",
        required=False)
    signature = forms.CharField(label="Type your full name to sign", max_length=200, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
