"""What members type on the insurance pages, checked with messages a person understands. Forms never save."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.forms import DateInput
from accounts.uploads import UploadField
from insurance.models import Dependent, LifeBeneficiary, QualifyingEvent, Relation, Situation
from portal.validators import validate_birth_date

# Medicare Beneficiary Identifier: 11 characters; letters exclude S, L, O, I, B and Z (CMS MBI format).
_L = "AC-HJKMNP-RT-Y"
MBI = re.compile(rf"[1-9][{_L}][0-9{_L}][0-9][{_L}][0-9{_L}][0-9][{_L}]{{2}}[0-9]{{2}}")
MEDICARE_STARTED = date(1966, 7, 1)  # nobody's Medicare is older than the program
EARLIEST = date(1900, 1, 1)

MBI_INVALID = ("A Medicare number has 11 characters, like 1EG4-TE5-MK73, as printed on the red, white and blue "
               "Medicare card. Check the number and type it again.")
MEDICARE_NUMBER_NEEDED = "Enter the Medicare number from the card."
PART_DATE_NEEDED = "Enter the date Part {part} starts, from the Medicare card."
PART_B_WITHOUT = "You said this person has only Part A: leave the Part B date empty, or choose “Parts A and B”."
PART_DATE_TOO_EARLY = "Medicare began on July 1, 1966: check this date."
IN_THE_FUTURE = "This date cannot be in the future."
BEFORE_BIRTH = "This date cannot be before the date of birth."
TOO_EARLY = "Check this date: it is too far in the past."
GRADUATION_ONLY_FOR_STUDENTS = "A graduation date is only for a student: choose the student status, or leave it empty."
FORMER_SPOUSE_STAYS = "A former spouse stays a spouse in our records: the divorce is recorded with that relationship."
PLACEMENT_ONLY_FOR_PLACED = "A placement date is only for an adopted child or a child by legal guardianship."
CHOOSE_A_PLAN = "Choose at least one plan."
EVENT_NEEDED = "Choose the qualifying event."
EVENT_DATE_NEEDED = "Enter the date of the qualifying event."
DETAILS_NEEDED = "Tell us the other insurance: the company and who is covered."


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects the view already loaded: no query to render or to check it; cleans to the object."""

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(**kwargs)
        self.empty_label, self.objects = empty_label, {}

    def set_objects(self, objects, label):
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [("", self.empty_label)] + [(key, label(obj)) for key, obj in self.objects.items()]

    def clean(self, value):
        key = super().clean(value)
        return self.objects[key] if key else None


class ObjectMultipleChoiceField(forms.MultipleChoiceField):
    def set_objects(self, objects, label):
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [(key, label(obj)) for key, obj in self.objects.items()]

    def clean(self, value):
        return [self.objects[key] for key in super().clean(value)]


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(IN_THE_FUTURE)
    if value and value < EARLIEST:
        raise forms.ValidationError(TOO_EARLY)
    return value


