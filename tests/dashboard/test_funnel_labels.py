"""The funnel's labels fit their column in every language (no "…voimassa" cut at 1 280 px).

The chart draws each label right-aligned to the end of its column; a label
wider than the column ran off the left edge of the picture. A 13-pixel sans
serif averages about 0.6 em a character, so a label of n characters needs
some 7.8·n pixels.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard import selectors
from dashboard.charts import bar_chart
from tests.conftest import logged_in

AVERAGE_CHAR_WIDTH = 0.6 * 13
# The gap the template leaves between a label and its bar.
GAP = 8


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_funnel_label_fits_its_column(language: str) -> None:
    with translation.override(language):
        labels = [str(i.label) for i in selectors.INDICATORS if i.group == selectors.FUNNEL]
    chart = bar_chart([(label, 1) for label in labels])
    for label in labels:
        assert len(label) * AVERAGE_CHAR_WIDTH <= chart.label_width - GAP, label


def test_the_integration_plan_stage_is_drawn_whole_in_finnish(leena) -> None:
    client = logged_in(leena)
    client.cookies["django_language"] = "fi"
    html = client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert ">Kotoutumissuunnitelma voimassa</text>" in html
