"""parse_quantity: imported actuals with units, separators and full-width digits,
and nothing else; the yes/no, period and blank helpers of an import."""

import math
from datetime import date, datetime

import pytest

from hr_kpi_appraisal.engine import parse_quantity
from hr_kpi_appraisal.engine.parsing import (
    COUNT,
    LATIN_UNITS,
    MAX_COUNT,
    MAX_RANK,
    MAX_VALUE,
    NO,
    RANK,
    VALUE,
    YES,
    is_blank,
    normalized,
    parse_period,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25%", 25.0),
        ("4.5小时", 4.5),
        ("4.5 h", 4.5),
        ("200秒", 200.0),
        ("30秒", 30.0),
        ("-5秒", -5.0),
        ("25 %", 25.0),
        ("3‰", 3.0),
        ("３．５小时", 3.5),
        ("1,234.5", 1234.5),
        ("１２３", 123.0),
        ("４．５％", 4.5),
        ("１，２３４", 1234.0),
        ("  12  ", 12.0),
        (" 12 次 ", 12.0),
        ("\u00a012\u00a0", 12.0),
        ("-3", -3.0),
        ("+0.5", 0.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("¥1,234.50", 1234.5),
        ("¥ 1,234.50", 1234.5),
        ("￥99元", 99.0),
        ("12 个工作日", 12.0),
        ("90 MIN", 90.0),
        ("3 pcs", 3.0),
        ("1,000,000", 1_000_000.0),
        (42, 42.0),
        (4.5, 4.5),
        ("1e9", MAX_VALUE),
        ("-1e9", -MAX_VALUE),
    ],
)
def test_accepted_forms(text, expected):
    result = parse_quantity(text)
    assert result == expected
    assert type(result) is float


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "NaN", "nan", "inf", "-Infinity", "1e400", "12 3", "1.2.3"]
    + ["1,23", "1,23,4", "1234,5", "-", "--1", "+-1", "%5", "小时", "20 000"]
    + [None, True, False, math.nan, math.inf, -math.inf, 10**400, [1], {"a": 1}]
    + ["1" * 65],
)
def test_not_a_number(expect_error, text):
    with expect_error("not_a_number") as info:
        parse_quantity(text)
    assert info.value.params["field"] == "quantity"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("12abc", "abc"),
        ("1; DROP TABLE x", "; DROP TABLE x"),
        ("0x10", "x10"),
        ("1/2", "/2"),
        ("1_000", "_000"),
        ("5 m2", "m2"),
        ("25%%", "%%"),
        ("4.5小时。", "小时。"),
        ("12 次/天", "次/天"),
        ("3 五个小时啊", "五个小时啊"),
        ("7 x", "x"),
        ("1 ;", ";"),
        ("1e", "e"),
    ],
)
def test_junk_after_the_number_is_refused(expect_error, text, unit):
    with expect_error("bad_unit") as info:
        parse_quantity(text, field="RESP")
    assert info.value.params == {"field": "RESP", "value": text, "unit": unit}
    assert (
        info.value.reason
        == f'RESP: "{unit}" after the number in "{text}" is not a unit'
    )


