import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { groupBy } from "@web/core/utils/arrays";
import { graphView } from "@web/views/graph/graph_view";
import { GraphModel } from "@web/views/graph/graph_model";

const GRADE = "calibrated_grade_id";

/** Bars of the calibrated grades, one origin: the targets can be drawn. */
function showsTargets({ domains, groupBy, mode }) {
    return mode === "bar" && domains.length === 1 && groupBy[0]?.fieldName === GRADE;
}

/** The grade id of a data point grouped by grade first (false for none). */
function gradeOf(point) {
    const [grade] = JSON.parse(point.identifier)[0][GRADE] || [false];
    return grade;
}

/**
 * The calibration graph: the count of each calibrated grade in bars, every
 * grade of the scales on the axis, and as a line over them the people the
 * distribution policies ask of the appraisals shown
 * (`calibration_board_targets`). The grades keep their plain names: the
 * quota titles are the board's columns'.
 */
export class CalibrationGraphModel extends GraphModel {
    get hasTargets() {
        return (
            showsTargets(this.metaData) &&
            (this.grades || []).some((grade) => grade.people !== null)
        );
    }

    async load(searchParams) {
        const { kpi_calibration_board, ...context } = searchParams.context;
        return super.load({ ...searchParams, context });
    }

    async _loadDataPoints(metaData) {
        const loadGrades = showsTargets(metaData)
            ? this.orm.call(metaData.resModel, "calibration_board_targets", [
                  metaData.domains[0].arrayRepr,
              ])
            : Promise.resolve([]);
        const [dataPoints, grades] = await Promise.all([
            super._loadDataPoints(metaData),
            loadGrades,
        ]);
        this.grades = grades;
        return grades.length ? this._withEveryGrade(dataPoints, grades) : dataPoints;
    }

    /** The points in the grades' order, an empty one for a grade nobody has. */
    _withEveryGrade(dataPoints, grades) {
        const byGrade = groupBy(dataPoints, gradeOf);
        const known = new Set(grades.map((grade) => String(grade.id)));
        const others = dataPoints.filter((point) => !known.has(String(gradeOf(point))));
        const stack = dataPoints[0]?.labels.slice(1) || [];
        const points = grades.flatMap(
            ({ id, name }) =>
                byGrade[id] || [
                    {
                        count: 0,
                        value: 0,
                        domain: [],
                        originIndex: 0,
                        cumulatedStart: 0,
                        labels: [name, ...stack],
                        identifier: JSON.stringify([{ [GRADE]: [id, name] }]),
                    },
                ]
        );
        return [...points, ...others];
    }

    /** Empty grades stay on the axis: their target still shows. */
    _getProcessedDataPoints() {
        return this.hasTargets ? this.dataPoints : super._getProcessedDataPoints();
    }

    _getLineOverlayDataset() {
        if (!this.hasTargets) {
            return super._getLineOverlayDataset();
        }
        const people = Object.fromEntries(this.grades.map((grade) => [grade.id, grade.people]));
        const data = this.data.labels.map(() => null);
        for (const point of this.dataPoints) {
            const target = people[gradeOf(point)];
            if (point.labelIndex !== undefined && target != null) {
                data[point.labelIndex] = target;
            }
        }
        return { label: _t("Policy target"), data, trueLabels: [...this.data.labels] };
    }
}

registry.category("views").add("kpi_calibration_graph", {
    ...graphView,
    Model: CalibrationGraphModel,
});
