"""Reading quantities typed or imported as text ("25%", "4.5小时", "1,234.5").

A quantity is, with blanks allowed between the parts and around them::

    [currency sign] [+ or -] number [unit]

- currency sign: one of ``¥ ￥ $ € £``, before the number;
- number: digits, optionally grouped by "," in groups of exactly three
  ("1,234,567"), an optional decimal part after "." ("1,234.50", ".5", "5.") and
  an optional exponent ("1e3"). Full-width digits, signs and separators
  ("１２３", "１，２３４．５") are read as their plain forms;
- unit: "%", "‰", one to four Chinese characters ("小时", "秒", "次", "元",
  "分钟") or one of ``LATIN_UNITS`` in any case ("h", "min", "s", "pcs"). The unit
  is dropped, not converted: "25%" is 25, "4.5小时" is 4.5, "30秒" is 30.

Nothing else is a quantity: other text after the number ("12abc"), digits or
punctuation after it ("1/2", "0x10", "1_000", "1; …", "1,23,4", "12 3"), two
signs ("--1"), NaN and infinity, empty or blank text, bools and other types.

What the quantity counts sets its bounds (``kind``):

- ``VALUE``, a measured value: finite, -MAX_VALUE … MAX_VALUE (±1e9);
- ``COUNT``, a number of occurrences: a whole number, 0 … MAX_COUNT (100,000);
- ``RANK``, a rank or the size of the ranked group: a whole number,
  1 … MAX_RANK (100,000).

The other values of an import: ``parse_yes_no`` reads a yes/no flag (``YES``,
``NO``), ``parse_period`` a period ("2026-10", "2026年10月", "2026-10-01");
``normalized`` folds full-width forms and strips blanks, ``is_blank`` tells an
empty cell.
"""

import math
import re
import unicodedata
from datetime import date, datetime
from numbers import Real

from .errors import (
    BAD_UNIT,
    NOT_A_NUMBER,
    NOT_INTEGER,
    OUT_OF_RANGE,
    ScoringError,
)

VALUE = "value"
COUNT = "count"
RANK = "rank"
MAX_VALUE = 1e9
MAX_COUNT = 100_000
MAX_RANK = 100_000
#: kind -> (lowest, highest, whole numbers only)
BOUNDS = {
    VALUE: (-MAX_VALUE, MAX_VALUE, False),
    COUNT: (0, MAX_COUNT, True),
    RANK: (1, MAX_RANK, True),
}
QUANTITY_KINDS = tuple(BOUNDS)

#: Units in Latin letters, compared case-insensitively: time, counts, points, money.
LATIN_UNITS = frozenset(
    {
        *("ms", "s", "sec", "secs", "second", "seconds"),
        *("min", "mins", "minute", "minutes"),
        *("h", "hr", "hrs", "hour", "hours", "d", "day", "days"),
        *("pc", "pcs", "time", "times"),
        *("pt", "pts", "point", "points"),
        *("yuan", "rmb", "cny", "usd", "eur"),
    }
)

#: Words for yes and no, compared after ``normalized`` and case folding.
YES = frozenset({"yes", "y", "true", "1", "x", "是", "有", "√", "✓", "✔"})
NO = frozenset({"no", "n", "false", "0", "否", "无", "×", "✗", "-"})

_PERIOD = re.compile(
    r"(?P<year>[0-9]{4})\s*[-/.年]\s*(?P<month>[0-9]{1,2})\s*月?"
    r"(?:\s*[-/.]?\s*(?P<day>[0-9]{1,2})\s*日?)?"
)

# Longer text is not a quantity (and is not worth matching).
_MAX_LENGTH = 64

# Full-width ASCII (U+FF01..U+FF5E), the full-width yen sign and the ideographic
# space, as typed with a Chinese input method, mapped to their plain forms.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0xFFE5: 0xA5,
}

