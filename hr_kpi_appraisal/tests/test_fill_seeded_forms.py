from odoo.tests import Form, tagged

from .common import KpiCase

LINE_FORM = "hr_kpi_appraisal.hr_kpi_appraisal_line_view_form"
# a measured value typed into every bands, ratio or range line
MEASURED = 95.0
# the value typed into every named input of a formula line (S17: one late
# arrival, one failed mystery-shopper check, one serious violation)
FORMULA_INPUT = 1.0


@tagged("post_install", "-at_install")
class TestFillSeededForms(KpiCase):
    """The agent and the team lead fill in the seeded S01, S05, S08 and S17
    forms through the form views themselves: every input is reached under the
    views' own readonly and invisible rules, by choosing levels, typing points
    and percentages, declaring and checking counts and measured values, never
    by knowing the engine's numbering."""

    def judgement(self, line, reviewer):
        """(field suffix, value) the reviewer gives a judged line, or None."""
        best = reviewer == "self"
        if line.scoring_method == "levels":
            levels = line.level_choice_ids
            return "level_id", levels[-1] if best or len(levels) < 2 else levels[-2]
        if line.scoring_method == "points":
            return "value", line.max_points if best else max(line.max_points - 1, 0)
        if line.scoring_method == "percent":
            return "percent", 1.0 if best else 0.9
        return None

    def fill_rows(self, appraisal, user, reviewer):
        """Score every judged line in the form's line list, as ``user``."""
        form = Form(appraisal.with_user(user))
        chosen = {}
        for index, line in enumerate(appraisal.line_ids):
            given = self.judgement(line, reviewer)
            measured = reviewer == "manager" and line.uses_actual
            if not given and not measured:
                continue
            with form.line_ids.edit(index) as row:
                self.assertEqual(row.name, line.name)
                if given:
                    setattr(row, f"{reviewer}_{given[0]}", given[1])
                    chosen[line] = given[1]
                if measured:
                    row.actual_value = MEASURED
        form.save()
        return chosen

    def fill_details(self, lines, user, value_of):
        """Enter counts and inputs in each line's details dialog, as ``user``."""
        for line in lines:
            details = Form(line.with_user(user), view=LINE_FORM)
            for index, line_input in enumerate(line.input_ids):
                value = value_of(line_input)
                if value is not None:
                    with details.input_ids.edit(index) as row:
                        row.value = value
            details.save()

    def fill_in(self, template):
        appraisal = self.create_appraisal(template=template)
        appraisal.with_user(self.user_hr).action_start()
        declared = self.env["hr.kpi.appraisal.line"]
        if appraisal.state == "self_review":
            declared = appraisal.line_ids.filtered("uses_counts")[:1]
            self.fill_rows(appraisal, self.user_agent, "self")
            self.fill_details(
                declared,
                self.user_agent,
                lambda line_input: 1 if line_input == declared.input_ids[0] else None,
            )
            appraisal.with_user(self.user_agent).action_submit_self()
        self.assertEqual(appraisal.state, "manager_review")
        chosen = self.fill_rows(appraisal, self.user_lead, "manager")
        self.fill_details(
            appraisal.line_ids.filtered(lambda line: line.input_ids),
            self.user_lead,
            lambda line_input: (
                FORMULA_INPUT if line_input.input_type == "input" else None
            ),
        )
        appraisal.with_user(self.user_lead).action_submit_manager()
        for state, user, action in (
            ("hr_review", self.user_hr, "action_hr_approve"),
            ("gm_approval", self.user_gm, "action_gm_approve"),
        ):
            if appraisal.state == state:
                getattr(appraisal.with_user(user), action)()
        self.assertEqual(appraisal.state, "done")
        return appraisal, chosen, declared

    def test_agent_and_lead_fill_in_the_seeded_forms(self):
        for code in ("s01", "s05", "s08", "s17"):
            with self.subTest(template=code):
                template = self.env.ref(f"hr_kpi_appraisal.kpi_template_{code}")
                appraisal, chosen, declared = self.fill_in(template)
                self.assertTrue(appraisal.is_scored)
                self.assertTrue(appraisal.grade_id)
                self.assertGreater(appraisal.total_score, 0)
                for line, given in chosen.items():
                    if line.scoring_method == "levels":
                        self.assertEqual(line.manager_points, given.points, line.name)
                    elif line.scoring_method == "points":
                        self.assertEqual(line.manager_points, given, line.name)
                if declared:
                    first = declared.input_ids[0]
                    self.assertEqual(
                        first.value, 1, "the agent's declared count stands"
                    )
