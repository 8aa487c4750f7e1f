"""Checkers for the exercises of Chapter 3, the delta rule.

* 3.1 (derivation): delta of one tanh neuron with squared error, in terms of a.
* 3.2 (implementation): delta(L) for a sigmoid output layer and squared error.
* 3.3 (interpretation): which hidden unit of the worked example is more responsible.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .. import mlp
from .. import worked_example as we
from . import correct, wrong
from ._common import (
    parse_expression,
    run_reader_function,
    same_function,
    unusable_choice,
    unusable_function,
)

__all__ = ["check_tanh_delta", "check_output_delta", "check_responsible_unit"]


def check_tanh_delta(answer):
    """Exercise 3.1: dJ/dz for J = 1/2 (y - tanh(z))^2, written with a = tanh(z) and y."""
    ex = "3.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in a and y.", allowed={"a", "y"},
        telling={"z": "write it without z: use a = tanh(z), so tanh'(z) = 1 - a^2."},
    )  # fmt: skip
    if feedback:
        return feedback
    a, y = sp.symbols("a y")
    right = -(y - a) * (1 - a**2)
    slips = [
        ((y - a) * (1 - a**2), "the sign is flipped: dJ/da = -(y - a)."),
        (-(y - a), "the factor f'(z) = 1 - a^2 is missing."),
        (-(y - a) * a * (1 - a), "a (1 - a) is the sigmoid's derivative; tanh' = 1 - tanh^2."),
        ((a - y) * (1 - a) ** 2, "tanh'(z) = 1 - a^2 = (1 - a)(1 + a), not (1 - a)^2."),
    ]
    if same_function(expr, right, [a, y]):
        return correct(ex, "delta = -(y - a)(1 - a^2).")
    for slip, message in slips:
        if same_function(expr, slip, [a, y]):
            return wrong(ex, message)
    return wrong(ex, "differentiate J by z with the chain rule: dJ/da times da/dz.")


def check_output_delta(fn, seed=None):
    """Exercise 3.2: ``fn(A, Y)`` returns delta(L) for a sigmoid output and squared error.

    ``A`` = a(L) and ``Y`` have shape (M_L, N), one example per column.
    """
    ex = "3.2"
    feedback = unusable_function(ex, fn, "define output_delta(A, Y) and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.05, 0.95, size=(3, 5))
    Y = rng.uniform(0.0, 1.0, size=(3, 5))
    result, exc = run_reader_function(fn, A.copy(), Y.copy())
    if exc is not None:
        return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
    result = np.asarray(result, dtype=float)
    right = (A - Y) * A * (1 - A)
    if result.shape != right.shape:
        return wrong(ex, f"shape {result.shape}; delta(L) has the shape of A, {A.shape}.")
    if np.allclose(result, right):
        return correct(ex, "delta(L) = (a(L) - y) ⊙ a(L) ⊙ (1 - a(L)).")
    slips = [
        (-right, "the sign is flipped: dL/da(L) = -(y - a(L)) = a(L) - y."),
        (A - Y, "the factor f'(z(L)) = a(L)(1 - a(L)) is missing."),
        ((A - Y) * (1 - A), "the derivative factor is a(L)(1 - a(L)), not (1 - a(L))."),
    ]
    for slip, message in slips:
        if np.allclose(result, slip):
            return wrong(ex, message)
    return wrong(ex, "delta(L) = dL/da(L) ⊙ f'(z(L)), with f' = a(1 - a) for the sigmoid.")


def _hidden_deltas():
    X = np.array([[we.INPUTS["i1"]], [we.INPUTS["i2"]]])
    Y = np.array([[we.TARGETS["o1"]], [we.TARGETS["o2"]]])
    _, grads = mlp.loss_and_grads(we.params(), X, Y, ["sigmoid", "sigmoid"], "squared_error")
    return grads[0][1]  # dL/db(1) = delta(1) for one example


def check_responsible_unit(answer):
    """Exercise 3.3: 'h1' or 'h2', the hidden unit with the larger |delta|."""
    ex = "3.3"
    feedback = unusable_choice(ex, answer, ("h1", "h2"))
    if feedback:
        return feedback
    delta = _hidden_deltas()
    right = "h1" if abs(delta[0]) > abs(delta[1]) else "h2"
    if answer == right:
        return correct(
            ex, f"|delta| of {right} is the larger ({abs(delta[0]):.6f} vs {abs(delta[1]):.6f})."
        )
    return wrong(ex, "compute delta(1) = f'(z(1)) ⊙ W(2)^T delta(2) and compare magnitudes.")
