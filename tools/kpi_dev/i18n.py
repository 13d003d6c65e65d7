"""`i18n`: export each addon's .pot from Odoo and merge it into its zh_CN.po."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .common import LOG_DIR, ROOT, ToolError, free_port, header, rel, say
from .logwatch import odoo_timeout, report_run, run_odoo_logged
from .odoo import odoo_command, required_odoo, select_modules
from .postgres import scratch_server, write_conf

I18N_LANG = "zh_CN"
# Odoo stamps every export; a file whose only change is its dates is left alone
I18N_DATES = re.compile(r'^"(POT-Creation|PO-Revision)-Date: .*$', re.MULTILINE)


def write_unless_dates(path: Path, text: str) -> None:
    """Write `text` to `path` unless they differ only in Odoo's date stamps."""
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old is None or I18N_DATES.sub("", old) != I18N_DATES.sub("", text):
        path.write_text(text, encoding="utf-8")


def merge_pot(pot_path: Path, po_path: Path) -> tuple[int, int]:
    """Rewrite `po_path` from the template `pot_path`, like msgmerge without
    fuzzy matching: translations are kept by (msgctxt, msgid), new entries come
    in empty, entries gone from the template are dropped, and the references
    and comments are the template's. Returns (entries, untranslated)."""
    import polib

    pot = polib.pofile(str(pot_path))
    old = polib.pofile(str(po_path)) if po_path.is_file() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old if e.msgstr}
    po = polib.POFile(wrapwidth=pot.wrapwidth)
    po.header = pot.header
    po.metadata = {**pot.metadata, **old.metadata}
    po.metadata.update(
        {
            "Project-Id-Version": pot.metadata.get("Project-Id-Version", ""),
            "POT-Creation-Date": pot.metadata.get("POT-Creation-Date", ""),
            "Language": I18N_LANG,
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    for src in pot:
        prev = known.get((src.msgctxt, src.msgid))
        po.append(
            polib.POEntry(
                msgctxt=src.msgctxt,
                msgid=src.msgid,
                msgstr=prev.msgstr if prev else "",
                comment=src.comment,
                tcomment=prev.tcomment if prev else src.tcomment,
                occurrences=src.occurrences,
                flags=list(dict.fromkeys(src.flags + (prev.flags if prev else []))),
            )
        )
    write_unless_dates(po_path, str(po))
    return len(po), len(po.untranslated_entries())


def cmd_i18n(_args) -> int:
    try:
        import polib  # noqa: F401 - checked before the long install
    except ImportError:
        raise ToolError(
            f"polib is not installed for {sys.executable}: run `make venv` "
            "(see README.md)"
        ) from None
    odoo, paths = required_odoo()
    modules, note = select_modules(odoo, paths, override_ok=False)
    say(f"Odoo {odoo.version} with {odoo.python}")
    say(note)
    timeout = odoo_timeout()
    with scratch_server(odoo.python, "i18n-postgres.log") as (work, server, dbname):
        database = dbname("kpi_i18n")
        conf = write_conf(work / "odoo.conf", server)

        def odoo_run(name: str, *args: str) -> None:
            cmd = odoo_command(odoo, conf, paths, work / "data", database, *args)
            if report_run(run_odoo_logged(name, cmd, modules, timeout), None):
                raise ToolError(f"{name} failed (log: {rel(LOG_DIR)}/{name}.log)")

        # With demo data, so that the demo records' names are exported as well.
        header(f"i18n: install {', '.join(modules)} with demo data")
        odoo_run(
            "i18n-install",
            "--init",
            ",".join(modules),
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
        )
        for module in modules:
            folder = ROOT / module / "i18n"
            folder.mkdir(exist_ok=True)
            pot = folder / f"{module}.pot"
            header(f"i18n: export {rel(pot)}")
            exported = work / pot.name  # a failed export leaves the old .pot alone
            odoo_run(
                f"i18n-{module}", f"--i18n-export={exported}", f"--modules={module}"
            )
            write_unless_dates(pot, exported.read_text(encoding="utf-8"))
            po = folder / f"{I18N_LANG}.po"
            total, untranslated = merge_pot(pot, po)
            say(f"{rel(po)}: {total} entries, {untranslated} untranslated")
    return 0
