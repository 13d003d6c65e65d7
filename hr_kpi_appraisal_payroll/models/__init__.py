from . import hr_kpi_appraisal
from . import hr_kpi_appeal
from . import hr_kpi_history_finding
from . import hr_payslip_input
from . import hr_payslip
from . import hr_payroll_structure
