import { registry } from "@web/core/registry";

const column = (grade) =>
    `.o_kpi_calibration_board .o_kanban_group:has(.o_column_title:contains(${grade}))`;

registry.category("web_tour.tours").add("hr_kpi_appraisal_calibration_board", {
    steps: () => [
        {
            content: "The agent scored c waits in the c column, with the supervisor's comment",
            trigger: `${column("Grade c")} .o_kanban_record:contains(王芳):contains(服务热情)`,
        },
        {
            content: "Move the agent down to d",
            trigger: `${column("Grade c")} .o_kanban_record:contains(王芳)`,
            run: `drag_and_drop(${column("Grade d")})`,
        },
        {
            content: "The reason is asked for",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit 多次迟到，态度欠佳",
        },
        {
            content: "Confirm the move",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The card is now in the d column",
            trigger: `${column("Grade d")} .o_kanban_record:contains(王芳)`,
        },
        {
            content: "Open the board's graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The grades and the policy's target line are drawn",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
