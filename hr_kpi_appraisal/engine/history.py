"""Results over time: consecutive-result rules, career ladder rungs and roll-ups.

Pure functions over plain lists of an employee's approved period results (see the
package docstring for the shapes). The rules: P11 (连续三个月或年度累计四个月及以上的
月度评分低于70分 → no annual bonus), P12 and S21 (连续3个月考核排名第一 +200; 连续三个月
不合格 → warning; 连续两年不合格 → dismissal), S08 (three D grades for service attitude →
observation period), S22 (most five-star months of the year → excellent employee), S31
(D again after training → contract termination); ladders L01–L05.
"""

from collections import Counter, defaultdict

from ._checks import choice, integer, items, mapping, number, text, within
from .errors import BANDS_OVERLAP, EMPTY, OUT_OF_RANGE, ScoringError
from .rounding import round_points

#: Periods of each period type in a year.
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}
CONDITIONS = (
    "below",
    "at_least",
    "grade_in",
    "rank_first",
    "flagged",
    "value_below",
    "value_top",
)
#: Conditions over one indicator's measured value rather than the total.
INDICATOR_CONDITIONS = ("flagged", "value_below", "value_top")
WINDOWS = ("consecutive", "year", "year_most")
LADDER_MODES = ("step", "assign")
MISSING_RULES = ("skip", "zero")


class RuleError(ScoringError):
    """A ScoringError of a history rule or a ladder: ``rule`` names it."""

    def __init__(self, reason_code, *, rule, **params):
        super().__init__(reason_code, **params)
        self.rule = rule

    def __str__(self):
        return f'Rule "{self.rule}": {self.reason}'


def _named(code, check, *args):
    """Run ``check`` and re-raise its ScoringError as a RuleError naming ``code``."""
    try:
        return check(*args)
    except RuleError:
        raise
    except ScoringError as exc:
        raise RuleError(exc.reason_code, rule=code, **exc.params) from exc


# ----------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------


def _result(result):
    period_type = choice(result.get("period_type"), "period_type", PERIODS_PER_YEAR)
    index = integer(result.get("index"), "index")
    within(index, "index", 1, PERIODS_PER_YEAR[period_type])
    rank = result.get("rank")
    return {
        "key": result.get("key"),
        "period_type": period_type,
        "year": integer(result.get("year"), "year"),
        "index": index,
        "total": number(result.get("total"), "total"),
        "grade": result.get("grade") or None,
        "rank": None if rank is None else integer(rank, "rank"),
        "flags": frozenset(result.get("flags") or ()),
        "values": mapping(result.get("values"), "values"),
        "value_ranks": mapping(result.get("value_ranks"), "value_ranks"),
    }


def _ordinal(result):
    """The period as one number: consecutive periods differ by exactly 1."""
    return result["year"] * PERIODS_PER_YEAR[result["period_type"]] + result["index"]


def _results(results, period_type):
    """The results of ``period_type``, checked and in period order."""
    checked = [_result(result) for result in results]
    return sorted(
        (result for result in checked if result["period_type"] == period_type),
        key=_ordinal,
    )


# ----------------------------------------------------------------------
# Consecutive-result rules
# ----------------------------------------------------------------------


def validate_rule(rule):
    """Check a rule; returns it with defaults filled in. Errors name the rule."""
    code = text(rule.get("code"), "code")
    return _named(code, _validate_rule, code, rule)


def _validate_rule(code, rule):
    condition = choice(rule.get("condition"), "condition", CONDITIONS)
    checked = {
        "code": code,
        "period_type": choice(
            rule.get("period_type"), "period_type", PERIODS_PER_YEAR, "month"
        ),
        "condition": condition,
        "window": choice(rule.get("window"), "window", WINDOWS, "consecutive"),
        "count": within(integer(rule.get("count"), "count"), "count", 1),
        "value": None,
        "grades": frozenset(),
        "indicator": None,
    }
    if checked["window"] == "consecutive" or checked["window"] == "year":
        within(checked["count"], "count", 1, _most_periods(checked))
    if condition in ("below", "at_least", "value_below"):
        checked["value"] = number(rule.get("value"), "value")
    if condition == "grade_in":
        grades = rule.get("grades") or ()
        if not grades:
            raise ScoringError(EMPTY, field="grades")
        checked["grades"] = frozenset(text(grade, "grades") for grade in grades)
    if condition in INDICATOR_CONDITIONS:
        checked["indicator"] = text(rule.get("indicator"), "indicator")
    return checked


