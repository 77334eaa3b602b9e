"""The portal's form field (portal/templatetags/portal_forms.py) shows exactly what crispy-forms' Bootstrap 5 field
showed: the same elements, attributes and text (label, required mark, help text and errors tied to the input with
aria-describedby, aria-invalid), whitespace aside."""

import re
from datetime import date

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms

from accounts.forms import DateInput
from pensions.forms import EstimateForm, PurchaseForm, RefundForm, SurvivorForm
from portal.templatetags.portal_forms import form_field, form_fields
from tests.factories import ClaimedMemberFactory


def _markup(html: str) -> str:
    """HTML with runs of whitespace made one space and none between tags or around text in a tag."""
    return re.sub(r"\s*(<|>)\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


class EveryKind(forms.Form):
    text = forms.CharField(label="Your name", max_length=20, help_text="As on your <em>ID</em>.")
    note = forms.CharField(label="A note", required=False, widget=forms.Textarea)
    email = forms.EmailField(label="E-mail")
    born = forms.DateField(label="Date of birth", widget=DateInput())
    amount = forms.DecimalField(label="Amount", min_value=1, help_text="In dollars.")
    colour = forms.ChoiceField(label="Colour", choices=[("", "—"), ("RED", "Red")])
    styled = forms.CharField(label="Styled", required=False, widget=forms.TextInput(attrs={"class": "wide"}))
    agree = forms.BooleanField(label="I agree", help_text="Tick to agree.")
    optional_tick = forms.BooleanField(label="Optional", required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    pick = forms.ChoiceField(label="Pick one", choices=[("A", "A"), ("B", "B")], widget=forms.RadioSelect)

    def clean(self):
        raise forms.ValidationError(["The whole form is wrong.", "And <this> too."])


BAD = {"text": "x" * 30, "email": "not-an-email", "born": "2023-02-30", "amount": "0", "colour": "BLUE",
       "agree": "", "pick": "C"}


def _forms():
    member = ClaimedMemberFactory(date_of_birth=date(1964, 5, 2))
    return [
        EveryKind(), EveryKind(BAD),
        EstimateForm(member=member), EstimateForm({"retirement_effective_date": "2020-01-02"}, member=member),
        PurchaseForm(statuses=[]), PurchaseForm({"years": "99"}, statuses=[]),
        SurvivorForm(member=member), SurvivorForm({"birth_date": "1800-01-01"}, member=member),
        RefundForm(), RefundForm({"share_1": "0"}),
    ]


@pytest.mark.django_db
def test_each_field_is_shown_as_crispy_showed_it():
    for form in _forms():
        form.is_valid()
        for field in form:
            assert _markup(form_field(field)) == _markup(as_crispy_field(field)), field.name


@pytest.mark.django_db
def test_a_whole_form_with_its_own_errors_is_shown_as_crispy_showed_it():
    form = EveryKind(BAD)
    form.is_valid()
    shown = _markup(form_fields(form))
    assert shown == _markup(as_crispy_form(form))
    assert 'aria-invalid="true"' in shown and "&lt;this&gt;" in shown


@pytest.mark.django_db
def test_an_invalid_input_names_its_error_and_help_text():
    form = EveryKind(BAD)
    form.is_valid()
    shown = str(form_field(form["amount"]))
    assert 'aria-describedby="id_amount_helptext id_amount_error"' in shown
    assert 'aria-invalid="true"' in shown
    assert '<div id="id_amount_error" class="invalid-feedback"><p id="error_1_id_amount"><strong>' in shown


def test_no_form_shows_nothing():
    assert form_fields(None) == form_fields("") == ""
