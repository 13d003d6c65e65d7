from contextlib import closing
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import KpiCase
from .write_matrix import ROLES, STATES, WRITE_MATRIX, allowed

REFUSALS = (AccessError, UserError, ValidationError)
TABLES = (
    "hr_kpi_appraisal",
    "hr_kpi_appraisal_line",
    "hr_kpi_appraisal_line_input",
    "hr_kpi_adjustment",
    "hr_kpi_calibration",
)


def line(appraisal, code):
    return appraisal.line_ids.filtered(lambda record: record.code == code)


def complaint(appraisal):
    return line(appraisal, "COMPL").input_ids


# operation -> what it does, given the case, the subject appraisal and another
# appraisal (a draft of another employee), both as the acting user
OPERATIONS = {
    "appraisal: change employee": lambda c, a, o: a.write(
        {"employee_id": c.emp_member.id}
    ),
    "appraisal: change template": lambda c, a, o: a.write(
        {"template_id": c.other_template.id}
    ),
    "appraisal: change period": lambda c, a, o: a.write(
        {"date_from": a.date_from - timedelta(days=1)}
    ),
    "appraisal: change supervisor": lambda c, a, o: a.write(
        {"manager_id": c.emp_lead2.id}
    ),
    "appraisal: change HR reviewer": lambda c, a, o: a.write(
        {"hr_user_id": c.user_gm.id}
    ),
    "appraisal: change approver": lambda c, a, o: a.write(
        {"approver_user_id": c.user_hr.id}
    ),
    "appraisal: employee comment": lambda c, a, o: a.write(
        {"employee_comment": "同意"}
    ),
    "appraisal: supervisor comment": lambda c, a, o: a.write({"note": "<p>好</p>"}),
    "appraisal: grade justification": lambda c, a, o: a.write(
        {"grade_justification": "理由"}
    ),
    "appraisal: comment on the result": lambda c, a, o: a.write(
        {"confirm_comment": "认可"}
    ),
    "appraisal: state": lambda c, a, o: a.write({"state": "done"}),
    "appraisal: total score": lambda c, a, o: a.write({"total_score": 100}),
    "appraisal: grade": lambda c, a, o: a.write({"grade_id": c.top_grade.id}),
    "appraisal: calibrated grade": lambda c, a, o: a.write(
        {"calibrated_grade_id": c.top_grade.id}
    ),
    "appraisal: grade set by calibration": lambda c, a, o: a.write(
        {"calibration_grade_id": c.top_grade.id}
    ),
    "appraisal: calibration switch": lambda c, a, o: a.write({"calibration": True}),
    "action_calibrate": lambda c, a, o: a.action_calibrate(c.top_grade, "理由"),
    "appraisal: performance pay": lambda c, a, o: a.write({"performance_pay": 99999}),
    "appraisal: fixed award": lambda c, a, o: a.write({"award_amount": 500}),
    "appraisal: rank award": lambda c, a, o: a.write({"rank_award": 200}),
    "appraisal: performance base": lambda c, a, o: a.write({"performance_base": 99999}),
    "appraisal: paid": lambda c, a, o: a.write({"paid": True}),
    "appraisal: payslip": lambda c, a, o: a.write({"payslip_id": False}),
    "appraisal: approval date": lambda c, a, o: a.write(
        {"date_done": date(2026, 12, 1)}
    ),
    "appraisal: approver of record": lambda c, a, o: a.write(
        {"approved_by_id": c.user_gm.id}
    ),
    "appraisal: pay date": lambda c, a, o: a.write({"pay_date": date(2026, 1, 1)}),
    "appraisal: GM approval switch": lambda c, a, o: a.write({"gm_approval": False}),
    "appraisal: HR review switch": lambda c, a, o: a.write({"hr_review": False}),
    "appraisal: self review switch": lambda c, a, o: a.write({"self_review": False}),
    "appraisal: scheme snapshot": lambda c, a, o: a.write(
        {"scheme_snapshot": {"sections": []}}
    ),
    "appraisal: campaign": lambda c, a, o: a.write({"campaign_id": c.campaign.id}),
    "appraisal: grade scale": lambda c, a, o: a.write({"grade_scale_id": False}),
    "appraisal: pay rule": lambda c, a, o: a.write({"pay_rule_id": False}),
    "appraisal: replace lines": lambda c, a, o: a.write(
        {"line_ids": [Command.set([])]}
    ),
    "appraisal: delete": lambda c, a, o: a.unlink(),
    "appraisal: result status": lambda c, a, o: a.write({"result_state": "confirmed"}),
    "appraisal: publication date": lambda c, a, o: a.write(
        {"date_published": date(2026, 12, 1)}
    ),
    "appraisal: confirmation deadline": lambda c, a, o: a.write(
        {"confirm_deadline": date(2027, 12, 1)}
    ),
    "appraisal: confirmation date": lambda c, a, o: a.write(
        {"date_confirmed": "2026-12-01 08:00:00"}
    ),
    **{
        action: lambda c, a, o, action=action: getattr(a, action)()
        for action in (
            "action_start",
            "action_submit_self",
            "action_submit_manager",
            "action_hr_approve",
            "action_gm_approve",
            "action_finish_calibration",
            "action_sign_off",
            "action_send_back",
            "action_cancel",
            "action_reset_draft",
            "action_publish",
            "action_confirm_result",
        )
    },
    "line: self score": lambda c, a, o: line(a, "ATT").write({"self_value": 10}),
    "line: employee note": lambda c, a, o: line(a, "ATT").write({"self_note": "x"}),
    "line: supervisor score": lambda c, a, o: line(a, "ATT").write(
        {"manager_value": 10}
    ),
    "line: supervisor note": lambda c, a, o: line(a, "ATT").write({"note": "x"}),
    "line: self level": lambda c, a, o: line(a, "CUST").write(
        {"self_level_id": line(a, "CUST").level_choice_ids[-1].id}
    ),
    "line: supervisor level": lambda c, a, o: line(a, "CUST").write(
        {"manager_level_id": line(a, "CUST").level_choice_ids[-1].id}
    ),
    "line: self percentage": lambda c, a, o: line(a, "TEAM").write(
        {"self_percent": 0.5}
    ),
    "line: supervisor percentage": lambda c, a, o: line(a, "TEAM").write(
        {"manager_percent": 0.5}
    ),
    "line: actual value": lambda c, a, o: line(a, "RESP").write({"actual_value": 120}),
    "line: veto": lambda c, a, o: line(a, "VETO").write({"veto_triggered": True}),
    "line: indicator text": lambda c, a, o: line(a, "ATT").write({"name": "态度"}),
    "line: points": lambda c, a, o: line(a, "ATT").write({"points": 40}),
    "line: indicator snapshot": lambda c, a, o: line(a, "ATT").write(
        {"indicator_snapshot": dict(line(a, "ATT").indicator_snapshot, max_points=99)}
    ),
    "line: code": lambda c, a, o: line(a, "ATT").write({"code": "TEAM"}),
    "line: scoring method": lambda c, a, o: line(a, "ATT").write(
        {"scoring_method": "percent"}
    ),
    "line: maximum": lambda c, a, o: line(a, "ATT").write({"max_points": 99}),
    "line: move to another appraisal": lambda c, a, o: line(a, "ATT").write(
        {"appraisal_id": o.id}
    ),
    "line: move in from another appraisal": lambda c, a, o: line(o, "ATT").write(
        {"appraisal_id": a.id}
    ),
    "line: create": lambda c, a, o: a.env["hr.kpi.appraisal.line"].create(
        {
            "appraisal_id": a.id,
            "name": "额外",
            "code": "EXTRA",
            "scoring_method": "points",
            "indicator_snapshot": line(a, "ATT").indicator_snapshot,
        }
    ),
    "line: delete": lambda c, a, o: line(a, "ATT").unlink(),
    "input: count": lambda c, a, o: complaint(a).write({"value": 2}),
    "input: move to another line": lambda c, a, o: complaint(a).write(
        {"line_id": line(a, "ATT").id}
    ),
    "input: move in from another appraisal": lambda c, a, o: complaint(o).write(
        {"line_id": line(a, "COMPL").id}
    ),
    "input: code": lambda c, a, o: complaint(a).write({"code": "other"}),
    "input: type": lambda c, a, o: complaint(a).write({"input_type": "input"}),
    "input: points each": lambda c, a, o: complaint(a).write({"unit_points": 5}),
    "input: create": lambda c, a, o: a.env["hr.kpi.appraisal.line.input"].create(
        {
            "line_id": line(a, "COMPL").id,
            "input_type": "event",
            "code": "complaint2",
            "name": "投诉",
            "unit_points": -10,
            "value": 3,
        }
    ),
    "input: delete": lambda c, a, o: complaint(a).unlink(),
    "adjustment: create": lambda c, a, o: a.env["hr.kpi.adjustment"].create(
        {"appraisal_id": a.id, "type_id": c.adjustment_type.id}
    ),
    "adjustment: change": lambda c, a, o: a.adjustment_ids.write({"quantity": 3}),
    "adjustment: pay percent": lambda c, a, o: a.adjustment_ids.write(
        {"pay_percent": -50}
    ),
    "adjustment: delete": lambda c, a, o: a.adjustment_ids.unlink(),
    "adjustment: move to another appraisal": lambda c, a, o: a.adjustment_ids.write(
        {"appraisal_id": o.id}
    ),
    "adjustment: move in from another appraisal": lambda c, a, o: (
        o.adjustment_ids.write({"appraisal_id": a.id})
    ),
}


