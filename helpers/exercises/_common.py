"""Pieces the chapter checkers share. Introduced with the exercises of Chapter 1.

Every checker is total: whatever it is given, it returns a :class:`Feedback`
and never raises. That is structural, not left to each checker:

* :func:`checker` wraps every ``check_*`` function. It answers ``None`` with
  "not answered yet", silences warnings (NumPy's overflow, sympy's), and turns
  any exception the answer provokes (in the reader's function, in sympy, in
  NumPy) into a polite "not yet right" that says what was expected.
* The parsers unwrap what is harmless and refuse the rest with a message:
  :func:`real_number`, :func:`whole_number`, :func:`entries`,
  :func:`whole_pair`, :func:`choice` for plain answers; :func:`parse_expression`
  and :func:`parse_matrix` for sympy answers (1x1 matrices, symbols declared
  with assumptions, numpy object arrays; refused with a specific message: an
  ``O(h**2)`` term, an unevaluated ``Derivative``, an undefined function, a
  string); :func:`array_result` and :func:`pair_result` for what the reader's
  function returns, :func:`float_array` and :func:`layer_pairs` for arrays and
  lists of layers ``[(W(1), b(1)), ...]`` in whatever harmless form they come.
* :func:`values_at` evaluates a reader's expression at sample points with
  sympy's own arithmetic (no code printer, so nothing the printer lacks can
  crash it); :func:`sample` draws those points over the whole domain the
  exercise is about, given per symbol, and :func:`judge_expression` compares
  an answer there with the right expression and with each typical slip.
  :func:`trial_sizes` gives function checkers shapes in which a transpose
  shows, with N = 1 and a single unit among them. :func:`raised` reports what
  the reader's function raised.

The specific messages for typical slips come from each checker's own logic.
A chapter's new checker starts with ``@checker(exercise, hint, expects)``.
"""

from __future__ import annotations

import functools
import math
import warnings
from numbers import Real

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from . import Feedback, correct, not_answered, wrong

__all__ = [
    "agree",
    "array_result",
    "checker",
    "choice",
    "describe",
    "entries",
    "float_array",
    "judge_expression",
    "layer_pairs",
    "matrix_values",
    "pair_result",
    "parse_expression",
    "parse_matrix",
    "raised",
    "raised_text",
    "real_number",
    "run_reader_function",
    "same_function",
    "sample",
    "trial_sizes",
    "unusable_choice",
    "unusable_function",
    "values_at",
    "whole_number",
    "whole_pair",
]


# --- every checker goes through this ------------------------------------------------


def checker(exercise, hint, expects):
    """Make a checker total: ``None`` is "not answered yet", nothing ever raises.

    ``hint`` tells a reader who has not answered what to write; ``expects`` says
    what kind of answer the exercise wants, for an answer that makes the check
    itself fail (the specific messages come from the checker's own logic).
    """

    def decorate(check):
        @functools.wraps(check)
        def total(answer, *args, **kwargs):
            if answer is None:
                return not_answered(exercise, hint)
            try:
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    feedback = check(answer, *args, **kwargs)
            except Exception as exc:  # whatever the reader's answer provokes
                return wrong(
                    exercise,
                    f"this answer could not be checked ({type(exc).__name__}); expected {expects}.",
                )
            if not isinstance(feedback, Feedback):  # a checker's own bug: never a verdict
                return wrong(exercise, f"this answer could not be checked; expected {expects}.")
            return feedback

        total.exercise = exercise
        return total

    return decorate


def describe(value):
    """A short name of what the reader gave, for messages: "the string '2260'", "a dict"."""
    if value is None:
        return "None"
    if isinstance(value, (str, bytes)):
        text = repr(value) if len(value) <= 20 else repr(value[:17]) + "..."
        return f"the string {text}"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, type):
        return f"the type {value.__name__}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, sp.MatrixBase):
        return f"a Matrix of shape {value.shape}"
    if isinstance(value, sp.Basic):
        text = str(value)
        return f"the expression {text if len(text) <= 40 else text[:37] + '...'}"
    if isinstance(value, (tuple, list)):
        kind = type(value).__name__
        if not value:
            return f"an empty {kind}"
        return f"a {kind} of {len(value)} {'entry' if len(value) == 1 else 'entries'}"
    if isinstance(value, (complex, np.complexfloating)):
        return f"the complex number {complex(value)}"
    if isinstance(value, (int, float, np.number)):
        try:
            x = float(value)
        except OverflowError:
            return "a huge number"
        return "NaN" if math.isnan(x) else f"the number {x:g}"
    if callable(value):
        return "a function"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


