"""Demo appraisals: three months of them, made through the real workflow.

Plain functions, no model of their own: ``demo/hr_kpi_demo.xml`` runs
``load_demo_appraisals`` (through ``hr.kpi.appraisal._load_demo_appraisals``), so
only a database with demo data runs them. Every step is taken by the user whose job
it is (HR creates, starts and approves, the employee self-scores, the direct
supervisor scores, the general manager approves), so the chatter, the activities
and the rights checks are the real ones. The numbers come from a seeded
``random.Random``: the same demo database every time.
"""

import math
import random
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Command

from ..engine import JUDGED_METHODS, rank_points
from ..engine.indicator import parse_indicator
from ..models.appraisal_stages import FLOW

SEED = 8080
MODULE = "hr_kpi_appraisal"
# Demo staff who are appraised (xml id suffix) and the usual quality of their
# work, from 0 (poor) to 1 (excellent); each month varies around it.
STAFF = {
    "wang_lei": 0.88,
    "zhao_li": 0.86,
    "li_na": 0.93,
    "zhang_min": 0.82,
    "zhou_jie": 0.7,
    "huang_jing": 0.85,
    "wu_fang": 0.8,
    "liu_yang": 0.9,
    "yang_fan": 0.64,
    "zheng_hao": 0.8,
    "he_xue": 0.84,
    "lin_xiao": 0.88,
    "luo_ting": 0.76,
    "gao_feng": 0.7,
    "xu_ming": 0.84,
    "zhu_lin": 0.85,
    "hu_bin": 0.74,
    "guo_tao": 0.86,
    "xie_hui": 0.76,
}
# Where each month's appraisals stop, oldest month first; "done" by default in the
# two older months, "manager_review" in the latest.
STOPS = (
    {},
    {
        "xie_hui": "gm_approval",
        "luo_ting": "calibration",
        "he_xue": "calibration",
        "zhou_jie": "hr_review",
    },
    {
        "li_na": "self_review",
        "lin_xiao": "draft",
        "luo_ting": "draft",
        "gao_feng": "cancel",
    },
)
DEFAULT_STOPS = ("done", "done", "manager_review")
# The month whose campaign is calibrated (its index in STOPS) against the demo
# company's grade quotas (kpi_demo_distribution_policy).
CALIBRATED_MONTH = 1
# A veto that zeroes one appraisal of the oldest month (media exposure of a
# service failure): the demo shows what a veto does.
VETOES = {(0, "hu_bin")}
# The groups of the demo users (xml id suffix), as the README's demo table gives
# them and demo/hr_kpi_demo.xml creates them; they get the groups these imply.
DEMO_USER_GROUPS = {
    "gm": ("base.group_user", "hr_kpi_appraisal.group_kpi_approver"),
    "hr": (
        "base.group_user",
        "hr_kpi_appraisal.group_kpi_hr",
        "hr.group_hr_user",
        "hr_contract.group_hr_contract_manager",
    ),
    "lead": ("base.group_user", "hr_kpi_appraisal.group_kpi_supervisor"),
    "lead2": ("base.group_user", "hr_kpi_appraisal.group_kpi_supervisor"),
    "agent": ("base.group_user",),
    "agent2": ("base.group_user",),
}
# Ranked indicators rank the staff of every branch, not only the demo staff: the
# group holds peers up to this size, with a quality of work in PEER_QUALITY.
# The staff whose template holds performance interviews in the demo, and
# who appeals a result.
INTERVIEWED = "liu_yang"
APPELLANT = "li_na"
RANK_GROUP_SIZE = 12
PEER_QUALITY = (0.35, 1.0)


# ----------------------------------------------------------------------
# Entry points
# ----------------------------------------------------------------------


