"""Points from a rank among peers: rank 1 (best) gets the most points.

A rank indicator's ``rank_mode`` says where its rank comes from: "manual" (a
rank and group size entered, for ranks made outside), "computed" (ranked by
``rank_positions`` from the measured values of everyone in its ``rank_group``
of the campaign) or "saturation" (S26's workload: ranked by
``saturation_ranks`` from each member's workload and days worked, the
``SATURATION_INPUTS`` of the line).

Rank awards (S26: the branch's top two +200 / +100 yuan, the bottom two −100 /
−50 yuan) are ``rank_awards``.
"""

from collections import Counter

from ._checks import number, within
from .rounding import round_money, round_points

RANK_MODES = ("manual", "computed", "saturation")
RANK_GROUPS = ("campaign", "department", "job", "department_job")
#: The input codes a saturation rank reads: the period's workload and the days
#: actually worked.
SATURATION_INPUTS = ("WORKLOAD", "DAYS")
#: Digits a saturation is rounded to (a ratio, usually around 1).
SATURATION_DIGITS = 4


def rank_score(rank, group_size, max_points, min_points):
    """Points of ``rank`` (1 = best, may be fractional for ties) in a group.

    points = min + (max - min) * (n - rank) / (n - 1); a group of one gets max.
    """
    if group_size == 1:
        return max_points
    return min_points + (max_points - min_points) * (group_size - rank) / (
        group_size - 1
    )


def rank_positions(values, higher_is_better=True):
    """Rank ``values`` ({member: measured value}): {member: rank}, 1 = best.

    Tied values share the average of the ranks they occupy (two tied for
    second both get 2.5).
    """
    measured = {key: number(value, "value") for key, value in values.items()}
    ordered = sorted(measured, key=measured.get, reverse=bool(higher_is_better))
    ranks = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and (
            measured[ordered[end + 1]] == measured[ordered[start]]
        ):
            end += 1
        for key in ordered[start : end + 1]:
            ranks[key] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def rank_points(values, max_points, min_points=0.0, higher_is_better=True):
    """Rank ``values`` ({member: measured value}) and give each member its points.

    Tied values share the average of the ranks they occupy. Returns {member:
    points}, rounded to 2 decimals, with points in [min_points, max_points].
    """
    max_points = number(max_points, "max_points")
    min_points = within(number(min_points, "min_points"), "min_points", high=max_points)
    size = len(values)
    return {
        key: round_points(rank_score(rank, size, max_points, min_points))
        for key, rank in rank_positions(values, higher_is_better).items()
    }


def daily_workload(workload, days_worked):
    """Workload per day worked (S26's saturation before it is compared with the
    year's best); 0 when no day was worked, as nothing was measured yet."""
    workload = within(number(workload, "workload"), "workload", 0.0)
    days = within(number(days_worked, "days_worked"), "days_worked", 0.0)
    return workload / days if days else 0.0


def saturation_ranks(members, best_so_far, higher_is_better=True):
    """Rank S26's workload saturation: {member: (saturation, rank)}.

    ``members`` is {member: (workload, days worked)}, ``best_so_far`` the best
    daily workload the group reached in the year before this period (None or 0
    when there is none: the first month). Saturation = workload / days worked /
    best_so_far, rounded to ``SATURATION_DIGITS``; the ranks are those of
    ``rank_positions`` (dividing by the same best keeps the order of the daily
    workloads). In the first month there is no saturation (None) and everyone
    shares the middle rank, which scores the middle of the points (20 of
    [0, 40]).
    """
    rates = {
        key: daily_workload(workload, days) for key, (workload, days) in members.items()
    }
    best = within(number(best_so_far, "best_so_far", 0.0), "best_so_far", 0.0)
    if not best:
        middle = (len(rates) + 1) / 2
        return dict.fromkeys(rates, (None, middle))
    saturations = {key: rate / best for key, rate in rates.items()}
    return {
        key: (round(saturations[key], SATURATION_DIGITS), rank)
        for key, rank in rank_positions(saturations, higher_is_better).items()
    }


def rank_awards(totals, top=(), bottom=(), rounding=0.01):
    """Awards by place in a group ranked by total score: {member: amount}.

    ``totals`` is {member: total score}; ``top`` the amounts of the first
    places (S26: 200, 100), ``bottom`` those of the last places, the last
    first (S26: -100, -50). A place gets the top amount of its place from the
    top if there is one, else the bottom amount of its place from the bottom
    (in a small group the top amounts win). Tied members share the average of
    the amounts of the places they occupy together (places without an amount
    count 0), rounded to the currency ``rounding``.
    """
    top = [number(amount, "top") for amount in top]
    bottom = [number(amount, "bottom") for amount in bottom]
    size = len(totals)

    def place_amount(place):
        if place <= len(top):
            return top[place - 1]
        from_bottom = size - place + 1
        return bottom[from_bottom - 1] if from_bottom <= len(bottom) else 0.0

    ranks = rank_positions(totals)
    sharing = Counter(ranks.values())
    awards = {}
    for key, rank in ranks.items():
        # t members sharing rank r occupy the places r - (t-1)/2 … r + (t-1)/2
        tied = sharing[rank]
        first = round(rank - (tied - 1) / 2)
        amounts = [place_amount(place) for place in range(first, first + tied)]
        awards[key] = round_money(sum(amounts) / tied, rounding)
    return awards
