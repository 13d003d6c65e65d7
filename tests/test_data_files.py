"""Tier 1 checks over all data files of the addon, without Odoo.

Every XML file parses; every catalogue code of the seeded schemes exists exactly
once; every template, grade scale and pay rule is accepted by the scoring engine,
also in the order Odoo loads the records; every reference points to a record that
exists; translatable texts are English (the Chinese lives in the translations).
"""

import csv
import re
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree

import pytest
from data_records import (
    ADDON,
    MODULE,
    Ref,
    catalogue,
    data_files,
    full_xmlid,
    load_records,
)

from hr_kpi_appraisal.engine import (
    validate_grades,
    validate_pay_rule,
    validate_scheme,
)

TEMPLATE_CODES = [f"S{n:02d}" for n in range(1, 35)]
GRADE_SCALE_CODES = ["P03", "P07", "P10"]
PAY_RULE_CODES = ["P01", "P02", "P03", "P09", "P10"]
ADJUSTMENT_CODES = [
    "P05-WARNING",
    "P05-MINOR-DEMERIT",
    "P05-MAJOR-DEMERIT",
    "P05-COMMENDATION",
    "P05-MINOR-MERIT",
    "P05-MAJOR-MERIT",
    "P06-LATE",
    "P06-ABSENCE",
    "P06-LEAVE-SHORT",
    "P06-LEAVE-LONG",
]
CATALOGUE = (
    [("hr.kpi.template", code) for code in TEMPLATE_CODES]
    + [("hr.kpi.grade.scale", code) for code in GRADE_SCALE_CODES]
    + [("hr.kpi.pay.rule", code) for code in PAY_RULE_CODES]
    + [("hr.kpi.adjustment.type", code) for code in ADJUSTMENT_CODES]
)

#: Modules whose xml ids the addon may reference: Odoo core and its dependencies.
MANIFEST = eval((ADDON / "__manifest__.py").read_text("utf-8"))  # noqa: S307
EXTERNAL_MODULES = {"base", *MANIFEST["depends"]}
#: Translatable fields of Odoo core models the data files write.
CORE_TRANSLATABLE = {"hr.job": {"name"}}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: A source form's title, quoted as printed (《外呼部话务员绩效考核表》): the English
#: texts name their source by it, so it does not count as untranslated Chinese.
SOURCE_TITLE = re.compile(r"《[^《》]+》")

XML_FILES = sorted(path for path in ADDON.rglob("*.xml") if "static" not in path.parts)
MANIFEST_XML = [
    path
    for kind in ("data", "demo")
    for path in data_files(kind)
    if path.suffix == ".xml"
]


def _rel(path):
    return str(Path(path).relative_to(ADDON))


def _parse(path):
    return ElementTree.parse(path).getroot()


def _records(paths):
    """(path, record element) of every <record> of ``paths``, in load order."""
    return [(path, node) for path in paths for node in _parse(path).iter("record")]


def _field(node, name):
    for field_node in node.iter("field"):
        if field_node.get("name") == name:
            return field_node
    return None


def _number(node, name, default=None):
    field_node = _field(node, name)
    if field_node is None:
        return default
    if field_node.get("eval") is not None:
        return float(eval(field_node.get("eval"), {"__builtins__": {}}))  # noqa: S307
    return float(field_node.text)


def _text(field_node):
    """All text of a field, html/xml content included."""
    return "".join(field_node.itertext()).strip()


def _translatable_fields():
    """{model: {field}} of the addon's models with translate=True fields."""
    fields = defaultdict(set, {k: set(v) for k, v in CORE_TRANSLATABLE.items()})
    for path in [*ADDON.glob("models/*.py"), *ADDON.glob("wizard/*.py")]:
        source = path.read_text("utf-8")
        names = re.findall(r'^\s+_name = "([\w.]+)"', source, re.MULTILINE)
        if not names:
            continue
        for field_name in re.findall(
            r"^\s+(\w+) = fields\.\w+\((?:[^()]|\([^()]*\))*?translate=True",
            source,
            re.MULTILINE | re.DOTALL,
        ):
            fields[names[0]].add(field_name)
    return fields


TRANSLATABLE = _translatable_fields()


@pytest.fixture(scope="module")
def cat():
    return catalogue()


# --- files ---------------------------------------------------------------------


@pytest.mark.parametrize("path", XML_FILES, ids=_rel)
def test_xml_file_parses(path):
    root = _parse(path)
    assert root.tag == "odoo"


def test_manifest_files_exist():
    for kind in ("data", "demo"):
        for path in data_files(kind):
            assert path.is_file(), f"{kind} file missing: {_rel(path)}"