# --- plain answers: numbers, pairs, words -------------------------------------------


def _unwrap_scalar(value):
    """A 1x1 matrix or a one-entry (or 0-d) array becomes its entry."""
    if isinstance(value, sp.MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    if isinstance(value, np.ndarray) and value.size == 1:
        return value.flat[0]
    return value


def real_number(value):
    """``(float, None)`` for any harmless form of a finite real number, else ``(None, what)``.

    Accepted: int, float, numpy and sympy numbers, 0-d and one-entry arrays,
    1x1 matrices. Refused: bools, strings, symbols, complex numbers, NaN, inf;
    ``what`` then names what was given, for a message such as "not {what}".
    """
    value = _unwrap_scalar(value)
    if isinstance(value, (bool, np.bool_)):
        return None, repr(bool(value))
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr) or not value.is_number:
            return None, describe(value)
        z = complex(value.evalf(30))
        if z.imag != 0 or math.isnan(z.real):
            return None, "NaN" if math.isnan(z.real) else f"the complex number {value}"
        x = z.real
    elif isinstance(value, Real):
        try:
            x = float(value)
        except OverflowError:
            return None, "a huge number"
    else:
        return None, describe(value)
    if math.isnan(x):
        return None, "NaN"
    if math.isinf(x):
        return None, "an infinite number"
    return x, None


def whole_number(ex, value, what="a whole number"):
    """``(int, None)``, or ``(None, feedback)`` when the answer is not a whole number."""
    x, given = real_number(value)
    if given:
        return None, wrong(ex, f"give {what}, not {given}.")
    if not x.is_integer():
        return None, wrong(ex, f"{x:g} is not a whole number; give {what}.")
    return int(x), None


def entries(ex, value, n, what):
    """``(list of n entries, None)``, or ``(None, feedback)``.

    A tuple, a list, a sympy Tuple, a 1-d array or a row or column Matrix are
    all accepted; ``what`` names the expected answer, e.g. "a pair (rows, columns)".
    """
    if isinstance(value, (str, bytes)):
        return None, wrong(ex, f"give {what}, not {describe(value)}.")
    if isinstance(value, (set, frozenset, dict)):
        return None, wrong(ex, f"give {what}; {describe(value)} has no order.")
    if isinstance(value, np.ndarray) and value.ndim == 1:
        items = list(value)
    elif isinstance(value, sp.MatrixBase) and 1 in value.shape:
        items = list(value)
    elif isinstance(value, (tuple, list, sp.Tuple)):
        items = list(value)
    else:
        return None, wrong(ex, f"give {what}, not {describe(value)}.")
    if len(items) != n:
        return None, wrong(ex, f"give {what}: {n} entries, not {len(items)}.")
    return items, None


def whole_pair(ex, value, what):
    """``((int, int), None)``, or ``(None, feedback)`` for anything but two whole numbers."""
    items, feedback = entries(ex, value, 2, what)
    if feedback:
        return None, feedback
    pair = []
    for position, item in zip(("first", "second"), items, strict=True):
        x, given = real_number(item)
        if given:
            return None, wrong(ex, f"the {position} entry is {given}; give {what}.")
        if not x.is_integer():
            return None, wrong(ex, f"the {position} entry, {x:g}, is not a whole number.")
        pair.append(int(x))
    return tuple(pair), None


def choice(ex, value, choices):
    """``(the chosen word, None)``, or ``(None, feedback)`` for anything but one of ``choices``.

    Case and surrounding spaces do not matter.
    """
    listed = " or ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        return None, wrong(ex, f"answer with a word, {listed}, not {describe(value)}.")
    word = value.strip().lower()
    if word not in choices:
        return None, wrong(ex, f"answer {listed}, not {value!r}.")
    return word, None


