"""Progress status (Open SDG / Statistics Canada method) on made-up series."""

import pandas as pd
import pytest

from solieu.progress import assess


def ts(s):
    return pd.Timestamp(s)


T0, T1, TT = ts("2020-12-31"), ts("2022-12-31"), ts("2024-12-31")


@pytest.mark.parametrize(
    ("x0", "x1", "target", "direction", "status"),
    [
        (40, 60, 80, "higher_is_better", "on_track"),  # halfway in half the time
        (40, 46, 80, "higher_is_better", "limited_progress"),  # ratio 0.38
        (40, 50, 80, "higher_is_better", "acceleration_needed"),  # ratio 0.62
        (40, 35, 80, "higher_is_better", "deterioration"),
        (40, 85, 80, "higher_is_better", "achieved"),
        (90, 78, 70, "lower_is_better", "on_track"),  # a rank moving towards 70th
        (90, 80, 70, "lower_is_better", "acceleration_needed"),  # ratio 0.94
        (90, 95, 70, "lower_is_better", "deterioration"),
        (90, 70, 70, "lower_is_better", "achieved"),
    ],
)
def test_status(x0, x1, target, direction, status):
    assert assess([(T0, x0), (T1, x1)], (TT, target), direction).status == status


def test_ratio_is_observed_over_required():
    p = assess([(T0, 40), (T1, 60)], (TT, 80))
    assert p.ratio == pytest.approx(p.observed_rate / p.required_rate)
    assert p.observed_rate == pytest.approx((60 / 40) ** (1 / (730 / 365.25)) - 1)


def test_one_value_gives_the_distance_and_time_left_no_value_is_insufficient():
    p = assess([(T1, 60)], (TT, 80))
    assert p.status == "one_value" and p.distance == 20
    assert p.years_left == pytest.approx(2, rel=1e-2)
    assert assess([], (TT, 80)).status == "insufficient_data"
    assert assess([(T1, 60)], None).status == "no_target"


def test_zero_baseline_uses_linear_rates():
    p = assess([(T0, 0), (T1, 10)], (TT, 20))
    assert p.status == "on_track" and p.ratio == pytest.approx(1.0, rel=1e-2)