@pytest.mark.parametrize("path", sorted(ADDON.rglob("*.csv")), ids=_rel)
def test_csv_file_parses(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows and rows[0][0] == "id"
    assert all(len(row) == len(rows[0]) for row in rows), "ragged CSV rows"
    ids = [row[0] for row in rows[1:]]
    assert len(ids) == len(set(ids)), "duplicate ids in CSV"


def test_seed_data_files_are_noupdate():
    for path in data_files("data"):
        if path.name.startswith("hr_kpi_") and path.parent.name == "data":
            assert _parse(path).get("noupdate") == "1", _rel(path)


def test_no_xmlid_defined_in_two_files():
    files = defaultdict(set)
    for path, node in _records(MANIFEST_XML):
        files[full_xmlid(node.get("id"))].add(_rel(path))
    clashes = {xmlid: paths for xmlid, paths in files.items() if len(paths) > 1}
    assert not clashes


# --- catalogue codes -----------------------------------------------------------


@pytest.mark.parametrize(("model", "code"), CATALOGUE, ids=lambda v: v)
def test_catalogue_code_exists_exactly_once(model, code):
    found = {
        full_xmlid(node.get("id"))
        for _path, node in _records(MANIFEST_XML)
        if node.get("model") == model
        and _field(node, "code") is not None
        and _field(node, "code").text == code
    }
    assert len(found) == 1, f"{model} {code}: {sorted(found) or 'missing'}"


def test_codes_unique_per_model(cat):
    for model in (
        "hr.kpi.template",
        "hr.kpi.grade.scale",
        "hr.kpi.pay.rule",
        "hr.kpi.adjustment.type",
    ):
        codes = [r.values["code"] for r in cat.by_model(model)]
        duplicates = {code for code in codes if codes.count(code) > 1}
        assert not duplicates, f"{model}: {duplicates}"


# --- engine acceptance ---------------------------------------------------------


def _template_ids():
    return [r.values["code"] for r in catalogue().by_model("hr.kpi.template")]


@pytest.mark.parametrize("code", _template_ids())
def test_template_passes_validate_scheme(cat, code):
    scheme, indicators = cat.scheme(cat.template(code))
    validate_scheme(scheme, indicators)
    # sections with weight carry points; weights are percentages adding up to 100
    assert abs(sum(s["weight"] for s in scheme["sections"]) - 100) < 0.01
    section_codes = [s["code"] for s in scheme["sections"]]
    assert len(section_codes) == len(set(section_codes))


def test_parameter_rows_belong_to_an_indicator(cat):
    for model in (
        "hr.kpi.indicator.band",
        "hr.kpi.indicator.level",
        "hr.kpi.indicator.event",
        "hr.kpi.indicator.input",
    ):
        for row in cat.by_model(model):
            parent = cat.records.get(row.values["indicator_id"].xmlid)
            assert parent is not None, row.xmlid
            assert parent.model == "hr.kpi.indicator", row.xmlid


def test_every_section_and_indicator_has_a_parent(cat):
    for section in cat.by_model("hr.kpi.section"):
        parent = cat.records[section.values["template_id"].xmlid]
        assert parent.model == "hr.kpi.template", section.xmlid
    for indicator in cat.by_model("hr.kpi.indicator"):
        parent = cat.records[indicator.values["section_id"].xmlid]
        assert parent.model == "hr.kpi.section", indicator.xmlid


@pytest.mark.parametrize(
    "xmlid", [r.xmlid for r in catalogue().by_model("hr.kpi.grade.scale")]
)
def test_grade_scale_is_valid(cat, xmlid):
    grades = cat.grades(xmlid)
    validate_grades(grades)
    assert min(g["min_score"] for g in grades) == 0


@pytest.mark.parametrize(
    "xmlid", [r.xmlid for r in catalogue().by_model("hr.kpi.pay.rule")]
)
def test_pay_rule_is_valid(cat, xmlid):
    validate_pay_rule(cat.pay_rule(xmlid))


def test_records_load_in_an_order_odoo_accepts():
    """Odoo checks a grade scale after each grade and a pay rule after each tier
    or write: the lowest grade (0) and tier must come first, and a rule may turn
    tiered only once it has tiers."""
    grades = defaultdict(list)
    rules = {}
    for path, node in _records(MANIFEST_XML):
        xmlid, model = full_xmlid(node.get("id")), node.get("model")
        where = f"{_rel(path)}: {xmlid}"
        if model == "hr.kpi.grade":
            scale = full_xmlid(_field(node, "scale_id").get("ref"))
            grades[scale].append(
                {
                    "code": _field(node, "code").text,
                    "min_score": _number(node, "min_score"),
                }
            )
            validate_grades(grades[scale])
        elif model == "hr.kpi.pay.rule":
            method = _field(node, "method")
            rule = rules.setdefault(xmlid, {"method": "proportional", "tiers": []})
            if method is not None:
                rule["method"] = method.text
            try:
                validate_pay_rule(rule)
            except ValueError as error:
                pytest.fail(f"{where}: {error}")
        elif model == "hr.kpi.pay.tier":
            rule = rules[full_xmlid(_field(node, "rule_id").get("ref"))]
            rule["tiers"].append(
                {
                    "min_score": _number(node, "min_score"),
                    "rate": _number(node, "rate", 100.0),
                }
            )
            try:
                validate_pay_rule(rule)
            except ValueError as error:
                pytest.fail(f"{where}: {error}")


# --- references ----------------------------------------------------------------


def _defined_xmlids():
    defined = set()
    for path in MANIFEST_XML:
        for node in _parse(path).iter():
            if node.tag in ("record", "menuitem", "template") and node.get("id"):
                defined.add(full_xmlid(node.get("id")))
    for path in data_files("data"):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                defined |= {full_xmlid(row["id"]) for row in csv.DictReader(handle)}
    for path in [*ADDON.glob("models/*.py"), *ADDON.glob("wizard/*.py")]:
        for name in re.findall(
            r'^\s+_name = "([\w.]+)"', path.read_text("utf-8"), re.M
        ):
            defined.add(f"{MODULE}.model_{name.replace('.', '_')}")
    return defined


def _references(path):
    for node in _parse(path).iter():
        if node.get("ref"):
            yield node.get("ref")
        for attribute in ("eval", "parent", "action", "groups"):
            value = node.get(attribute)
            if not value:
                continue
            if attribute == "eval":
                yield from re.findall(r"ref\(['\"]([\w.]+)['\"]\)", value)
            elif attribute == "groups":
                yield from (g.strip().lstrip("!") for g in value.split(","))
            elif node.tag == "menuitem":
                yield value


@pytest.mark.parametrize("path", MANIFEST_XML, ids=_rel)
def test_references_exist(path):
    defined = _defined_xmlids()
    missing = set()
    for reference in _references(path):
        xmlid = full_xmlid(reference)
        module = xmlid.split(".", 1)[0]
        known = xmlid in defined if module == MODULE else module in EXTERNAL_MODULES
        if not known:
            missing.add(xmlid)
    assert not missing


def test_references_point_to_the_right_model(cat):
    expected = {
        "template_id": "hr.kpi.template",
        "section_id": "hr.kpi.section",
        "indicator_id": "hr.kpi.indicator",
        "scale_id": "hr.kpi.grade.scale",
        "rule_id": "hr.kpi.pay.rule",
        "grade_scale_id": "hr.kpi.grade.scale",
        "pay_rule_id": "hr.kpi.pay.rule",
    }
    for record in cat.records.values():
        for name, model in expected.items():
            value = record.values.get(name)
            if isinstance(value, Ref):
                target = cat.records.get(value.xmlid)
                assert target is not None, f"{record.xmlid}.{name}: {value.xmlid}"
                assert target.model == model, f"{record.xmlid}.{name}"
    for template in cat.by_model("hr.kpi.template"):
        for op, refs in template.values.get("job_ids", []):
            assert op == "set", template.xmlid
            for ref in refs:
                job = cat.records.get(ref.xmlid)
                assert job is not None and job.model == "hr.job", ref.xmlid


# --- English source texts ------------------------------------------------------


def test_translatable_fields_known():
    # the scan of the models found the addon's translatable fields
    assert "name" in TRANSLATABLE["hr.kpi.template"]
    assert "criteria" in TRANSLATABLE["hr.kpi.indicator"]
    assert "label" in TRANSLATABLE["hr.kpi.indicator.band"]


@pytest.mark.parametrize("path", MANIFEST_XML, ids=_rel)
def test_translatable_records_have_english_texts(path):
    problems = []
    named = defaultdict(bool)
    for _path, node in _records([path]):
        model = node.get("model")
        if model not in TRANSLATABLE:
            continue
        xmlid = full_xmlid(node.get("id"))
        named[xmlid] |= False
        for field_node in node.iter("field"):
            name = field_node.get("name")
            english = SOURCE_TITLE.sub("", _text(field_node))
            if name in TRANSLATABLE[model] and CJK.search(english):
                problems.append(f"{xmlid}.{name} is not English")
            if name == "name" and _text(field_node):
                named[xmlid] = True
    records = load_records([path])
    for xmlid, is_named in named.items():
        if "name" in TRANSLATABLE[records[xmlid].model] and not is_named:
            problems.append(f"{xmlid} has no English name")
    assert not problems
