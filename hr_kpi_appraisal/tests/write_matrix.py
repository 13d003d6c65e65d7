"""Who may change what, and when: the specification the write matrix tests.

Each entry names an operation on an appraisal (or on one of its lines, line
inputs or adjustments) and the roles allowed to do it, each with the states in
which it is allowed. Every other role, in every state, must be refused and
must write nothing. ``test_write_matrix`` tries every operation as every role
in every state.

Roles, all on the agent's appraisal unless said otherwise:
    employee          the appraised agent
    peer              another agent of the same team
    supervisor        the agent's direct supervisor (team lead)
    other_supervisor  the lead of another team
    hr                an HR officer
    hr_own            the same HR officer on their own appraisal
    gm                the general manager (an approver, who holds HR's rights)
    payroll           a payroll manager with no KPI group (when payroll is installed)
"""

STATES = (
    "draft",
    "self_review",
    "manager_review",
    "hr_review",
    "calibration",
    "gm_approval",
    "done",
    "published",  # done, and its result published to the employee
    "cancel",
)
LIVE = STATES[:6]
HR_STAGES = STATES[:4]  # HR enters measured values and adjustments up to its review
ROLES = (
    "employee",
    "peer",
    "supervisor",
    "other_supervisor",
    "hr",
    "hr_own",
    "gm",
    "payroll",
)


def hr(*states):
    """HR officers and the GM, who holds their rights."""
    return {"hr": states, "gm": states}


def own(*states):
    """The appraised person: the agent, and the HR officer on their own."""
    return {"employee": states, "hr_own": states}


SUPERVISOR_MEASURES = {"supervisor": ("manager_review",), **hr(*HR_STAGES)}

# operation -> {role: states in which it is allowed}; {} = nobody, ever
WRITE_MATRIX = {
    # the appraisal: header, assignment, comments
    "appraisal: change employee": hr("draft"),
    "appraisal: change template": hr("draft"),
    "appraisal: change period": hr("draft"),
    "appraisal: change supervisor": hr(*LIVE),
    "appraisal: change HR reviewer": hr(*LIVE),
    "appraisal: change approver": hr(*LIVE),
    "appraisal: employee comment": own("self_review"),
    "appraisal: supervisor comment": {"supervisor": ("manager_review",)},
    "appraisal: grade justification": {"supervisor": ("manager_review",)},
    "appraisal: comment on the result": own("published"),
    # the appraisal: what only the workflow and payroll write
    "appraisal: state": {},
    "appraisal: total score": {},
    "appraisal: grade": {},
    "appraisal: calibrated grade": {},
    "appraisal: grade set by calibration": {},
    "appraisal: calibration switch": {},
    "appraisal: performance pay": {},
    "appraisal: fixed award": {},
    "appraisal: rank award": {},
    "appraisal: performance base": {},
    "appraisal: paid": {},
    "appraisal: payslip": {},  # with the payroll bridge
    "appraisal: approval date": {},
    "appraisal: approver of record": {},
    "appraisal: pay date": {},
    "appraisal: GM approval switch": {},
    "appraisal: HR review switch": {},
    "appraisal: self review switch": {},
    "appraisal: scheme snapshot": {},
    "appraisal: campaign": {},
    "appraisal: grade scale": {},
    "appraisal: pay rule": {},
    "appraisal: replace lines": {},
    "appraisal: result status": {},
    "appraisal: publication date": {},
    "appraisal: confirmation deadline": {},
    "appraisal: confirmation date": {},
    "appraisal: delete": hr("draft", "cancel"),
    # the appraisal: workflow actions
    "action_start": {"supervisor": ("draft",), **hr("draft")},
    "action_submit_self": own("self_review"),
    "action_submit_manager": {"supervisor": ("manager_review",)},
    "action_hr_approve": hr("hr_review"),
    "action_gm_approve": {"gm": ("gm_approval",)},
    "action_calibrate": hr("calibration"),
    "action_finish_calibration": hr("calibration"),
    "action_sign_off": {"gm": ("gm_approval",)},
    "action_send_back": {
        "supervisor": ("manager_review",),
        "hr": ("hr_review", "calibration"),
        "gm": ("hr_review", "calibration", "gm_approval"),
    },
    "action_cancel": hr(*LIVE),
    "action_reset_draft": hr("cancel"),
    "action_publish": hr("done"),
    "action_confirm_result": own("published"),
    # score lines
    "line: self score": own("self_review"),
    "line: employee note": own("self_review"),
    "line: supervisor score": {"supervisor": ("manager_review",)},
    "line: supervisor note": {"supervisor": ("manager_review",)},
    # the level and percentage fields write the self and supervisor scores
    "line: self level": own("self_review"),
    "line: supervisor level": {"supervisor": ("manager_review",)},
    "line: self percentage": own("self_review"),
    "line: supervisor percentage": {"supervisor": ("manager_review",)},
    "line: actual value": SUPERVISOR_MEASURES,
    "line: veto": SUPERVISOR_MEASURES,
    "line: indicator text": hr("draft"),
    "line: points": {},
    "line: indicator snapshot": {},
    "line: code": {},
    "line: scoring method": {},
    "line: maximum": {},
    "line: move to another appraisal": {},
    "line: move in from another appraisal": {},
    "line: create": {},
    "line: delete": {},
    # counts and inputs of a line
    "input: count": {**SUPERVISOR_MEASURES, **own("self_review")},
    "input: move to another line": {},
    "input: move in from another appraisal": {},
    "input: code": {},
    "input: type": {},
    "input: points each": {},
    "input: create": {},
    "input: delete": {},
    # rewards, discipline and attendance
    "adjustment: create": hr(*HR_STAGES),
    "adjustment: change": hr(*HR_STAGES),
    "adjustment: pay percent": hr(*HR_STAGES),
    "adjustment: delete": hr(*HR_STAGES),
    "adjustment: move to another appraisal": {},
    "adjustment: move in from another appraisal": {},
}


def allowed(operation, role, state):
    """Whether the specification allows ``role`` to do ``operation`` in ``state``."""
    return state in WRITE_MATRIX[operation].get(role, ())