def load_demo_appraisals(env):
    """Appraise the demo staff for the three calendar months before today."""
    users = {
        key: env.ref(f"{MODULE}.kpi_demo_user_{key}")
        for key in ("gm", "hr", "lead", "lead2", "agent", "agent2")
    }
    staff = {key: env.ref(f"{MODULE}.kpi_demo_emp_{key}") for key in STAFF}
    employees = env["hr.employee"].union(*staff.values())
    if env["hr.kpi.appraisal"].search_count([("employee_id", "in", employees.ids)]):
        return  # already made
    _configure_templates(env, employees, users)
    rng = random.Random(SEED)
    first_day = fields.Date.context_today(env.user).replace(day=1)
    for index, age in enumerate((3, 2, 1)):
        date_from = first_day - relativedelta(months=age)
        stops = {
            staff[key]: STOPS[index].get(key, DEFAULT_STOPS[index]) for key in STAFF
        }
        vetoes = {staff[key] for month, key in VETOES if month == index}
        calibrated = index == CALIBRATED_MONTH
        _appraise_month(env, staff, stops, vetoes, date_from, users, rng, calibrated)
    _publish_results(env, staff, users)


def reset_demo_user_groups(env):
    """Give the demo users exactly DEMO_USER_GROUPS again, where they exist.

    An app installed after the demo data may add groups to every internal user
    (the groups it puts on the default-user template); the demo users must keep
    the rights the README gives them.
    """
    for key, xmlids in DEMO_USER_GROUPS.items():
        user = env.ref(f"{MODULE}.kpi_demo_user_{key}", raise_if_not_found=False)
        if not user:
            continue
        groups = [env.ref(xmlid).id for xmlid in xmlids]
        user.sudo().write({"groups_id": [Command.set(groups)]})


def _configure_templates(env, employees, users):
    """Route the activities of the demo templates to the demo HR officer and
    general manager, pay by P09 (performance wage × score) where the
    template names no pay rule, and hold performance interviews (S30) on the
    template of the outbound call agents."""
    by_employee = employees._kpi_default_templates()
    templates = env["hr.kpi.template"].union(*by_employee.values())
    templates.write({"hr_user_id": users["hr"].id, "approver_user_id": users["gm"].id})
    interviewed = by_employee.get(env.ref(f"{MODULE}.kpi_demo_emp_{INTERVIEWED}").id)
    if interviewed:
        interviewed.interview_required = True
    p09 = env.ref(f"{MODULE}.kpi_pay_rule_p09", raise_if_not_found=False)
    if p09:
        templates.filtered(lambda t: not t.pay_rule_id).pay_rule_id = p09


# ----------------------------------------------------------------------
# One month
# ----------------------------------------------------------------------


