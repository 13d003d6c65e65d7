import { registry } from "@web/core/registry";

const line = (name, field) =>
    `.o_field_widget[name=line_ids] .o_data_row:contains(${name}) td[name=${field}]`;

registry.category("web_tour.tours").add("hr_kpi_appraisal_self_review", {
    steps: () => [
        {
            content: "Open my appraisal",
            trigger: ".o_list_renderer .o_data_row td[name=template_id]",
            run: "click",
        },
        {
            content: "Score myself on service attitude",
            trigger: line("服务态度", "self_value"),
            run: "click",
        },
        {
            trigger: `${line("服务态度", "self_value")} input`,
            run: "edit 36",
        },
        {
            content: "The supervisor's score is not shown to me before publication",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row:contains(服务态度):not(:has(td[name=manager_value]))",
        },
        {
            content: "Submit the self-appraisal",
            trigger: "button[name=action_submit_self]",
            run: "click",
        },
        {
            content: "It waits for the supervisor now",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Supervisor Review)",
        },
    ],
});

registry.category("web_tour.tours").add("hr_kpi_appraisal_supervisor_review", {
    steps: () => [
        {
            content: "Open the team member's appraisal",
            trigger: ".o_list_renderer .o_data_row td[name=template_id]",
            run: "click",
        },
        {
            content: "Score service attitude",
            trigger: line("服务态度", "manager_value"),
            run: "click",
        },
        {
            trigger: `${line("服务态度", "manager_value")} input`,
            run: "edit 32",
        },
        {
            content: "Leave the line",
            trigger: ".o_form_sheet .oe_title",
            run: "click",
        },
        {
            content: "The total follows",
            trigger: ".o_field_widget[name=manager_score]:contains(71.6)",
        },
        {
            content: "Submit the scores",
            trigger: "button[name=action_submit_manager]",
            run: "click",
        },
        {
            content: "HR reviews it next",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(HR Review)",
        },
    ],
});
