from datetime import date

from lxml import etree

from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CampaignCase

PUBLISHED = date(2026, 11, 5)  # Thursday: confirm or appeal by Tuesday the 10th


@tagged("post_install", "-at_install")
class TestCampaignResults(CampaignCase):
    """The campaign counts its published, confirmed and appealed results and
    its interviews; the lists filter the overdue ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template.interview_required = True

    def setUp(self):
        super().setUp()
        self.campaign = self.create_campaign()
        self.campaign.action_generate()
        self.appraisal = self.campaign.appraisal_ids.filtered(
            lambda a: a.employee_id == self.emp_agent
        )
        self.walk(self.appraisal)
        with freeze_time(PUBLISHED):
            self.campaign.with_user(self.user_hr).action_publish_results()

    def counts(self, on):
        with freeze_time(on):
            campaign = self.campaign.with_user(self.user_hr)
            campaign.invalidate_recordset()
            return {
                name: campaign[f"{name}_count"]
                for name in (
                    "published",
                    "confirmed",
                    "confirm_overdue",
                    "appeal_open",
                    "appeal_overdue",
                    "appeal_upheld",
                    "appeal_rejected",
                    "interview",
                    "interview_done",
                    "interview_overdue",
                )
            }

    def file_appeal(self):
        with freeze_time("2026-11-06"):
            appeal = (
                self.env["hr.kpi.appeal"]
                .with_user(self.user_agent)
                .create(
                    {
                        "appraisal_id": self.appraisal.id,
                        "reason": "主管评分偏低",
                        "line_ids": [
                            Command.create(
                                {
                                    "appraisal_line_id": self.line(
                                        self.appraisal, "ATT"
                                    ).id,
                                    "reason": "本月无投诉",
                                }
                            )
                        ],
                    }
                )
            )
            appeal.action_submit()
        return appeal

    def filter_domain(self, model, name, on):
        """The domain of the search filter ``name`` of ``model``'s list, on ``on``."""
        arch = etree.fromstring(self.env[model].get_view(view_type="search")["arch"])
        [node] = arch.xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"), {"context_today": lambda: on})

    def search_filter(self, model, name, on):
        return self.env[model].search(self.filter_domain(model, name, on))

    def test_counts_through_confirmation_appeal_and_interview(self):
        zero = dict.fromkeys(self.counts(PUBLISHED), 0)
        self.assertEqual(self.counts(PUBLISHED), dict(zero, published=1, interview=1))
        self.assertEqual(
            self.counts(date(2026, 11, 11)),
            dict(zero, published=1, confirm_overdue=1, interview=1),
        )
        appeal = self.file_appeal()
        self.assertEqual(
            self.counts(date(2026, 11, 9)),
            dict(zero, published=1, appeal_open=1, interview=1),
        )
        # the head (the lead's own supervisor) lets the 5 working days pass
        self.assertEqual(self.counts(date(2026, 11, 16))["appeal_overdue"], 1)
        appeal.with_user(self.user_gm).head_answer = "维持原结果"
        appeal.with_user(self.user_gm).action_reject()
        self.appraisal.with_user(self.user_agent).action_confirm_result()
        interview = self.appraisal.interview_ids
        self.assertEqual(
            self.counts(date(2026, 12, 7)),
            dict(
                zero,
                published=1,
                confirmed=1,
                appeal_rejected=1,
                interview=1,
                interview_overdue=1,
            ),
        )
        interview.with_user(self.user_lead).write(
            {
                "date": date(2026, 12, 8),
                "strengths": "态度好",
                "gaps": "响应慢",
                "goals": "响应时间50秒内",
            }
        )
        interview.with_user(self.user_lead).action_confirm()
        interview.with_user(self.user_agent).action_confirm()
        counts = self.counts(date(2026, 12, 9))
        self.assertEqual(
            (counts["interview_done"], counts["interview_overdue"]), (1, 0)
        )

    def test_overdue_filters(self):
        appeal = self.file_appeal()
        late, in_time = date(2026, 11, 16), date(2026, 11, 13)
        Appraisal = "hr.kpi.appraisal"
        self.assertEqual(self.search_filter("hr.kpi.appeal", "overdue", late), appeal)
        self.assertFalse(self.search_filter("hr.kpi.appeal", "overdue", in_time))
        self.assertEqual(
            self.search_filter(Appraisal, "appeal_overdue", late), self.appraisal
        )
        self.assertFalse(self.search_filter(Appraisal, "appeal_overdue", in_time))
        deadline = self.appraisal.interview_ids.deadline
        self.assertEqual(deadline, date(2026, 12, 5))
        for model in (Appraisal, "hr.kpi.interview"):
            name = "interview_overdue" if model == Appraisal else "overdue"
            with self.subTest(model=model):
                self.assertTrue(self.search_filter(model, name, date(2026, 12, 6)))
                self.assertFalse(self.search_filter(model, name, deadline))

    def test_counted_in_one_batch(self):
        other = self.create_campaign(
            name="2026-11 呼叫中心", date_from=date(2026, 11, 1)
        )
        both = (self.campaign | other).with_user(self.user_hr)
        both.mapped("published_count")  # rules and groups cached
        queries = []
        for campaigns in (self.campaign.with_user(self.user_hr), both):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            campaigns.mapped("published_count")
            queries.append(self.cr.sql_log_count - before)
        self.assertEqual(queries[0], queries[1])
        self.assertEqual(other.published_count, 0)
