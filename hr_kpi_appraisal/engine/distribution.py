"""Forced distribution (P04) and award quotas (S32): how many people of a group
may, must or should get each grade, and where the actual counts break that.

A policy is a list of lines, one per grade it limits::

    {"code": grade code (unique), "max_share": % | None,
     "min_share": % | None, "target_share": % | None}

Shares are percentages in [0, 100]; None means no such limit. A grade of the
scale without a line is not limited.

Counting rules for a group of ``n`` people
-------------------------------------------
Shares are turned into whole people exactly (no float error: 5% of 20 is 1):

* **maximum** = floor(max_share × n / 100): "not more than 5%" is never
  exceeded. Small-group rule: a grade whose maximum share is above 0 allows at
  least one person once the group has ``SMALL_GROUP`` (10) people, so that a
  department of 10 to 19 may still have one a under a 5% cap (one person is
  then at most 10% of it). Below 10 people the floor stands: a 5% cap allows
  no a in a group of 7 (one would be 14%).
* **minimum** = floor(min_share × n / 100): a minimum never demands more than
  its share (at least 5% of 7 people is nobody).
* **target** ("about 65%") = the exact share rounded half up (65% of 7 =
  4.55, target 5). A target is no bound: it is what the group is measured
  against (its deviation), never a violation, since "about" leaves the
  remainder of the group somewhere to go.

Policy checks (``validate_policy``)
-----------------------------------
Every share in [0, 100] and minimum <= target <= maximum on a line (else
"out_of_range", field ``<code>.<share>``); the maximum shares of all the
scale's grades (100 for a grade without one) add up to at least 100, else
nobody could be placed ("shares_under"); the lower shares (the minimum, else
the target, else 0) add up to at most 100 ("out_of_range", field
``min_share``).
"""

import math
from decimal import Decimal
from fractions import Fraction

from ._checks import integer, items, mapping, number, text, unique, within
from .errors import SHARES_UNDER, UNKNOWN_CODE, ScoringError
from .rounding import round_points

#: From this group size up a grade with a maximum share allows at least one person.
SMALL_GROUP = 10
SHARES = ("min_share", "target_share", "max_share")


def parse_policy(policy):
    """Checked copies of the policy lines (shares within bounds and in order)."""
    parsed = []
    for line in items(policy, "policy"):
        code = text(line.get("code"), "policy.code")
        shares, floor = {}, 0.0
        for key in SHARES:
            share = number(line.get(key), f"policy.{key}", None)
            if share is not None:
                floor = within(share, f"{code}.{key}", floor, 100.0)
            shares[key] = share
        parsed.append({"code": code, **shares})
    unique((line["code"] for line in parsed), "grade")
    return parsed


def validate_policy(policy, codes):
    """Raise ScoringError unless ``policy`` is usable on a scale of the grade
    ``codes``: its lines valid, each on one of the codes, and the sums of
    shares as above."""
    by_code = {line["code"]: line for line in parse_policy(policy)}
    codes = list(codes)
    for code in by_code:
        if code not in codes:
            raise ScoringError(UNKNOWN_CODE, field="grade", value=code)
    upper = lower = 0.0
    for code in codes:
        line = by_code.get(code, {})
        upper += _first(line, "max_share", default=100.0)
        lower += _first(line, "min_share", "target_share", default=0.0)
    if round_points(upper) < 100:
        raise ScoringError(SHARES_UNDER, total=round_points(upper))
    within(round_points(lower), "min_share", high=100.0)


def _first(line, *keys, default):
    return next((line[key] for key in keys if line.get(key) is not None), default)


def _exact(share, size):
    return Fraction(Decimal(repr(share))) * size / 100


def _size(size):
    return within(integer(size, "group_size"), "group_size", 0)


def distribution_quotas(policy, size):
    """Per line, in the policy's order: ``{"code", "min": int, "max": int | None
    (None = no limit), "target": int | None}``, in people of a group of
    ``size`` under the counting rules above."""
    size = _size(size)
    quotas = []
    for line in parse_policy(policy):
        low, high, target = 0, None, None
        if line["max_share"] is not None:
            high = math.floor(_exact(line["max_share"], size))
            if line["max_share"] > 0 and size >= SMALL_GROUP:
                high = max(high, 1)
        if line["min_share"] is not None:
            low = math.floor(_exact(line["min_share"], size))
        if line["target_share"] is not None:
            exact = _exact(line["target_share"], size)
            target = math.floor(exact + Fraction(1, 2))
        quotas.append({"code": line["code"], "min": low, "max": high, "target": target})
    return quotas


def check_distribution(policy, counts, size=None, partial=False):
    """The grades whose count breaks its bounds.

    ``counts`` is {grade code: people}; ``size`` the group's size (default: the
    sum of the counts). With ``partial`` (part of the group still to come) only
    maxima are checked, since the rest may still fill a minimum. Returns
    ``[{"code", "count", "limit", "kind": "over" | "under", "by": int}]`` in the
    policy's order: ``by`` people above ``max`` or below ``min``.
    """
    checked = {
        code: within(integer(count, f"counts.{code}"), f"counts.{code}", 0)
        for code, count in mapping(counts, "counts").items()
    }
    size = sum(checked.values()) if size is None else _size(size)
    violations = []
    for quota in distribution_quotas(policy, size):
        count = checked.get(quota["code"], 0)
        if quota["max"] is not None and count > quota["max"]:
            violations.append(_violation(quota, count, "over", quota["max"]))
        elif not partial and count < quota["min"]:
            violations.append(_violation(quota, count, "under", quota["min"]))
    return violations


def _violation(quota, count, kind, limit):
    by = count - limit if kind == "over" else limit - count
    return {
        "code": quota["code"],
        "count": count,
        "limit": limit,
        "kind": kind,
        "by": by,
    }
