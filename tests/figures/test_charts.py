"""Server-side SVG bar charts: scaled to the largest value, labelled in text, described for screen readers."""

import pytest
from django.template.loader import render_to_string

from figures.charts import VALUE_ROOM, WIDTH, bar_chart

pytestmark = pytest.mark.unit


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart(slug="t", title="Tasks", rows=[("Posted", 10), ("Filled", 5), ("Cancelled", 0)])

    assert [bar.width for bar in chart.bars] == [WIDTH - VALUE_ROOM, (WIDTH - VALUE_ROOM) // 2, 0]
    assert [bar.text for bar in chart.bars] == ["10", "5", "0"]
    assert chart.bars[1].bar_y > chart.bars[0].bar_y
    assert chart.height == chart.bars[-1].bar_y + chart.bar_height


def test_bar_chart_of_zeros_draws_no_bars_and_does_not_divide_by_zero():
    chart = bar_chart(slug="t", title="Empty", rows=[("A", 0), ("B", 0)])

    assert [bar.width for bar in chart.bars] == [0, 0]


def test_bar_chart_describes_every_number_and_cuts_long_labels():
    long_name = "A community with a very long name indeed, longer than fits"
    chart = bar_chart(slug="c", title="Per community", rows=[(long_name, 3, "3 (50%)"), ("Short", 1)])

    assert chart.description == f"{long_name}: 3 (50%); Short: 1"
    assert chart.bars[0].label == "A community with a very long name ind…"
    assert chart.bars[1].label == "Short"


def test_bar_chart_cuts_chinese_labels_sooner_as_each_character_is_wider():
    chart = bar_chart(slug="c", title="各社群", rows=[("開" * 30, 1), ("開" * 22, 1)])

    assert chart.bars[0].label == "開" * 22 + "…"
    assert chart.bars[1].label == "開" * 22


def test_bar_chart_template_is_an_accessible_image_with_text_labels():
    chart = bar_chart(slug="v", title="Volunteers <b>", rows=[("Ann & co", 2)])

    svg = render_to_string("figures/_bar_chart.html", {"chart": chart})

    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-v-title chart-v-desc"' in svg
    assert '<title id="chart-v-title">Volunteers &lt;b&gt;</title>' in svg
    assert '<desc id="chart-v-desc">Ann &amp; co: 2</desc>' in svg
    assert ">Ann &amp; co</text>" in svg
    assert "style=" not in svg
