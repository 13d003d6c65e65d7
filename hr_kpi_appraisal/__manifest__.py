{
    "name": "KPI Appraisal",
    "summary": "Monthly KPI appraisal forms for customer-service staff: "
    "templates, self and supervisor scoring, approval, grades and performance pay",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Appraisals",
    "license": "LGPL-3",
    "depends": ["hr", "hr_contract", "mail"],
    "data": [
        "security/hr_kpi_security.xml",
        "security/ir.model.access.csv",
        "data/mail_data.xml",
        "data/hr_kpi_policy_data.xml",
        "data/hr_kpi_template_000_data.xml",
        "data/hr_kpi_template_001_004_data.xml",
        "views/hr_kpi_appraisal_views.xml",
        "views/hr_kpi_template_views.xml",
        "views/hr_kpi_config_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_kpi_menus.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_tests": ["hr_kpi_appraisal/static/tests/tours/**/*"],
    },
    "application": True,
    "installable": True,
}
