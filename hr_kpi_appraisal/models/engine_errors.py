"""Turn the scoring engine's errors into translated Odoo validation errors."""

from odoo.exceptions import ValidationError
from odoo.tools import LazyTranslate

from ..engine import ScoringError

_lt = LazyTranslate(__name__)

REASONS = {
    "not_a_number": _lt("%(field)s is not a finite number: %(value)s"),
    "bad_unit": _lt(
        "%(field)s: “%(unit)s” after the number in “%(value)s” is not a unit"
    ),
    "missing": _lt("%(field)s is missing"),
    "invalid_choice": _lt("%(field)s must be one of %(choices)s, not %(value)s"),
    "out_of_range": _lt("%(field)s = %(value)s is outside [%(low)s, %(high)s]"),
    "not_positive": _lt("%(field)s must be greater than 0, not %(value)s"),
    "not_integer": _lt("%(field)s must be a whole number, not %(value)s"),
    "duplicate": _lt("%(field)s %(value)s is used twice"),
    "empty": _lt("%(field)s must not be empty"),
    "unknown_code": _lt("unknown %(field)s %(value)s"),
    "band_empty": _lt("the band from %(lower)s to %(upper)s is empty"),
    "bands_overlap": _lt("bands overlap at %(at)s"),
    "bands_gap": _lt("bands leave a gap between %(lower)s and %(upper)s"),
    "direction_violated": _lt(
        "band points break the declared direction %(direction)s at %(at)s"
    ),
    "outside_bands": _lt("value %(value)s is outside the bands"),
    "weights_sum": _lt("%(field)s weights add up to %(total)s, not 100"),
    "section_no_points": _lt("section %(section)s has no points"),
    "score_missing": _lt("%(reviewer)s score missing"),
    "shares_under": _lt("the maximum shares add up to %(total)s%%, under 100%%"),
}


def engine_reason(env, error):
    """The reason of ``error`` (a ScoringError) in the user's language."""
    template = REASONS.get(error.reason_code)
    params = {key: shown_number(value) for key, value in error.params.items()}
    if error.params.get("low", 0) is None:
        params["low"] = "-∞"
    try:
        return (
            template._translate(env.lang or "en_US") % params
            if template
            else error.reason
        )
    except (KeyError, TypeError, ValueError):
        return error.reason


def raise_engine_error(env, error, where, names=None):
    """Raise ``error`` (a ScoringError) as a ValidationError naming ``where``
    and the indicator, by its name in ``names`` ({code: name in the user's
    language}) when given, else by the name the engine was given."""
    if not isinstance(error, ScoringError):
        raise error
    reason = engine_reason(env, error)
    if error.indicator is not None:
        label = error.indicator
        name = (names or {}).get(error.indicator) or error.indicator_name
        if name:
            label = f"{error.indicator} {name}"
        raise ValidationError(
            env._(
                "%(where)s, indicator “%(indicator)s”: %(reason)s",
                where=where,
                indicator=label,
                reason=reason,
            )
        ) from error
    raise ValidationError(
        env._("%(where)s: %(reason)s", where=where, reason=reason)
    ) from error


def shown_number(value):
    """A number as messages show it: 20 rather than 20.0, ∞ for None."""
    if value is None:
        return "∞"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(shown_number(item) for item in value)
    return str(value)
