from contextvars import ContextVar

from odoo import models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# Set while Odoo fetches stored values into its cache. The cache is shared by
# every environment of the transaction, so it must hold the true values; the
# result is hidden where values leave the server (read, search, group, export,
# onchange), never in the cache itself.
_FETCHING = ContextVar("kpi_result_fetching", default=False)

PUBLISHED_STATES = ("published", "appealed", "confirmed")


class HrKpiResultPrivacy(models.AbstractModel):
    """The result of an appraisal is the employee's only once it is published.

    Until then the employee may not learn from their own appraisal what the
    supervisor scored, the total, the grade or the pay, on any path: ``read``
    (and so the web client's reads), domains, ordering and grouping on those
    fields, exports and onchange answers. Each model names its result fields
    in ``_kpi_result_fields`` and the appraisal each record belongs to.
    Stored values are masked in SQL for the appraisals hidden from the current
    user (``_kpi_hidden_sql``); read values from ``can_see_result``.
    """

    _name = "hr.kpi.result.privacy"
    _description = "KPI Result Privacy"

    _kpi_result_fields = frozenset()

    def _kpi_result_appraisal(self):
        """The appraisal whose publication decides what this record shows."""
        return self.appraisal_id

    def _kpi_hidden_sql(self, alias):
        """SQL that is true on the rows (``alias``) whose result is hidden."""
        return SQL(
            "%s IN (SELECT id FROM hr_kpi_appraisal AS kpi_hidden WHERE %s)",
            SQL.identifier(alias, "appraisal_id"),
            self._kpi_unpublished_own_sql("kpi_hidden"),
        )

    def _kpi_hidden_results(self):
        """The records of ``self`` whose result the current user may not see."""
        if self.env.su:
            return self.browse()
        return self.filtered(
            lambda record: not record._kpi_result_appraisal().can_see_result
        )

    def _kpi_unpublished_own_sql(self, alias):
        """True on appraisal rows (``alias``) of the current user's own
        employees that are not published yet."""
        appraisal_fields = self.env["hr.kpi.appraisal"]._fields
        pending = SQL("").join(
            SQL("", to_flush=field)
            for field in (
                appraisal_fields["employee_id"],
                appraisal_fields["state"],
                appraisal_fields["result_state"],
                self.env["hr.employee"]._fields["user_id"],
            )
        )
        return SQL(
            "%s(%s IN (SELECT id FROM hr_employee WHERE user_id = %s)"
            " AND (%s != 'done' OR %s IS NULL OR %s NOT IN %s))",
            pending,
            SQL.identifier(alias, "employee_id"),
            self.env.uid,
            SQL.identifier(alias, "state"),
            SQL.identifier(alias, "result_state"),
            SQL.identifier(alias, "result_state"),
            PUBLISHED_STATES,
        )

    # ------------------------------------------------------------------
    # Where values leave the server
    # ------------------------------------------------------------------

    def _fetch_query(self, query, fields):
        token = _FETCHING.set(True)
        try:
            return super()._fetch_query(query, fields)
        finally:
            _FETCHING.reset(token)

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """Domains, ordering and grouping see no result where it is hidden."""
        sql = super()._field_to_sql(alias, fname, query, flush)
        if fname in self._kpi_result_fields and not self.env.su and not _FETCHING.get():
            return SQL(
                "(CASE WHEN %s THEN NULL ELSE %s END)", self._kpi_hidden_sql(alias), sql
            )
        return sql

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        masked = self._kpi_result_fields.intersection(fnames)
        if masked:
            hidden = set(self._kpi_hidden_results().ids)
            for values in result:
                if values["id"] in hidden:
                    values.update(dict.fromkeys(masked, False))
        return result

    def onchange(self, values, field_names, fields_spec):
        result = super().onchange(values, field_names, fields_spec)
        if self._origin and self._origin._kpi_hidden_results():
            self._kpi_strip_results(result.get("value", {}))
        return result

    def _kpi_strip_results(self, values):
        """Remove the result fields from onchange ``values``, child lines included."""
        for fname in self._kpi_result_fields.intersection(values):
            del values[fname]
        for fname, commands in values.items():
            field = self._fields.get(fname)
            comodel = (
                field is not None
                and field.type == "one2many"
                and self.env[field.comodel_name]
            )
            if isinstance(comodel, HrKpiResultPrivacy) and isinstance(commands, list):
                for command in commands:
                    if len(command) > 2 and isinstance(command[2], dict):
                        comodel._kpi_strip_results(command[2])

    def export_data(self, fields_to_export):
        if self._kpi_reveals(fields_to_export):
            self._kpi_check_results_visible()
        return super().export_data(fields_to_export)

    def _kpi_check_results_visible(self):
        """Refuse to print or export a result the current user may not see yet."""
        hidden = self._kpi_hidden_results()
        if hidden:
            raise AccessError(
                self.env._(
                    "The result of %(appraisals)s is not published yet: it can be "
                    "printed or exported once it is published.",
                    appraisals=", ".join(
                        hidden._kpi_result_appraisal().mapped("display_name")
                    ),
                )
            )

    def _kpi_reveals(self, paths):
        """Whether exporting ``paths`` (``a/b/c``) would show a result field."""
        for path in paths:
            head, _, rest = path.partition("/")
            if head in self._kpi_result_fields:
                return True
            field = self._fields.get(head)
            if rest and field is not None and field.relational:
                comodel = self.env[field.comodel_name]
                if isinstance(comodel, HrKpiResultPrivacy) and comodel._kpi_reveals(
                    [rest]
                ):
                    return True
        return False
