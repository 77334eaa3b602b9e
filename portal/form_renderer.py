"""Django's form renderer, the plain ``<input>`` and ``<select>`` written in Python (settings.FORM_RENDERER).

Each widget Django renders goes through three or four nested templates (``text.html`` → ``input.html`` →
``attrs.html``, and one ``select_option.html`` per option): ~0.5 ms a field, a quarter of the estimate POST and of
the purchase quote (issue 16). Here those templates' exact output is made from the same context the widget built
(``Widget.get_context``: its value, ``required``, ``aria-*`` and the other attributes), so what reaches the browser
does not change. Every other template — radio buttons, checkboxes in a list, the admin's widgets, a select with
its own option template — is rendered by Django as before. tests/portal/test_form_renderer.py compares the output with
Django's templates for each widget this replaces.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape

WIDGETS = "django/forms/widgets/"
# The widget templates whose whole body is {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html" for name in ("checkbox", "color", "date", "datetime", "email", "hidden", "number",
                                         "password", "search", "tel", "text", "time", "url"))
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


# As the templates do: ``{{ x }}`` is conditional_escape(x); ``{{ x|stringformat:'s' }}`` is escape(str(x)).
def _attrs(attrs: dict) -> str:
    """attrs.html: `` name="value"`` each, a True value as the bare name, a False one left out."""
    return "".join(f" {conditional_escape(name)}" if value is True
                   else f' {conditional_escape(name)}="{escape(value)}"'
                   for name, value in attrs.items() if value is not False)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}'
            f'{_attrs(widget["attrs"])}>')


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a custom option template: Django renders the whole select
            parts.append(f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{conditional_escape(option["label"])}</option>\n')  # the option template's last line end
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                return _input(widget)
            if template_name == SELECT_TEMPLATE and (html := _select(widget)) is not None:
                return html
        return super().render(template_name, context, request)
