"""Tables of results shown in the chapters.

Introduced in Chapter 1 (the forward numbers of the worked example beside the
printed ones). A :class:`Table` shows as an HTML table in JupyterLab and in
the HTML edition, and as aligned plain text elsewhere; nbval compares both, so
every number in a table is checked on every test run.
"""

from __future__ import annotations

import html

__all__ = ["Table"]


class Table:
    """A table of already formatted cells: ``Table(["a", "b"], [["1", "2"], ["3", "4"]])``.

    Cells are converted with ``str``; format numbers before passing them in, with
    a fixed number of digits, so that the stored output is the same on every machine.
    """

    def __init__(self, headers, rows, caption=None):
        self.headers = [str(h) for h in headers]
        self.rows = [[str(c) for c in row] for row in rows]
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(
                    f"row {i} has {len(row)} cells but there are {len(self.headers)} headers"
                )
        self.caption = caption

    def __repr__(self) -> str:
        widths = [
            max(len(r[k]) for r in [self.headers, *self.rows]) for k in range(len(self.headers))
        ]
        lines = [self.caption] if self.caption else []
        lines.append("  ".join(h.ljust(w) for h, w in zip(self.headers, widths, strict=True)))
        lines.append("  ".join("-" * w for w in widths))
        for row in self.rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        return "\n".join(line.rstrip() for line in lines)

    def _repr_html_(self) -> str:
        def cells(tag, row):
            return "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row)

        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        body = "".join(f"<tr>{cells('td', r)}</tr>" for r in self.rows)
        return (
            f"<table>{caption}<thead><tr>{cells('th', self.headers)}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
