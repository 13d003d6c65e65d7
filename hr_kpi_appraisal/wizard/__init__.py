from . import hr_kpi_actuals_import
from . import hr_kpi_calibration_wizard
