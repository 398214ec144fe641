"""Spreadsheet exports that a spreadsheet cannot turn against the person who opens them.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one)
is read as a formula by Excel, LibreOffice and Google Sheets: a learner who types
``=HYPERLINK("http://evil.example", "Click")`` as a legal name would plant a live link, or
worse, in an administrator's roster. Every exported cell goes through ``spreadsheet_safe``,
which prefixes such a cell with an apostrophe (OWASP's CSV-injection advice), so the text is
shown as typed and never evaluated.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_rows(stream, header: Iterable, rows: Iterable[Iterable]) -> None:
    """Write a CSV with every cell neutralised."""
    writer = csv.writer(stream)
    writer.writerow([spreadsheet_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