def test_latin_units_are_a_closed_list(expect_error):
    for unit in LATIN_UNITS:
        assert parse_quantity(f"7 {unit}") == 7.0
        assert parse_quantity(f"7{unit.upper()}") == 7.0
    for word in ("abc", "kg", "calls", "e", "NaN"):
        with expect_error("bad_unit"):
            parse_quantity(f"7 {word}")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("12 次", COUNT, 12),
        ("0", COUNT, 0),
        ("1,000", COUNT, 1000),
        ("2.0", COUNT, 2),
        (3, COUNT, 3),
        (3.0, COUNT, 3),
        (f"{MAX_COUNT:,}", COUNT, MAX_COUNT),
        ("1", RANK, 1),
        ("第", RANK, None),
        (f"{MAX_RANK}", RANK, MAX_RANK),
    ],
)
def test_whole_kinds(expect_error, text, kind, expected):
    if expected is None:
        with expect_error("not_a_number"):
            parse_quantity(text, kind)
        return
    result = parse_quantity(text, kind)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    ("text", "kind", "code", "low", "high"),
    [
        ("1e308", COUNT, "out_of_range", 0, MAX_COUNT),
        (1e308, COUNT, "out_of_range", 0, MAX_COUNT),
        ("-1", COUNT, "out_of_range", 0, MAX_COUNT),
        (MAX_COUNT + 1, COUNT, "out_of_range", 0, MAX_COUNT),
        ("1.5", COUNT, "not_integer", None, None),
        (2**31, RANK, "out_of_range", 1, MAX_RANK),
        ("0", RANK, "out_of_range", 1, MAX_RANK),
        ("2.5", RANK, "not_integer", None, None),
        ("1e308", VALUE, "out_of_range", -MAX_VALUE, MAX_VALUE),
        (1e10, VALUE, "out_of_range", -MAX_VALUE, MAX_VALUE),
        ("-1,000,000,001", VALUE, "out_of_range", -MAX_VALUE, MAX_VALUE),
    ],
)
def test_bounds(expect_error, text, kind, code, low, high):
    with expect_error(code) as info:
        parse_quantity(text, kind, field="COMPL.complaint")
    params = info.value.params
    assert params["field"] == "COMPL.complaint"
    if code == "out_of_range":
        assert (params["low"], params["high"]) == (low, high)


def test_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        parse_quantity("1", "money")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, True),
        ("", True),
        ("  \t\n", True),
        ("\u3000", True),
        ("0", False),
        (" x ", False),
        (0, False),
        (0.0, False),
        (False, False),
    ],
)
def test_is_blank(value, expected):
    assert is_blank(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  E001 ", "E001"),
        ("Ｅ００１", "E001"),
        ("\u3000李娜\u3000", "李娜"),
        ("ＲＥＳＰ", "RESP"),
        (12, "12"),
        (None, "None"),
    ],
)
def test_normalized(value, expected):
    assert normalized(value) == expected


@pytest.mark.parametrize(
    "value", [True, 1, 1.0, "yes", "YES", " Y ", "true", "1", "x", "X", "是", "有"]
)
def test_yes(value):
    assert parse_yes_no(value) is True


@pytest.mark.parametrize(
    "value", [False, 0, 0.0, "no", "No", "n", "FALSE", "0", "否", "无", "×", "-"]
)
def test_no(value):
    assert parse_yes_no(value) is False


@pytest.mark.parametrize(
    "value", [2, -1, 0.5, "maybe", "", " ", "yes no", "是否", "2", None, [], "１０"]
)
def test_neither_yes_nor_no(value):
    assert parse_yes_no(value) is None


def test_yes_no_words_are_disjoint_and_folded():
    assert not YES & NO
    for word in YES | NO:
        assert word == normalized(word).casefold()


def test_extra_yes_no_words():
    assert parse_yes_no("Oui", yes=["oui"], no=["non"]) is True
    assert parse_yes_no(" NON ", yes=["oui"], no=["non"]) is False
    assert parse_yes_no("oui") is None
    # the built-in words still count
    assert parse_yes_no("是", yes=["oui"]) is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10", (2026, 10, None)),
        ("2026-1", (2026, 1, None)),
        ("2026/10", (2026, 10, None)),
        ("2026.10", (2026, 10, None)),
        ("2026年10月", (2026, 10, None)),
        ("2026 年 10 月", (2026, 10, None)),
        ("２０２６－１０", (2026, 10, None)),
        (" 2026-10 ", (2026, 10, None)),
        ("2026-10-01", (2026, 10, 1)),
        ("2026/10/16", (2026, 10, 16)),
        ("2026年10月16日", (2026, 10, 16)),
        ("2024-02-29", (2024, 2, 29)),
        (date(2026, 10, 16), (2026, 10, 16)),
        (datetime(2026, 10, 1, 8, 30), (2026, 10, 1)),
    ],
)
def test_parse_period(value, expected):
    assert parse_period(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "October 2026",
        "2026",
        "2026-13",
        "2026-00",
        "2026-02-30",
        "2025-02-29",
        "10-2026",
        "2026-10-01 extra",
        "26-10",
        202610,
        2026.10,
        ["2026-10"],
    ],
)
def test_parse_period_refuses(value):
    assert parse_period(value) is None
