from datetime import timedelta

from pytz import timezone, utc

from odoo import models

from ..engine import add_working_days

MONDAY_TO_FRIDAY = range(5)


class ResCompany(models.Model):
    _inherit = "res.company"

    def _kpi_add_working_days(self, start, days):
        """The date ``days`` working days after ``start`` on the company's
        working calendar, its public holidays (time off of no one in
        particular, on any part of the day) excluded; Monday to Friday without a
        calendar."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        weekdays = {
            int(attendance.dayofweek)
            for attendance in calendar.attendance_ids
            if not attendance.display_type
        } or set(MONDAY_TO_FRIDAY)
        tz = timezone(calendar.tz or "UTC")
        # a week of every day off at most for each working day, and a margin
        horizon = start + timedelta(days=7 * (days + 1) + 31)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    ("calendar_id", "in", [calendar.id, False]),
                    ("company_id", "=", self.id),
                    ("date_to", ">=", start),
                    ("date_from", "<=", horizon),
                ]
            )
        )
        holidays = set()
        for leave in leaves:
            first = utc.localize(leave.date_from).astimezone(tz).date()
            last = utc.localize(leave.date_to).astimezone(tz).date()
            holidays.update(
                first + timedelta(days=n) for n in range((last - first).days + 1)
            )
        return add_working_days(start, days, weekdays, holidays)