def _appraise_month(env, staff, stops, vetoes, date_from, users, rng, calibrated):
    date_to = date_from + relativedelta(months=1, days=-1)
    as_hr = env["hr.kpi.appraisal"].with_user(users["hr"])
    appraisals = as_hr.create(
        [
            {"employee_id": e.id, "date_from": date_from, "date_to": date_to}
            for e in staff.values()
        ]
    )
    _campaign(env, users, date_from, date_to, appraisals, calibrated)
    key_of = {employee: key for key, employee in staff.items()}
    target = {a: stops[a.employee_id] for a in appraisals}
    quality = {
        a: min(1.0, max(0.2, STAFF[key_of[a.employee_id]] + rng.gauss(0, 0.07)))
        for a in appraisals
    }

    def beyond(appraisal, state):
        """Whether ``appraisal`` goes further than ``state``."""
        stop = target[appraisal]
        return stop != "cancel" and FLOW.index(stop) > FLOW.index(state)

    def reached(state):
        """The appraisals now in ``state`` that go further."""
        return appraisals.filtered(lambda a: a.state == state and beyond(a, state))

    # HR starts the month, then imports the measured values
    _flush(env)
    reached("draft").action_start()
    started = appraisals.filtered(lambda a: a.state != "draft")
    ranks = _ranks(started, quality, rng)
    for appraisal in started:
        commands = _line_commands(
            appraisal,
            "measured",
            quality[appraisal],
            rng,
            ranks=ranks,
            veto=appraisal.employee_id in vetoes,
        )
        appraisal.write({"line_ids": commands})
    _flush(env)
    # the employees score themselves
    for appraisal in reached("self_review"):
        own = appraisal.with_user(appraisal.employee_id.user_id)
        own.write(
            {
                "line_ids": _line_commands(appraisal, "self", quality[appraisal], rng),
                "employee_comment": _pick(
                    _employee_comments(env), quality[appraisal], rng
                ),
            }
        )
        own.action_submit_self()
        _flush(env)
    # the direct supervisors score their team
    for supervisor, team in (
        reached("manager_review").grouped(lambda a: a.manager_id.user_id).items()
    ):
        for appraisal in team.with_user(supervisor):
            appraisal.write(
                {
                    "line_ids": _line_commands(
                        appraisal, "manager", quality[appraisal], rng
                    ),
                    "note": _pick(_supervisor_notes(env), quality[appraisal], rng),
                }
            )
        _justify(env, team.with_user(supervisor))
        team.with_user(supervisor).action_submit_manager()
        _flush(env)
    # HR records rewards, discipline and attendance, then approves; a grade
    # that now needs the supervisor's justification goes back to them first
    for appraisal in appraisals.filtered(lambda a: a.state == "hr_review"):
        adjustment = _adjustment(env, appraisal, quality[appraisal], rng)
        if adjustment:
            appraisal.write({"adjustment_ids": [Command.create(adjustment)]})
    unjustified = reached("hr_review").filtered(
        lambda a: a.needs_justification and not a.grade_justification
    )
    unjustified.action_send_back()
    for appraisal in unjustified:
        as_supervisor = appraisal.with_user(appraisal.manager_id.user_id)
        _justify(env, as_supervisor)
        as_supervisor.action_submit_manager()
    reached("hr_review").action_hr_approve()
    _flush(env)
    # HR calibrates the grades over the quotas, then the GM signs them off
    _calibrate(env, appraisals.filtered(lambda a: a.state == "calibration"))
    reached("calibration").action_finish_calibration()
    _flush(env)
    waiting = reached("gm_approval").with_user(users["gm"])
    if calibrated:
        waiting.action_sign_off()
    else:
        waiting.action_gm_approve()
    _flush(env)
    # approved a few days after the month, as in real life
    today = fields.Date.context_today(env.user)
    for appraisal in appraisals.filtered(lambda a: a.state == "done")._kpi_system():
        appraisal.date_done = min(
            date_to + relativedelta(days=rng.randint(5, 10)), today
        )
    cancelled = appraisals.filtered(lambda a: target[a] == "cancel")
    if cancelled:
        cancelled.action_cancel()
        cancelled.message_post(
            body=env._(
                "Cancelled: on sick leave for most of the month, "
                "not appraised this time."
            )
        )
    _flush(env)


def _campaign(env, users, date_from, date_to, appraisals, calibrated):
    """The month's campaign of ``appraisals``, named in Chinese, the demo
    company's language, with its English translation; ``calibrated``: with
    calibration after HR Review."""
    campaign = (
        env["hr.kpi.campaign"]
        .with_user(users["hr"])
        .with_context(lang="en_US")
        .create(
            {
                "name": f"Customer Service Centre {date_from:%B %Y}",
                "date_from": date_from,
                "date_to": date_to,
                "employee_ids": [Command.set(appraisals.employee_id.ids)],
            }
        )
    )
    if env["res.lang"]._lang_get("zh_CN"):
        campaign.update_field_translations(
            "name", {"zh_CN": f"{date_from.year}年{date_from.month}月客服中心绩效考核"}
        )
    appraisals._kpi_system().campaign_id = campaign
    campaign.sudo().state = "open"
    campaign.calibration = calibrated
    return campaign


