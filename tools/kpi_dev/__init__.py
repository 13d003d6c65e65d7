"""Development commands of the project: ``python -m tools.kpi_dev run|test|i18n|bench``.

``cli`` reads the command line; ``serve`` (run), ``testing``, ``i18n`` and
``bench`` are the commands. They build on ``odoo`` (finding Odoo 18 and its
command line), ``postgres`` (database servers), ``logwatch`` (running Odoo and
judging its log), ``processes`` (stopping them) and ``common``.
"""