_NUMBER = re.compile(
    r"""\s*
    (?:[¥$€£]\s*)?                              # an optional currency sign
    (?P<number>[+-]?
        (?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)
        (?:[eE][+-]?[0-9]+)?)
    \s*""",
    re.VERBOSE,
)
_UNIT = re.compile(r"[%‰]|[\u3400-\u4dbf\u4e00-\u9fff]{1,4}|(?P<latin>[A-Za-z]+)")
# What may not follow a number: more of a (malformed) number.
_NUMBER_CHARS = frozenset("0123456789.,+-")


def parse_quantity(text, kind=VALUE, field="quantity"):
    """The number in ``text``, its unit dropped, within the bounds of ``kind``.

    Numbers (not bools) pass through and are checked the same way. Returns a
    float for ``VALUE`` and an int for ``COUNT`` and ``RANK``. Raises
    ScoringError naming ``field``: "not_a_number" (no number, a malformed one,
    NaN or infinity), "bad_unit" (text after the number that is not a unit),
    "not_integer" or "out_of_range".
    """
    if kind not in BOUNDS:
        raise ValueError(f"unknown kind of quantity {kind!r}")
    result = _number(text, field)
    low, high, whole = BOUNDS[kind]
    if whole and not result.is_integer():
        raise ScoringError(NOT_INTEGER, field=field, value=result)
    if not low <= result <= high:
        raise ScoringError(OUT_OF_RANGE, field=field, value=result, low=low, high=high)
    return int(result) if whole else result


def _number(text, field):
    """The finite float ``text`` holds, or ScoringError."""
    if isinstance(text, Real) and not isinstance(text, bool):
        try:
            result = float(text)
        except (OverflowError, ValueError):
            raise ScoringError(
                NOT_A_NUMBER, field=field, value=_short(str(text))
            ) from None
    elif isinstance(text, str) and len(text) <= _MAX_LENGTH:
        plain = text.translate(_HALF_WIDTH)
        match = _NUMBER.match(plain)
        if match is None:
            raise ScoringError(NOT_A_NUMBER, field=field, value=text)
        rest = plain[match.end() :].rstrip()
        if rest and not _is_unit(rest):
            if rest[0] in _NUMBER_CHARS:
                raise ScoringError(NOT_A_NUMBER, field=field, value=text)
            raise ScoringError(BAD_UNIT, field=field, value=text, unit=rest)
        result = float(match["number"].replace(",", ""))
    else:
        raise ScoringError(NOT_A_NUMBER, field=field, value=_short(text))
    if not math.isfinite(result):
        raise ScoringError(NOT_A_NUMBER, field=field, value=_short(text))
    return result


def _is_unit(text):
    match = _UNIT.fullmatch(text)
    return bool(match) and (
        match["latin"] is None or match["latin"].casefold() in LATIN_UNITS
    )


def _short(value):
    """``value`` itself when it is short text or a number, else a short text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= _MAX_LENGTH else text[: _MAX_LENGTH - 1] + "…"


def is_blank(value):
    """Whether ``value`` is None or text of blanks only (an empty cell)."""
    return value is None or (isinstance(value, str) and not value.strip())


def normalized(text):
    """``text`` (any value, as str) with full-width forms folded (NFKC) and outer
    blanks stripped."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def parse_yes_no(value, yes=(), no=()):
    """True or False for a yes/no flag, None when ``value`` is neither.

    Bools and the numbers 0 and 1 pass through; text is one of ``YES`` or ``NO``
    or of the extra words ``yes`` and ``no`` (e.g. translated ones), in any case
    and width.
    """
    if isinstance(value, (bool, int, float)) and value in (0, 1):
        return bool(value)
    word = normalized(value).casefold()
    if word in YES or word in {extra.casefold() for extra in yes}:
        return True
    if word in NO or word in {extra.casefold() for extra in no}:
        return False
    return None


def parse_period(value):
    """(year, month, day or None) of "2026-10", "2026年10月", "2026-10-01" or a
    date; None when it cannot be read."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.year, value.month, value.day
    match = _PERIOD.fullmatch(normalized(value)) if isinstance(value, str) else None
    if not match:
        return None
    year, month = int(match["year"]), int(match["month"])
    day = int(match["day"]) if match["day"] else None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return year, month, day
