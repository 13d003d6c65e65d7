"""The appraisal workflow as one table.

Each stage names its state and label, the right (``hr.kpi.appraisal._may``)
of whoever acts in it, the appraisal field holding that person, the switch
copied from the template that skips the stage when off (and the one that keeps
it all the same: calibration brings the approver's sign-off), the campaign field of
its deadline, where *Send Back* returns it, and the texts of the to-do and of
the batch message its actors get. The workflow, the rights, the activities,
the campaign deadlines and reminders, the statusbar and the demo read it; a
new stage is a row here plus its ``action_*`` method.
"""

from dataclasses import dataclass

from odoo.tools.translate import LazyGettext, LazyTranslate

_lt = LazyTranslate(__name__)


@dataclass(frozen=True)
class Stage:
    state: str
    label: str
    right: str = ""  # the right of whoever acts in the stage
    actor: str = ""  # the appraisal field of the user who acts
    switch: str = ""  # the appraisal field that, when false, skips the stage
    kept_by: str = ""  # an appraisal field that, when true, keeps it all the same
    deadline: str = ""  # the campaign field of the stage's deadline
    back_to: str = ""  # the stage Send Back returns to (or the one before it)
    todo: LazyGettext | None = None  # the actor's to-do summary
    waiting: LazyGettext | None = None  # subject of the actors' batch message


STAGES = (
    Stage("draft", "Draft", right="start"),
    Stage(
        "self_review",
        "Self Review",
        right="self_score",
        actor="employee_user_id",
        switch="self_review",
        deadline="self_deadline",
        todo=_lt("Fill in your self-appraisal"),
        waiting=_lt("Your KPI self-appraisal is waiting for you"),
    ),
    Stage(
        "manager_review",
        "Supervisor Review",
        right="manager_score",
        actor="manager_user_id",
        deadline="manager_deadline",
        back_to="self_review",
        todo=_lt("Score your team member's appraisal"),
        waiting=_lt("KPI appraisals of your team are waiting for your scores"),
    ),
    Stage(
        "hr_review",
        "HR Review",
        right="hr_approve",
        actor="hr_user_id",
        switch="hr_review",
        deadline="hr_deadline",
        back_to="manager_review",
        todo=_lt("Review the appraisal"),
        waiting=_lt("KPI appraisals are waiting for your HR review"),
    ),
    Stage(
        "calibration",
        "Calibration",
        right="calibrate",
        actor="hr_user_id",
        switch="calibration",
        deadline="calibration_deadline",
        back_to="manager_review",
        todo=_lt("Calibrate the grade with the group"),
        waiting=_lt("KPI appraisals are waiting for calibration"),
    ),
    Stage(
        "gm_approval",
        "GM Approval",
        right="gm_approve",
        actor="approver_user_id",
        switch="gm_approval",
        kept_by="calibration",
        deadline="gm_deadline",
        back_to="manager_review",
        todo=_lt("Approve the appraisal"),
        waiting=_lt("KPI appraisals are waiting for your approval"),
    ),
    Stage("done", "Done"),
    Stage("cancel", "Cancelled"),
)
STAGE = {stage.state: stage for stage in STAGES}
# The states an appraisal goes through in order, and those with a deadline.
FLOW = tuple(stage.state for stage in STAGES if stage.state != "cancel")
REVIEW_STAGES = tuple(stage for stage in STAGES if stage.deadline)
LOCKED_STATES = ("done", "cancel")
