"""The lecture decks: what each slide shows is marked in the notebooks; `make slides` builds them.

    python tools/lecture.py           list every deck's slides: its title and what it shows
    python tools/lecture.py --check   check the marks; exit 1 naming each problem (the tests run it)

A chapter is presented in class from a 16:9 deck (reveal.js, 1280 x 720). A slide carries the key
statement, the equation, the figure and the result; the notebook's full text goes to the speaker
notes (press S in the deck). The notebook stays the single source and reads unchanged: what a
slide shows is marked in the cells' metadata, never in their text.

How to mark a chapter. In JupyterLab, select a cell and open the property inspector (the gear
icon of the right sidebar): tags are under "Cell Tags", the text under "Advanced Tools", in the
cell's metadata.

Prose (markdown) cells:

    "slide": "..."       in the cell's metadata: markdown that the slide shows for this cell, a
                         sentence or two, a short list, the equation. It is JSON: write \\\\ for
                         each backslash of LaTeX and \\n for a new line, or give a list of lines
                         (each without its newline). The cell's own text goes to the notes.
    tag "slide"          the slide shows the cell as it is (for a cell that is already short).
    no mark              the cell's text goes to the speaker notes.

Code cells:

    tag "slide"          the slide shows the code and its outputs (short code, where the code is
                         the point);
    tag "slide-output"   the slide shows the outputs only: a figure (scaled to fit), a table, a
                         printed result;
    tag "slide-figure"   the slide shows the cell's figures only (its image outputs), for a cell
                         that also prints a table or text;
    "slide": "..."       markdown shown above the cell's code or outputs: a title, a caption;
    no mark              not in the deck.

Slides begin at headings, marked or not: a "#" or "##" heading starts a new slide (the title
slide, then one slide per section), a "###" heading a sub-slide below it (reveal.js's vertical
slides; the space bar visits every slide in order). A heading anywhere in a cell counts, and a
slide shows its heading, so an unmarked chapter still gives a title slide and one slide per
section, with all of its text in the notes. A slide text may itself start a sub-slide with a
"### Title" line: that is how a section gets several slides. What a cell shows goes on the slide
of the last heading before it.

From "## Exercises" on, nothing is marked: the deck ends with one slide that lists the
exercises (read from their "**Exercise N.k** (kind)" lines) and names the notebook and its
worked solutions; the exercises' text is in that slide's notes. Navigation cells (tag "nav")
are left out, and the contents' chapter list (tag "toc", written by tools/nav.py) shows its
chapters, each a link to its deck, on its slide.

The checks (``--check``, and tests/test_lecture.py): every mark is well-formed (a string or
a list of strings; known tags, one per code cell; "slide-output" and "slide-figure" only on a
code cell with such outputs; not both the tag "slide" and a text on one prose cell; no empty
text); nothing after "## Exercises" is marked; every display equation ($$...$$) of a slide text
is one of the notebook's prose, or leaves out steps of its chain of equalities (never joins
other sides, never writes a new expression); every decimal number of a slide text (0.2984,
1e-15) appears in the notebook's text or outputs, so a slide cannot state what the notebook
does not compute; and in a chapter with marks every slide shows more than its heading.
tests/test_slides.py opens every deck in Chromium and fails on any slide taller or wider than
the screen.

Marking a chapter, in practice: a 45-minute class is about 10 to 25 slides. Give the title
cell a short text (the chapter in a sentence, what you will learn in short lines); give each
section's key cells a text or a tag, and a figure cell "slide-output"; split a long section
with "### " lines in slide texts; give the Summary a shorter text. Then
``python tools/lecture.py notebooks/NN-name.ipynb`` lists the slides, ``make slides`` builds
them into _build/slides/, and ``pytest tests/test_slides.py`` says which slide does not fit.

The slideshow metadata of tools/slides.py is another thing: it lets RISE present the whole
notebook, every cell, with live code, inside JupyterLab.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
MARK = "slide"  # the metadata key of a slide text, and the tag of a cell shown as it is
TAGS = {"slide", "slide-output", "slide-figure"}  # code cells: code and outputs, outputs, figures
HEADING = re.compile(r"^(#{1,3}) \S")
# An entry of the contents' chapter list: a list item linking to a notebook of this folder.
CHAPTER = re.compile(r"^(?:\d+\.|[-*]) \[[^\]]+\]\((?!\.\./)[^)]+\.ipynb\)")
EXERCISE = re.compile(r"\*\*Exercise (\d+\.\d+)\*\*\s*\(([^)]+)\)")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
NUMBER = re.compile(r"(?<![\w.])\d*\.?\d+(?:e[-+]?\d+)?(?!\w|\.\d)")


def decks() -> list[Path]:
    """The notebooks that get a deck: the contents and every chapter."""
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


@dataclass
class Slide:
    """One slide: its heading line, what it shows, and its speaker notes."""

    level: int  # 1 the title slide, 2 a section's slide, 3 a sub-slide below it
    title: str  # the heading line, as written: "## 1.1 A layer"
    shown: list = field(default_factory=list)  # ("markdown", text) or ("code", cell, its tag)
    notes: list[str] = field(default_factory=list)


def segments(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut at its headings (levels 1 to 3, outside fenced code): (heading, body) pairs;
    the first has the heading None and holds what comes before the first heading."""
    out, fenced = [(None, [])], False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and HEADING.match(line):
            out.append((line.strip(), []))
        else:
            out[-1][1].append(line)
    return [(h, "\n".join(body).strip()) for h, body in out]


