"""A form field as the portal shows it: ``{{ field|form_field }}``, or a whole form's errors and fields with
``{{ form|form_fields }}``. Built into every template (settings.TEMPLATES "builtins").

The markup is crispy-forms' Bootstrap 5 field (`bootstrap5/field.html`), made in Python instead of through a dozen
nested templates, which cost more than half of the purchase page and a quarter of the estimate POST (issue 16):

- the label tied to the input (``for``), a required field marked with its asterisk;
- the widget as Django renders it, so it keeps ``required``, ``aria-invalid="true"`` when the field has errors and
  ``aria-describedby`` naming the help text and the errors (django.forms.BoundField.build_widget_attrs);
- the errors in ``<div id="<id>_error" class="invalid-feedback">``, one ``<p id="error_<n>_<id>"><strong>`` each, then
  the help text in ``<div id="<id>_helptext" class="form-text">``;
- the whole form's errors (``form_fields``) first, in the alert crispy gave them.

Fields shown as a group (radio buttons, several checkboxes) and file inputs keep crispy's own template: they are on
pages that are not hot, and their markup (fieldset, legend) is crispy's to keep. tests/portal/test_form_field.py
compares this markup with crispy's, field kind by field kind, with and without errors.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.utils import ErrorList
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# crispy's class for each kind of widget, besides the widget's own class name (bootstrap5/field.html)
CHECKBOX_CLASS, SELECT_CLASS, INPUT_CLASS = "form-check-input", "form-select", "form-control"
CRISPY_ONLY = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput, forms.MultiWidget)


@register.filter
def form_field(field):
    widget = field.field.widget
    if field.is_hidden:
        return str(field)
    if isinstance(widget, CRISPY_ONLY):
        return as_crispy_field(field)
    errors = field.errors
    checkbox = isinstance(widget, forms.CheckboxInput)
    kind = SELECT_CLASS if isinstance(widget, forms.Select) else CHECKBOX_CLASS if checkbox else INPUT_CLASS
    control = field.as_widget(attrs={"class": _classes(widget, kind, bool(errors))})
    feedback = _feedback(field, errors)
    if checkbox:
        return format_html('<div class="mb-3"><div id="div_{}" class="form-check{}">{}{}{}</div></div>',
                           field.auto_id, _extra_classes(field), control,
                           _label(field, "form-check-label"), feedback)
    label = _label(field, "form-label") if field.label else ""
    return format_html('<div id="div_{}" class="mb-3{}">{}{}{}</div>', field.auto_id, _extra_classes(field),
                       label, control, feedback)


@register.filter
def form_fields(form):
    """The form's own errors (not tied to a field) in an alert, then each field (crispy's ``|crispy``); nothing for no
    form (a page that shows its form only sometimes, as crispy's filter did)."""
    if not form:
        return ""
    errors = form.non_field_errors()
    alert = format_html('<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                        format_html_join("", "<li>{}</li>", ((error,) for error in errors))) if errors else ""
    return format_html("{}{}", alert, mark_safe("".join(form_field(field) for field in form)))


def _classes(widget, kind: str, invalid: bool) -> str:
    """The widget's classes as crispy sets them: its own, its class name, then Bootstrap's (and ``is-invalid``)."""
    own, name = widget.attrs.get("class", ""), type(widget).__name__.lower()
    classes = own.split() if own else []
    if name not in own:
        classes.append(name)
    for added in (kind, "is-invalid") if invalid else (kind,):
        if added not in classes:
            classes.append(added)
    return " ".join(classes)


def _extra_classes(field) -> str:
    classes = field.css_classes()
    return f" {classes}" if classes else ""


def _label(field, css_class: str):
    required = field.field.required
    return format_html('<label for="{}" class="{}{}">{}{}</label>', field.id_for_label, css_class,
                       " requiredField" if required else "", field.label,
                       mark_safe('<span class="asteriskField">*</span>') if required else "")


def _feedback(field, errors: ErrorList):
    """The field's errors, then its help text (trusted text from the form's code, as crispy shows it)."""
    shown = ""
    if errors:
        shown = format_html('<div id="{}_error" class="invalid-feedback">{}</div>', errors.field_id,
                            format_html_join("", '<p id="error_{}_{}"><strong>{}</strong></p>',
                                             ((n, field.auto_id, error) for n, error in enumerate(errors, 1))))
    if field.help_text:
        shown = format_html('{}<div id="{}_helptext" class="form-text">{}</div>', shown, field.auto_id,
                            mark_safe(field.help_text))
    return shown
