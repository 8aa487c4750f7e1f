"""The slide marks of the notebooks and the decks made from them (tools/lecture.py).

On every deck: the marks are well-formed and state nothing the notebook does not (the tool's
own check); every heading before the exercises starts a slide, in order; no prose is lost (what
a slide does not show is in its speaker notes); code reaches a slide only when tagged; the last
slide lists every exercise. Then the rules themselves, on small notebooks made here, including
what each malformed mark is told. Whether the slides fit the screen: tests/test_slides.py.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools import lecture

ROOT = Path(__file__).resolve().parent.parent
DECKS = lecture.decks()


def read(path):
    return nbformat.read(path, as_version=4)


def headings(text: str) -> list[str]:
    """Heading lines of markdown levels 1 to 3, outside fenced code."""
    found, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,3} ", line):
            found.append(line.strip())
    return found


def before_exercises(nb):
    """The cells up to the one that holds the heading "## Exercises" (that one included)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and "## Exercises" in headings(cell.source):
            return nb.cells[: i + 1], True
    return nb.cells, False


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_marks_are_well_formed_and_current(path):
    assert lecture.problems(read(path), path.name) == []


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_every_heading_starts_a_slide_in_order(path):
    nb = read(path)
    cells, has_exercises = before_exercises(nb)
    expected = []
    for cell in cells:
        if "nav" in cell.metadata.get("tags", []):
            continue
        own = headings(cell.source) if cell.cell_type == "markdown" else []
        if "## Exercises" in own:
            expected += own[: own.index("## Exercises")] + ["## Exercises"]
            break
        expected += own + headings(lecture.slide_text(cell) or "")
    titles = [s.title for s in lecture.slides(nb, path.name)]
    assert titles == expected
    assert titles[0].startswith("# "), "a deck starts with its title slide"
    assert has_exercises == (path.name != "00-contents.ipynb")


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_no_prose_is_lost(path):
    """Every paragraph before the exercises is on a slide or in the speaker notes."""
    nb = read(path)
    deck = lecture.deck(nb, path.name)
    shown = "\n".join(c.source for c in deck.cells if c.cell_type == "markdown")
    cells, _ = before_exercises(nb)
    for cell in cells:
        if cell.cell_type != "markdown" or "nav" in cell.metadata.get("tags", []):
            continue
        for paragraph in re.split(r"\n\s*\n", cell.source):
            paragraph = "\n".join(ln for ln in paragraph.splitlines() if ln not in headings(ln))
            assert paragraph.strip() in shown, f"{cell.id}: {paragraph[:60]!r}"


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_code_reaches_a_slide_only_when_tagged(path):
    nb = read(path)
    tagged = {
        c.source: set(c.metadata.get("tags", [])) & lecture.TAGS
        for c in before_exercises(nb)[0]
        if c.cell_type == "code" and set(c.metadata.get("tags", [])) & lecture.TAGS
    }
    on_slides = [c for c in lecture.deck(nb, path.name).cells if c.cell_type == "code"]
    assert sorted(c.source for c in on_slides) == sorted(tagged)
    for cell in on_slides:
        (tag,) = tagged[cell.source]
        assert cell.metadata["transient"]["remove_source"] == (tag != "slide")
        if tag == "slide-figure":
            assert cell.outputs and all(lecture.is_figure(o) for o in cell.outputs)


@pytest.mark.parametrize("path", [p for p in DECKS if p.name != "00-contents.ipynb"])
def test_the_last_slide_lists_every_exercise(path):
    nb = read(path)
    after = nb.cells[len(before_exercises(nb)[0]) - 1 :]
    numbers = re.findall(r"\*\*Exercise (\d+\.\d+)\*\*", "\n".join(c.source for c in after))
    last = lecture.slides(nb, path.name)[-1]
    assert last.title == "## Exercises" and numbers
    listed = re.findall(r"Exercise (\d+\.\d+)", last.shown[0][1])
    assert listed == numbers
    assert f"notebooks/{path.name}" in last.shown[0][1]


# The rules, on small notebooks made here.


def notebook(*cells):
    nb = new_notebook(cells=list(cells))
    for k, cell in enumerate(nb.cells):
        cell.id = f"c{k}"
    return nb


def figure_cell(source="plot()", **metadata):
    cell = new_code_cell(source, metadata=metadata, execution_count=1)
    cell.outputs = [
        new_output("stream", name="stdout", text="a table\n"),
        new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
    ]
    return cell


def test_an_unmarked_chapter_gives_its_title_and_sections_with_the_text_in_the_notes():
    nb = notebook(
        new_markdown_cell("[Contents](00-contents.ipynb)", metadata={"tags": ["nav"]}),
        new_markdown_cell("# Chapter 1: A title\n\nWhat it is about."),
        new_code_cell("import numpy as np"),
        new_markdown_cell("## 1.1 First\n\nSome prose.\n\n```python\n# a comment\n```"),
        new_markdown_cell("The end of 1.1.\n\n## 1.2 Second\n\nMore.\n\n### A part\n\nDetail."),
        new_markdown_cell("## Exercises\n\n**Exercise 1.1** (derivation). Derive it."),
        new_markdown_cell("**Exercise 1.2** (implementation). Write it."),
    )
    deck = lecture.slides(nb, "01-a.ipynb")
    assert [(s.level, s.title) for s in deck] == [
        (1, "# Chapter 1: A title"),
        (2, "## 1.1 First"),
        (2, "## 1.2 Second"),
        (3, "### A part"),
        (2, "## Exercises"),
    ]
    assert [s.shown for s in deck[:4]] == [[], [], [], []]
    assert deck[1].notes == ["Some prose.\n\n```python\n# a comment\n```", "The end of 1.1."]
    assert deck[3].notes == ["Detail."]
    listed = deck[4].shown[0][1]
    assert "**Exercise 1.1** (derivation)" in listed
    assert "**Exercise 1.2** (implementation)" in listed
    assert "Write it." in deck[4].notes[-1]
    cells = lecture.deck(nb, "01-a.ipynb").cells
    assert [c.metadata.slideshow.slide_type for c in cells if c.cell_type != "code"] == [
        "slide", "notes", "slide", "notes", "slide", "notes", "subslide", "notes", "slide", "notes",
    ]  # fmt: skip
    assert not [c for c in cells if c.cell_type == "code"]
    assert lecture.problems(nb, "01-a.ipynb") == []  # no marks: heading-only slides are fine