def _calibrate(env, appraisals):
    """HR brings each grade over its maximum in the quotas down to the grade
    below, the lowest totals first, from the best grade down, each move with
    its reason (the demo's groups are whole campaigns); nobody moves twice."""
    moved_once = appraisals.browse()
    for status in appraisals._kpi_distribution_groups():
        grades = status["policy"].scale_id.grade_ids.sorted("min_score", reverse=True)
        lines = {line["grade"]: line for line in status["grades"]}
        moved = 0  # moved down into the grade now looked at
        for grade, lower in zip(grades, grades[1:]):
            line = lines.get(grade)
            count, moved = (line["count"] if line else 0) + moved, 0
            if not line or line["max"] is None or count <= line["max"]:
                continue
            graded = (appraisals - moved_once).filtered(
                lambda a, g=grade: a.calibrated_grade_id == g
            )
            for appraisal in graded.sorted("total_score")[: count - line["max"]]:
                appraisal.action_calibrate(
                    lower,
                    env._(
                        "Grade %(grade)s is over its quota in the campaign: "
                        "the lowest total of the grade moves down, agreed "
                        "with the supervisor.",
                        grade=grade.code,
                    ),
                )
                moved += 1
                moved_once |= appraisal
                _flush(env)


def _justify(env, appraisals):
    """The supervisor's written justification of the grades the template
    wants justified (S31: A and D)."""
    for appraisal in appraisals.filtered("needs_justification"):
        appraisal.grade_justification = env._(
            "Grade %(grade)s: see the scores of the lines and the comment; "
            "discussed with the employee.",
            grade=appraisal.grade_id.code,
        )


# ----------------------------------------------------------------------
# Publication, confirmation, appeal and interview
# ----------------------------------------------------------------------


def _publish_results(env, staff, users):
    """HR publishes the approved results of the two older months. In the
    oldest, the employees with a login confirm theirs and the outbound call
    agent's performance interview is held; in the next, the phone
    specialist appeals and the others have yet to answer."""
    as_hr = env["hr.kpi.appraisal"].with_user(users["hr"])
    done = as_hr.search(
        [
            ("employee_id", "in", [e.id for e in staff.values()]),
            ("state", "=", "done"),
        ],
        order="date_from",
    )
    months = sorted(set(done.mapped("date_from")))[:2]
    done = done.filtered(lambda a: a.date_from in months)
    done.action_publish()
    _flush(env)
    oldest = done.filtered(lambda a: a.date_from == months[0])
    for appraisal in oldest.filtered("employee_id.user_id"):
        own = appraisal.with_user(appraisal.employee_id.user_id)
        own.confirm_comment = env._("Agreed, thank you for the feedback.")
        own.action_confirm_result()
    _flush(env)
    _hold_interview(env, oldest.interview_ids)
    employee = staff[APPELLANT]
    appealed = done.filtered(
        lambda a: a.date_from == months[-1] and a.employee_id == employee
    )
    if appealed:
        _appeal(env, appealed)


def _hold_interview(env, interviews):
    """The supervisor records the interview, then the employee confirms it."""
    for interview in interviews:
        supervisor = interview.appraisal_id.manager_id.user_id
        employee = interview.appraisal_id.employee_id.user_id
        if not supervisor or not employee:
            continue
        as_supervisor = interview.with_user(supervisor)
        as_supervisor.write(
            {
                "date": fields.Date.context_today(env.user),
                "strengths": env._("Friendly on the phone; customers ask for you."),
                "gaps": env._("Too few follow-up calls on open orders."),
                "goals": env._("Call back every open order within two days."),
            }
        )
        as_supervisor.action_confirm()
        as_employee = interview.with_user(employee)
        as_employee.employee_comment = env._("Agreed; I will plan the call-backs.")
        as_employee.action_confirm()
        _flush(env)


