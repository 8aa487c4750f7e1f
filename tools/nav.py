"""Generate the navigation of the book: the chapter list in the contents notebook
and the prev / contents / next links at the top and bottom of every chapter.

    python tools/nav.py          rewrite the notebooks whose navigation is stale
    python tools/nav.py --check  list them and exit 1, changing nothing (used by the tests)

Chapters are the notebooks ``notebooks/NN-*.ipynb`` with NN >= 01, in order; a
chapter's title is its first level-1 heading. Generated cells carry the tag
``nav`` (links) or ``toc`` (the chapter list) and fixed cell ids, so that
regenerating is byte-for-byte stable. Edit the chapters, never these cells.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

try:  # run as a script (python tools/x.py) or imported as tools.x (the tests)
    from tools import generated
except ImportError:  # pragma: no cover
    import generated

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONTENTS = "00-contents.ipynb"
CHAPTER_NAME = re.compile(r"^(\d\d)-[a-z0-9-]+\.ipynb$")


def chapters(folder: Path = NOTEBOOKS) -> list[Path]:
    """The chapter notebooks in reading order (the contents notebook excluded)."""
    found = [p for p in folder.glob("*.ipynb") if CHAPTER_NAME.match(p.name)]
    return sorted(p for p in found if p.name != CONTENTS)


def title(nb) -> str:
    """The text of the first level-1 heading of a notebook."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or _tagged(cell, "nav"):
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    raise ValueError("the notebook has no level-1 heading ('# Title') to use as its title")


def _tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def _nav_cell(cell_id: str, source: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    cell.metadata = {
        "slideshow": {"slide_type": "skip"},
        "tags": ["nav"],
    }  # as tools/slides.py sets it
    return cell


def nav_source(prev: tuple[str, str] | None, nxt: tuple[str, str] | None) -> str:
    """One line of links: previous chapter, contents, next chapter."""
    parts = []
    if prev:
        parts.append(f"[&larr; {prev[1]}]({prev[0]})")
    parts.append(f"[Contents]({CONTENTS})")
    if nxt:
        parts.append(f"[{nxt[1]} &rarr;]({nxt[0]})")
    return " | ".join(parts)


def with_nav(nb, source: str):
    """The notebook with its nav cells (first and last) set to ``source``."""
    body = [c for c in nb.cells if not _tagged(c, "nav")]
    nb.cells = [_nav_cell("nav-top", source), *body, _nav_cell("nav-bottom", source)]
    return nb


def toc_source(entries: list[tuple[str, str]], solutions: list[Path] = ()) -> str:
    lines = ["## Chapters", ""]
    lines += [f"- [{t}]({name})" for name, t in entries]  # the titles carry the numbers
    if solutions:
        lines += ["", "Worked solutions to the exercises, one notebook per chapter:", ""]
        lines += [f"- [Chapter {int(p.name[:2])}](../solutions/{p.name})" for p in solutions]
    return "\n".join(lines)


def with_toc(nb, source: str):
    """The contents notebook with its ``toc`` cell set to ``source``."""
    cells = [c for c in nb.cells if _tagged(c, "toc")]
    if len(cells) != 1:
        raise ValueError(f"{CONTENTS} must have exactly one cell tagged 'toc', found {len(cells)}")
    cells[0].source = source
    return nb


def generate(folder: Path = NOTEBOOKS) -> dict[Path, str]:
    """The text every navigated notebook should have, keyed by path."""
    paths = chapters(folder)
    books = {p: nbformat.read(p, as_version=4) for p in paths}
    entries = [(p.name, title(books[p])) for p in paths]
    out = {}
    contents_path = folder / CONTENTS
    contents = nbformat.read(contents_path, as_version=4)
    solutions = sorted((folder.parent / "solutions").glob("[0-9][0-9]-solutions.ipynb"))
    out[contents_path] = nbformat.writes(with_toc(contents, toc_source(entries, solutions))) + "\n"
    for i, p in enumerate(paths):
        prev = entries[i - 1] if i > 0 else None
        nxt = entries[i + 1] if i + 1 < len(entries) else None
        out[p] = nbformat.writes(with_nav(books[p], nav_source(prev, nxt))) + "\n"
    return out


def stale(folder: Path = NOTEBOOKS) -> dict[Path, str]:
    """The notebooks whose navigation differs from what would be generated."""
    return {p: text for p, text in generate(folder).items() if p.read_text("utf-8") != text}


def main(argv: list[str] | None = None) -> int:
    return generated.run(__doc__.splitlines()[0], "navigation", stale, argv)


if __name__ == "__main__":
    sys.exit(main())
