"""The addons' Chinese translations, checked without Odoo.

`make i18n` exports each addon's template ``<addon>/i18n/<addon>.pot`` and merges
it into ``<addon>/i18n/zh_CN.po``. These tests fail when a string of the template
has no Chinese translation (a new field, message or data record: translate it
in zh_CN.po after `make i18n`), when a translation loses a placeholder, or when
an English string was copied unchanged.
"""

import re
from pathlib import Path

import pytest

try:
    import polib
except ImportError:  # pragma: no cover - a clear message instead of a traceback
    pytest.fail(
        "polib is not installed: run `make venv` (requirements-dev.txt)",
        pytrace=False,
    )

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("hr_kpi_appraisal*/__manifest__.py"))
LANG = "zh_CN"

#: %s, %d, %(name)s and {name}: Python's and Odoo's placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
#: Words that stay in Latin letters in Chinese: codes, units and proper nouns.
#: A msgid made only of these (and of numbers, placeholders, markup) may be
#: its own translation.
KEEP_LATIN = {"ID", "KPI", "CPI", "HR", "GM", "IT", "RMA"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
MARKUP = re.compile(r"<[^>]*>|&\w+;")


def files(addon):
    folder = ROOT / addon / "i18n"
    pot, po = folder / f"{addon}.pot", folder / f"{LANG}.po"
    for path in (pot, po):
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run `make i18n`"
    return polib.pofile(str(pot)), polib.pofile(str(po))


def shorten(text, size=100):
    text = text.replace("\n", "\\n")
    return text if len(text) <= size else text[: size - 1] + "…"


def where(entry):
    refs = [ref for ref, _line in entry.occurrences]
    return refs[0] + (f" (+{len(refs) - 1})" if len(refs) > 1 else "") if refs else ""


def fail_listing(title, entries, show):
    """Fail with one line per entry, without a traceback."""
    if entries:
        pytest.fail(f"{title}:\n" + "\n".join(show(e) for e in entries), pytrace=False)


def test_addons_found():
    assert "hr_kpi_appraisal" in ADDONS


@pytest.mark.parametrize("addon", ADDONS)
def test_files_parse(addon):
    pot, po = files(addon)
    assert len(pot) > 0, f"{addon}.pot has no entries"
    assert po.metadata.get("Language") == LANG
    for entry in po:
        # Odoo's importer reads the module from this comment
        assert re.match(r"modules?: ", entry.comment), (
            f"{LANG}.po entry without '#. module:' comment: {entry.msgid!r}"
        )


@pytest.mark.parametrize("addon", ADDONS)
def test_every_string_translated(addon):
    pot, po = files(addon)
    done = {(e.msgctxt, e.msgid) for e in po if e.msgstr.strip() and not e.obsolete}
    missing = [e for e in pot if (e.msgctxt, e.msgid) not in done]
    fail_listing(
        f"{len(missing)} of {len(pot)} strings of {addon}.pot have no translation "
        f"in {addon}/i18n/{LANG}.po (run `make i18n`, then translate them)",
        missing,
        lambda e: f"  {shorten(e.msgid)!r}  [{where(e)}]",
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_placeholders_kept(addon):
    _pot, po = files(addon)
    wrong = [
        e
        for e in po
        if e.msgstr
        and sorted(PLACEHOLDER.findall(e.msgid))
        != sorted(PLACEHOLDER.findall(e.msgstr))
    ]
    fail_listing(
        f"{addon}/i18n/{LANG}.po: translations that change the placeholders",
        wrong,
        lambda e: f"  {shorten(e.msgid)!r} -> {shorten(e.msgstr)!r}",
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_no_english_copied(addon):
    _pot, po = files(addon)

    def latin_words(text):
        text = MARKUP.sub(" ", PLACEHOLDER.sub(" ", text))
        return [w for w in LATIN_WORD.findall(text) if w not in KEEP_LATIN]

    def is_expression(entry):  # a report's file name is Python code, not text
        return all(",print_report_name:" in ref for ref, _line in entry.occurrences)

    copied = [
        e
        for e in po
        if e.msgstr == e.msgid and latin_words(e.msgid) and not is_expression(e)
    ]
    fail_listing(
        f"{addon}/i18n/{LANG}.po: English strings copied as their own translation",
        copied,
        lambda e: f"  {shorten(e.msgid)!r}  [{where(e)}]",
    )
