"""What the printed appraisal form (考核表) shows, shared by the XLSX and the PDF.

Plain functions over ``hr.kpi.appraisal`` records. Texts come out in the language
of the records' environment; every number is the engine's: the stored results,
and each section's weighted points for its subtotal row.
"""

from odoo.tools import format_date, html2plaintext, is_html_empty


def readable(appraisals):
    """``appraisals`` as superuser, once it is checked that the user may read them all.

    The form prints names that only HR may read (job positions, badge IDs): the
    appraisal's own access rights and record rules decide who may print it, and
    nobody prints a result before they may see it.
    """
    appraisals.check_access("read")
    appraisals._kpi_check_results_visible()
    return appraisals.sudo()


def employee_numbers(appraisals):
    """The employee number (Badge ID, 工号) of each appraisal's employee, by id."""
    return {employee.id: employee.barcode or "" for employee in appraisals.employee_id}


def grade_label(grade):
    """``"B – 良好"``, or the code alone when the name repeats it."""
    if not grade:
        return ""
    if grade.name == grade.code:
        return grade.code
    return f"{grade.code} – {grade.name}"


def title(appraisal):
    """The template's name followed by "Appraisal Form" unless it ends with it."""
    env = appraisal.env
    name = appraisal.template_id.name or ""
    if name.endswith(env._("Appraisal Form")):
        return name
    return env._("%(template)s Appraisal Form", template=name)


def period_label(appraisal):
    env = appraisal.env
    return env._(
        "%(start)s to %(end)s",
        start=format_date(env, appraisal.date_from),
        end=format_date(env, appraisal.date_to),
    )


def sections(appraisal):
    """The score lines grouped by section in form order, numbered from 1.

    Returns ``[{"name", "weight", "label", "lines": [(number, line)],
    "subtotal_label", "subtotal": the engine's section result or None}]``: its
    ``weight`` is the most weighted points, ``self_points``, ``manager_points``
    and ``points`` the weighted points (section score × weight) that add up to
    the scores.
    """
    env = appraisal.env
    results = appraisal._engine_sections()
    grouped = {}
    for line in appraisal.line_ids:
        grouped.setdefault(line.section_code, []).append(line)
    result = []
    number = 0
    for code, lines in grouped.items():
        name, weight = lines[0].section_name or "", lines[0].section_weight
        result.append(
            {
                "name": name,
                "weight": weight,
                "label": f"{name} ({weight:g}%)",
                "lines": list(enumerate(lines, start=number + 1)),
                "subtotal_label": env._("Weighted Subtotal (Section Score × Weight)"),
                "subtotal": results.get(code),
            }
        )
        number += len(lines)
    return result


def form_values(appraisal, numbers=None):
    """The texts of the form's blocks; ``appraisal`` from readable(), ``numbers``
    from employee_numbers()."""
    if numbers is None:
        numbers = employee_numbers(appraisal)
    states = dict(appraisal._fields["state"]._description_selection(appraisal.env))
    note = appraisal.note
    return {
        "title": title(appraisal),
        "company": appraisal.company_id.name or "",
        "employee": appraisal.employee_id.name or "",
        "employee_number": numbers.get(appraisal.employee_id.id, ""),
        "department": appraisal.department_id.display_name or "",
        "job": appraisal.job_id.name or "",
        "supervisor": appraisal.manager_id.name or "",
        "period": period_label(appraisal),
        "template_code": appraisal.template_id.code or "",
        "state": states[appraisal.state],
        "self_review": appraisal.self_review,
        "sections": sections(appraisal),
        # the grade that counts, after calibration; the scored one beside it
        # when calibration moved it
        "grade": grade_label(appraisal.calibrated_grade_id),
        "scored_grade": grade_label(appraisal.grade_id)
        if appraisal.calibrated_grade_id != appraisal.grade_id
        else "",
        "employee_comment": appraisal.employee_comment or "",
        "supervisor_comment": "" if is_html_empty(note) else html2plaintext(note),
    }
