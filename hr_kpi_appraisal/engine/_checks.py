"""Checks of single values shared by the engine modules (internal).

Values of the wrong number kind raise ScoringError; values of the wrong structural
type (a string where a list or a flag is expected) raise TypeError, since only a
programming error produces them.
"""

import math
from collections.abc import Mapping
from numbers import Real

from .errors import (
    DUPLICATE,
    EMPTY,
    INVALID_CHOICE,
    MISSING,
    NOT_A_NUMBER,
    NOT_INTEGER,
    NOT_POSITIVE,
    OUT_OF_RANGE,
    ScoringError,
)

REQUIRED = object()


def number(value, field, default=REQUIRED):
    """A finite float; None gives ``default`` or a "missing" error; bools refused."""
    if value is None:
        if default is REQUIRED:
            raise ScoringError(MISSING, field=field)
        return default
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ScoringError(NOT_A_NUMBER, field=field, value=value)
    result = float(value)
    if not math.isfinite(result):
        raise ScoringError(NOT_A_NUMBER, field=field, value=value)
    return result


def integer(value, field, default=REQUIRED):
    """A whole number (2.0 is accepted as 2)."""
    if value is None and default is not REQUIRED:
        return default
    result = number(value, field)
    if not result.is_integer():
        raise ScoringError(NOT_INTEGER, field=field, value=value)
    return int(result)


def within(value, field, low=None, high=None):
    """``value`` itself if low <= value <= high (None = unbounded)."""
    if (low is not None and value < low) or (high is not None and value > high):
        raise ScoringError(OUT_OF_RANGE, field=field, value=value, low=low, high=high)
    return value


def positive(value, field):
    if value <= 0:
        raise ScoringError(NOT_POSITIVE, field=field, value=value)
    return value


def text(value, field, default=REQUIRED):
    """A non-empty string; None, False (Odoo's empty value) and blanks are missing."""
    if (
        value is None
        or value is False
        or (isinstance(value, str) and not value.strip())
    ):
        if default is REQUIRED:
            raise ScoringError(MISSING, field=field)
        return default
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, not {type(value).__name__}")
    return value


def flag(value, field, default):
    if value is None:
        return default
    if not isinstance(value, bool):
        raise TypeError(f"{field} must be a bool, not {type(value).__name__}")
    return value


def choice(value, field, choices, default=REQUIRED):
    if value is None and default is not REQUIRED:
        return default
    if value is None:
        raise ScoringError(MISSING, field=field)
    if value not in choices:
        raise ScoringError(INVALID_CHOICE, field=field, value=value, choices=choices)
    return value


def items(value, field):
    """A non-empty list (or tuple) of dicts."""
    if value is None:
        raise ScoringError(EMPTY, field=field)
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(item, Mapping) for item in value
    ):
        raise TypeError(f"{field} must be a list of dicts")
    if not value:
        raise ScoringError(EMPTY, field=field)
    return value


def mapping(value, field):
    """A dict; None gives an empty one."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{field} must be a dict, not {type(value).__name__}")
    return value


def unique(values, field):
    seen = set()
    for value in values:
        if value in seen:
            raise ScoringError(DUPLICATE, field=field, value=value)
        seen.add(value)


def clamp(value, low, high):
    return min(max(value, low), high)