@tagged("post_install", "-at_install")
class TestWriteMatrix(KpiCase):
    """Every operation of ``write_matrix.WRITE_MATRIX`` as every role in every
    state: what is allowed succeeds, what is not raises and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_second_team()
        cls.user_peer = new_test_user(
            cls.env, "kpi_peer", groups="base.group_user", name="张伟"
        )
        cls.emp_peer.user_id = cls.user_peer
        payroll = "payroll.group_payroll_manager"
        cls.user_payroll = cls.env.ref(payroll, raise_if_not_found=False) and (
            new_test_user(
                cls.env,
                "kpi_payroll",
                groups=f"base.group_user,{payroll}",
                name="Payroll Manager",
            )
        )
        cls.other_template = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-MATRIX")
        )
        cls.top_grade = cls.grade_scale.grade_ids.sorted("min_score")[-1]
        cls.adjustment_type = cls.env["hr.kpi.adjustment.type"].create(
            {"name": "迟到", "code": "T-LATE", "points": -2}
        )
        cls.campaign = cls.env["hr.kpi.campaign"].create(
            {"name": "2026-12 客服", "date_from": date(2026, 12, 1)}
        )
        cls.other = cls._fixture(cls.emp_peer, date(2027, 1, 1), "draft")
        cls.subjects = {}
        for month, state in enumerate(STATES, start=1):
            start = date(2026, month, 1)
            cls.subjects["agent", state] = cls._fixture(cls.emp_agent, start, state)
            cls.subjects["hr", state] = cls._fixture(cls.emp_hr, start, state)
        cls.users = {
            "employee": cls.user_agent,
            "peer": cls.user_peer,
            "supervisor": cls.user_lead,
            "other_supervisor": cls.user_lead2,
            "hr": cls.user_hr,
            "hr_own": cls.user_hr,
            "gm": cls.user_gm,
            "payroll": cls.user_payroll,
        }

    @classmethod
    def _fixture(cls, employee, start, state):
        """An appraisal of ``employee`` for the month of ``start``, with an
        adjustment and every score its reviewers owe, walked to ``state``."""
        end = (start + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        appraisal = (
            cls.env["hr.kpi.appraisal"]
            .with_user(cls.user_hr if employee != cls.emp_hr else cls.user_gm)
            .create(
                {
                    "employee_id": employee.id,
                    "template_id": cls.template.id,
                    "date_from": start,
                    "date_to": end,
                }
            )
        )
        system = appraisal._kpi_system()
        system.adjustment_ids = [Command.create({"type_id": cls.adjustment_type.id})]
        if state == "cancel":
            system.action_cancel()
            return appraisal
        path = STATES[1 : STATES.index(state) + 1] if state != "draft" else ()
        for target in path:
            if target == "published":
                system.action_publish()
                continue
            if target == "self_review":
                for code, value in {"ATT": 36, "CUST": 4, "TEAM": 90}.items():
                    line(system, code).self_value = value
            if target == "manager_review":
                for code, value in {"ATT": 32, "CUST": 3, "TEAM": 80}.items():
                    line(system, code).manager_value = value
                line(system, "RESP").actual_value = 75
            system._set_state(target)
        return appraisal

    def _fingerprint(self):
        """Every row of the appraisal tables, as stored."""
        self.env.flush_all()
        rows = []
        for table in TABLES:
            self.env.cr.execute(
                f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t"  # noqa: S608
            )
            rows.append(self.env.cr.fetchone()[0])
        return rows

    def _attempt(self, operation, user, subject):
        """Run ``operation`` as ``user``: whether it succeeded, and whether a
        refusal left every row as it was."""
        before = self._fingerprint()
        with closing(self.env.cr.savepoint()):
            try:
                OPERATIONS[operation](
                    self, subject.with_user(user), self.other.with_user(user)
                )
                self.env.flush_all()
            except REFUSALS:
                return False, self._fingerprint() == before
            return True, True

    def test_write_matrix(self):
        self.assertEqual(set(OPERATIONS), set(WRITE_MATRIX), "one operation each")
        mismatches, cells = [], 0
        for role in ROLES:
            user = self.users[role]
            if not user:
                continue  # payroll is not installed
            for state in STATES:
                subject = self.subjects["hr" if role == "hr_own" else "agent", state]
                for operation in WRITE_MATRIX:
                    if operation == "appraisal: payslip" and not self.user_payroll:
                        continue  # the payroll bridge is not installed
                    cells += 1
                    expected = allowed(operation, role, state)
                    succeeded, unchanged = self._attempt(operation, user, subject)
                    if succeeded != expected or not unchanged:
                        mismatches.append(
                            f"{operation} as {role} in {state}: "
                            + (
                                "wrote although refused"
                                if not unchanged
                                else "allowed"
                                if succeeded
                                else "refused"
                            )
                        )
        self.assertFalse(
            mismatches,
            f"{len(mismatches)} of {cells} cells differ:\n" + "\n".join(mismatches),
        )
