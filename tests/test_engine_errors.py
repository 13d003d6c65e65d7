"""ScoringError, its reason codes, and the engine's independence from Odoo."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from hr_kpi_appraisal.engine import MESSAGES, REASON_CODES, ScoringError, errors

ENGINE_DIR = Path(__file__).resolve().parent.parent / "hr_kpi_appraisal" / "engine"


def test_message_names_indicator_code_and_name():
    error = ScoringError(
        errors.BANDS_OVERLAP, indicator="Q1", indicator_name="客户回访", at=20.0
    )
    assert str(error) == 'Indicator "Q1" (客户回访): bands overlap at 20'
    assert error.reason == "bands overlap at 20"
    assert error.reason_code == "bands_overlap"
    assert error.params == {"at": 20.0}
    assert isinstance(error, ValueError)


def test_message_without_name_or_indicator():
    error = ScoringError(errors.MISSING, indicator="Q1", field="actual")
    assert str(error) == 'Indicator "Q1": actual is missing'
    assert str(ScoringError(errors.MISSING, field="grade")) == "grade is missing"


def test_out_of_range_shows_open_bounds():
    error = ScoringError(
        errors.OUT_OF_RANGE, field="floor", value=6.0, low=0.0, high=None
    )
    assert error.reason == "floor = 6 is outside [0, inf]"
    error = ScoringError(errors.OUT_OF_RANGE, field="x", value=0.5, low=None, high=0.25)
    assert error.reason == "x = 0.5 is outside [-inf, 0.25]"


def test_reason_codes_are_the_module_constants():
    constants = {
        value
        for name, value in vars(errors).items()
        if name.isupper() and isinstance(value, str)
    }
    assert set(REASON_CODES) == constants == set(MESSAGES)
    assert len(REASON_CODES) <= 20


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


@pytest.mark.parametrize("path", sorted(ENGINE_DIR.glob("*.py")), ids=lambda p: p.name)
def test_engine_imports_only_stdlib_and_itself(path):
    for module, level in _imports(path):
        if level == 0:
            assert module.split(".")[0] in sys.stdlib_module_names, module


def test_importing_engine_does_not_import_odoo():
    code = (
        "import sys, types\n"
        f"stub = types.ModuleType('hr_kpi_appraisal'); stub.__path__ = ['{ENGINE_DIR.parent}']\n"
        "sys.modules['hr_kpi_appraisal'] = stub\n"
        "import hr_kpi_appraisal.engine\n"
        "assert not any(m == 'odoo' or m.startswith('odoo.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
