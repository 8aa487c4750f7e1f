"""Pieces the chapter checkers share."""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import not_answered, wrong


def as_expression(answer):
    """The answer as a sympy object, or None if it cannot be one."""
    try:
        return sp.sympify(answer)
    except (sp.SympifyError, TypeError, SyntaxError):
        return None


def same_function(expr, reference, symbols, seed=0, points=5):
    """True when two expressions of ``symbols`` agree at random points to 1e-10.

    Equivalent forms that sympy would need long to simplify are accepted.
    """
    rng = np.random.default_rng(seed)
    f = sp.lambdify(symbols, expr, "math")
    g = sp.lambdify(symbols, reference, "math")
    for p in rng.uniform(0.1, 0.9, size=(points, len(symbols))):
        try:
            a, b = float(f(*p)), float(g(*p))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return False
        if not np.isclose(a, b, rtol=1e-10, atol=1e-12):
            return False
    return True


def run_reader_function(fn, *args):
    """Call the reader's function; return (result, None) or (None, the exception)."""
    try:
        return fn(*args), None
    except Exception as exc:  # the reader's code: report whatever it raised
        return None, exc


def unusable_function(ex, fn, hint):
    """Feedback when the answer is not yet a function (None, or something else), else None."""
    if fn is None:
        return not_answered(ex, hint)
    if not callable(fn):
        return wrong(ex, f"pass the function itself, not a {type(fn).__name__}.")
    return None


def parse_expression(ex, answer, hint, allowed=None, telling=None):
    """``(expression, None)``, or ``(None, feedback)`` when the answer cannot be checked.

    With ``allowed`` (symbol names), an answer using other symbols is refused:
    with the message ``telling[name]`` for a name that betrays a typical slip,
    otherwise by listing the allowed names. The expression is returned in plain
    symbols of those names, so assumptions the reader gave them do not matter.
    """
    if answer is None:
        return None, not_answered(ex, hint)
    expr = as_expression(answer)
    if expr is None:
        return None, wrong(ex, "that is not a sympy expression.")
    if allowed is not None:
        names = {str(s) for s in expr.free_symbols}
        for name, message in (telling or {}).items():
            if name in names:
                return None, wrong(ex, message)
        if not names <= set(allowed):
            listed = ", ".join(sorted(allowed))
            return None, wrong(ex, f"use only the symbols {listed}; found {sorted(names)}.")
        expr = expr.subs({s: sp.Symbol(str(s)) for s in expr.free_symbols})
    return expr, None


def parse_matrix(ex, answer, hint):
    """``(sympy.Matrix, None)``, or ``(None, feedback)`` when unanswered or not a Matrix."""
    if answer is None:
        return None, not_answered(ex, hint)
    if not isinstance(answer, sp.MatrixBase):
        return None, wrong(ex, f"give a sympy Matrix, not {type(answer).__name__}.")
    return sp.Matrix(answer), None


def unusable_choice(ex, answer, choices):
    """Feedback when the answer is not (yet) one of ``choices``, else None."""
    listed = " or ".join(repr(c) for c in choices)
    if answer is None:
        return not_answered(ex, f"replace None by {listed}.")
    if answer not in choices:
        return wrong(ex, f"answer {listed}, not {answer!r}.")
    return None