def _most_periods(rule):
    """The most periods a window can hold (a year, or any number in a row)."""
    return PERIODS_PER_YEAR[rule["period_type"]] if rule["window"] == "year" else None


def _matches(rule, result):
    condition = rule["condition"]
    if condition == "below":
        return result["total"] < rule["value"]
    if condition == "at_least":
        return result["total"] >= rule["value"]
    if condition == "grade_in":
        return result["grade"] in rule["grades"]
    if condition == "rank_first":
        return result["rank"] == 1
    if condition == "value_below":
        value = result["values"].get(rule["indicator"])
        return value is not None and value < rule["value"]
    if condition == "value_top":
        return result["value_ranks"].get(rule["indicator"]) == 1
    return rule["indicator"] in result["flags"]


def _finding(results):
    return {
        "keys": [result["key"] for result in results],
        "periods": [(result["year"], result["index"]) for result in results],
    }


def _consecutive(rule, results):
    """Runs of ``count`` matching results in consecutive periods; a run that
    triggers starts the count again (months 1–3 and 4–6, never 2–4)."""
    findings, run = [], []
    for result in results:
        if run and _ordinal(result) != _ordinal(run[-1]) + 1:
            run = []
        if not _matches(rule, result):
            run = []
            continue
        run.append(result)
        if len(run) == rule["count"]:
            findings.append(_finding(run))
            run = []
    return findings


def _by_year(results):
    years = defaultdict(list)
    for result in results:
        years[result["year"]].append(result)
    return years


def _in_year(rule, results):
    """Every ``count`` matching results within one calendar year."""
    findings = []
    for year_results in _by_year(results).values():
        matching = [result for result in year_results if _matches(rule, result)]
        for start in range(0, len(matching) - rule["count"] + 1, rule["count"]):
            findings.append(_finding(matching[start : start + rule["count"]]))
    return findings


def _year_most(rule, histories):
    """Per complete year (a result of its last period exists), the employees with
    the most matching periods, if at least ``count``."""
    last = PERIODS_PER_YEAR[rule["period_type"]]
    matching = defaultdict(dict)
    complete = set()
    for employee, results in histories.items():
        for year, year_results in _by_year(results).items():
            if any(result["index"] == last for result in year_results):
                complete.add(year)
            hits = [result for result in year_results if _matches(rule, result)]
            if hits:
                matching[year][employee] = hits
    findings = defaultdict(list)
    for year in sorted(complete & set(matching)):
        most = max(len(hits) for hits in matching[year].values())
        if most < rule["count"]:
            continue
        for employee, hits in matching[year].items():
            if len(hits) == most:
                findings[employee].append(_finding(hits))
    return findings


def evaluate_rule(rule, histories, used=None):
    """What ``rule`` finds in ``histories`` ({employee: [result]}).

    ``used`` ({employee: {(year, index)}}) holds the periods earlier findings of
    the rule already took: those results count as not matching, so a finding is
    never made twice for the same periods. Returns {employee: [{"keys", "periods"}]}
    (employees without a finding left out), findings in period order.
    """
    rule = validate_rule(rule)
    used = mapping(used, "used")
    fresh = {
        employee: [
            result
            for result in _named(rule["code"], _results, results, rule["period_type"])
            if (result["year"], result["index"]) not in used.get(employee, ())
        ]
        for employee, results in histories.items()
    }
    if rule["window"] == "year_most":
        return dict(_year_most(rule, fresh))
    window = _consecutive if rule["window"] == "consecutive" else _in_year
    found = {employee: window(rule, results) for employee, results in fresh.items()}
    return {employee: findings for employee, findings in found.items() if findings}


def competition_ranks(totals):
    """Rank of each key of ``totals`` ({key: total}), 1 = highest; ties share the
    better rank (two firsts, then third)."""
    counts = Counter(number(total, "total") for total in totals.values())
    better, ranks = 0, {}
    for total in sorted(counts, reverse=True):
        ranks[total] = better + 1
        better += counts[total]
    return {key: ranks[float(total)] for key, total in totals.items()}


# ----------------------------------------------------------------------
# Career ladders
# ----------------------------------------------------------------------
# A rung's ``entry`` and ``demotion`` are dicts of conditions, all of which must
# hold: ``results`` {"count": N, "low": float, "high": float|None} (the last N
# results in consecutive periods all in [low, high)), ``tenure_months``
# (at least), ``review_min`` (promotion review score at least), ``checks``
# [names of facts HR confirms: exam, certificate …], ``max_complaints`` (at
# most); demotion also ``min_complaints`` (at least) and ``any_checks`` (one of
# these facts, e.g. a major error).

