from . import test_access
from . import test_constraints
from . import test_scores
from . import test_snapshot
from . import test_workflow
from . import test_workflow_stages
from . import test_tours
