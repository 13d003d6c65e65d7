"""Read the addon's XML data files without Odoo and build engine inputs from them.

Tier-1 tests use this to check seeded templates, grade scales and pay rules with
the scoring engine. Field defaults below mirror the models' defaults; the tier-2
test ``test_data_records`` checks that both give the same engine dicts.
"""

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

ADDON = Path(__file__).resolve().parent.parent / "hr_kpi_appraisal"
MODULE = "hr_kpi_appraisal"

#: Defaults of the models' fields that the engine dicts read.
DEFAULTS = {
    "hr.kpi.template": {
        "self_review": True,
        "self_weight": 0.0,
        "manager_weight": 100.0,
        "bonus_cap": 0.0,
        "penalty_cap": 0.0,
        "adjustment_cap": 0.0,
        "sequence": 10,
    },
    "hr.kpi.section": {"weight": 100.0, "sequence": 10},
    "hr.kpi.indicator": {
        "sequence": 10,
        "kind": "normal",
        "max_points": 10.0,
        "scoring_method": "points",
        "band_mode": "award",
        "direction": "none",
        "base_points": 0.0,
        "floor_points": 0.0,
        "cap_points": 0.0,
        "target_value": 0.0,
        "range_low": 0.0,
        "range_high": 0.0,
        "range_unit": 1.0,
        "below_points": 0.0,
        "above_points": 0.0,
        "constant": 0.0,
        "rank_min": 0.0,
        "veto_action": None,
        "veto_points": 0.0,
    },
    "band": {
        "sequence": 10,
        "has_lower": True,
        "lower": 0.0,
        "lower_inclusive": True,
        "has_upper": True,
        "upper": 0.0,
        "upper_inclusive": False,
    },
    "level": {"sequence": 10},
    "event": {"sequence": 10, "zero_at": 0},
    "input": {"sequence": 10, "coefficient": 1.0},
    "hr.kpi.grade": {"pay_coefficient": 100.0, "fixed_amount": 0.0},
    "hr.kpi.pay.tier": {"by_score": False},
}


SUB_MODELS = {
    "band": "hr.kpi.indicator.band",
    "level": "hr.kpi.indicator.level",
    "event": "hr.kpi.indicator.event",
    "input": "hr.kpi.indicator.input",
}


@dataclass
class Record:
    """One ``<record>`` of a data file."""

    xmlid: str
    model: str
    values: dict = field(default_factory=dict)
    path: str = ""


@dataclass(frozen=True)
class Ref:
    """A reference to another record by xml id (``ref="..."``)."""

    xmlid: str


class _Command:
    """Stands in for ``odoo.fields.Command`` inside ``eval`` attributes."""

    @staticmethod
    def create(values):
        return ("create", values)

    @staticmethod
    def link(record_id):
        return ("link", record_id)

    @staticmethod
    def set(ids):
        return ("set", ids)

    @staticmethod
    def clear():
        return ("clear", None)


def full_xmlid(xmlid):
    return xmlid if "." in xmlid else f"{MODULE}.{xmlid}"


def _eval(expression):
    namespace = {
        "Command": _Command,
        "ref": lambda xmlid: Ref(full_xmlid(xmlid)),
        "True": True,
        "False": False,
        "None": None,
    }
    return eval(expression, {"__builtins__": {}}, namespace)  # noqa: S307 - own files


def data_files(kind="data"):
    """The addon's data (or demo) files listed in its manifest, in order."""
    manifest = eval((ADDON / "__manifest__.py").read_text("utf-8"))  # noqa: S307
    return [ADDON / name for name in manifest.get(kind, [])]


def load_records(paths):
    """All records of ``paths`` (XML files) by full xml id."""
    records = {}
    for path in paths:
        if path.suffix != ".xml":
            continue
        for node in ElementTree.parse(path).iter("record"):
            xmlid = full_xmlid(node.get("id"))
            record = records.setdefault(
                xmlid, Record(xmlid, node.get("model"), path=str(path))
            )
            for field_node in node.iter("field"):
                record.values[field_node.get("name")] = _field_value(field_node)
    return records


def _field_value(node):
    if node.get("ref"):
        return Ref(full_xmlid(node.get("ref")))
    if node.get("eval") is not None:
        return _eval(node.get("eval"))
    return (node.text or "").strip()


