import math

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command

# Marks the environment of the workflow's and payroll's own writes. An object,
# not a flag: a context that arrives over RPC is JSON and can never hold it.
SYSTEM_WRITE = object()
SYSTEM_CONTEXT_KEY = "kpi_system_write"
# Largest magnitude of a number typed or imported into an appraisal, as the
# actuals import bounds it too; far beyond any score, count or wage.
MAX_NUMBER = 1e9
MAX_NUMBER_TEXT = f"{MAX_NUMBER:,.0f}"
NUMBER_TYPES = ("integer", "float", "monetary")


class HrKpiWriteGuard(models.AbstractModel):
    """Who may change which field of an appraisal and its children, and when.

    Each model lists in ``_kpi_field_rights()`` the fields people may write
    and the appraisal right (see ``hr.kpi.appraisal._may``) each one needs.
    Every other field (state, scores, pay, ``paid``, parent links, snapshots)
    changes only through ``_kpi_system()``, the workflow's and payroll's own
    path; the superuser skips the rights but not that rule. Fields of the mail
    mixins are left to the mail addon's own checks. Everything is checked
    before anything is written, commands on child records included, so a
    refused call leaves no trace even for a caller that catches the error.
    """

    _name = "hr.kpi.write.guard"
    _description = "KPI Write Guard"

    def _kpi_system(self):
        """The records as the workflow and payroll code write them."""
        return self.sudo().with_context(**{SYSTEM_CONTEXT_KEY: SYSTEM_WRITE})

    def _kpi_is_system(self):
        return self.env.context.get(SYSTEM_CONTEXT_KEY) is SYSTEM_WRITE

    # ------------------------------------------------------------------
    # What each model declares
    # ------------------------------------------------------------------

    @api.model
    def _kpi_field_rights(self):
        """{field name: appraisal right needed to write it}."""
        return {}

    @api.model
    def _kpi_free_fields(self):
        """Fields of the mail mixins: chatter, followers, activities."""
        return set(self.env["mail.thread"]._fields) | set(
            self.env["mail.activity.mixin"]._fields
        )

    def _kpi_appraisals(self):
        """The appraisals whose rights govern these records."""
        raise NotImplementedError

    @api.model
    def _kpi_check_create(self, vals_list, appraisals):
        """Raise unless the user may create these records on ``appraisals``;
        by default only the workflow creates them (from the template)."""
        self._kpi_check_system_only("create")

    def _kpi_check_unlink(self):
        """Raise unless the user may delete the records; by default only the
        workflow does."""
        self._kpi_check_system_only("unlink")

    def write(self, vals):
        self._kpi_check_write(vals)
        return super().write(vals)

    def unlink(self):
        self._kpi_check_unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # The checks
    # ------------------------------------------------------------------

    @api.model
    def _kpi_check_numbers(self, vals):
        """Raise a clear error for a number no field should hold (NaN, 1e308,
        2³¹ …) instead of letting the database refuse it."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or field.type not in NUMBER_TYPES or value is None:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or abs(value) > MAX_NUMBER
            ):
                label = field.get_description(self.env)["string"]
                raise ValidationError(
                    self.env._(
                        "“%(field)s” must be a number between -%(max)s and %(max)s, "
                        "not %(value)s.",
                        field=label,
                        max=MAX_NUMBER_TEXT,
                        value=str(value)[:40],
                    )
                )

    @api.model
    def _kpi_check_new(self, vals_list, appraisals):
        """Raise unless the user may create records of ``vals_list`` on
        ``appraisals``, with numbers any field can hold."""
        for vals in vals_list:
            self._kpi_check_numbers(vals)
        self._kpi_check_create(vals_list, appraisals)

    def _kpi_check_write(self, vals):
        """Raise unless the user may write ``vals``, commands on guarded
        child records included."""
        self._kpi_check_numbers(vals)
        self._kpi_check_fields(vals)
        if self._kpi_is_system():
            return
        for name, commands in vals.items():
            field = self._fields.get(name)
            if field and field.type == "one2many" and commands:
                children = self.env[field.comodel_name]
                if isinstance(children, HrKpiWriteGuard):
                    self[name]._kpi_check_commands(commands, self, field.inverse_name)

    def _kpi_check_commands(self, commands, parents, inverse_name):
        """Check one2many ``commands`` of ``parents`` on their current children
        ``self`` as create, write and unlink would, before any runs."""
        records = self.browse()
        appraisals = parents._kpi_appraisals()
        for command in commands:
            kind, record_id = command[0], command[1]
            if kind == Command.CREATE:
                records._kpi_check_new([command[2]], appraisals)
            elif kind == Command.UPDATE:
                records.browse(record_id)._kpi_check_write(command[2])
            elif kind in (Command.DELETE, Command.UNLINK):
                records.browse(record_id)._kpi_check_unlink()
            elif kind == Command.CLEAR:
                self._kpi_check_unlink()
            else:  # LINK, SET: re-parenting, and removal of the others
                kept = records.browse(
                    command[2] if kind == Command.SET else [record_id]
                )
                (kept - self)._kpi_check_fields({inverse_name})
                if kind == Command.SET:
                    (self - kept)._kpi_check_unlink()

    def _kpi_check_fields(self, field_names, rights=(), appraisals=None):
        """Raise unless the current user may write ``field_names`` on the
        records now, holding also ``rights`` on their appraisals (or on
        ``appraisals``, for records not created yet)."""
        if self._kpi_is_system():
            return
        field_rights = self._kpi_field_rights()
        fixed = set(field_names) - set(field_rights) - self._kpi_free_fields()
        if fixed:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s change only through the appraisal "
                    "workflow or payroll, not by editing.",
                    fields=self._kpi_labels(fixed),
                    model=self._description,
                )
            )
        if self.env.su:
            return
        needed = {field_rights[n] for n in field_names if n in field_rights}
        needed |= set(rights)
        if appraisals is None:
            appraisals = self._kpi_appraisals()
        for appraisal in appraisals:
            refused = sorted(right for right in needed if not appraisal._may(right))
            if refused:
                names = [n for n in field_names if field_rights.get(n) in refused]
                raise AccessError(
                    self.env._(
                        "You cannot change %(what)s on %(appraisal)s: %(rule)s",
                        what=self._kpi_labels(names) if names else self._description,
                        appraisal=appraisal.display_name,
                        rule=appraisal._right_description(refused[0]),
                    )
                )

    def _kpi_check_system_only(self, operation):
        """Raise unless the workflow itself creates or deletes these records."""
        if self._kpi_is_system():
            return
        if operation == "create":
            message = self.env._(
                "%s records are copied from the template when the appraisal is "
                "created; they cannot be added by hand.",
                self._description,
            )
        else:
            message = self.env._(
                "%s records come from the template and go with their appraisal; "
                "they cannot be deleted by hand.",
                self._description,
            )
        raise AccessError(message)

    @api.model
    def _kpi_labels(self, field_names):
        return ", ".join(
            sorted(
                f"“{self._fields[name].get_description(self.env)['string']}”"
                if name in self._fields
                else f"“{name}”"
                for name in field_names
            )
        )
