"""Every chapter follows the exercise pattern, so that a chapter added later cannot skip it:
a checker module helpers/exercises/chNN.py, exercises in the chapter that call each checker,
and solutions/NN-solutions.ipynb whose stored outputs show every checker accepting its solution."""

import importlib
import inspect
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(
    p for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb") if not p.name.startswith("00")
)


def source(path):
    return "".join("".join(c["source"]) for c in json.loads(path.read_text("utf-8"))["cells"])


def checkers(number):
    module = importlib.import_module(f"helpers.exercises.ch{number}")
    return [
        name
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("check_") and fn.__module__ == module.__name__
    ]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_checkers_and_uses_them(chapter):
    number = chapter.name[:2]
    names = checkers(number)
    assert len(names) >= 3, f"helpers/exercises/ch{number}.py needs at least three checkers"
    text = source(chapter)
    for name in names:
        assert f"ch{number}.{name}(" in text, f"{chapter.name} never calls {name}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_solutions_call_every_checker_and_are_accepted(chapter):
    number = chapter.name[:2]
    solutions = ROOT / "solutions" / f"{number}-solutions.ipynb"
    assert solutions.exists(), f"missing {solutions.relative_to(ROOT)}"
    text = source(solutions)
    for name in checkers(number):
        assert f"ch{number}.{name}(" in text, f"{solutions.name} never calls {name}"
    outputs = [
        "".join(out.get("data", {}).get("text/plain", ""))
        for cell in json.loads(solutions.read_text("utf-8"))["cells"]
        if cell["cell_type"] == "code"
        for out in cell["outputs"]
    ]
    verdicts = [o for o in outputs if re.match(r"Exercise \d+\.\d+, ", o)]
    assert len(verdicts) == len(checkers(number))
    assert all(", correct: " in v for v in verdicts), verdicts