def unusable_choice(ex, answer, choices):
    """Feedback when the answer is not (yet) one of ``choices``, else None."""
    if answer is None:
        listed = " or ".join(repr(c) for c in choices)
        return not_answered(ex, f"replace None by {listed}.")
    return choice(ex, answer, choices)[1]


# --- sympy answers ------------------------------------------------------------------

_UNEVALUATED = (sp.Derivative, sp.Integral, sp.Subs, sp.Limit, sp.Sum, sp.Product)


def _expression_problem(expr, telling=None):
    """What makes a sympy expression unusable as an answer, or None.

    An undefined function whose name is a key of ``telling`` gets that message.
    """
    if expr.has(sp.Order):
        return "it still holds an O(...) term: drop it with .removeO()"
    pending = expr.atoms(*_UNEVALUATED)
    if pending:
        kind = type(next(iter(pending))).__name__
        return f"it holds an unevaluated {kind}: evaluate it with .doit()"
    undefined = sorted(expr.atoms(AppliedUndef), key=str)
    for function in undefined:
        if function.func.__name__ in (telling or {}):
            return telling[function.func.__name__]
    if undefined:
        return f"it holds the undefined function {undefined[0]}"
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return "it is infinite or undefined"
    return None


def _plain_symbols(expr):
    """The expression with every symbol replaced by a plain one of the same name."""
    return expr.xreplace({s: sp.Symbol(str(s)) for s in expr.free_symbols})


def _check_symbols(expr, allowed, telling):
    """A message when the expression uses symbols other than ``allowed``, else None."""
    names = {str(s) for s in expr.free_symbols}
    for name, message in (telling or {}).items():
        if name in names:
            return message
    if allowed is not None and not names <= set(allowed):
        listed = ", ".join(sorted(allowed))
        return f"use only the symbols {listed}; found {', '.join(sorted(names))}."
    return None


def parse_expression(ex, answer, hint, allowed=None, telling=None):
    """``(expression, None)``, or ``(None, feedback)`` when the answer cannot be checked.

    A 1x1 Matrix (or one-entry array) is unwrapped. Strings, functions, other
    matrices, equations, ``O(...)`` terms, unevaluated derivatives and undefined
    functions are refused with a message. With ``allowed`` (symbol names), an
    answer using other symbols is refused: with the message ``telling[name]``
    for a name that betrays a typical slip, otherwise by listing the allowed
    names; ``telling`` also names undefined functions (``sigma(z)``). The
    expression is returned in plain symbols of those names, so assumptions the
    reader gave them (``real=True``) do not matter.
    """
    if answer is None:
        return None, not_answered(ex, hint)
    answer = _unwrap_scalar(answer)
    if isinstance(answer, (str, bytes)):
        return None, wrong(
            ex, "give a sympy expression built from the symbols, not a string; " + hint
        )
    if isinstance(answer, (sp.MatrixBase, np.ndarray)):
        return None, wrong(ex, f"give one expression, not {describe(answer)}.")
    if isinstance(answer, (bool, np.bool_)) or callable(answer):
        return None, wrong(ex, f"that is not a sympy expression but {describe(answer)}.")
    try:
        expr = sp.sympify(answer, strict=True)
    except (sp.SympifyError, TypeError, ValueError, AttributeError):
        return None, wrong(ex, f"that is not a sympy expression but {describe(answer)}.")
    if isinstance(expr, sp.core.relational.Relational):
        return None, wrong(ex, "give the expression itself, not an equation.")
    if not isinstance(expr, sp.Expr):
        return None, wrong(ex, f"that is not a sympy expression but {describe(answer)}.")
    problem = _expression_problem(expr, telling) or _check_symbols(expr, allowed, telling)
    if problem:
        return None, wrong(ex, problem if problem.endswith(".") else problem + ".")
    return _plain_symbols(expr), None


