"""Set the slideshow metadata of every notebook, for RISE (live slides inside JupyterLab).

    python tools/slides.py          update the notebooks whose slide metadata is stale
    python tools/slides.py --check  list them and exit 1, changing nothing (used by the tests)

RISE presents the notebook itself, every cell, with code that runs. The lecture decks of
`make slides` are another thing: they show what the cells' slide marks ask for
(tools/lecture.py). The rules here, applied to every notebook of notebooks/ and solutions/:

* navigation cells (tag ``nav``) are skipped;
* a level-1 or level-2 heading starts a new slide; a level-3 heading, or any
  other prose cell, a sub-slide below it: one idea per slide;
* code cells appear as fragments of the slide above them, so a derivation
  unfolds step by step; a cell that only imports is skipped (set-up);
* a prose cell about the test harness (it mentions ``nbval-ignore-output``) or
  marked ``<!-- notes -->`` becomes speaker notes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

try:  # run as a script (python tools/x.py) or imported as tools.x (the tests)
    from tools import generated
except ImportError:  # pragma: no cover
    import generated

ROOT = Path(__file__).resolve().parent.parent


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "solutions").glob("*.ipynb")
    )


def _only_imports(source: str) -> bool:
    lines = [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(ln.startswith(("import ", "from ")) for ln in lines)


def slide_type(cell) -> str:
    """The reveal.js role of one cell."""
    text = cell.source.lstrip()
    if "nav" in cell.get("metadata", {}).get("tags", []):
        return "skip"
    if cell.cell_type == "code":
        return "skip" if _only_imports(cell.source) else "fragment"
    if text.startswith(("# ", "## ")):
        return "slide"
    if "nbval-ignore-output" in text or text.startswith("<!-- notes -->"):
        return "notes"
    return "subslide"


def with_slides(nb):
    for cell in nb.cells:
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
    return nb


def stale() -> dict[Path, str]:
    out = {}
    for path in notebooks():
        text = nbformat.writes(with_slides(nbformat.read(path, as_version=4))) + "\n"
        if path.read_text("utf-8") != text:
            out[path] = text
    return out


def main(argv: list[str] | None = None) -> int:
    return generated.run(__doc__.splitlines()[0], "slide metadata", stale, argv)


if __name__ == "__main__":
    sys.exit(main())
