"""Notebook hygiene: what nbval does not check by itself.

nbval compares each cell's fresh output with the stored one, but only where a
stored execution count exists, and it does not look at order, stderr, links or
navigation. These tests make sure the stored notebooks are a faithful, complete
top-to-bottom run, and that the book hangs together.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOTEBOOKS = CHAPTER_NOTEBOOKS + sorted((ROOT / "solutions").glob("*.ipynb"))
CONTENTS = ROOT / "notebooks" / "00-contents.ipynb"


def load(path):
    return json.loads(path.read_text("utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert CONTENTS in CHAPTER_NOTEBOOKS and len(CHAPTER_NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order_from_a_fresh_kernel(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; run `make execute`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_stored(path):
    cells = code_cells(load(path))
    assert not cells or any(c["outputs"] for c in cells), f"{path.name}: no stored outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_unless_tagged_and_no_stderr(path):
    for i, cell in enumerate(code_cells(load(path)), start=1):
        tags = cell["metadata"].get("tags", [])
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                assert "raises-exception" in tags, f"{path.name} cell {i}: {out['ename']}"
            if out["output_type"] == "stream":
                assert out["name"] != "stderr", f"{path.name} cell {i} wrote to stderr"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_timing_metadata_and_standard_kernel(path):
    nb = load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(nb["cells"], start=1):
        assert "execution" not in cell["metadata"], f"{path.name} cell {i} has timing metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_import_helpers_rather_than_hack_the_path(path):
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        assert "sys.path" not in source, f"{path.name}: use the installed package, not sys.path"


def links(path):
    text = "".join(
        "".join(c["source"]) for c in load(path)["cells"] if c["cell_type"] == "markdown"
    )
    return re.findall(r"\]\(([^)#\s]+\.ipynb)", text)


def test_every_notebook_is_reachable_from_the_contents():
    seen, todo = {CONTENTS}, [CONTENTS]
    while todo:
        current = todo.pop()
        todo_dir = current.parent
        for target in links(current):
            path = (todo_dir / target).resolve()
            assert path.exists(), f"broken link to {target}"
            if path not in seen:
                seen.add(path)
                todo.append(path)
    assert set(NOTEBOOKS) <= seen, f"unreachable: {sorted(p.name for p in set(NOTEBOOKS) - seen)}"


def test_navigation_is_current():
    from tools import nav

    stale = nav.stale()
    assert not stale, f"stale navigation in {[p.name for p in stale]}: run `make nav`"


def test_slide_metadata_is_current_everywhere():
    from tools import slides

    stale = slides.stale()
    assert not stale, f"stale slide metadata in {[p.name for p in stale]}: run `make nav`"
    for path in NOTEBOOKS:
        types = [c["metadata"].get("slideshow", {}).get("slide_type") for c in load(path)["cells"]]
        assert types.count("slide") >= 1 and None not in types, path.name


@pytest.mark.parametrize(
    "path", [p for p in CHAPTER_NOTEBOOKS if p != CONTENTS], ids=lambda p: p.name
)
def test_chapter_has_the_house_structure(path):
    headings = [
        line
        for c in load(path)["cells"]
        if c["cell_type"] == "markdown"
        for line in "".join(c["source"]).splitlines()
        if line.startswith("#")
    ]
    assert headings[0].startswith("# Chapter "), "a chapter starts with its title"
    assert "## Summary" in headings and "## Exercises" in headings
    text = "".join("".join(c["source"]) for c in load(path)["cells"])
    assert "What you will learn" in text
    assert len(re.findall(r"\*\*Exercise \d+\.\d+\*\*", text)) >= 3, "at least three exercises"
