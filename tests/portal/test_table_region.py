"""{% table_region %}: a wide table scrolls inside a focusable, labelled region on a phone (issue 15 item 10); built
into every template, so these render without {% load %}."""

from django.template import engines


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_a_table_is_wrapped_in_a_focusable_region_named_by_its_label():
    html = render('{% table_region "Your documents" %}<table></table>{% end_table_region %}')
    assert html == ('<div class="table-region" role="region" aria-label="Your documents" tabindex="0">'
                    "<table></table></div>")


def test_the_label_joins_words_and_variables_and_is_escaped():
    html = render('{% table_region "Proofs for" name %}<table></table>{% end_table_region %}', name='Ann "A" <Lee>')
    assert 'aria-label="Proofs for Ann &quot;A&quot; &lt;Lee&gt;"' in html

