"""parse_quantity: imported actuals with units, separators and full-width digits."""

import math

import pytest

from hr_kpi_appraisal.engine import parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25%", 25.0),
        ("4.5小时", 4.5),
        ("4.5 h", 4.5),
        ("200秒", 200.0),
        ("-5秒", -5.0),
        ("25 %", 25.0),
        ("３．５小时", 3.5),
        ("1,234.5", 1234.5),
        ("１２３", 123.0),
        ("４．５％", 4.5),
        ("１，２３４", 1234.0),
        ("  12  ", 12.0),
        ("-3", -3.0),
        ("+0.5", 0.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("¥1,234.50", 1234.5),
        ("￥99元", 99.0),
        ("20 000", None),
        ("5 m2", 5.0),
        (42, 42.0),
        (4.5, 4.5),
    ],
)
def test_parse(expect_error, text, expected):
    if expected is None:
        with expect_error("not_a_number"):
            parse_quantity(text)
    else:
        assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "NaN", "nan", "inf", "-Infinity", "1e400", "12 3", "1.2.3"]
    + ["1,23", "1234,5", "-", "%5", "小时", None, True, math.nan, math.inf, [1]],
)
def test_not_a_number(expect_error, text):
    with expect_error("not_a_number") as info:
        parse_quantity(text)
    assert info.value.params["field"] == "quantity"
