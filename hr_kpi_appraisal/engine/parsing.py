"""Reading quantities typed or imported as text ("25%", "4.5小时", "1,234.5")."""

import math
import re
from numbers import Real

from .errors import NOT_A_NUMBER, ScoringError

# Full-width ASCII (U+FF01..U+FF5E), the full-width yen sign and the ideographic
# space, as typed with a Chinese input method, mapped to their plain forms.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0xFFE5: 0xA5,
}

_QUANTITY = re.compile(
    r"""\s*
    [¥$€£]?\s*                                  # an optional currency sign
    (?P<number>[+-]?
        (?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)
        (?:[eE][+-]?[0-9]+)?)
    \s*
    (?P<unit>[^0-9.,+\-\s].*)?                  # a unit that starts with no digit
    \s*""",
    re.VERBOSE | re.DOTALL,
)


def parse_quantity(text):
    """The number in ``text``, its unit stripped (not converted).

    Accepts thousands separators, full-width digits and a leading currency sign;
    numbers (not bools) pass through. Raises ScoringError "not_a_number" for
    empty text, text without a leading number, or NaN/infinite results.
    """
    if isinstance(text, Real) and not isinstance(text, bool):
        result = float(text)
    elif isinstance(text, str):
        match = _QUANTITY.fullmatch(text.translate(_HALF_WIDTH))
        if match is None:
            raise ScoringError(NOT_A_NUMBER, field="quantity", value=text)
        result = float(match["number"].replace(",", ""))
    else:
        raise ScoringError(NOT_A_NUMBER, field="quantity", value=text)
    if not math.isfinite(result):
        raise ScoringError(NOT_A_NUMBER, field="quantity", value=text)
    return result