def _appeal(env, appraisal):
    """The employee appeals the lowest-scored line; the department head has
    it now."""
    line = appraisal.line_ids.filtered("max_points").sorted(
        lambda line: line.points / line.max_points
    )[:1]
    appeal = (
        env["hr.kpi.appeal"]
        .with_user(appraisal.employee_id.user_id)
        .create(
            {
                "appraisal_id": appraisal.id,
                "reason": env._(
                    "The score does not reflect the month: two customers "
                    "thanked me in writing."
                ),
                "line_ids": [
                    Command.create(
                        {
                            "appraisal_line_id": line.id,
                            "reason": env._(
                                "The quality check sampled the one difficult call."
                            ),
                        }
                    )
                ],
            }
        )
    )
    appeal.action_submit()
    _flush(env)


def _flush(env):
    """Post the chatter tracking of the step just taken, by its author.

    Tracking is posted when the transaction commits, as one message per record
    by the user who first changed a tracked field: without a flush after each
    user's step, the whole demo would be one message by HR."""
    env.flush_all()
    env.cr.flush()


def _ranks(appraisals, quality, rng):
    """(rank, group size) of each ranked line, ranked by the engine.

    The group is wider than the demo staff (every branch's staff is ranked): peers
    fill it up to RANK_GROUP_SIZE, so a rank follows the quality of the work."""
    groups = defaultdict(list)
    for appraisal in appraisals:
        for line in appraisal.line_ids.filtered(
            lambda line: line.scoring_method == "rank" and not line.rank_computed
        ):
            groups[appraisal.template_id, line.code].append(line)
    ranks = {}
    for lines in groups.values():
        size = max(len(lines), RANK_GROUP_SIZE)
        work = {
            line: quality[line.appraisal_id] + rng.uniform(-0.08, 0.08)
            for line in lines
        }
        work.update(
            {peer: rng.uniform(*PEER_QUALITY) for peer in range(size - len(lines))}
        )
        # from `size` points for the best down to 1 for the last: rank r gets
        # size + 1 - r points
        points = rank_points(work, size, 1)
        for line in lines:
            ranks[line] = (round(size + 1 - points[line]), size)
    return ranks


# ----------------------------------------------------------------------
# Filling lines
# ----------------------------------------------------------------------


def _line_commands(appraisal, reviewer, quality, rng, **options):
    """Commands that fill ``reviewer``'s inputs on every line of ``appraisal``."""
    commands = []
    for line in appraisal.line_ids:
        values = _fill_line(line, reviewer, quality, rng, **options)
        if values:
            commands.append(Command.update(line.id, values))
    return commands


def _fill_line(line, reviewer, quality, rng, ranks=None, veto=False):
    """Plausible values for one line of any template.

    ``reviewer`` is "self" or "manager" (the judged value: points, percentage or
    level number) or "measured" (actual value, counts and inputs, rank, veto).
    ``quality`` in [0, 1] is how good the month's work was. Returns the values to
    write on the line, or {} when the reviewer enters nothing there.
    """
    judged = line.scoring_method in JUDGED_METHODS
    if reviewer == "measured":
        if judged:
            return {}
        return _measured(line, quality, rng, ranks or {}, veto)
    if not judged:
        return {}
    # employees rate themselves a little higher than their supervisor does
    bias = rng.uniform(0.0, 0.08) if reviewer == "self" else 0.0
    score = min(1.0, max(0.0, quality + bias + rng.uniform(-0.1, 0.06)))
    field = "self_value" if reviewer == "self" else "manager_value"
    return {field: _judged(line, score, rng)}


def _judged(line, score, rng):
    max_points = line.max_points
    if line.kind != "normal":
        # bonus and penalty items: usually nothing, now and then a little
        chance = score if line.kind == "bonus" else 1 - score
        score = rng.uniform(0.2, 0.6) if rng.random() < chance * 0.5 else 0.0
    if line.scoring_method == "percent":
        return float(round(score * 100))
    if line.scoring_method == "points":
        step = 0.5 if max_points <= 10 else 1.0
        return min(max_points, round(max_points * score / step) * step)
    # levels: the best one for excellent work, one or two below otherwise
    points = parse_indicator(line.indicator_snapshot).params["levels"]
    best_first = sorted(range(len(points)), key=lambda i: -points[i])
    if line.kind == "penalty":
        best_first.reverse()
    steps = int((1 - score) * len(points) * 0.8)
    return float(best_first[min(steps, len(points) - 1)] + 1)