def slide_text(cell) -> str | None:
    """The cell's slide text (metadata ``slide``), lines joined; None without one."""
    text = cell.get("metadata", {}).get(MARK)
    if isinstance(text, list):
        text = "\n".join(text)
    return text if isinstance(text, str) else None


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def level(heading: str) -> int:
    return len(heading) - len(heading.lstrip("#"))


def is_exercises(heading: str | None) -> bool:
    return heading is not None and heading.strip("# ").strip() == "Exercises"


def slides(nb, name: str = "") -> list[Slide]:
    """The deck of notebook ``nb`` (``name``: its file name, for the exercises slide)."""
    deck: list[Slide] = []
    exercises: list[str] = []

    def start(heading):
        deck.append(Slide(level(heading), heading))

    def place(text, shown):
        """Put markdown ``text`` on the deck: headings start slides, the rest is shown or noted."""
        for heading, body in segments(text):
            if heading is not None:
                start(heading)
            if body and deck:
                if shown:
                    deck[-1].shown.append(("markdown", body))
                else:
                    deck[-1].notes.append(body)

    for cell in nb.cells:
        if "nav" in tags(cell):
            continue
        if exercises:
            exercises.append(cell.source if cell.cell_type == "markdown" else "")
            continue
        if cell.cell_type == "markdown":
            parts = segments(cell.source)
            cut = next((i for i, (h, _) in enumerate(parts) if is_exercises(h)), None)
            if cut is not None:  # the chapter's exercises begin in this cell
                before = "\n\n".join(f"{h}\n\n{b}" if h else b for h, b in parts[:cut])
                place(before, shown=False)
                exercises.append("\n\n".join(f"{h}\n\n{b}" if h else b for h, b in parts[cut:]))
                continue
            text = slide_text(cell)
            if "toc" in tags(cell):  # the contents' chapter list, kept by tools/nav.py
                place(cell.source, shown=False)
                text = "\n".join(ln for ln in cell.source.splitlines() if CHAPTER.match(ln))
            else:
                place(cell.source, shown=MARK in tags(cell) and text is None)
            if text:
                place(text, shown=True)
        elif cell.cell_type == "code":
            text = slide_text(cell)
            if text:
                place(text, shown=True)
            for tag in sorted(tags(cell) & TAGS)[:1]:
                if deck:
                    deck[-1].shown.append(("code", cell, tag))
    if exercises:
        deck.append(exercises_slide("\n\n".join(exercises), name))
    return deck


def exercises_slide(text: str, name: str) -> Slide:
    """One slide for the chapter's exercises: their numbers and kinds, where to find them."""
    found = EXERCISE.findall(text)
    items = "\n".join(f"- **Exercise {number}** ({kind})" for number, kind in found)
    where = f"In the notebook `notebooks/{name}`" if name else "In the notebook"
    solutions = ROOT / "solutions" / f"{name[:2]}-solutions.ipynb"
    if name and solutions.exists():
        where += f"; worked solutions in `solutions/{solutions.name}`"
    shown = f"{items}\n\n{where}. Each exercise has a checker that says what is off."
    notes = [body for heading, body in segments(text) if body]
    return Slide(2, "## Exercises", [("markdown", shown)], notes)


def deck(nb, name: str = ""):
    """The deck as a notebook for nbconvert's SlidesExporter: one markdown cell per run of shown
    text, the code cells shown, the notes; each with its ``slideshow`` slide type."""
    out = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))

    def add(cell, kind):
        cell.metadata["slideshow"] = {"slide_type": kind}
        out.cells.append(cell)

    for s in slides(nb, name):
        kind = "subslide" if s.level == 3 else "slide"
        text = [s.title]
        for item in s.shown + [None]:
            if item is not None and item[0] == "markdown":
                text.append(item[1])
                continue
            if text:
                add(nbformat.v4.new_markdown_cell("\n\n".join(text)), kind)
                kind, text = "-", []
            if item is not None:
                code = copy.deepcopy(item[1])
                code.metadata = {"transient": {"remove_source": item[2] != "slide"}}
                if item[2] == "slide-figure":
                    code.outputs = [o for o in code.outputs if is_figure(o)]
                add(code, kind)
                kind = "-"
        if s.notes:
            add(nbformat.v4.new_markdown_cell("\n\n".join(s.notes)), "notes")
    return out


