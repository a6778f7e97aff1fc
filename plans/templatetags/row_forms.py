"""``{% crispy_row form %}``: a row form of a page that shows many alike, rendered once.

The team lead's feed shows a review form on each of its 30 rows, the plan
page a progress form on each measure and an answer form on each review asking
for changes; the forms of a kind differ only in their key (in the prefix, the
ids and the data attribute) and their action. crispy-forms took about a
millisecond to render one (a third of a millisecond since its templates are
written in Python, core.forms.crispy), most of the feed's time once its
queries were fast. The tag renders the first form
of each kind (and initial values) on the page with placeholders for the key and
the action, in the page's own context (so with its CSRF token), and gives each
row that HTML with its own key and action put in: what ``{% crispy form %}``
renders, character for character (``tests/plans/test_row_forms.py`` compares
them). The plan page's progress forms all start from today's date: stamped
too, its process time fell from 64.6 to 45.5 ms (a plan of fifteen measures,
100 000 clients, by turns).
"""

from typing import Any

from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from plans.forms.changes import RowForm

register = template.Library()

# Stand in for a row's key and action in the rendered stamp: strings no form
# renders otherwise, and that HTML escaping leaves as they are.
STAMP_KEY = "crispy-row-stamp-key-5f3a9c"
STAMP_ACTION = "/crispy-row-stamp-action-5f3a9c/"


@register.simple_tag(takes_context=True)
def crispy_row(context: template.Context, form: RowForm) -> str:
    """What ``{% crispy form %}`` renders for ``form``, from the page's stamp of its kind.

    Forms of a kind given the same initial values (the plan page's progress
    forms: today's date) share a stamp, with each form's own key and action
    put in. A bound form (with its data and errors), or one whose initial
    values cannot be compared, is rendered by crispy on its own.
    """
    if form.is_bound:
        return _crispy(context, form)
    try:
        stamp_of = (type(form), tuple(sorted(form.initial.items())))
        hash(stamp_of)
    except TypeError:
        return _crispy(context, form)
    render_context: Any = context.render_context  # the stubs type its values narrowly
    stamps: dict[Any, str] = render_context.setdefault("crispy_row", {})
    if stamp_of not in stamps:
        stamp = type(form)(action=STAMP_ACTION, key=STAMP_KEY, initial=dict(form.initial))
        stamps[stamp_of] = _crispy(context, stamp)
    html = (
        stamps[stamp_of]
        .replace(STAMP_KEY, conditional_escape(form.row_key))
        .replace(STAMP_ACTION, conditional_escape(form.row_action))
    )
    return mark_safe(html)  # noqa: S308  # crispy's HTML, with escaped values put in


def _crispy(context: template.Context, form: Any) -> SafeString:
    """``{% crispy form %}`` in ``context``."""
    with context.push(crispy_row_form=form):
        return SafeString(CrispyFormNode("crispy_row_form", None).render(context))