class Catalogue:
    """The records of the data files and the engine dicts they make."""

    def __init__(self, records):
        self.records = records

    def by_model(self, model):
        return [r for r in self.records.values() if r.model == model]

    def children(self, model, parent_field, parent_xmlid):
        found = [
            r
            for r in self.by_model(model)
            if r.values.get(parent_field) == Ref(parent_xmlid)
        ]
        return sorted(
            found, key=lambda r: (int(self._value(r, "sequence") or 10), r.xmlid)
        )

    def _value(self, record, name, defaults_key=None):
        defaults = DEFAULTS.get(defaults_key or record.model, {})
        value = record.values.get(name, defaults.get(name))
        return _typed(value, defaults.get(name))

    def template(self, code):
        found = [
            r for r in self.by_model("hr.kpi.template") if r.values["code"] == code
        ]
        if len(found) != 1:
            raise KeyError(f"{len(found)} templates with code {code}")
        return found[0]

    def scheme(self, template):
        """(scheme, indicators) of a template record, as the models build them."""
        v = lambda name: self._value(template, name)  # noqa: E731
        sections = self.children("hr.kpi.section", "template_id", template.xmlid)
        indicators = [
            self.indicator_spec(indicator, section)
            for section in sections
            for indicator in self.children(
                "hr.kpi.indicator", "section_id", section.xmlid
            )
        ]
        grades = template.values.get("grade_scale_id")
        rule = template.values.get("pay_rule_id")
        scheme = {
            "sections": [
                {
                    "code": s.values["code"],
                    "name": s.values["name"],
                    "weight": self._value(s, "weight"),
                }
                for s in sections
            ],
            "self_review": v("self_review"),
            "self_weight": v("self_weight") if v("self_review") else 0.0,
            "manager_weight": v("manager_weight") if v("self_review") else 100.0,
            "bonus_cap": v("bonus_cap"),
            "penalty_cap": v("penalty_cap") or None,
            "adjustment_cap": v("adjustment_cap") or None,
            "max_total": 100.0,
            "grades": self.grades(grades.xmlid) if grades else [],
            "pay_rule": self.pay_rule(rule.xmlid) if rule else None,
        }
        return scheme, indicators

    def indicator_spec(self, record, section):
        v = lambda name: self._value(record, name)  # noqa: E731
        sub = lambda name, key: self.rows(record, name, key)  # noqa: E731
        bands = [
            {
                "lower": b["lower"] if b["has_lower"] else None,
                "upper": b["upper"] if b["has_upper"] else None,
                "lower_inclusive": b["lower_inclusive"],
                "upper_inclusive": b["upper_inclusive"],
                "points": float(b["points"]),
            }
            for b in sub("band_ids", "band")
        ]
        return {
            "code": v("code"),
            "name": v("name"),
            "max_points": v("max_points"),
            "section": section.values["code"],
            "kind": v("kind"),
            "method": v("scoring_method"),
            "levels": [
                {"name": lv["name"], "points": float(lv["points"])}
                for lv in sub("level_ids", "level")
            ],
            "bands": bands,
            "band_mode": v("band_mode"),
            "direction": v("direction"),
            "events": [
                {
                    "code": e["code"],
                    "name": e["name"],
                    "points": float(e["points"]),
                    "zero_at": int(e["zero_at"]) or None,
                }
                for e in sub("event_ids", "event")
            ],
            "inputs": [
                {"code": i["code"], "name": i["name"], "coefficient": i["coefficient"]}
                for i in sub("input_ids", "input")
            ],
            "base": (
                None
                if v("kind") == "normal" and not v("base_points")
                else v("base_points")
            ),
            "floor": v("floor_points"),
            "cap": v("cap_points") or None,
            "target": v("target_value"),
            "range_low": v("range_low"),
            "range_high": v("range_high"),
            "range_unit": v("range_unit") or 1.0,
            "below_points": v("below_points"),
            "above_points": v("above_points"),
            "constant": v("constant"),
            "rank_min": v("rank_min"),
            "veto_action": v("veto_action") or None,
            "veto_points": v("veto_points"),
        }

    def rows(self, indicator, field_name, key):
        """Parameter rows of an indicator: nested in its field or own records."""
        model = SUB_MODELS[key]
        nested = [values for _op, values in indicator.values.get(field_name, [])]
        own = [r.values for r in self.children(model, "indicator_id", indicator.xmlid)]
        rows = []
        for values in nested + own:
            merged = dict(DEFAULTS[key], **values)
            rows.append({k: _typed(v, DEFAULTS[key].get(k)) for k, v in merged.items()})
        return sorted(rows, key=lambda row: row["sequence"]) if own else rows

    def grades(self, scale_xmlid):
        grades = [
            r
            for r in self.by_model("hr.kpi.grade")
            if r.values.get("scale_id") == Ref(scale_xmlid)
        ]
        nested = self.records[scale_xmlid].values.get("grade_ids", [])
        rows = [g.values for g in grades] + [values for _op, values in nested]
        result = []
        for values in rows:
            values = dict(DEFAULTS["hr.kpi.grade"], **values)
            result.append(
                {
                    "code": values["code"],
                    "name": values["name"],
                    "min_score": float(values["min_score"]),
                    "pay_coefficient": float(values["pay_coefficient"]),
                    "fixed_amount": float(values["fixed_amount"]),
                }
            )
        return sorted(result, key=lambda g: -g["min_score"])

    def distribution_policy(self, code):
        """(engine policy, grade codes of its scale, the record's values) of
        the distribution policy ``code``."""
        (record,) = [
            r
            for r in self.by_model("hr.kpi.distribution.policy")
            if r.values["code"] == code
        ]
        shares = {}
        for _op, line in record.values["line_ids"]:
            grade = self.records[line["grade_id"].xmlid].values["code"]
            shares.setdefault(grade, {})[f"{line['kind']}_share"] = line["share"]
        policy = [{"code": grade, **line} for grade, line in shares.items()]
        scale = record.values["scale_id"].xmlid
        codes = [grade["code"] for grade in self.grades(scale)]
        return policy, codes, record.values

    def pay_rule(self, rule_xmlid):
        record = self.records[rule_xmlid]
        tiers = [values for _op, values in record.values.get("tier_ids", [])]
        tiers += [
            r.values
            for r in self.by_model("hr.kpi.pay.tier")
            if r.values.get("rule_id") == Ref(rule_xmlid)
        ]
        return {
            "method": record.values.get("method", "proportional"),
            "tiers": sorted(
                (
                    {
                        "min_score": float(t["min_score"]),
                        "rate": float(t.get("rate", 100.0)),
                        "by_score": _typed(t.get("by_score", False), False),
                    }
                    for t in tiers
                ),
                key=lambda t: t["min_score"],
            ),
        }


def _typed(value, default):
    """Convert the text of a ``<field>`` to the type of its default."""
    if not isinstance(value, str):
        return value
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true")
    if isinstance(default, float):
        return float(value)
    if isinstance(default, int):
        return int(value)
    return value


def catalogue(kind="data"):
    return Catalogue(load_records(data_files(kind)))
