"""Pay rules: how a score (and its grade) becomes performance pay and an award."""

from ._checks import choice, flag, items, number, positive, unique, within
from .errors import MISSING, ScoringError
from .rank import RANK_GROUPS
from .rounding import round_money

PAY_METHODS = ("none", "proportional", "tiered", "grade")


def _parse_rule(rule):
    method = choice(rule.get("method"), "method", PAY_METHODS)
    tiers = []
    if method == "tiered":
        for tier in items(rule.get("tiers"), "tiers"):
            tiers.append(
                (
                    number(tier.get("min_score"), "tiers.min_score"),
                    within(number(tier.get("rate"), "tiers.rate"), "tiers.rate", 0.0),
                    flag(tier.get("by_score"), "tiers.by_score", False),
                )
            )
        unique((tier[0] for tier in tiers), "tiers.min_score")
        tiers.sort()
        within(tiers[0][0], "tiers.min_score", high=0.0)
    rule_rank_awards(rule)
    return method, tiers


def rule_rank_awards(rule):
    """The rank awards of a pay ``rule``: (group, top amounts, bottom amounts),
    place 1 first; none when the rule has no "rank_awards"."""
    awards = rule.get("rank_awards") or {}
    group = choice(awards.get("group"), "rank_awards.group", RANK_GROUPS, "department")
    return (
        group,
        [number(amount, "rank_awards.top") for amount in awards.get("top") or ()],
        [number(amount, "rank_awards.bottom") for amount in awards.get("bottom") or ()],
    )


def validate_pay_rule(rule):
    """Raise ScoringError unless ``rule`` is a usable pay rule; return None."""
    _parse_rule(rule)


def compute_pay(
    rule, score, grade, base, rounding=0.01, rank_award=0.0, pay_percents=()
):
    """Performance pay and award for a final ``score`` (>= 0).

    ``base`` is the performance wage the rule applies to (>= 0), ``grade`` the
    grade dict of the score (needed by the "grade" method), ``rounding`` the
    currency rounding and ``rank_award`` the award of the place in the group
    (``rank_awards``), added to the grade's. ``pay_percents`` (each >= -100)
    then change the pay and a positive award whatever the rule, e.g. -50 halves
    them (P08); a negative award is a fine and stays whole. Returns
    {"performance_pay": float,
    "award": float}.
    """
    method, tiers = _parse_rule(rule)
    score = within(number(score, "score"), "score", 0.0)
    base = within(number(base, "base"), "base", 0.0)
    positive(number(rounding, "rounding"), "rounding")
    pay = 0.0
    award = number(rank_award, "rank_award")
    if method == "proportional":
        pay = base * score / 100
    elif method == "tiered":
        _, rate, by_score = [tier for tier in tiers if tier[0] <= score][-1]
        pay = base * rate / 100 * (score / 100 if by_score else 1)
    elif method == "grade":
        if grade is None:
            raise ScoringError(MISSING, field="grade")
        coefficient = number(grade.get("pay_coefficient"), "pay_coefficient", 100.0)
        pay = base * within(coefficient, "pay_coefficient", 0.0) / 100
        award += number(grade.get("fixed_amount"), "fixed_amount", 0.0)
    factor = 1.0
    for percent in pay_percents:
        factor *= (
            1 + within(number(percent, "pay_percents"), "pay_percents", -100) / 100
        )
    pay *= factor
    if award > 0:
        award *= factor
    return {
        "performance_pay": round_money(pay, rounding),
        "award": round_money(award, rounding),
    }


def percent_of_wage(wage, percent, rounding=0.01):
    """``percent`` (>= 0) % of ``wage``, rounded to the currency ``rounding``."""
    wage = number(wage, "wage")
    percent = within(number(percent, "percent"), "percent", 0.0)
    return round_money(wage * percent / 100, rounding)