class MedicareForm(forms.Form):
    """One person's Medicare. The number is write-only: blank keeps the number on file, which is shown masked."""

    ENROLLED_AB, ENROLLED_A, NOT_ENROLLED = "AB", "A", "NONE"
    enrolled = forms.ChoiceField(label="Is this person enrolled in Medicare?", widget=forms.RadioSelect, choices=[
        (ENROLLED_AB, "Yes, in Part A and Part B"), (ENROLLED_A, "In Part A only"), (NOT_ENROLLED, "No, not yet")])
    medicare_number = forms.CharField(label="Medicare number", required=False, max_length=14, strip=True,
                                      widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    medicare_part_a = forms.DateField(label="Part A (hospital) starts on", required=False, widget=DateInput())
    medicare_part_b = forms.DateField(label="Part B (medical) starts on", required=False, widget=DateInput())
    individual_part_d = forms.BooleanField(
        label="Enrolled in an individual Medicare Part D (prescription drug) plan of their own", required=False)

    def __init__(self, *args, masked_number="", **kwargs):
        super().__init__(*args, **kwargs)
        self.masked_number = masked_number
        self.fields["medicare_number"].help_text = (
            f"We have the number ending in {masked_number[-4:]}. Leave this empty to keep it." if masked_number
            else "11 characters, from the red, white and blue Medicare card.")

    def clean_medicare_number(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data["medicare_number"]).upper()
        if value and not MBI.fullmatch(value):
            raise forms.ValidationError(MBI_INVALID)
        return value

    def _clean_part(self, name):
        value = self.cleaned_data.get(name)
        if value and value < MEDICARE_STARTED:
            self.add_error(name, PART_DATE_TOO_EARLY)
        return value

    def clean(self):
        cleaned = super().clean()
        enrolled = cleaned.get("enrolled")
        part_a, part_b = self._clean_part("medicare_part_a"), self._clean_part("medicare_part_b")
        if enrolled == self.NOT_ENROLLED:
            cleaned.update(medicare_number="", medicare_part_a=None, medicare_part_b=None)
            return cleaned
        if enrolled in (self.ENROLLED_AB, self.ENROLLED_A):
            if not part_a and "medicare_part_a" not in self.errors:
                self.add_error("medicare_part_a", PART_DATE_NEEDED.format(part="A"))
            if enrolled == self.ENROLLED_AB and not part_b and "medicare_part_b" not in self.errors:
                self.add_error("medicare_part_b", PART_DATE_NEEDED.format(part="B"))
            if enrolled == self.ENROLLED_A and part_b:
                self.add_error("medicare_part_b", PART_B_WITHOUT)
            if not cleaned.get("medicare_number") and not self.masked_number and "medicare_number" not in self.errors:
                self.add_error("medicare_number", MEDICARE_NUMBER_NEEDED)
        if cleaned.get("medicare_number") == "":
            cleaned["medicare_number"] = None  # keep the number on file
        return cleaned


DEPENDENT_FIELDS = [
    "first_name", "last_name", "relation", "birth_date", "married", "student", "graduation_date", "disabled",
    "dependent_for_support", "placement_date", "has_other_coverage", "lives_with_member",
    "life_enrolled_while_active", "spouse_enrolled_separately", "lives_with_member_half_time",
    "member_provides_half_support", "covered_through_termination", "not_eligible_elsewhere", "lives_in_household",
]


class DependentForm(forms.ModelForm):
    class Meta:
        model = Dependent
        fields = DEPENDENT_FIELDS
        widgets = {"birth_date": DateInput(), "graduation_date": DateInput(), "placement_date": DateInput()}
        labels = {
            "relation": "Relationship to you",
            "married": "This child is married",
            "student": "Attends school",
            "disabled": "Totally and permanently disabled, unable to support themselves by working",
            "has_other_coverage": "Has other health coverage (another group plan or Medicare)",
            "lives_with_member": "Lives with you",
            "life_enrolled_while_active": "Was covered by your life insurance while you worked",
            "spouse_enrolled_separately": "Your spouse is enrolled as a state employee or retiree in their own right",
            "lives_with_member_half_time": "Lives with you at least half of the time",
            "member_provides_half_support": "You provide at least half of their support",
            "covered_through_termination": "Was covered by your insurance through your last day of work",
            "not_eligible_elsewhere": "Cannot get coverage elsewhere (the other parent's plan, MIChild, Medicaid)",
            "lives_in_household": "Lives in your household",
        }
        help_texts = {
            "graduation_date": "For a student: the actual or expected graduation.",
            "placement_date": "For an adopted child or a child by guardianship: the date of placement.",
            "dependent_for_support": "As the IRS defines it: you can list them as a dependent on your tax return.",
        }

    def clean_birth_date(self):
        return validate_birth_date(self.cleaned_data["birth_date"])

    def clean(self):
        cleaned = super().clean()
        born, relation = cleaned.get("birth_date"), cleaned.get("relation")
        if self.instance.divorce_date and relation and relation != Relation.SPOUSE:
            self.add_error("relation", FORMER_SPOUSE_STAYS)
        if cleaned.get("graduation_date") and cleaned.get("student") in (None, "", "NONE"):
            self.add_error("graduation_date", GRADUATION_ONLY_FOR_STUDENTS)
        placement = cleaned.get("placement_date")
        if placement:
            if relation not in (Relation.ADOPTED_CHILD, Relation.GUARDIANSHIP_CHILD):
                self.add_error("placement_date", PLACEMENT_ONLY_FOR_PLACED)
            elif born and placement < born:
                self.add_error("placement_date", BEFORE_BIRTH)
        return cleaned


class ProofUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Which proof is this?")
    file = UploadField(label="File")

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose the proof")] + [(line.kind, line.label) for line in lines]


class EnrolmentForm(forms.Form):
    situation = forms.ChoiceField(label="Why are you enrolling or changing?", widget=forms.RadioSelect)
    qualifying_event = forms.ChoiceField(label="Qualifying event", required=False,
                                         choices=[("", "Not a qualifying event")] + QualifyingEvent.choices)
    event_date = forms.DateField(label="Date of the event", required=False, widget=DateInput(),
                                 help_text="We must receive your request and proofs within 30 days of it.")
    health_plan = ObjectChoiceField(label="Health plan", required=False, empty_label="No health plan")
    prescription_plan = ObjectChoiceField(label="Prescription drug plan", required=False,
                                          empty_label="No prescription drug plan")
    dental_plan = ObjectChoiceField(label="Dental plan", required=False, empty_label="No dental plan")
    vision_plan = ObjectChoiceField(label="Vision plan", required=False, empty_label="No vision plan")
    dependents = ObjectMultipleChoiceField(label="Who else to cover", required=False,
                                           widget=forms.CheckboxSelectMultiple)

    PLAN_FIELDS = ("health_plan", "prescription_plan", "dental_plan", "vision_plan")

    def __init__(self, *args, situations, plans_by_line, dependents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].choices = [(s, Situation(s).label) for s in situations]
        for line, plans in plans_by_line.items():
            self.fields[line].set_objects(plans, lambda plan: f"{plan.name} — {plan.carrier.name}")
        self.fields["dependents"].set_objects(dependents, lambda d: f"{d.full_name} ({d.get_relation_display()})")

    def clean_event_date(self):
        return _not_future(self.cleaned_data["event_date"])

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.PLAN_FIELDS) and not any(
                name in self.errors for name in self.PLAN_FIELDS):
            self.add_error(None, CHOOSE_A_PLAN)
        if cleaned.get("situation") == Situation.QUALIFYING_EVENT:
            if not cleaned.get("qualifying_event"):
                self.add_error("qualifying_event", EVENT_NEEDED)
            if not cleaned.get("event_date") and "event_date" not in self.errors:
                self.add_error("event_date", EVENT_DATE_NEEDED)
        else:
            cleaned["qualifying_event"], cleaned["event_date"] = "", None
        return cleaned

    def plans(self):
        return {name: self.cleaned_data.get(name) for name in self.PLAN_FIELDS}


