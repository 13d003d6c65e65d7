"""The project's development tooling (not an Odoo addon)."""