def is_figure(output) -> bool:
    return any(key.startswith("image/") for key in output.get("data", {}))


def prose(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def text_and_outputs(nb) -> str:
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(v for v in out.get("data", {}).values() if isinstance(v, str))
    return "\n".join(parts)


def chains(tex: str) -> list[list[str]]:
    """A display equation as its chains of equal sides, without spaces: ``a = b, \\qquad c = d``
    is ``[["a", "b"], ["c", "d"]]``."""
    parts = re.split(r"\\qquad|\\quad", "".join(tex.split()))
    return [[s.strip(".,;:") for s in p.split("=") if s.strip(".,;:")] for p in parts]


def from_prose(tex: str, prose_chains: list[list[str]]) -> bool:
    """Whether every chain of ``tex`` follows one chain of the prose: its sides in the same
    order, each part of a side there. A slide may leave out steps, never join other sides."""

    def follows(sides, chain):
        k = 0
        for side in sides:
            while k < len(chain) and side not in chain[k]:
                k += 1
            if k == len(chain):
                return False
            k += 1
        return True

    return all(any(follows(c, p) for p in prose_chains) for c in chains(tex) if c)


def problems(nb, name: str = "") -> list[str]:
    """What is wrong with the marks of ``nb``: one message per problem, naming the cell."""
    found, after_exercises = [], False
    equations = [c for tex in DISPLAY_MATH.findall(prose(nb)) for c in chains(tex)]
    everything = text_and_outputs(nb)
    for i, cell in enumerate(nb.cells):
        where = f"{name} cell {i} (id {cell.get('id', '?')})"
        raw = cell.get("metadata", {}).get(MARK)
        marked = tags(cell) & TAGS or raw is not None
        if cell.cell_type == "markdown" and any(is_exercises(h) for h, _ in segments(cell.source)):
            after_exercises = True
            if marked:
                found.append(f"{where}: the cell that starts the exercises is not marked")
            continue
        if after_exercises:
            if marked:
                found.append(f"{where}: after '## Exercises' nothing is marked")
            continue
        unknown = {t for t in tags(cell) if t.startswith("slide")} - TAGS
        if unknown:
            found.append(f"{where}: unknown tag {sorted(unknown)}; the tags are {sorted(TAGS)}")
        if raw is not None:
            ok = isinstance(raw, str) or (
                isinstance(raw, list) and all(isinstance(x, str) for x in raw)
            )
            if not ok:
                found.append(f"{where}: metadata '{MARK}' must be a string or a list of strings")
                continue
            text = slide_text(cell)
            if not text.strip():
                found.append(f"{where}: empty slide text")
            if cell.cell_type == "markdown" and MARK in tags(cell):
                found.append(f"{where}: both the tag 'slide' (as it is) and a slide text")
            for tex in DISPLAY_MATH.findall(text):
                if not from_prose(tex, equations):
                    found.append(f"{where}: the equation $${tex.strip()}$$ is not in the prose")
            for number in set(NUMBER.findall(text)):
                if ("." in number or "e" in number) and number not in everything:
                    found.append(f"{where}: the number {number} is in neither text nor outputs")
        code_tags = tags(cell) & (TAGS - {"slide"})
        if cell.cell_type == "markdown" and code_tags:
            found.append(f"{where}: {sorted(code_tags)} is for code cells")
        if cell.cell_type == "code":
            if "slide-output" in tags(cell) and not cell.outputs:
                found.append(f"{where}: 'slide-output' on a cell without outputs")
            if "slide-figure" in tags(cell) and not any(map(is_figure, cell.outputs)):
                found.append(f"{where}: 'slide-figure' on a cell without a figure")
            if len(tags(cell) & TAGS) > 1:
                found.append(f"{where}: more than one of {sorted(TAGS)}")
    if any(tags(c) & TAGS or MARK in c.get("metadata", {}) for c in nb.cells):
        for s in slides(nb, name):  # a marked chapter has no slide with a heading only
            if not s.shown:
                found.append(f"{name}: the slide '{s.title}' shows nothing but its heading")
    return found


def describe(item) -> str:
    if item[0] == "markdown":
        return " ".join(item[1].split())[:70]
    what = {"slide": "code and outputs", "slide-output": "outputs", "slide-figure": "figures"}
    return f"[{what[item[2]]} of cell {item[1].get('id', '?')}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the marks, list problems")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every deck")
    args = parser.parse_args(argv)
    bad = 0
    for path in args.notebooks or decks():
        nb = nbformat.read(path, as_version=4)
        if args.check:
            for problem in problems(nb, path.name):
                print(problem)
                bad += 1
            continue
        deck_ = slides(nb, path.name)
        print(f"{path.name}: {len(deck_)} slides")
        for s in deck_:
            print(f"  {'  ' * (s.level == 3)}{s.title}")
            for item in s.shown:
                print(f"  {'  ' * (s.level == 3)}    {describe(item)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