class ConfirmDateForm(forms.Form):
    """The last step: the date the member read travels back, and they tick that they read it."""

    shown_date = forms.DateField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=True)

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].label = label
        self.fields["confirmed"].error_messages["required"] = "Tick the box to confirm, or go back."


class DivorceForm(forms.Form):
    divorce_date = forms.DateField(label="Date of the divorce", widget=DateInput(),
                                   help_text="As on the judgment of divorce.")

    def clean_divorce_date(self):
        return _not_future(self.cleaned_data["divorce_date"])


class VerificationForm(forms.Form):
    has_other_coverage = forms.TypedChoiceField(
        label="Do you or anyone on your insurance have other health coverage?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes")
    details = forms.CharField(label="If yes: the insurance company and who is covered", required=False,
                              max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_other_coverage") and not cleaned.get("details"):
            self.add_error("details", DETAILS_NEEDED)
        return cleaned


class LifeBeneficiaryForm(forms.ModelForm):
    share_percent = forms.DecimalField(label="Share (percent)", min_value=Decimal("0.01"), max_value=Decimal(100),
                                       decimal_places=2,
                                       max_digits=5)

    class Meta:
        model = LifeBeneficiary
        fields = ["kind", "name", "relationship", "share_percent"]
        labels = {"kind": "Beneficiary", "name": "Name (of the person, or of the trust)",
                  "relationship": "Relationship to you (optional)"}
        help_texts = {"name": "For your estate, write “Estate of” and your name."}


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(required=True)

    def __init__(self, *args, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].label = label
        self.fields["confirmed"].error_messages["required"] = "Tick the box to confirm, or go back."
