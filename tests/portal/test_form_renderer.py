"""portal.form_renderer writes the plain inputs and selects in Python: the markup must be Django's own, byte for byte."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from portal.form_renderer import FormRenderer


class EveryPlainWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="Help")
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.DecimalField(min_value=0, max_digits=5, decimal_places=2)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput)
    datetime = forms.DateTimeField(widget=forms.DateTimeInput)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    tel = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "data-x": 'a "quoted" <value>'}))
    color = forms.CharField(widget=forms.TextInput(attrs={"type": "color", "disabled": True, "hidden": False}))
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("", "—"), ("a", "A & B"), ("<b>", "<b>bold</b>")])
    grouped = forms.ChoiceField(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("none", "None")])
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")], required=False)
    typed = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int)


FILLED = {"text": 'O\'Brien <"x">', "email": "a@example.com", "url": "https://example.com/?a=1&b=2",
          "password": "s3cret&", "hidden": "h", "number": Decimal("12.50"), "date": datetime.date(2027, 1, 1),
          "time": datetime.time(9, 30), "datetime": datetime.datetime(2027, 1, 1, 9, 30), "search": "q",
          "tel": "555", "color": "#ffffff", "agree": True, "choice": "<b>", "grouped": "pear", "many": [1, 3],
          "typed": 2}


def _rendered(form, renderer):
    form.renderer = renderer
    return [str(field) for field in form]


@pytest.mark.parametrize("state", ["empty", "initial", "bound with errors", "bound valid"])
def test_every_plain_widget_renders_as_djangos_templates_do(state):
    def form():
        if state == "empty":
            return EveryPlainWidget()
        if state == "initial":
            return EveryPlainWidget(initial=FILLED)
        data = {"text": "x" * 30, "number": "-1", "choice": "zzz"} if state == "bound with errors" else {
            **{key: str(value) for key, value in FILLED.items() if key != "many"}, "many": ["1", "3"]}
        bound = EveryPlainWidget(data)
        bound.is_valid()
        return bound

    assert _rendered(form(), FormRenderer()) == _rendered(form(), DjangoTemplates())


def test_a_widget_the_renderer_does_not_write_is_rendered_by_djangos_templates():
    class Radio(forms.Form):
        pick = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        upload = forms.FileField()

    assert _rendered(Radio(), FormRenderer()) == _rendered(Radio(), DjangoTemplates())
    assert 'type="radio"' in _rendered(Radio(), FormRenderer())[0]
