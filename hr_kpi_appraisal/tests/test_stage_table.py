from datetime import date

from lxml import etree

from odoo.tests import tagged

from ..models.appraisal_stages import FLOW, REVIEW_STAGES, STAGES
from .common import KpiCase


@tagged("post_install", "-at_install")
class TestStageTable(KpiCase):
    """The workflow, the buttons, deadlines and the statusbar all follow the
    one stage table."""

    def test_states_and_statusbar_come_from_the_table(self):
        Appraisal = self.env["hr.kpi.appraisal"]
        self.assertEqual(
            [key for key, _label in Appraisal._fields["state"].selection],
            [stage.state for stage in STAGES],
        )
        arch = etree.fromstring(Appraisal.get_view(view_type="form")["arch"])
        statusbar = arch.xpath("//field[@name='state'][@widget='kpi_statusbar']")[0]
        self.assertEqual(statusbar.get("statusbar_visible").split(","), list(FLOW))

    def test_every_switch_skips_its_stage(self):
        """Each stage a template switches off is skipped on the way forward
        (calibration, switched per campaign, is off without one)."""
        for stage in STAGES:
            if stage.switch not in self.env["hr.kpi.template"]._fields:
                continue
            with self.subTest(stage=stage.state):
                template = self.create_template(
                    f"T-OFF-{stage.state}", **{stage.switch: False}
                )
                appraisal = self.create_appraisal(template=template)
                seen = set()
                while appraisal.state != "done":
                    seen.add(appraisal.state)
                    self.walk(appraisal, until=appraisal._next_state(appraisal.state))
                self.assertNotIn(stage.state, seen)
                self.assertIn("manager_review", seen)
                # the statusbar leaves out the switched-off stage alone
                self.assertEqual(
                    appraisal.skipped_states.split(","),
                    [s for s in FLOW if s in (stage.state, "calibration")],
                )

    def test_buttons_follow_the_rights(self):
        appraisal = self.create_appraisal()
        as_hr, as_agent = (
            appraisal.with_user(self.user_hr),
            appraisal.with_user(self.user_agent),
        )
        self.assertTrue(as_hr.can_start and as_hr.can_cancel)
        self.assertFalse(as_agent.can_start or as_agent.can_cancel)
        self.walk(appraisal, "hr_review")
        self.assertTrue(as_hr.can_send_back)
        self.assertFalse(appraisal.with_user(self.user_lead).can_send_back)
        as_hr.action_cancel()
        self.assertTrue(as_hr.can_reset)
        self.assertFalse(as_hr.can_cancel or as_hr.can_send_back)

    def test_campaign_deadlines_are_the_review_stages(self):
        campaign = self.env["hr.kpi.campaign"].create(
            {
                "name": "2026-10 客服",
                "date_from": date(2026, 10, 1),
                **{
                    stage.deadline: date(2026, 11, day)
                    for day, stage in enumerate(REVIEW_STAGES, start=3)
                },
            }
        )
        for day, stage in enumerate(REVIEW_STAGES, start=3):
            self.assertEqual(campaign._stage_deadline(stage.state), date(2026, 11, day))
        self.assertEqual(
            campaign._late_states(date(2026, 11, 5)), ["draft", *FLOW[1:3]]
        )
        self.assertFalse(campaign._stage_deadline("done"))
