from django import forms
from django.contrib.auth import password_validation
from django.core.validators import RegexValidator
from django.utils import timezone

from accounts.models import MEMBER_ID_FORMAT, User
from accounts.uploads import UploadField
from portal.validators import validate_birth_date, zip_state_problem

US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
    ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "District of Columbia"),
    ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"),
    ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"),
    ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
    ("PA", "Pennsylvania"), ("PR", "Puerto Rico"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"),
    ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
]
ZIP_CODE = RegexValidator(r"^\d{5}(-\d{4})?$", "Enter a ZIP code of 5 digits, or 5+4 like 48909-7671.")
SSN_LAST4 = RegexValidator(r"^\d{4}$", "Enter the last four digits of your Social Security number.")
MOVE_HORIZON_DAYS = 366  # a scheduled move may be entered up to a year ahead


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ClaimForm(forms.Form):
    member_id = forms.CharField(label="Member ID", max_length=8, validators=[MEMBER_ID_FORMAT],
                                help_text="8 digits, on your annual statement.",
                                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    date_of_birth = forms.DateField(label="Date of birth", widget=DateInput(attrs={"autocomplete": "bday"}))
    ssn_last4 = forms.CharField(label="Last four digits of your Social Security number", max_length=4,
                                validators=[SSN_LAST4],
                                widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    email = forms.EmailField(label="Your e-mail address", max_length=254,
                             help_text="We send a confirmation link here; it becomes your sign-in.",
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def clean_member_id(self):
        return self.cleaned_data["member_id"].strip()

    def clean_date_of_birth(self):
        return validate_birth_date(self.cleaned_data["date_of_birth"])


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(label="Choose a password", strip=False,
                                help_text="At least 12 characters. A few unrelated words make a strong password.",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="Type the password again", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match.")
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label="New e-mail address", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class PhoneForm(forms.Form):
    phone = forms.CharField(label="Phone number", max_length=20,
                            help_text="10 digits, for example 517-555-0123.",
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    def clean_phone(self):
        digits = "".join(ch for ch in self.cleaned_data["phone"] if ch.isdigit())
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if len(digits) != 10 or digits[0] in "01":
            raise forms.ValidationError("Enter a 10-digit US phone number, for example 517-555-0123.")
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


class AddressForm(forms.Form):
    line1 = forms.CharField(label="Street address", max_length=120,
                            widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    line2 = forms.CharField(label="Apartment, suite or unit (optional)", max_length=120, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "address-line2"}))
    city = forms.CharField(max_length=80, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    state = forms.ChoiceField(choices=[("", "Choose a state")] + US_STATES,
                              widget=forms.Select(attrs={"autocomplete": "address-level1"}))
    postal_code = forms.CharField(label="ZIP code", max_length=10, validators=[ZIP_CODE],
                                  widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    effective_date = forms.DateField(label="Use this address from", widget=DateInput(),
                                     help_text="Today, or a later date if you are moving.")

    def clean_effective_date(self):
        effective = self.cleaned_data["effective_date"]
        today = timezone.localdate()
        if effective < today:
            raise forms.ValidationError("The address cannot start in the past. Use today's date or a later one.")
        if (effective - today).days > MOVE_HORIZON_DAYS:
            raise forms.ValidationError("A move can be scheduled up to one year ahead.")
        return effective

    def clean(self):
        cleaned = super().clean()
        postal_code, state = cleaned.get("postal_code"), cleaned.get("state")
        if postal_code and state:
            problem = zip_state_problem(postal_code, state, state_name=dict(US_STATES)[state])
            if problem:
                self.add_error("postal_code", problem)
        return cleaned


class RevealReasonForm(forms.Form):
    """Why a staff member needs a member's full SSN; kept in the audit entry of the reveal (SECURITY.md AC-10)."""

    reason = forms.CharField(
        min_length=10, max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        label="Why does your task need the full number?",
        help_text="For example: “Verifying identity with the Social Security Administration, case 2026-0142.”",
        error_messages={"required": "Give the reason you need the full number.",
                        "min_length": "Say a little more: at least 10 characters."})


class CancelMoveForm(forms.Form):
    confirmed = forms.BooleanField(label="Cancel this move and keep the address on file",
                                   error_messages={"required": "Tick the box to confirm, or go back."})


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label="What is this document?", max_length=120,
                            help_text="For example: “Birth certificate” or “Marriage certificate”.")
    file = UploadField(label="File")
