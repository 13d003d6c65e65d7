"""The engine's only rounding: every returned score and amount passes through here.

Points, scores and days: 2 decimals. Money: a multiple of the currency rounding. Both
round half up (away from zero on ties), on the float's shortest decimal repr, so
2.675 gives 2.68 although the binary float is slightly below 2.675.
"""

from decimal import ROUND_HALF_UP, Decimal

from ._checks import number, positive

_CENT = Decimal("0.01")


def _decimal(value, field):
    return Decimal(repr(number(value, field)))


def _round_cents(x, field):
    result = _decimal(x, field).quantize(_CENT, rounding=ROUND_HALF_UP)
    return float(result) + 0.0  # + 0.0 turns -0.0 into 0.0


def round_points(x):
    """Round points or a score to 2 decimals, half up."""
    return _round_cents(x, "points")


def round_days(x):
    """Round a number of days to 2 decimals, half up."""
    return _round_cents(x, "days")


def round_money(x, rounding=0.01):
    """Round an amount half up to a multiple of ``rounding`` (e.g. 0.01, 0.05, 1)."""
    step = Decimal(repr(positive(number(rounding, "rounding"), "rounding")))
    units = (_decimal(x, "amount") / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * step) + 0.0