def _measured(line, quality, rng, ranks, veto):
    method = line.scoring_method
    spec = line.indicator_snapshot
    score = min(1.0, max(0.0, quality + rng.uniform(-0.12, 0.08)))
    if method == "bands":
        return {"actual_value": _band_value(spec, score, rng)}
    if method == "ratio":
        return {"actual_value": _ratio_value(spec, score)}
    if method == "range":
        low, high = spec["range_low"], spec["range_high"]
        width = (high - low) or 10.0
        return {"actual_value": round(low + (score * 1.5 - 0.25) * width, 1)}
    if method == "rank":
        return _ranked(line, score, rng, ranks)
    if method == "veto":
        return {"veto_triggered": True} if veto else {}
    values = {}
    if method == "deduction":
        values = _counts(line, score, rng)
    elif method == "linear":
        values = _formula_inputs(line, score, rng)
    elif method == "average":
        values = {
            item.code: float(min(100, round(55 + 45 * score + rng.uniform(-4, 4))))
            for item in line.input_ids
        }
    return {
        "input_ids": [
            Command.update(item.id, {"value": values[item.code]})
            for item in line.input_ids
            if values.get(item.code)
        ]
    }


def _ranked(line, score, rng, ranks):
    """What a rank line takes: the rank made outside, or what the system ranks
    (the measured value, or the workload and days worked of a saturation)."""
    mode = line.indicator_snapshot.get("rank_mode")
    if mode == "computed":
        value = (
            60 + 40 * score
            if line.indicator_snapshot["direction"] != "lower"
            else 100 - 40 * score
        )
        return {"actual_value": round(value, 1)}
    if mode == "saturation":
        days = float(rng.randint(18, 22))
        inputs = {"WORKLOAD": float(round(days * (30 + 25 * score))), "DAYS": days}
        return {
            "input_ids": [
                Command.update(item.id, {"value": inputs[item.code]})
                for item in line.input_ids
                if item.code in inputs
            ]
        }
    rank, size = ranks.get(line, (1, 1))
    return {"rank": rank, "group_size": size}


def _band_value(spec, score, rng):
    """A measured value inside a band: the best band for the best work."""
    bands = parse_indicator(spec).params["bands"]
    best_first = sorted(bands, key=lambda band: band.result, reverse=True)
    band = best_first[min(int((1 - score) * len(bands) * 0.7), len(bands) - 1)]
    edges = [edge for b in bands for edge in (b.lower, b.upper) if edge is not None]
    width = (max(edges) - min(edges)) / max(len(bands) - 1, 1) or 10.0
    low, high = band.lower, band.upper
    if low is None:
        low = max(0.0, high - width) if high > 0 else high - width
    if high is None:
        high = low + width
        if max(edges) <= 100 < high:  # a percentage
            high = 100.0
    value = low + (high - low) * rng.uniform(0.15, 0.85)
    value = round(value) if width >= 20 else round(value, 1)
    return value if band.contains(value) else (low + high) / 2


def _ratio_value(spec, score):
    target = spec["target"]
    factor = 0.75 + 0.4 * score  # 75 % … 115 % of the target
    actual = target / factor if spec.get("direction") == "lower" else target * factor
    if target >= 20 or float(target).is_integer():
        return float(round(actual))
    return round(actual, 1)


def _counts(line, score, rng):
    """Occurrences: faults are rare in good months, at most two of a kind."""
    zero_at = {
        event["code"]: event.get("zero_at")
        for event in line.indicator_snapshot["events"]
    }
    counts = {}
    for item in line.input_ids:
        if item.unit_points < 0:
            count = 0
            if rng.random() < (1 - score) * 0.6:
                count = 1 + (rng.random() < 0.3)
                if abs(item.unit_points) < 2:
                    count += rng.randint(0, 2)
        else:
            count = int(rng.random() < score * 0.4)
        if zero_at.get(item.code):
            count = min(count, zero_at[item.code] - 1)
        counts[item.code] = float(count)
    return counts


