from . import test_payslip_flows
from . import test_pay_rules
from . import test_default_rights
from . import test_appeal_corrections
from . import test_history_pay
