"""Chinese names of the demo departments.

A department shows everywhere by its full name (``complete_name``), which Odoo
stores once, in the language it is computed in: the demo company is Chinese, so
its departments keep their English name as the source and Chinese as the
translation, and their full names are computed in Chinese when the database has
Chinese installed.
"""

MODULE = "hr_kpi_appraisal"
DEPARTMENTS = {
    "kpi_demo_dep_customer_service": "客服部",
    "kpi_demo_dep_call_centre": "呼叫中心",
    "kpi_demo_dep_ecommerce": "电商部",
    "kpi_demo_dep_after_sales": "售后服务部",
}
LANG = "zh_CN"


def load_demo_names(env):
    """Give the demo departments their Chinese names and full names."""
    if not env["res.lang"]._lang_get(LANG):
        return
    departments = env["hr.department"].with_context(lang=LANG)
    for xmlid, name in DEPARTMENTS.items():
        department = departments.browse(env.ref(f"{MODULE}.{xmlid}").id)
        department.name = name
    departments.browse(
        [env.ref(f"{MODULE}.{xmlid}").id for xmlid in DEPARTMENTS]
    )._compute_complete_name()