def _formula_inputs(line, score, rng):
    """Named inputs of a formula: counts for bonus and penalty items, shares
    (0–1) when the coefficients weigh shares, else an amount near the target."""
    spec = line.indicator_snapshot
    items = line.input_ids
    cap = spec.get("cap") or line.max_points
    positive = items.filtered(lambda i: i.unit_points > 0).sorted(
        "unit_points", reverse=True
    )
    values = dict.fromkeys(items.mapped("code"), 0.0)
    if line.kind != "normal":
        bad = line.kind == "penalty"
        chance = (1 - score) * 0.4 if bad else score * 0.25
        for item in items:
            if (item.unit_points < 0) != bad or rng.random() >= chance:
                continue
            if bad or item.unit_points >= 1:
                values[item.code] = 1.0 + (rng.random() < 0.2)
            else:  # an amount, e.g. a contract value in yuan
                amount = rng.uniform(0.1, 0.4) * cap / item.unit_points
                values[item.code] = float(round(amount, -3))
        return values
    if not positive:
        return values
    if sum(positive.mapped("unit_points")) >= line.max_points:
        # shares of a whole, e.g. tickets closed on day 1, day 2 …
        left = 1.0
        for index, item in enumerate(positive):
            share = 0.45 + 0.5 * score if index == 0 else left * 0.6
            share = left if index == len(positive) - 1 else round(share, 2)
            values[item.code] = round(min(share, left), 2)
            left = round(left - values[item.code], 2)
        return values
    best = positive[0]
    amount = (score * cap - (spec.get("constant") or 0.0)) / best.unit_points
    values[best.code] = float(max(0, math.ceil(amount)))
    return values


# ----------------------------------------------------------------------
# Adjustments and texts
# ----------------------------------------------------------------------


def _adjustment(env, appraisal, quality, rng):
    """Now and then a reward, discipline or attendance event (P05/P06)."""
    if rng.random() > 0.35:
        return None
    if quality >= 0.75:
        code, note = rng.choice(
            [
                (
                    "P05-COMMENDATION",
                    env._("Thanked by a customer in a letter of praise"),
                ),
                (
                    "P05-MINOR-MERIT",
                    env._("Handled a mass complaint over the weekend"),
                ),
            ]
        )
    else:
        code, note = rng.choice(
            [
                (
                    "P06-LATE",
                    env._("Late arrivals recorded by the attendance system"),
                ),
                ("P06-LEAVE-SHORT", env._("One day of personal leave")),
                (
                    "P05-WARNING",
                    env._("Personal phone calls at the workstation"),
                ),
            ]
        )
    adjustment_type = env["hr.kpi.adjustment.type"].search(
        [("code", "=", code)], limit=1
    )
    if not adjustment_type:
        return None
    quantity = rng.randint(1, 3) if code == "P06-LATE" else 1
    return {
        "type_id": adjustment_type.id,
        "quantity": quantity,
        "date": appraisal.date_from + relativedelta(days=rng.randint(2, 25)),
        "note": note,
    }


def _pick(texts, quality, rng):
    """One of ``texts`` (best work first) for work of ``quality``."""
    index = 0 if quality >= 0.8 else 1 if quality >= 0.65 else 2
    return texts[index] if rng.random() < 0.7 else False


def _supervisor_notes(env):
    return [
        env._("Excellent month: fast, friendly and accurate. Keep it up."),
        env._(
            "Good work overall; take more care with the call records and follow-ups."
        ),
        env._(
            "Below target this month. We agreed on a coaching plan for the next month."
        ),
    ]


def _employee_comments(env):
    return [
        env._("All targets met, and I helped train a new colleague."),
        env._("Most targets met; the new ticket system slowed me down at first."),
        env._(
            "A difficult month with many repeat calls; I would like more "
            "product training."
        ),
    ]
