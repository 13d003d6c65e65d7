from . import hr_kpi_actuals_import
