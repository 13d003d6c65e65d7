"""Grade scales (A-E, stars): lookup of a score's grade."""

from ._checks import items, number, text, unique, within


def parse_grades(grades):
    """Checked copies of the grades (defaults filled in), in the given order."""
    parsed = []
    for grade in items(grades, "grades"):
        parsed.append(
            {
                **grade,
                "code": text(grade.get("code"), "grades.code"),
                "name": text(grade.get("name"), "grades.name", ""),
                "min_score": number(grade.get("min_score"), "grades.min_score"),
                "pay_coefficient": within(
                    number(
                        grade.get("pay_coefficient"), "grades.pay_coefficient", 100.0
                    ),
                    "grades.pay_coefficient",
                    0.0,
                ),
                "fixed_amount": number(
                    grade.get("fixed_amount"), "grades.fixed_amount", 0.0
                ),
            }
        )
    unique((grade["code"] for grade in parsed), "grade")
    unique((grade["min_score"] for grade in parsed), "grades.min_score")
    within(min(grade["min_score"] for grade in parsed), "grades.min_score", high=0.0)
    return parsed


def validate_grades(grades):
    """Raise ScoringError unless ``grades`` is a usable scale; return None."""
    parse_grades(grades)


def lowest_grade(grades):
    """The checked grade with the lowest min_score."""
    return min(parse_grades(grades), key=lambda grade: grade["min_score"])


def lookup_grade(grades, score):
    """The grade whose range [min_score, next min_score) holds ``score``.

    Returns a copy of the grade dict with defaults filled in, or None when
    ``grades`` is empty or the score lies below every grade.
    """
    if not grades:
        return None
    score = number(score, "score")
    found = None
    for grade in parse_grades(grades):
        if grade["min_score"] <= score and (
            found is None or grade["min_score"] > found["min_score"]
        ):
            found = grade
    return found
