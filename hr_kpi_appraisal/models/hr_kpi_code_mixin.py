from odoo import api, fields, models


class HrKpiCodeMixin(models.AbstractModel):
    """A unique catalogue code, kept unique when the record is duplicated."""

    _name = "hr.kpi.code.mixin"
    _description = "KPI Catalogue Code"

    code = fields.Char(required=True, copy=False, index=True)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default and "code" in default:
            return vals_list
        taken = set(
            self.with_context(active_test=False)
            .search([("code", "=like", "%-COPY%")])
            .mapped("code")
        )
        for record, vals in zip(self, vals_list, strict=True):
            vals["code"] = self._free_copy_code(record.code, taken)
            taken.add(vals["code"])
        return vals_list

    @api.model
    def _free_copy_code(self, code, taken):
        candidate, number = f"{code}-COPY", 1
        while candidate in taken:
            number += 1
            candidate = f"{code}-COPY{number}"
        return candidate