ENTRY_KEYS = ("results", "tenure_months", "review_min", "checks", "max_complaints")
DEMOTION_KEYS = ("results", "min_complaints", "any_checks")


def validate_ladder(ladder):
    """Check a ladder ({"code", "mode", "period_type", "rungs": [{"code",
    "entry", "demotion"}]} lowest rung first); errors name the ladder."""
    code = text(ladder.get("code"), "code")
    return _named(code, _validate_ladder, code, ladder)


def _validate_ladder(code, ladder):
    rungs = items(ladder.get("rungs"), "rungs")
    checked = {
        "code": code,
        "mode": choice(ladder.get("mode"), "mode", LADDER_MODES, "step"),
        "period_type": choice(
            ladder.get("period_type"), "period_type", PERIODS_PER_YEAR, "month"
        ),
        "rungs": [],
    }
    for position, rung in enumerate(rungs):
        rung_code = text(rung.get("code"), "rung")
        entry = _conditions(rung.get("entry"), ENTRY_KEYS, f"{rung_code} entry")
        if position and not entry:
            raise ScoringError(EMPTY, field=f"{rung_code} entry conditions")
        demotion = _conditions(
            rung.get("demotion"), DEMOTION_KEYS, f"{rung_code} demotion"
        )
        checked["rungs"].append(
            {"code": rung_code, "entry": entry, "demotion": demotion}
        )
    if checked["mode"] == "assign":
        _check_bands(checked["rungs"])
    return checked


def _conditions(conditions, keys, field):
    conditions = {
        key: value
        for key, value in mapping(conditions, field).items()
        if not _unset(value)
    }
    for key in conditions:
        choice(key, field, keys)
    checked = dict(conditions)
    if "results" in conditions:
        results = mapping(conditions["results"], f"{field} results")
        low = number(results.get("low"), f"{field} low")
        high = number(results.get("high"), f"{field} high", None)
        if high is not None and high <= low:
            raise ScoringError(
                OUT_OF_RANGE, field=f"{field} high", value=high, low=low, high=None
            )
        count = within(
            integer(results.get("count"), f"{field} count"), f"{field} count", 1
        )
        checked["results"] = {"count": count, "low": low, "high": high}
    for key in ("tenure_months", "max_complaints", "min_complaints"):
        if key in conditions:
            checked[key] = within(integer(conditions[key], key), key, 0)
    if "review_min" in conditions:
        checked["review_min"] = number(conditions["review_min"], "review_min")
    return checked


def _unset(value):
    """None, False and empty lists leave a condition out (0 is a value)."""
    return (
        value is None
        or value is False
        or (isinstance(value, (list, tuple)) and not value)
    )


def _check_bands(rungs):
    """Result bands of the rungs' entries must not overlap (a ladder that
    assigns the rung of the latest results; a stepped one may ask the same
    band at every rung, as L04 asks a good annual result)."""
    bands = sorted(
        (rung["entry"]["results"]["low"], rung["entry"]["results"]["high"])
        for rung in rungs
        if "results" in rung["entry"]
    )
    for (_low, high), (next_low, _next_high) in zip(bands, bands[1:]):
        if high is None or high > next_low:
            raise ScoringError(BANDS_OVERLAP, at=next_low)


def _last_in_band(band, results):
    """The last ``count`` results, in consecutive periods, all in the band."""
    last = results[-band["count"] :]
    if len(last) < band["count"]:
        return False
    if _ordinal(last[-1]) - _ordinal(last[0]) != band["count"] - 1:
        return False
    return all(
        result["total"] >= band["low"]
        and (band["high"] is None or result["total"] < band["high"])
        for result in last
    )


def _holds(conditions, facts, results, demotion=False):
    """Whether every condition holds (entry) or any of them does (demotion)."""
    checks = facts["checks"]
    tests = {
        "results": lambda band: _last_in_band(band, results),
        "tenure_months": lambda months: facts["tenure_months"] >= months,
        "review_min": lambda score: (
            facts["review_score"] is not None and facts["review_score"] >= score
        ),
        "checks": lambda names: all(checks.get(name) for name in names),
        "max_complaints": lambda most: facts["complaints"] <= most,
        "min_complaints": lambda least: facts["complaints"] >= least,
        "any_checks": lambda names: any(checks.get(name) for name in names),
    }
    outcomes = (tests[key](value) for key, value in conditions.items())
    return any(outcomes) if demotion else all(outcomes)


