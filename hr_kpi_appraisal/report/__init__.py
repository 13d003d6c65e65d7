from . import report_appraisal_xlsx
from . import report_kpi_appraisal
