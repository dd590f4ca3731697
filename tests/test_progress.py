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


# -- the readings this project adds, and Open SDG's no-target half -----------------------------


def test_a_natural_total_is_the_target():
    assert assess([(T1, 25)], None, total=25).status == "achieved"
    p = assess([(T1, 58)], None, total=63)
    assert p.status == "one_value" and p.method == "total" and p.distance == 5
    # two values and no deadline: the trend, scaled near the total as its limit
    assert assess([(T0, 35), (T1, 58)], None, total=63).status == "on_track"
    assert assess([(T0, 40), (T1, 38)], None, total=63).status == "deterioration"
    # where less is better, the whole is no goal: 18 of 35 goals still under half done
    p = assess([(T1, 18)], None, "lower_is_better", total=35)
    assert p.status == "no_target" and p.method != "total"


def test_a_reported_achievement_without_a_target():
    assert assess([(T1, 80)], None, reported_met=True).status == "reported_achieved"
    # a target of its own takes precedence over the report's word
    assert assess([(T1, 65)], (TT, 80), reported_met=True).status == "one_value"


def test_bounds_prove_achievement_only_in_their_direction():
    assert assess([(T1, 78e6, ">")], (TT, 20e6)).status == "achieved"
    assert assess([(T1, 70, "<")], (TT, 60)).status == "one_value"  # "below 70" may be 10
    assert assess([(T1, 60, "<")], (TT, 70), "lower_is_better").status == "achieved"
    assert assess([(T1, 60, ">")], (TT, 70), "lower_is_better").status == "one_value"
    # a bound never enters a growth rate
    p = assess([(T0, 40), (T1, 90, ">")], (TT, 95))
    assert p.status == "one_value" and p.observed_rate is None


@pytest.mark.parametrize(
    ("x0", "x1", "direction", "status"),
    [
        (1000, 1100, "higher_is_better", "on_track"),  # ~4.9 % a year
        (1000, 1020, "higher_is_better", "acceleration_needed"),  # ~1 % a year
        (1000, 1004, "higher_is_better", "limited_progress"),  # ~0.2 % a year
        (1000, 990, "higher_is_better", "deterioration"),
        (90, 80, "lower_is_better", "on_track"),  # a rank improving
        (80, 90, "lower_is_better", "deterioration"),
    ],
)
def test_trend_without_a_target(x0, x1, direction, status):
    p = assess([(T0, x0), (T1, x1)], None, direction)
    assert p.status == status and p.method == "trend"


def test_thresholds_shrink_near_a_natural_limit():
    # 97 -> 97.5 % is 0.26 % a year: limited progress far from a limit, on track near 100 %
    assert assess([(T0, 97), (T1, 97.5)], None).status == "limited_progress"
    assert assess([(T0, 97), (T1, 97.5)], None, limit=100).status == "on_track"
    assert assess([(T0, 100), (T1, 100)], None, limit=100).status == "on_track"  # kept at it


def test_status_on_the_seeds_judges_the_headline_indicators():
    from solieu import load

    st = load().status
    vn = st[st["scope"] == "VN"].set_index("indicator_id")
    assert vn.at["essential_services_online", "status"] == "achieved"
    assert vn.at["localities_population_db_connected", "method"] == "total"
    assert vn.at["online_services_with_applications", "status"] == "reported_achieved"
    egov = vn.loc["egov_rank"]
    assert egov["status"] == "one_value" and egov["distance"] == 16 and egov["years_left"] > 1
    assert "places from 70th or better" in egov["note"]
    assert vn.at["digital_economy_share_gdp", "target_source_kind"] == "register"