def propose_level(ladder, current, facts):
    """The move ``facts`` call for on ``ladder`` from rung ``current`` (a code,
    None below the first rung): ``{"to": rung code, "move": "promote" |
    "demote"}`` or None.

    ``facts``: ``{"results": [result], "tenure_months": int, "review_score":
    float|None, "complaints": int, "checks": {name: bool}}``. A demotion
    condition of the current rung moves one rung down. Mode "step" promotes one
    rung at a time (逐级晋升), from the first rung when ``current`` is None and
    the first rung has no entry conditions; mode "assign" gives the highest rung whose entry
    holds, lower or higher (L02: the band of the last results).
    """
    ladder = validate_ladder(ladder)
    codes = [rung["code"] for rung in ladder["rungs"]]
    if current is not None and current not in codes:
        raise RuleError(
            "unknown_code", rule=ladder["code"], field="rung", value=current
        )
    facts = {
        "tenure_months": integer(facts.get("tenure_months"), "tenure_months", 0),
        "review_score": number(facts.get("review_score"), "review_score", None),
        "complaints": integer(facts.get("complaints"), "complaints", 0),
        "checks": mapping(facts.get("checks"), "checks"),
        "results": facts.get("results") or [],
    }
    results = _named(ladder["code"], _results, facts["results"], ladder["period_type"])
    position = -1 if current is None else codes.index(current)
    if position < 0 and ladder["mode"] == "step" and not ladder["rungs"][0]["entry"]:
        position = 0  # not on the ladder yet: on its first, open rung
    if position >= 0:
        demotion = ladder["rungs"][position]["demotion"]
        if demotion and _holds(demotion, facts, results, demotion=True):
            return {"to": codes[position - 1] if position else None, "move": "demote"}
    candidates = [
        index
        for index, rung in enumerate(ladder["rungs"])
        if rung["entry"] and _holds(rung["entry"], facts, results)
    ]
    if ladder["mode"] == "step":
        step = position + 1
        if step < len(codes) and step in candidates:
            return {"to": codes[step], "move": "promote"}
        return None
    if not candidates or candidates[-1] == position:
        return None
    target = candidates[-1]
    return {"to": codes[target], "move": "promote" if target > position else "demote"}


# ----------------------------------------------------------------------
# Roll-ups
# ----------------------------------------------------------------------


def rollup_mean(values, expected, missing="skip"):
    """The mean of earlier results (S16-HEAD: the annual result is the mean of
    the four quarterly scores; S21: quarterly from monthly, annual from
    quarterly).

    ``values`` are the results found, ``expected`` how many periods the roll-up
    covers. A missing period is left out of the mean ("skip") or counts as 0
    ("zero"). Returns ``{"value": float|None (None: nothing to average),
    "used": int, "missing": int}``.
    """
    expected = within(integer(expected, "expected"), "expected", 1)
    missing = choice(missing, "missing", MISSING_RULES)
    found = [number(value, "value") for value in values]
    if len(found) > expected:
        raise ScoringError(
            OUT_OF_RANGE, field="values", value=len(found), low=0, high=expected
        )
    lacking = expected - len(found)
    divisor = len(found) if missing == "skip" else expected
    value = round_points(sum(found) / divisor) if divisor else None
    return {"value": value, "used": len(found), "missing": lacking}


def flagged(indicator, line_input):
    """Whether a line's input reached a zeroing count of its indicator (S08:
    three D grades for service attitude) or triggered its veto."""
    line_input = mapping(line_input, "line input")
    if line_input.get("veto"):
        return True
    counts = mapping(line_input.get("counts"), "counts")
    return any(
        event.get("zero_at") and (counts.get(event["code"]) or 0) >= event["zero_at"]
        for event in indicator.get("events") or ()
    )


_SLOT_TYPES = {"M": "month", "Q": "quarter", "H": "half_year"}


def rollup_slot(code):
    """The earlier period an input code of a roll-up stands for: "M1"–"M12",
    "Q1"–"Q4", "H1"–"H2" give ``(period type, number in the year)``; any other
    code None."""
    code = (code or "").strip().upper()
    kind, number = code[:1], code[1:]
    if kind not in _SLOT_TYPES or not number.isdigit():
        return None
    period_type = _SLOT_TYPES[kind]
    index = int(number)
    if not 1 <= index <= PERIODS_PER_YEAR[period_type]:
        return None
    return period_type, index
