"""The scoring methods and the line inputs each one reads: the one table of them.

``METHOD_INPUTS`` maps every method to the keys of the line input it reads, main
one first:

- ``value``: a reviewer's judgement (points, a percentage or a level number),
  given apart by the employee (self) and the supervisor (manager). The methods
  that read it are *judged* (``JUDGED_METHODS``) and read nothing else;
- the *measured* inputs (``MEASURED_INPUTS``), one set for both reviewers:
  ``actual`` (the measured value), ``rank`` and ``group_size``, ``veto`` (a
  yes/no flag), ``counts`` ({event code: occurrences}) and ``inputs`` ({input
  code: number}); the last two hold one number per event or input of the
  indicator (``ROW_INPUTS``).

A rank computed by the system is entered as its measured ``actual`` instead
(``rank_mode`` "computed"), or as the workload and days worked of its
``inputs`` (``rank_mode`` "saturation", see ``entered_inputs``).

``QUANTITIES`` says how an imported value of each measured input is read
(``parsing.parse_quantity`` kinds); a veto is read as yes or no.
"""

from .parsing import COUNT, RANK, VALUE

JUDGED = ("value",)

METHOD_INPUTS = {
    "points": JUDGED,
    "percent": JUDGED,
    "levels": JUDGED,
    "bands": ("actual",),
    "deduction": ("counts",),
    "ratio": ("actual",),
    "rank": ("rank", "group_size"),
    "linear": ("inputs",),
    "range": ("actual",),
    "average": ("inputs",),
    "veto": ("veto",),
}
METHODS = tuple(METHOD_INPUTS)
#: Methods whose input is a reviewer's judgement ("value"); the others are measured.
JUDGED_METHODS = frozenset(
    method for method, keys in METHOD_INPUTS.items() if keys == JUDGED
)
MEASURED_INPUTS = ("actual", "rank", "group_size", "veto", "counts", "inputs")
#: Measured inputs holding one number per event or input of the indicator.
ROW_INPUTS = ("counts", "inputs")
QUANTITIES = {
    "actual": VALUE,
    "rank": RANK,
    "group_size": RANK,
    "counts": COUNT,
    "inputs": VALUE,
}


#: What people enter for a rank computed by the system, by its rank mode: the
#: measured value it ranks, or the inputs its saturation is computed from (the
#: rank and group size are then written by the ranking).
COMPUTED_RANK_INPUTS = {"computed": ("actual",), "saturation": ("inputs",)}


def method_inputs(method):
    """The line input keys ``method`` reads (empty for an unknown method)."""
    return METHOD_INPUTS.get(method, ())


def entered_inputs(spec):
    """The line input keys people enter for an indicator ``spec`` (a dict or
    None): those its method reads, but what a computed rank is computed from."""
    spec = spec or {}
    if spec.get("method") == "rank" and spec.get("rank_mode") in COMPUTED_RANK_INPUTS:
        return COMPUTED_RANK_INPUTS[spec["rank_mode"]]
    return method_inputs(spec.get("method"))
