"""Every exercise checker, discovered automatically, against answers a reader might give.

* **Junk**: a table of answers that are no answer at all (None, strings, bytes,
  dicts, lists, ranges, iterators, arrays of the wrong shape or of words, NaN,
  inf, 1x1 matrices, O(...) terms, unevaluated derivatives, undefined functions,
  objects that raise on every operation, functions that raise, return None,
  strings, ragged lists or the wrong type, or change their arguments).
  Every ``check_*`` of every ``helpers.exercises.chNN`` module returns feedback
  for each, never raises, warns or prints, and accepts none of them.
* **Near misses and equivalent forms**: ``tests/exercise_cases/chNN.py`` gives,
  for each checker, at least three near misses (one typical slip each, with a
  part of the specific message that must name it) and at least two right
  answers in other forms, which must be accepted. A checker without such an
  entry fails the test by name, so a chapter added later brings its own.
"""

import importlib
import inspect
import math
import pkgutil
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import helpers.exercises
from helpers.autodiff import Dual
from helpers.exercises import Feedback, correct
from helpers.exercises._common import checker

CASES_DIR = Path(__file__).resolve().parent / "exercise_cases"
MIN_NEAR, MIN_EQUIVALENT = 3, 2


def chapter_modules():
    names = [m.name for m in pkgutil.iter_modules(helpers.exercises.__path__)]
    return sorted(n for n in names if n.startswith("ch") and n[2:].isdigit())


