from resolutions.charts import (
    LABEL_WIDTH,
    VALUE_GUTTER,
    WIDTH,
    bar_chart,
    cosponsor_chart,
)
from tests.factories import ResolutionFactory

PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_GUTTER


def test_the_largest_count_spans_the_plot_and_others_scale_to_it():
    chart = bar_chart([(2020, 50, False), (2022, 100, False)])
    assert chart.max_value == 100
    assert [bar.width for bar in chart.bars] == [PLOT_WIDTH / 2, PLOT_WIDTH]
    assert all(bar.x == LABEL_WIDTH for bar in chart.bars)


def test_an_unknown_count_is_a_labelled_gap_not_a_zero():
    chart = bar_chart([(2018, None, False), (2020, 110, False)])
    gap = chart.bars[0]
    assert not gap.known and gap.width == 0
    assert gap.label == "not recorded"
    assert chart.bars[1].label == "110"
    assert chart.known_bars == [chart.bars[1]]


def test_bars_run_in_date_order_one_row_each():
    chart = bar_chart([(2022, 115, False), (2002, None, False), (2020, 110, True)])
    assert [bar.year for bar in chart.bars] == [2002, 2020, 2022]
    assert (chart.first_year, chart.last_year) == (2002, 2022)
    tops = [bar.y for bar in chart.bars]
    assert tops == sorted(tops) and len(set(tops)) == 3
    assert chart.height > chart.bars[-1].y + chart.bars[-1].height


def test_the_chart_grows_taller_not_wider_with_more_editions():
    small = bar_chart([(year, 10, False) for year in range(2000, 2006)])
    large = bar_chart([(year, 10, False) for year in range(2000, 2040)])
    assert small.width == large.width
    assert large.height > small.height


def test_numbers_sit_just_right_of_their_bar_and_inside_the_chart():
    chart = bar_chart([(2020, 110, False), (2022, 115, False)])
    for bar in chart.bars:
        assert bar.value_x > bar.x + bar.width
        assert bar.value_x + 3 * 9 <= chart.width  # three digits at about 9 units each


def test_a_series_without_known_counts_draws_no_bars():
    chart = bar_chart([(2002, None, False), (2004, None, False)])
    assert chart.max_value is None
    assert chart.known_bars == []


def test_no_editions_make_an_empty_chart():
    chart = bar_chart([])
    assert chart.bars == [] and chart.first_year is None


def test_cosponsor_chart_highlights_the_current_edition(db):
    editions = [ResolutionFactory(year=2020, co_sponsor_count=110), ResolutionFactory(year=2022, co_sponsor_count=115)]
    chart = cosponsor_chart(editions, current=editions[0])
    assert [(bar.year, bar.value, bar.current) for bar in chart.bars] == [(2020, 110, True), (2022, 115, False)]
