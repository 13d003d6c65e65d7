"""Deadlines counted in working days of a calendar, never in calendar days."""

from datetime import date, timedelta

# Longest deadline handled, in working days: far beyond any appeal window.
MAX_WORKING_DAYS = 366


def add_working_days(start, days, weekdays, holidays=()):
    """The date ``days`` working days after ``start`` (which does not count).

    ``weekdays``: the worked days of the week (``date.weekday()``, Monday = 0);
    ``holidays``: dates off although their weekday is worked (public holidays).
    ``days`` = 0 gives ``start`` itself.
    """
    if not isinstance(start, date):
        raise TypeError("start must be a date")
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError("days must be an int")
    if not 0 <= days <= MAX_WORKING_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_WORKING_DAYS}")
    worked = set(weekdays)
    if not worked or not worked <= set(range(7)):
        raise ValueError("weekdays must name at least one day of the week, 0-6")
    off = set(holidays)
    current, left = start, days
    while left:
        current += timedelta(days=1)
        if current.weekday() in worked and current not in off:
            left -= 1
    return current
