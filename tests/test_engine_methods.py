"""The method → input table: it covers every method and says what each one reads."""

import pytest

from hr_kpi_appraisal.engine import (
    JUDGED_METHODS,
    MEASURED_INPUTS,
    METHOD_INPUTS,
    METHODS,
    QUANTITIES,
    ROW_INPUTS,
    ScoringError,
    method_inputs,
    score_appraisal,
    score_indicator,
    validate_indicator,
)
from hr_kpi_appraisal.engine import indicator as indicator_module
from hr_kpi_appraisal.engine.parsing import QUANTITY_KINDS


def spec(method, max_points=10.0, **params):
    return {
        "code": "Q1",
        "name": "Q1",
        "section": "KPI",
        "max_points": max_points,
        "method": method,
        **params,
    }


# One indicator of each method and a line input with only the keys it reads.
SAMPLES = {
    "points": (spec("points"), {"value": 7}, 7.0),
    "percent": (spec("percent"), {"value": 50}, 5.0),
    "levels": (
        spec("levels", levels=[{"name": "A", "points": 4}, {"name": "B", "points": 9}]),
        {"value": 2},
        9.0,
    ),
    "bands": (
        spec(
            "bands",
            bands=[
                {"lower": None, "upper": 50, "points": 2},
                {"lower": 50, "upper": None, "points": 8},
            ],
        ),
        {"actual": 60},
        8.0,
    ),
    "deduction": (
        spec("deduction", events=[{"code": "c", "name": "c", "points": -2}]),
        {"counts": {"c": 2}},
        6.0,
    ),
    "ratio": (spec("ratio", target=200), {"actual": 150}, 7.5),
    "rank": (spec("rank", rank_min=1), {"rank": 2, "group_size": 4}, 7.0),
    "linear": (
        spec("linear", inputs=[{"code": "a", "name": "a", "coefficient": 2}]),
        {"inputs": {"a": 3}},
        6.0,
    ),
    "range": (
        spec(
            "range",
            range_low=10,
            range_high=20,
            below_points=1,
            above_points=1,
            base=5,
        ),
        {"actual": 8},
        3.0,
    ),
    "average": (
        spec("average", inputs=[{"code": "q1", "name": "q1"}]),
        {"inputs": {"q1": 80}},
        8.0,
    ),
    "veto": (spec("veto", 0, veto_action="zero"), {"veto": True}, 0.0),
}
# A value no key accepts: each raises ScoringError or TypeError when read.
JUNK = "junk"


def test_the_table_covers_every_method_the_engine_scores():
    assert set(METHOD_INPUTS) == set(METHODS) == set(SAMPLES)
    assert set(indicator_module._SCORERS) == set(METHODS)
    assert set(indicator_module._PARSERS) == set(METHODS)
    assert tuple(METHOD_INPUTS) == METHODS


def test_judged_methods_read_value_alone():
    assert {"points", "percent", "levels"} == JUDGED_METHODS
    for method, keys in METHOD_INPUTS.items():
        assert keys, method
        assert len(set(keys)) == len(keys), method
        if method in JUDGED_METHODS:
            assert keys == ("value",)
        else:
            assert set(keys) <= set(MEASURED_INPUTS), method


def test_every_measured_input_is_read_by_some_method():
    read = {key for keys in METHOD_INPUTS.values() for key in keys}
    assert read == {"value", *MEASURED_INPUTS}
    assert set(ROW_INPUTS) <= set(MEASURED_INPUTS)
    assert set(QUANTITIES) == set(MEASURED_INPUTS) - {"veto"}
    assert set(QUANTITIES.values()) <= set(QUANTITY_KINDS)


def test_method_inputs():
    assert method_inputs("rank") == ("rank", "group_size")
    assert method_inputs("points") == ("value",)
    assert method_inputs("unknown") == ()
    assert method_inputs(None) == ()


@pytest.mark.parametrize("method", METHODS)
def test_scoring_with_only_the_listed_inputs_works(method):
    indicator, line, expected = SAMPLES[method]
    validate_indicator(indicator)
    assert set(line) == set(METHOD_INPUTS[method])
    assert score_indicator(indicator, line) == expected


@pytest.mark.parametrize("method", METHODS)
def test_the_engine_ignores_the_inputs_not_listed(method):
    indicator, line, expected = SAMPLES[method]
    others = {"value", *MEASURED_INPUTS} - set(METHOD_INPUTS[method])
    assert score_indicator(indicator, {**line, **dict.fromkeys(others, JUNK)}) == (
        expected
    )


@pytest.mark.parametrize(
    ("method", "key"),
    [(method, key) for method in METHODS for key in METHOD_INPUTS[method]],
)
def test_the_engine_reads_every_listed_input(method, key):
    indicator, line, _expected = SAMPLES[method]
    with pytest.raises((ScoringError, TypeError)):
        score_indicator(indicator, {**line, key: JUNK})


@pytest.mark.parametrize("method", METHODS)
def test_measured_inputs_are_shared_by_the_reviewers(method):
    """A judged line needs each reviewer's value; a measured line takes its
    inputs from either reviewer."""
    indicator, line, expected = SAMPLES[method]
    scheme = {
        "sections": [{"code": "KPI", "name": "KPI", "weight": 100}],
        "self_review": True,
        "self_weight": 50,
        "manager_weight": 50,
    }
    lines = [{"indicator": indicator, "self": None, "manager": line}]
    if indicator["max_points"] == 0:  # a section needs points to be scored
        judged = {"value": 1}
        lines.append(
            {"indicator": spec("points", code="P"), "self": judged, "manager": judged}
        )
    if method in JUDGED_METHODS:
        with pytest.raises(ScoringError) as info:
            score_appraisal(scheme, lines, [])
        assert info.value.reason_code == "score_missing"
    else:
        result = score_appraisal(scheme, lines, [])["lines"][0]
        assert result["self_points"] == result["manager_points"] == expected
