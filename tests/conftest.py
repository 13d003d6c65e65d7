"""Make ``hr_kpi_appraisal.engine`` importable without Odoo.

The addon's own ``__init__`` imports its models, which import odoo; a stub package
module with the addon directory as its path lets Python find the subpackages
without running that ``__init__``.
"""

import os
import sys
import types
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

ADDON_DIR = Path(__file__).resolve().parent.parent / "hr_kpi_appraisal"

if "hr_kpi_appraisal" not in sys.modules:
    _stub = types.ModuleType("hr_kpi_appraisal")
    _stub.__path__ = [str(ADDON_DIR)]
    sys.modules["hr_kpi_appraisal"] = _stub

# HYPOTHESIS_PROFILE=thorough runs twenty times as many examples.
settings.register_profile("engine", deadline=None, max_examples=100)
settings.register_profile("thorough", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "engine"))


@pytest.fixture
def expect_error():
    """``with expect_error("bands_gap", "Q1"):`` asserts a ScoringError with that
    reason code, naming that indicator (None: a scheme-wide error)."""
    from hr_kpi_appraisal.engine import ScoringError

    @contextmanager
    def check(reason_code, indicator=None):
        with pytest.raises(ScoringError) as info:
            yield info
        error = info.value
        assert error.reason_code == reason_code, str(error)
        assert error.indicator == indicator, str(error)
        if indicator is not None:
            assert str(error).startswith(f'Indicator "{indicator}"')

    return check
