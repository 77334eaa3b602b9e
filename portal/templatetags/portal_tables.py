"""A data table on a phone (issue 15 item 10): ``{% table_region "label" %}<table>…</table>{% end_table_region %}``
(the label may be several words and variables, joined by spaces: ``{% table_region "Proofs for" person.name %}``).

A table wider than the screen scrolls inside its own box instead of pushing the page sideways; the box is a
labelled region that takes keyboard focus, so it can be scrolled with the arrow keys and a screen reader names it
(WCAG 2.1.1 and axe's scrollable-region-focusable). Built into every template (settings.TEMPLATES "builtins").
"""

from django import template
from django.utils.html import format_html

register = template.Library()


class TableRegionNode(template.Node):
    def __init__(self, label_parts, nodelist):
        self.label_parts, self.nodelist = label_parts, nodelist

    def render(self, context):
        label = " ".join(str(part.resolve(context)) for part in self.label_parts)
        return format_html('<div class="table-region" role="region" aria-label="{}" tabindex="0">{}</div>',
                           label, self.nodelist.render(context))


@register.tag
def table_region(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs the region's label")
    nodelist = parser.parse(("end_table_region",))
    parser.delete_first_token()
    return TableRegionNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist)