def all_checkers():
    """[(module name, checker name, function)] for every check_* defined in a chapter module."""
    found = []
    for module_name in chapter_modules():
        module = importlib.import_module(f"helpers.exercises.{module_name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("check_") and fn.__module__ == module.__name__:
                found.append((module_name, name, fn))
    return found


def cases_of(module_name):
    """The CASES dict of tests/exercise_cases/<module>.py, or {} when there is no such file."""
    if not (CASES_DIR / f"{module_name}.py").exists():
        return {}
    return importlib.import_module(f"exercise_cases.{module_name}").CASES


CHECKERS = all_checkers()
CASES = {module_name: cases_of(module_name) for module_name in chapter_modules()}


def checker_id(item):
    return f"{item[0]}.{item[1]}"


# --- junk ---------------------------------------------------------------------------


class Hostile:
    """An object that raises on every operation a checker could try on it."""

    def _refuse(self, *args, **kwargs):
        raise RuntimeError("hostile object")

    __len__ = __iter__ = __getitem__ = __float__ = __int__ = __index__ = _refuse
    __bool__ = __eq__ = __lt__ = __hash__ = __array__ = __repr__ = __str__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __neg__ = _refuse
    __truediv__ = __rtruediv__ = __pow__ = __abs__ = __complex__ = _refuse


def _recurse(*args):
    return _recurse(*args)


def _generator(*args):
    yield from args


def _mangles_its_arguments(*args):
    for arg in args:
        if isinstance(arg, list):
            arg.append(None)
        if isinstance(arg, dict):
            arg.clear()
    return args[0]


a, h, x, q = sp.symbols("a h x q")

JUNK = {
    "None": None,
    "an empty string": "",
    "a word": "right",
    "a formula as a string": "-(y - a)*(1 - a**2)",
    "a string that does not parse": "a**(",
    "bytes": b"2000",
    "a number as a string": "2000",
    "True": True,
    "False": False,
    "zero": 0,
    "a negative whole number": -3,
    "a fraction": 7.25,
    "a huge whole number": 10**400,
    "NaN": float("nan"),
    "inf": float("inf"),
    "-inf": float("-inf"),
    "numpy NaN": np.float64("nan"),
    "a complex number": 1 + 2j,
    "an empty dict": {},
    "a dict": {"answer": 1},
    "an empty list": [],
    "a list of three numbers": [1, 2, 3],
    "a list of lists": [[1, 2], [3, 4]],
    "an empty tuple": (),
    "a tuple of None": (None, None),
    "a triple of None": (None, None, None),
    "a range": range(3),
    "an iterator": iter([7.25]),
    "a tuple of NaN": (float("nan"), float("nan")),
    "a set": {1, 2},
    "a wrong-shape array": np.zeros((3, 7)),
    "an empty array": np.array([]),
    "an array of NaN": np.full((2, 2), np.nan),
    "an object array": np.array([None, "a"], dtype=object),
    "a 3-d array": np.ones((2, 2, 2)),
    "a 0-d array": np.array(1.2),
    "a one-entry array of NaN": np.array([np.nan]),
    "an array of words": np.array(["no", "yes"]),
    "a 1x1 Matrix of a stray symbol": sp.Matrix([[q]]),
    "a 1x1 Matrix of a number": sp.Matrix([[7.25]]),
    "a 1x1 Matrix of NaN": sp.Matrix([[sp.nan]]),
    "a 2x2 identity Matrix": sp.eye(2),
    "a 1x2 Matrix": sp.Matrix([[1, 2]]),
    "a stray symbol": q,
    "an Order term": sp.O(h**2),
    "a series with its Order term": sp.exp(x) + h * sp.exp(x) + sp.O(h**2),
    "an unevaluated derivative": sp.Derivative(a**2, a),
    "an unevaluated integral": sp.Integral(a, a),
    "an undefined function": sp.Function("f")(x),
    "sympy nan": sp.nan,
    "sympy zoo": sp.zoo,
    "sympy oo": sp.oo,
    "an equation": sp.Eq(a, 1),
    "sympy true": sp.true,
    "a sympy Tuple": sp.Tuple(1, q),
    "a Dual": Dual(0.5, 1.0),
    "a type": int,
    "a module": math,
    "a plain object": object(),
    "a hostile object": Hostile(),
    "a function that raises": lambda *args: 1 / 0,
    "a function that returns None": lambda *args: None,
    "a function that returns a string": lambda *args: "answer",
    "a function that returns a dict": lambda *args: {"answer": 1},
    "a function that returns NaN": lambda *args: float("nan"),
    "a function that returns inf arrays": lambda *args: np.full((3, 3), np.inf),
    "a function that returns a pair of NaN": lambda *args: (np.nan, np.nan),
    "a function that returns three values": lambda *args: (1, 2, 3),
    "a function that returns zero": lambda *args: 0,
    "a function that returns an empty list": lambda *args: [],
    "a function that returns a ragged list": lambda *args: [[1, 2], [3]],
    "a function that returns pairs holding a string": lambda *args: [(np.zeros(2), "b")],
    "a function that returns lists of inf": lambda *args: [[np.inf]] * 4,
    "a function that returns a symbol": lambda *args: q,
    "a function that returns its first argument": lambda *args: args[0],
    "a function that returns a wrong-shape array": lambda *args: np.zeros((7, 9)),
    "a function that returns a 1x1 Matrix": lambda *args: sp.Matrix([[1]]),
    "a function that returns complex numbers": lambda *args: np.full((2, 2), 1j),
    "a function that returns a hostile object": lambda *args: Hostile(),
    "a function that returns a generator": _generator,
    "a function that returns a Dual of NaN": lambda *args: Dual(float("nan"), float("nan")),
    "a function that takes no arguments": lambda: 0,
    "a function that recurses forever": _recurse,
    "a function that changes its arguments": _mangles_its_arguments,
}


def test_the_wrapper_turns_any_failure_into_feedback():
    @checker("0.1", "replace None by anything.", "anything at all")
    def fragile(answer):
        if answer == "raise":
            raise RuntimeError("a bug")
        if answer == "warn":
            warnings.warn("noise", stacklevel=1)
            return correct("0.1", "warned")
        return None  # a checker's bug: not a Feedback

    assert fragile(None).correct is None
    for answer in ("raise", "other"):
        feedback = fragile(answer)
        assert feedback.correct is False and "expected anything at all" in feedback.message
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fragile("warn").correct is True
    assert not caught


@pytest.mark.parametrize("item", CHECKERS, ids=checker_id)
def test_every_checker_goes_through_the_total_wrapper(item):
    module_name, name, fn = item
    assert hasattr(fn, "exercise"), (
        f"helpers.exercises.{module_name}.{name} is not decorated with @checker from _common"
    )


@pytest.mark.parametrize("item", CHECKERS, ids=checker_id)
def test_junk_gets_feedback_and_is_never_accepted(item, capsys):
    module_name, name, check = item
    for label, junk in JUNK.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            feedback = check(junk)
        where = f"{module_name}.{name} given {label}"
        assert isinstance(feedback, Feedback), where
        assert not caught, f"{where} warned: {caught[0].message}"
        assert feedback.exercise == check.exercise, where
        assert feedback.message, where
        assert isinstance(repr(feedback), str)
        if junk is None:
            assert feedback.correct is None, where
            assert "not answered yet" in repr(feedback), where
        else:
            assert feedback.correct is False, f"{where}: {feedback!r}"
    assert capsys.readouterr() == ("", ""), f"{module_name}.{name} printed something"


# --- near misses and equivalent forms -----------------------------------------------


@pytest.mark.parametrize("item", CHECKERS, ids=checker_id)
def test_every_checker_has_near_misses_and_equivalent_forms(item):
    module_name, name, _ = item
    entry = CASES[module_name].get(name)
    where = f"tests/exercise_cases/{module_name}.py"
    assert entry is not None, (
        f"helpers.exercises.{module_name}.{name} has no entry in {where}: add "
        f"CASES[{name!r}] = {{'near': [...], 'equivalent': [...]}}"
    )
    assert len(entry["near"]) >= MIN_NEAR, f"{name}: at least {MIN_NEAR} near misses in {where}"
    assert len(entry["equivalent"]) >= MIN_EQUIVALENT, (
        f"{name}: at least {MIN_EQUIVALENT} equivalent right answers in {where}"
    )


def _near_misses():
    for module_name, name, check in CHECKERS:
        for k, (answer, part) in enumerate(CASES[module_name].get(name, {}).get("near", [])):
            yield pytest.param(check, answer, part, id=f"{module_name}.{name}-{k}")


def _equivalents():
    for module_name, name, check in CHECKERS:
        for k, answer in enumerate(CASES[module_name].get(name, {}).get("equivalent", [])):
            yield pytest.param(check, answer, id=f"{module_name}.{name}-{k}")


@pytest.mark.parametrize("check, answer, part", list(_near_misses()))
def test_near_miss_is_refused_with_a_specific_message(check, answer, part):
    feedback = check(answer)
    assert feedback.correct is False, feedback
    assert "could not be checked" not in feedback.message, feedback
    assert part in feedback.message, feedback


@pytest.mark.parametrize("check, answer", list(_equivalents()))
def test_equivalent_form_is_accepted(check, answer):
    feedback = check(answer)
    assert feedback.correct is True, feedback
