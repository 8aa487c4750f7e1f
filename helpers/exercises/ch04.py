"""Checkers for the exercises of Chapter 4, the worked example.

* 4.1 (derivation): dE_total/dw5 as a sympy expression.
* 4.2 (implementation): the hidden layer's deltas for a sigmoid layer.
* 4.3 (interpretation): how much the first update lowers the total error.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .. import mlp
from .. import worked_example as we
from . import correct, not_answered, wrong
from ._common import parse_expression, run_reader_function, same_function, unusable_function

__all__ = ["check_dE_dw5", "check_hidden_deltas", "check_first_drop"]


def check_dE_dw5(answer):
    """Exercise 4.1: dE_total/dw5 in the symbols out_h1, out_o1 and target_o1."""
    ex = "4.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression.",
        allowed={"out_h1", "out_o1", "target_o1"},
        telling={"out_h2": "w5 connects h1 to o1: out_h2 plays no part in dnet_o1/dw5."},
    )  # fmt: skip
    if feedback:
        return feedback
    h, o, t = (sp.Symbol(n) for n in ("out_h1", "out_o1", "target_o1"))
    right = -(t - o) * o * (1 - o) * h
    slips = [
        (-right, "the sign is flipped: dE_total/dout_o1 = -(target_o1 - out_o1)."),
        (-(t - o) * h, "the factor dout_o1/dnet_o1 = out_o1 (1 - out_o1) is missing."),
        (-(t - o) * o * (1 - o), "the factor dnet_o1/dw5 = out_h1 is missing."),
    ]
    if same_function(expr, right, [h, o, t]):
        return correct(ex, "three factors: -(target_o1 - out_o1), out_o1(1 - out_o1), out_h1.")
    for slip, message in slips:
        if same_function(expr, slip, [h, o, t]):
            return wrong(ex, message)
    return wrong(ex, "multiply dE_total/dout_o1, dout_o1/dnet_o1 and dnet_o1/dw5.")


def check_hidden_deltas(fn, seed=None):
    """Exercise 4.2: ``fn(W2, delta2, A1)`` returns delta(1) for a sigmoid hidden layer.

    Shapes: W2 (M_2, M_1), delta2 (M_2, N), A1 = a(1) (M_1, N). The check uses
    M_2 != M_1, so a missing transpose shows.
    """
    ex = "4.2"
    feedback = unusable_function(ex, fn, "define hidden_deltas(W2, delta2, A1) and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    W2 = rng.normal(size=(2, 3))
    delta2 = rng.normal(size=(2, 4))
    A1 = rng.uniform(0.05, 0.95, size=(3, 4))
    result, exc = run_reader_function(fn, W2.copy(), delta2.copy(), A1.copy())
    if exc is not None:
        hint = ""
        if any(w in str(exc) for w in ("matmul", "shapes", "broadcast", "aligned")):
            hint = " Is W(2) transposed? delta(1) needs W(2)^T delta(2), of shape (M_1, N)."
        return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.{hint}")
    result = np.asarray(result, dtype=float)
    right = (W2.T @ delta2) * A1 * (1 - A1)
    if result.shape != right.shape:
        return wrong(ex, f"shape {result.shape}; delta(1) has the shape of A1, {A1.shape}.")
    if np.allclose(result, right):
        return correct(ex, "delta(1) = a(1)(1 - a(1)) ⊙ W(2)^T delta(2).")
    if np.allclose(result, W2.T @ delta2):
        return wrong(ex, "the factor f'(z(1)) = a(1)(1 - a(1)) is missing.")
    return wrong(ex, "delta(1) = f'(z(1)) ⊙ W(2)^T delta(2), element by element.")


def _errors():
    X = np.array([[we.INPUTS["i1"]], [we.INPUTS["i2"]]])
    Y = np.array([[we.TARGETS["o1"]], [we.TARGETS["o2"]]])
    names = ["sigmoid", "sigmoid"]
    params = we.params()
    before, grads = mlp.loss_and_grads(params, X, Y, names, "squared_error")
    updated = [
        (W - we.LEARNING_RATE * dW, b) for (W, b), (dW, _) in zip(params, grads, strict=True)
    ]
    after, _ = mlp.loss_and_grads(updated, X, Y, names, "squared_error")
    return before, after


def check_first_drop(answer):
    """Exercise 4.3: E_total before minus after the first update (weights only, gradient step)."""
    ex = "4.3"
    if answer is None:
        return not_answered(ex, "replace None by a number.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return wrong(ex, f"give a number, not {type(answer).__name__}.")
    before, after = _errors()
    right = before - after
    printed = we.PRINTED["E_total"].value - we.PRINTED["E_total after 1"].value
    if abs(value - right) < 5e-10:
        return correct(ex, f"the error falls by {right:.9f} in the first update.")
    if abs(value + right) < 5e-10:
        return wrong(ex, "the sign is flipped: the error falls, so before minus after is positive.")
    if abs(value - printed) < 5e-10:
        return wrong(
            ex,
            "that is the drop between the printed numbers; the printed error after one "
            "update comes from the variant that uses the updated w5..w8 (Section 4.6).",
        )
    return wrong(
        ex, "feed the updated weights forward and subtract the new error from 0.298371109."
    )
