import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

const CALIBRATION_WIZARD = "hr_kpi_appraisal.hr_kpi_calibration_wizard_action";

/**
 * The calibration board: a card dropped on another grade's column is not
 * written by the board (the calibrated grade changes only through
 * `action_calibrate`); it opens the form asking for the reason, and the board
 * reloads when that form closes, moved or not.
 */
export class CalibrationKanbanRenderer extends KanbanRenderer {
    setup() {
        super.setup();
        this.action = useService("action");
    }

    get canMoveRecords() {
        const { groupByField } = this.props.list;
        return this.canResequenceRecords && groupByField?.name === "calibrated_grade_id";
    }

    async sortRecordDrop(dataRecordId, dataGroupId, { parent }) {
        parent?.classList.remove("o_kanban_hover");
        const list = this.props.list;
        const targetGroupId = parent?.dataset.id;
        if (!targetGroupId || targetGroupId === dataGroupId) {
            return list.model.load();
        }
        const source = list.groups.find((group) => group.id === dataGroupId);
        const target = list.groups.find((group) => group.id === targetGroupId);
        const record = source.list.records.find((rec) => rec.id === dataRecordId);
        await this.action.doAction(CALIBRATION_WIZARD, {
            additionalContext: {
                default_appraisal_ids: [record.resId],
                default_grade_id: target.value,
            },
            onClose: () => list.model.load(),
        });
    }
}

registry.category("views").add("kpi_calibration_kanban", {
    ...kanbanView,
    Renderer: CalibrationKanbanRenderer,
});
