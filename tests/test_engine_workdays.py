"""Working-day deadlines (P08: appeal within 3 working days, HR answers within 5)."""

from datetime import date

import pytest

from hr_kpi_appraisal.engine import MAX_WORKING_DAYS, add_working_days

WEEK = range(5)  # Monday to Friday
# 国庆 2026: Thursday 1 October to Wednesday 7 October
NATIONAL_DAY = [date(2026, 10, day) for day in range(1, 8)]


def test_within_the_week():
    # published Monday 2026-11-02: 3 working days -> Thursday
    assert add_working_days(date(2026, 11, 2), 3, WEEK) == date(2026, 11, 5)


def test_across_a_weekend():
    # published Thursday 2026-11-05: Fri, Mon, Tue -> Tuesday 10th
    assert add_working_days(date(2026, 11, 5), 3, WEEK) == date(2026, 11, 10)
    # HR answers within 5 working days of Friday 6th -> Friday 13th
    assert add_working_days(date(2026, 11, 6), 5, WEEK) == date(2026, 11, 13)


def test_across_a_public_holiday():
    # published Wednesday 2026-09-30: the holiday week and its weekend do not count
    assert add_working_days(date(2026, 9, 30), 3, WEEK, NATIONAL_DAY) == date(
        2026, 10, 12
    )
    assert add_working_days(date(2026, 9, 30), 3, WEEK) == date(2026, 10, 5)


def test_start_on_a_day_off_counts_from_the_next_working_day():
    assert add_working_days(date(2026, 11, 7), 1, WEEK) == date(2026, 11, 9)


def test_zero_days_is_the_start():
    assert add_working_days(date(2026, 11, 7), 0, WEEK) == date(2026, 11, 7)


def test_six_day_week():
    assert add_working_days(date(2026, 11, 5), 3, range(6)) == date(2026, 11, 9)


@pytest.mark.parametrize(
    ("days", "weekdays", "error"),
    [
        (-1, WEEK, ValueError),
        (MAX_WORKING_DAYS + 1, WEEK, ValueError),
        (3, (), ValueError),
        (3, (0, 7), ValueError),
        (1.5, WEEK, TypeError),
        (True, WEEK, TypeError),
    ],
)
def test_bad_input(days, weekdays, error):
    with pytest.raises(error):
        add_working_days(date(2026, 11, 2), days, weekdays)


def test_start_must_be_a_date():
    with pytest.raises(TypeError):
        add_working_days("2026-11-02", 3, WEEK)
