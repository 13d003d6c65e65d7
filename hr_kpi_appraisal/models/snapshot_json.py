from odoo import fields


class SnapshotJson(fields.Json):
    """A Json field holding a snapshot that is written whole and never changed
    in place: read as cached, without the deep copy ``fields.Json`` makes on
    every read (scoring reads each line's snapshot many times per batch).
    Readers must not mutate the value; to change it, assign a new one."""

    def convert_to_record(self, value, record):
        return False if value is None else value