def test_marks_put_text_code_outputs_and_figures_on_slides():
    nb = notebook(
        new_markdown_cell("# Chapter 2: Marks", metadata={"slide": "The key statement."}),
        new_markdown_cell("## 2.1 Shown as it is\n\n$$a = b$$", metadata={"tags": ["slide"]}),
        new_code_cell("x = 1\nprint(x)", metadata={"tags": ["slide"]}, execution_count=1),
        new_markdown_cell("Long prose.", metadata={"slide": ["### A sub-slide", "", "Short."]}),
        figure_cell(tags=["slide-figure"], slide="Caption:"),
        figure_cell(tags=["slide-output"]),
        figure_cell(),
    )
    deck = lecture.slides(nb)
    titles = ["# Chapter 2: Marks", "## 2.1 Shown as it is", "### A sub-slide"]
    assert [s.title for s in deck] == titles
    assert deck[0].shown == [("markdown", "The key statement.")]
    assert deck[1].shown[0] == ("markdown", "$$a = b$$") and deck[1].shown[1][2] == "slide"
    assert deck[2].shown[0] == ("markdown", "Short.")
    assert deck[2].shown[1] == ("markdown", "Caption:")
    assert [item[2] for item in deck[2].shown[2:]] == ["slide-figure", "slide-output"]
    assert deck[2].notes == [] and deck[1].notes == ["Long prose."]  # notes: where the cell sits
    code = [c for c in lecture.deck(nb).cells if c.cell_type == "code"]
    assert [c.metadata.transient.remove_source for c in code] == [False, True, True]
    assert [len(c.outputs) for c in code] == [0, 1, 2]  # the figure only, then every output


@pytest.mark.parametrize(
    "cell, message",
    [
        (new_markdown_cell("Text.", metadata={"slide": {"a": 1}}), "must be a string"),
        (new_markdown_cell("Text.", metadata={"slide": " "}), "empty slide text"),
        (new_markdown_cell("Text.", metadata={"slide": "S.", "tags": ["slide"]}), "both the tag"),
        (new_markdown_cell("Text.", metadata={"tags": ["slides"]}), "unknown tag ['slides']"),
        (new_markdown_cell("Text.", metadata={"tags": ["slide-output"]}), "is for code cells"),
        (new_code_cell("x = 1", metadata={"tags": ["slide-output"]}), "without outputs"),
        (figure_cell(tags=["slide", "slide-output"]), "more than one of"),
        (new_markdown_cell("$$a = b$$", metadata={"slide": "$$a = c$$"}), "is not in the prose"),
        (new_markdown_cell("About 0.25.", metadata={"slide": "About 0.26."}), "the number 0.26"),
    ],
)
def test_a_malformed_mark_is_named(cell, message):
    nb = notebook(new_markdown_cell("# Chapter 3: Title", metadata={"slide": "Shown."}), cell)
    found = lecture.problems(nb, "03-x.ipynb")
    assert len(found) == 1 and message in found[0] and "03-x.ipynb cell 1 (id c1)" in found[0]


def test_a_slide_may_leave_out_steps_of_an_equation_but_not_change_it():
    prose = "$$a = b = c, \\qquad d = e.$$"
    ok = notebook(new_markdown_cell(prose, metadata={"slide": "$$a = c$$\n\n$$d = e$$"}))
    bad = notebook(new_markdown_cell(prose, metadata={"slide": "$$a = e$$"}))
    assert lecture.problems(ok) == []
    assert len(lecture.problems(bad)) == 1


def test_marks_after_the_exercises_and_bare_headings_in_a_marked_chapter_are_refused():
    nb = notebook(
        new_markdown_cell("# Chapter 4: T", metadata={"slide": "Shown."}),
        new_markdown_cell("## 4.1 Nothing shown here\n\nProse."),
        new_markdown_cell("## Exercises\n\n**Exercise 4.1** (derivation). Do."),
        new_markdown_cell("More.", metadata={"tags": ["slide"]}),
    )
    found = lecture.problems(nb, "04-x.ipynb")
    assert any("after '## Exercises' nothing is marked" in p for p in found)
    assert any("'## 4.1 Nothing shown here' shows nothing but its heading" in p for p in found)


@pytest.mark.parametrize("item", ["1.", "-"])
def test_the_contents_chapter_list_shows_its_chapters_not_the_solutions(item):
    chapters = f"{item} [Chapter 1: A](01-a.ipynb)\n{item} [Chapter 2: B](02-b.ipynb)"
    toc = f"## Chapters\n\n{chapters}\n\nSolutions:\n\n- [Chapter 1](../solutions/01-s.ipynb)"
    nb = notebook(new_markdown_cell("# Book"), new_markdown_cell(toc, metadata={"tags": ["toc"]}))
    slide = lecture.slides(nb)[1]
    assert slide.shown == [("markdown", chapters)]
    assert "../solutions/01-s.ipynb" in slide.notes[0]
