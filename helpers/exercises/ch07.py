"""Checkers for the exercises of Chapter 7, automatic differentiation.

* 7.1 (derivation): the local derivative of the last node of the nndl graph.
* 7.2 (implementation): tanh of a Dual number.
* 7.3 (interpretation): passes of forward and reverse mode.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..autodiff import Dual
from . import correct, not_answered, wrong
from ._common import parse_expression, run_reader_function, same_function, unusable_function

__all__ = ["check_local_derivative", "check_tanh_dual", "check_passes"]


def check_local_derivative(answer):
    """Exercise 7.1: dh6/dh5 for h6 = 1/h5, as a sympy expression in h5."""
    ex = "7.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in h5.", allowed={"h5"}
    )
    if feedback:
        return feedback
    h5 = sp.Symbol("h5")
    if same_function(expr, -1 / h5**2, [h5]):
        return correct(ex, "-1/h5^2; at the source's point h5 = 2, so -0.25.")
    if same_function(expr, 1 / h5**2, [h5]):
        return wrong(ex, "the sign is flipped: 1/h5 falls as h5 grows.")
    if same_function(expr, -1 / h5, [h5]):
        return wrong(ex, "d(1/u)/du = -1/u^2, not -1/u.")
    return wrong(ex, "differentiate h5**-1 with respect to h5.")


def check_tanh_dual(fn, seed=None):
    """Exercise 7.2: ``fn(d)`` returns tanh of the Dual ``d`` as a Dual."""
    ex = "7.2"
    feedback = unusable_function(ex, fn, "define tanh_dual(d).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for value, deriv in rng.uniform(-2, 2, size=(4, 2)):
        result, exc = run_reader_function(fn, Dual(float(value), float(deriv)))
        if exc is not None:
            return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
        if not isinstance(result, Dual):
            return wrong(ex, f"return a Dual, not {type(result).__name__}.")
        t = math.tanh(value)
        if not np.isclose(result.value, t, rtol=1e-12):
            return wrong(ex, "the value part must be tanh of the value.")
        if np.isclose(result.deriv, 1 - t * t, rtol=1e-9) and not np.isclose(deriv, 1.0):
            return wrong(ex, "multiply by the incoming derivative d.deriv: that is the chain rule.")
        if not np.isclose(result.deriv, (1 - t * t) * deriv, rtol=1e-9, atol=1e-12):
            return wrong(ex, "the derivative part must be (1 - tanh(v)^2) times d.deriv.")
    return correct(ex, "Dual(tanh(v), (1 - tanh(v)^2) v').")


def check_passes(answer, n_inputs=1000, n_outputs=1):
    """Exercise 7.3: (forward-mode passes, reverse-mode passes) for a full gradient."""
    ex = "7.3"
    if answer is None:
        return not_answered(ex, "replace None by a pair (forward passes, reverse passes).")
    try:
        fwd, rev = (int(a) for a in answer)
    except (TypeError, ValueError):
        return wrong(ex, "give a pair of whole numbers: (forward passes, reverse passes).")
    if (fwd, rev) == (n_inputs, n_outputs):
        return correct(ex, "forward mode needs one pass per input, reverse mode one per output.")
    if (fwd, rev) == (n_outputs, n_inputs):
        return wrong(ex, "the other way round: forward mode seeds one input per pass.")
    return wrong(ex, "forward mode: one pass per input; reverse mode: one pass per output.")
