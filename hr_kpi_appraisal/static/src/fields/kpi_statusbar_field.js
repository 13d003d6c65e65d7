import { registry } from "@web/core/registry";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * The appraisal's statusbar without the stages its template switched off:
 * the record's `skipped_states` (comma-separated) lists them.
 */
export class KpiStatusBarField extends StatusBarField {
    getAllItems() {
        const skipped = (this.props.record.data.skipped_states || "").split(",");
        return super.getAllItems().filter(
            (item) => item.isSelected || !skipped.includes(item.value)
        );
    }
}

registry.category("fields").add("kpi_statusbar", {
    ...statusBarField,
    component: KpiStatusBarField,
    fieldDependencies: [{ name: "skipped_states", type: "char" }],
});
