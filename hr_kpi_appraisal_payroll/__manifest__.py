{
    "name": "KPI Appraisal - Payroll",
    "summary": "Pay approved KPI appraisals on OCA payslips: "
    "performance pay and fixed awards as salary rule inputs",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Payroll",
    "license": "LGPL-3",
    "depends": ["hr_kpi_appraisal", "payroll"],
    "data": [
        "data/hr_salary_rule_data.xml",
        "data/ir_actions_server_data.xml",
        "views/hr_kpi_appraisal_views.xml",
        "views/hr_payslip_views.xml",
    ],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
