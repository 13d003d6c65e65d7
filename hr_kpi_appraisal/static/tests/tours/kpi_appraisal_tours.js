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
            content: "The supervisor's scores stay hidden from me before publication",
            trigger: ".o_field_widget[name=line_ids]:not(:has(th[data-name=manager_value]))",
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

const chooseLevel = (row, field, level) => [
    {
        content: `Choose level ${level}`,
        trigger: `${row} td[name=${field}]`,
        run: "click",
    },
    {
        trigger: `${row} td[name=${field}] input`,
        run: `edit ${level}`,
    },
    {
        trigger: `.o-autocomplete--dropdown-item:contains(${level})`,
        run: "click",
    },
];

registry.category("web_tour.tours").add("hr_kpi_appraisal_self_levels", {
    steps: () => [
        {
            content: "Open my appraisal",
            trigger: ".o_list_renderer .o_data_row td[name=template_id]",
            run: "click",
        },
        {
            content: "Nothing is scored yet: no total, grade or pay",
            trigger: ".o_kpi_no_result:visible",
        },
        {
            trigger: ".o_form_sheet:not(:has(.o_field_widget[name=total_score])):not(:has(.o_field_widget[name=grade_id]))",
        },
        {
            content: "Each line says how it scores",
            trigger: `${line("投诉次数", "rule_hint")}:contains(-10)`,
        },
        ...chooseLevel(".o_field_widget[name=line_ids] .o_data_row:contains(以客户为中心)", "self_level_id", "4级"),
        {
            content: "Leave the line",
            trigger: ".o_form_sheet .oe_title",
            run: "click",
        },
        {
            content: "My points follow the level",
            trigger: `${line("以客户为中心", "self_points")}:contains(40)`,
        },
        {
            content: "Declare my complaints in the line's details",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(投诉次数) button[name=action_open_line]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=input_ids] .o_data_row td[name=value]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=input_ids] .o_data_row td[name=value] input",
            run: "edit 1",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Submit the self-appraisal",
            trigger: "body:not(:has(.modal)) button[name=action_submit_self]",
            run: "click",
        },
        {
            content: "It waits for the supervisor now",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=manager_review]",
        },
    ],
});

registry.category("web_tour.tours").add("hr_kpi_appraisal_unscored_form", {
    steps: () => [
        {
            content: "Not scored yet: no total, grade or pay",
            trigger: ".o_kpi_no_result:visible",
        },
        {
            trigger: ".o_form_sheet:not(:has(.o_field_widget[name=total_score])):not(:has(.o_field_widget[name=manager_score]))",
        },
    ],
});

// every appraisal's group is open: a row of an employee's group by its indicator
const team = (employee, name) =>
    `.o_group_header:contains(${employee}) ~ .o_data_row:contains(${name})`;

registry.category("web_tour.tours").add("hr_kpi_appraisal_score_team", {
    steps: () => [
        {
            content: "Each appraisal is one open group with its progress",
            trigger: ".o_group_header.o_group_open:contains(王芳):contains(0 / 3)",
        },
        ...chooseLevel(team("王芳", "以客户为中心"), "manager_level_id", "3级"),
        {
            content: "Full marks on service attitude",
            trigger: `${team("王芳", "服务态度")} button[name=action_full_marks]`,
            run: "click",
        },
        {
            trigger: `${team("王芳", "服务态度")} td[name=manager_value]:contains(40)`,
        },
        {
            content: "Count the complaints in the line's details",
            trigger: `${team("王芳", "投诉次数")} button[name=action_open_line]`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=input_ids] .o_data_row td[name=value]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=input_ids] .o_data_row td[name=value] input",
            run: "edit 2",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The second employee, in the same list",
            trigger: `body:not(:has(.modal)) ${team("张伟", "以客户为中心")}`,
        },
        {
            content: "Full marks: the highest level",
            trigger: `${team("张伟", "以客户为中心")} button[name=action_full_marks]`,
            run: "click",
        },
        {
            trigger: `${team("张伟", "以客户为中心")} td[name=manager_level_id]:contains(5级)`,
        },
        {
            trigger: `${team("王芳", "以客户为中心")} td[name=manager_level_id]:contains(3级)`,
        },
        {
            content: "Select every line",
            trigger: ".o_list_renderer thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Submit the team's scores",
            trigger: "button[name=action_submit_team_scores]",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Both are submitted",
            trigger: ".o_notification:contains(2)",
        },
    ],
});

registry.category("web_tour.tours").add("hr_kpi_appraisal_file_appeal", {
    steps: () => [
        {
            content: "My published result can be appealed",
            trigger: "button[name=action_new_appeal]",
            run: "click",
        },
        {
            content: "Say why I disagree",
            trigger: ".o_field_widget[name=reason] textarea",
            run: "edit 主管评分与实际服务质量不符",
        },
        {
            content: "Name a contested line",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=appraisal_line_id] input",
            run: "edit 服务态度",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(服务态度)",
            run: "click",
        },
        {
            content: "Say why this line is wrong",
            trigger: ".o_field_widget[name=line_ids] .o_data_row td[name=reason] textarea",
            run: "edit 本月无投诉，客户表扬两次",
        },
        {
            content: "Save the appeal",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "File it",
            trigger: "button[name=action_submit]",
            run: "click",
        },
        {
            content: "The department head answers it first",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(With the Department Head)",
        },
    ],
});