def parse_matrix(ex, answer, hint, allowed=None, telling=None, verb="give"):
    """``(sympy.Matrix, None)``, or ``(None, feedback)`` when the answer cannot be checked.

    A Matrix, a 2-d numpy array or a list of rows are accepted; each entry must
    be a usable expression (see :func:`parse_expression`), in plain symbols.
    ``verb`` starts the messages: "give" for an answer, "return" for a result.
    """
    if answer is None:
        return None, not_answered(ex, hint)
    if isinstance(answer, np.ndarray) and answer.ndim == 2:
        answer = sp.Matrix(answer.tolist())
    elif isinstance(answer, (list, tuple)) and answer and isinstance(answer[0], (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else None for r in answer]
        if any(r is None or len(r) != len(rows[0]) for r in rows):
            return None, wrong(ex, f"{verb} a sympy Matrix; those rows differ in length.")
        answer = sp.Matrix(rows)
    if not isinstance(answer, sp.MatrixBase):
        return None, wrong(ex, f"{verb} a sympy Matrix, not {describe(answer)}.")
    matrix = sp.Matrix(answer)
    for entry in matrix:
        if isinstance(entry, (str, bytes)) or not isinstance(entry, sp.Expr):
            return None, wrong(ex, f"an entry of the Matrix is {describe(entry)}.")
        problem = _expression_problem(entry, telling) or _check_symbols(entry, allowed, telling)
        if problem:
            return None, wrong(ex, f"an entry: {problem}" + ("" if problem.endswith(".") else "."))
    return matrix.applyfunc(_plain_symbols), None


def trial_sizes(rng, low=2, high=9):
    """Sizes (M, K, N) for three trials of a function: all three different; then N = 1;
    then M = 1. Drawn from [low, high) so that, apart from the 1s, M, K and N always
    differ: a transposed result or a missing transpose shows up as a wrong shape.
    """
    a, b, c = (int(k) for k in rng.choice(np.arange(low, high), size=3, replace=False))
    d, e = (int(k) for k in rng.choice(np.arange(low, high), size=2, replace=False))
    f, g = (int(k) for k in rng.choice(np.arange(low, high), size=2, replace=False))
    return [(a, b, c), (d, e, 1), (1, f, g)]


def sample(rng, domain, points=12):
    """``points`` random points of ``domain``, a dict {symbol name: (low, high)}, one per row."""
    return np.column_stack([rng.uniform(lo, hi, size=points) for lo, hi in domain.values()])


def values_at(expr, names, points):
    """The values of ``expr`` at each row of ``points``, complex; NaN where it has none.

    Evaluated by sympy itself (``evalf``), so any expression sympy can hold is
    evaluated or reported, never a crash in a code printer. A string is not
    parsed (it has no values): what is not a sympy expression gives NaN.
    """
    symbols = [sp.Symbol(n) for n in names]
    out = np.full(len(points), np.nan, dtype=complex)
    for k, point in enumerate(points):
        values = {s: sp.Float(float(v), 30) for s, v in zip(symbols, point, strict=True)}
        try:
            out[k] = complex(sp.sympify(expr, strict=True).xreplace(values).evalf(30))
        except (TypeError, ValueError, ArithmeticError, AttributeError, RecursionError):
            pass
    return out


def agree(yours, reference, rtol=1e-9, atol=1e-12):
    """True when two arrays of values are finite and equal to the tolerance."""
    yours, reference = np.asarray(yours), np.asarray(reference)
    if yours.shape != reference.shape or not np.isfinite(yours).all():
        return False
    return bool(np.allclose(yours, reference, rtol=rtol, atol=atol))


def matrix_values(matrix, names, points):
    """The values of every entry of a sympy Matrix at each point: shape (points, rows, cols)."""
    rows, cols = matrix.shape
    out = np.empty((len(points), rows, cols), dtype=complex)
    for i in range(rows):
        for j in range(cols):
            out[:, i, j] = values_at(matrix[i, j], names, points)
    return out


def same_function(expr, reference, symbols, seed=0, points=12, domain=None):
    """True when two expressions of ``symbols`` agree at random points to 1e-9.

    ``domain`` maps each symbol name to (low, high); by default every symbol
    ranges over [-2, 2]. Equivalent forms that sympy would need long to
    simplify are accepted.
    """
    names = [str(s) for s in symbols]
    domain = domain or dict.fromkeys(names, (-2.0, 2.0))
    pts = sample(np.random.default_rng(seed), {n: domain[n] for n in names}, points)
    return agree(values_at(expr, names, pts), values_at(reference, names, pts))


def _point(names, point):
    """'a = 0.300, y = -1.200' (the first three symbols, then '...')."""
    shown = [f"{n} = {v:.3f}" for n, v in zip(names, point, strict=True)]
    return ", ".join(shown[:3] + (["..."] if len(shown) > 3 else []))


def judge_expression(ex, expr, domain, right, praise, slips, otherwise, seed=None, points=None):
    """The verdict on a parsed expression, compared at random points of ``domain``.

    ``points`` (rows, one column per symbol of ``domain``, in its order) replaces
    the random points, for a symbol that takes a few values only (labels -1 and
    +1) or points spread by hand over the tails and the middle.

    ``right`` earns ``correct(ex, praise)``; each ``(slip, message)`` that the
    answer equals earns ``wrong(ex, message)``; anything else is told where it
    differs: ``otherwise`` is ``(name of the right value, hint)``, and the
    message reads "at a = 0.300, y = -1.200 it gives 0.1 where <name> is 0.2; <hint>".
    """
    names = list(domain)
    if points is None:
        pts = sample(np.random.default_rng(seed), domain)
    else:
        pts = np.asarray(points, dtype=float).reshape(-1, len(names))
    yours = values_at(expr, names, pts)
    reference = values_at(right, names, pts)
    if agree(yours, reference):
        return correct(ex, praise)
    for slip, message in slips:
        if agree(yours, values_at(slip, names, pts)):
            return wrong(ex, message)
    bad = ~np.isfinite(yours) | (np.abs(yours.imag) > 1e-12 * (1 + np.abs(yours.real)))
    if bad.any():
        return wrong(ex, f"it is not a finite real number at {_point(names, pts[np.argmax(bad)])}.")
    name, hint = otherwise
    k = int(np.argmax(np.abs(yours - reference)))
    y, r = yours[k].real, reference[k].real
    digits = next((n for n in range(6, 18) if f"{y:.{n}g}" != f"{r:.{n}g}"), 17)  # show they differ
    return wrong(
        ex,
        f"at {_point(names, pts[k])} it gives {y:.{digits}g} where {name} is "
        f"{r:.{digits}g}; {hint}",
    )


# --- the reader's functions ---------------------------------------------------------


def run_reader_function(fn, *args):
    """Call the reader's function; return (result, None) or (None, the exception)."""
    try:
        return fn(*args), None
    except Exception as exc:  # the reader's code: report whatever it raised
        return None, exc


def raised_text(exc, hint="", who="your function"):
    """'your function raised ValueError: <its message>.<hint>', the message cut at 160 characters.

    ``who`` says what raised and when: "tracing your function", "for J = 3 bumps
    your function".
    """
    try:
        text = str(exc)
    except Exception:  # an exception whose message itself fails
        text = "(no message)"
    text = text if len(text) <= 160 else text[:157] + "..."
    return f"{who} raised {type(exc).__name__}: {text}.{hint}"


def raised(ex, exc, hint="", who="your function"):
    """Feedback for an exception the reader's function raised, with an optional hint."""
    return wrong(ex, raised_text(exc, hint, who))


def unusable_function(ex, fn, hint):
    """Feedback when the answer is not yet a function (None, or something else), else None."""
    if fn is None:
        return not_answered(ex, hint)
    if not callable(fn) or isinstance(fn, (sp.Basic, np.ndarray, type)):
        return wrong(ex, f"pass the function itself, not {describe(fn)}.")
    return None


def array_result(ex, result, shape, name):
    """``(float array of ``shape``, None)``, or ``(None, feedback)`` naming what is off.

    ``name`` is what the function should return, e.g. "delta(L)". A list of
    lists or a numeric sympy Matrix is accepted; a transposed result is named.
    """
    expected = f"it should be an array of shape {shape}"
    if result is None:
        return None, wrong(ex, f"your function gave None for {name} (no return?); {expected}.")
    if isinstance(result, (tuple, list)) and any(isinstance(r, np.ndarray) for r in result):
        return None, wrong(
            ex, f"your function gave {len(result)} arrays for {name}; {expected}, just one."
        )
    if isinstance(result, (str, bytes, dict, set, frozenset, bool)) or callable(result):
        return None, wrong(ex, f"your function gave {describe(result)} for {name}; {expected}.")
    try:
        if np.iscomplexobj(result):
            return None, wrong(ex, f"your function gave complex numbers for {name}; {expected}.")
        array = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None, wrong(ex, f"your function gave {describe(result)} for {name}; {expected}.")
    if array.ndim == 0:
        return None, wrong(ex, f"your function gave one number for {name}; {expected}.")
    if array.shape != tuple(shape):
        if array.shape == tuple(shape)[::-1]:
            return None, wrong(
                ex, f"{name} has shape {array.shape} but should have {shape}: it is transposed."
            )
        return None, wrong(ex, f"{name} has shape {array.shape}; it should have {shape}.")
    if not np.isfinite(array).all():
        return None, wrong(ex, f"{name} contains NaN or inf.")
    return array, None


def pair_result(ex, result, names):
    """``((first, second), None)`` when the function returned a pair (tuple or list)."""
    if isinstance(result, (tuple, list)):
        if len(result) == 2:
            return tuple(result), None
        return None, wrong(ex, f"return a pair {names}, not {len(result)} values.")
    return None, wrong(ex, f"return a pair {names}, not {describe(result)}.")


def float_array(value):
    """``value`` as a float array, or None when it is not an array of real numbers.

    Lists, numpy arrays and arrays (or lists) of numpy and sympy numbers are
    accepted; strings, complex numbers, None and ragged lists are not.
    """
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists and objects numpy refuses
        return None
    if array.dtype == object:  # sympy numbers, or lists mixing arrays and numbers
        items = []
        for item in array.ravel():
            if isinstance(item, Real) and not isinstance(item, (bool, np.bool_, sp.Basic)):
                try:
                    x = float(item)  # NaN and inf stay what they are: the caller judges them
                except OverflowError:
                    return None
            else:
                x, given = real_number(item)
                if given:
                    return None
            items.append(x)
        return np.array(items, dtype=float).reshape(array.shape)
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(float)


def layer_pairs(value, L, what):
    """``(list of L pairs of float arrays, None)``, or ``(None, what is wrong with it)``.

    ``value`` should be a list (or tuple) of L pairs, one per layer, as
    ``[(W(1), b(1)), ...]`` or the gradients ``[(dW(1), db(1)), ...]`` are; a
    list stands for a pair, and an array for a list of numbers (see
    :func:`float_array`). ``what`` names a pair, e.g. "(W(l), b(l))". The
    problem is a phrase such as "it returned a dict; ..." for a message.
    """
    if value is None:
        return None, f"it returned None; return the list of {L} pairs {what}"
    if isinstance(value, dict):
        return None, f"it returned a dict; return a list of {L} pairs {what}, one per layer"
    if not isinstance(value, (list, tuple)):
        return None, f"it returned {describe(value)}; return a list of {L} pairs {what}"
    if len(value) == L + 1 and value[0] is None:
        return None, (
            f"the list has L + 1 = {L + 1} entries with None first; it needs one pair per "
            f"layer, L = {L} of them, starting with layer 1's at index 0 (only the cache "
            "keeps a placeholder at index 0)"
        )
    if len(value) != L:
        return None, f"the list has {len(value)} entries for L = {L} layers; one pair per layer"
    out = []
    for l, pair in enumerate(value, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return None, f"entry {l - 1} (layer {l}) is not a pair {what}"
        arrays = tuple(float_array(p) for p in pair)
        if any(array is None for array in arrays):
            return None, f"entry {l - 1} (layer {l}) does not hold two arrays of numbers"
        out.append(arrays)
    return out, None
