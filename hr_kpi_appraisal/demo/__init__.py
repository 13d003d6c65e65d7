from . import hr_kpi_appraisal
