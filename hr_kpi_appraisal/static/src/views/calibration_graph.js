import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { graphView } from "@web/views/graph/graph_view";
import { GraphModel } from "@web/views/graph/graph_model";

const GRADE = "calibrated_grade_id";

/** Bars of the calibrated grades, one origin: the targets can be drawn. */
function showsTargets({ domains, groupBy, mode }) {
    return mode === "bar" && domains.length === 1 && groupBy[0]?.fieldName === GRADE;
}

/**
 * The calibration graph: the count of each calibrated grade in bars and, as a
 * line over them, the count the distribution policies of the groups shown aim
 * at (`calibration_board_targets`), every grade of the scale on the axis.
 */
export class CalibrationGraphModel extends GraphModel {
    get hasTargets() {
        return showsTargets(this.metaData) && Object.keys(this.targets || {}).length > 0;
    }

    async _loadDataPoints(metaData) {
        const loadTargets = showsTargets(metaData)
            ? this.orm.call(metaData.resModel, "calibration_board_targets", [
                  metaData.domains[0].arrayRepr,
              ])
            : Promise.resolve({});
        const [dataPoints, targets] = await Promise.all([
            super._loadDataPoints(metaData),
            loadTargets,
        ]);
        this.targets = targets;
        return dataPoints;
    }

    /** Empty grades stay on the axis: their target still shows. */
    _getProcessedDataPoints() {
        if (this.hasTargets) {
            return this.dataPoints;
        }
        return super._getProcessedDataPoints();
    }

    _getLineOverlayDataset() {
        if (!this.hasTargets) {
            return super._getLineOverlayDataset();
        }
        const data = this.data.labels.map(() => null);
        const trueLabels = [...this.data.labels];
        for (const point of this.dataPoints) {
            if (point.labelIndex === undefined) {
                continue;
            }
            const [grade] = JSON.parse(point.identifier)[0][GRADE] || [false];
            if (grade in this.targets) {
                data[point.labelIndex] = this.targets[grade];
            }
        }
        return { label: _t("Target under the distribution policy"), data, trueLabels };
    }
}

registry.category("views").add("kpi_calibration_graph", {
    ...graphView,
    Model: CalibrationGraphModel,
});
