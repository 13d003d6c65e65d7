"""The one exception the engine raises for bad configuration or bad input.

Every error carries a stable ``reason_code`` (one of the constants below) and a
``params`` dict, so that callers can build a translated message; ``reason`` is the
English message built from ``MESSAGES[reason_code]`` and the params.
"""

from contextlib import contextmanager

NOT_A_NUMBER = "not_a_number"
BAD_UNIT = "bad_unit"
MISSING = "missing"
INVALID_CHOICE = "invalid_choice"
OUT_OF_RANGE = "out_of_range"
NOT_POSITIVE = "not_positive"
NOT_INTEGER = "not_integer"
DUPLICATE = "duplicate"
EMPTY = "empty"
UNKNOWN_CODE = "unknown_code"
BAND_EMPTY = "band_empty"
BANDS_OVERLAP = "bands_overlap"
BANDS_GAP = "bands_gap"
DIRECTION_VIOLATED = "direction_violated"
OUTSIDE_BANDS = "outside_bands"
WEIGHTS_SUM = "weights_sum"
SECTION_NO_POINTS = "section_no_points"
SCORE_MISSING = "score_missing"
SHARES_UNDER = "shares_under"

#: English message template and params of every reason code.
MESSAGES = {
    NOT_A_NUMBER: "{field} is not a finite number: {value}",
    BAD_UNIT: "{field}: {unit} after the number in {value} is not a unit",
    MISSING: "{field} is missing",
    INVALID_CHOICE: "{field} must be one of {choices}, not {value}",
    OUT_OF_RANGE: "{field} = {value} is outside [{low}, {high}]",
    NOT_POSITIVE: "{field} must be greater than 0, not {value}",
    NOT_INTEGER: "{field} must be a whole number, not {value}",
    DUPLICATE: "{field} {value} is used twice",
    EMPTY: "{field} must not be empty",
    UNKNOWN_CODE: "unknown {field} {value}",
    BAND_EMPTY: "the band from {lower} to {upper} is empty",
    BANDS_OVERLAP: "bands overlap at {at}",
    BANDS_GAP: "bands leave a gap between {lower} and {upper}",
    DIRECTION_VIOLATED: "band points break the declared direction {direction} at {at}",
    OUTSIDE_BANDS: "value {value} is outside the bands",
    WEIGHTS_SUM: "{field} weights add up to {total}, not 100",
    SECTION_NO_POINTS: "section {section} has no points",
    SCORE_MISSING: "{reviewer} score missing",
    SHARES_UNDER: "the maximum shares add up to {total}%, under 100%",
}

REASON_CODES = tuple(MESSAGES)

# Params shown as they are (names of fields), not quoted like values.
_PLAIN = frozenset({"field", "reviewer"})


def _show(value):
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(item) for item in value)
    return str(value)


class ScoringError(ValueError):
    """A configuration that cannot be scored, or an input that cannot be used.

    ``indicator`` is the code of the indicator concerned (None for scheme-wide
    errors), ``indicator_name`` its name, ``reason`` the English message,
    ``reason_code`` a key of ``MESSAGES`` and ``params`` the values it names.
    """

    def __init__(self, reason_code, *, indicator=None, indicator_name=None, **params):
        shown = {
            key: value if key in _PLAIN else _show(value)
            for key, value in params.items()
        }
        if reason_code == OUT_OF_RANGE:
            shown["low"] = "-inf" if params["low"] is None else shown["low"]
            shown["high"] = "inf" if params["high"] is None else shown["high"]
        self.reason_code = reason_code
        self.params = params
        self.reason = MESSAGES[reason_code].format(**shown)
        self.indicator = indicator
        self.indicator_name = indicator_name or None
        super().__init__(self.reason)

    def __str__(self):
        if self.indicator is None:
            return self.reason
        label = f'Indicator "{self.indicator}"'
        if self.indicator_name:
            label += f" ({self.indicator_name})"
        return f"{label}: {self.reason}"


@contextmanager
def indicator_context(code, name=None):
    """Attach the indicator to any ScoringError raised inside the block."""
    try:
        yield
    except ScoringError as exc:
        if exc.indicator is None:
            exc.indicator = code
            exc.indicator_name = name or None
        raise
