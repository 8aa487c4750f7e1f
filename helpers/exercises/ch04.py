"""Checkers for the exercises of Chapter 4, the worked example.

* 4.1 (derivation): dE_total/dw5 as a sympy expression.
* 4.2 (implementation): the hidden layer's deltas for a sigmoid layer.
* 4.3 (interpretation): how much the second update lowers the total error.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .. import mlp
from .. import worked_example as we
from ..activations import sigmoid
from . import correct, wrong
from ._common import (
    array_result,
    checker,
    judge_expression,
    parse_expression,
    raised,
    real_number,
    run_reader_function,
    trial_sizes,
    unusable_function,
)

__all__ = ["check_dE_dw5", "check_hidden_deltas", "check_second_drop"]


@checker("4.1", "replace None by a sympy expression.", "a sympy expression")
def check_dE_dw5(answer, seed=None):
    """Exercise 4.1: dE_total/dw5 in the symbols out_h1, out_o1 and target_o1.

    Compared at random points: outputs in (0, 1), the target in [0, 1].
    """
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
        (o * (1 - o) * h, "the factor dE_total/dout_o1 = -(target_o1 - out_o1) is missing."),
    ]
    return judge_expression(
        ex, expr, {"out_h1": (0.0, 1.0), "out_o1": (0.0, 1.0), "target_o1": (0.0, 1.0)}, right,
        "three factors: -(target_o1 - out_o1), out_o1(1 - out_o1), out_h1.", slips,
        ("dE_total/dw5", "multiply dE_total/dout_o1, dout_o1/dnet_o1 and dnet_o1/dw5."),
        seed=seed,
    )  # fmt: skip


@checker("4.2", "define hidden_deltas(W2, delta2, A1) and pass it in.", "a function")
def check_hidden_deltas(fn, seed=None):
    """Exercise 4.2: ``fn(W2, delta2, A1)`` returns delta(1) for a sigmoid hidden layer.

    Shapes: W2 (M_2, M_1), delta2 (M_2, N), A1 = a(1) (M_1, N), fresh and random
    with M_2 != M_1 (so a missing transpose shows), N = 1 and M_2 = 1 among them;
    A1 over the sigmoid's whole range (0, 1).
    """
    ex = "4.2"
    feedback = unusable_function(ex, fn, "define hidden_deltas(W2, delta2, A1) and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for m2, m1, n in trial_sizes(rng):
        W2 = rng.normal(size=(m2, m1))
        delta2 = rng.normal(size=(m2, n))
        A1 = rng.uniform(0.0, 1.0, size=(m1, n))
        result, exc = run_reader_function(fn, W2.copy(), delta2.copy(), A1.copy())
        if exc is not None:
            hint = ""
            if any(w in str(exc) for w in ("matmul", "shapes", "broadcast", "aligned")):
                hint = (
                    " Is W(2) transposed? delta(1) needs W(2)^T delta(2), of shape (M_1, N), "
                    "and ⊙ is element-wise (*), not @."
                )
            return raised(ex, exc, hint)
        result, feedback = array_result(ex, result, A1.shape, "delta(1)")
        if feedback:
            return feedback
        back = W2.T @ delta2
        if np.allclose(result, back * A1 * (1 - A1)):
            continue
        slips = [
            (back, "the factor f'(z(1)) = a(1)(1 - a(1)) is missing."),
            (back * A1, "the factor f'(z(1)) is a(1)(1 - a(1)), not a(1)."),
            (back * (1 - A1), "the factor f'(z(1)) is a(1)(1 - a(1)), not 1 - a(1)."),
            (
                back * sigmoid(A1) * (1 - sigmoid(A1)),
                "A1 is already sigma(z(1)): f'(z(1)) = A1 (1 - A1), not sigma(A1)(1 - sigma(A1)).",
            ),
            (-back * A1 * (1 - A1), "the sign is flipped."),
            (
                back * A1 * (1 - A1) / n,
                "delta(1) is per example, one column each: do not divide by N (that belongs "
                "to the gradients of the mean loss).",
            ),
        ]
        for slip, message in slips:
            if np.allclose(result, slip):
                return wrong(ex, message)
        return wrong(ex, "delta(1) = f'(z(1)) ⊙ W(2)^T delta(2), element by element.")
    return correct(ex, "delta(1) = a(1)(1 - a(1)) ⊙ W(2)^T delta(2).")


_NAMES = ["sigmoid", "sigmoid"]


def _example():
    X = np.array([[we.INPUTS["i1"]], [we.INPUTS["i2"]]])
    Y = np.array([[we.TARGETS["o1"]], [we.TARGETS["o2"]]])
    return X, Y


def _error(params):
    X, Y = _example()
    return mlp.loss_and_grads(params, X, Y, _NAMES, "squared_error")[0]


def _update(params, gradient_at=None):
    """One step on the weights only (the text's convention), the gradient taken at ``gradient_at``.

    ``gradient_at`` defaults to ``params`` themselves.
    """
    X, Y = _example()
    _, grads = mlp.loss_and_grads(gradient_at or params, X, Y, _NAMES, "squared_error")
    eta = we.LEARNING_RATE
    return [(W - eta * dW, b) for (W, b), (dW, _) in zip(params, grads, strict=True)]


def _update_variant(params):
    """The printed run's step: the hidden deltas use the already-updated W(2) (Chapter 4)."""
    X, Y = _example()
    (W1, b1), (W2, b2) = params
    _, cache = mlp.forward(params, X, _NAMES)
    a1, a2 = cache["a"][1], cache["a"][2]
    delta2 = (a2 - Y) * a2 * (1 - a2)
    W2_new = W2 - we.LEARNING_RATE * delta2 @ a1.T
    delta1 = a1 * (1 - a1) * (W2_new.T @ delta2)
    return [(W1 - we.LEARNING_RATE * delta1 @ X.T, b1), (W2_new, b2)]


@checker("4.3", "replace None by a number.", "a number")
def check_second_drop(answer):
    """Exercise 4.3: E_total after the first update minus after the second (the gradient)."""
    ex = "4.3"
    value, given = real_number(answer)
    if given:
        return wrong(ex, f"give the drop in E_total as a number, not {given}.")
    p0 = we.params()
    p1 = _update(p0)
    p2 = _update(p1)
    e0, e1, e2 = _error(p0), _error(p1), _error(p2)
    right = e1 - e2
    v1 = _update_variant(p0)

    def with_biases(params):  # a step that also updates the biases, which the text does not
        X, Y = _example()
        _, grads = mlp.loss_and_grads(params, X, Y, _NAMES, "squared_error")
        eta = we.LEARNING_RATE
        return [
            (W - eta * dW, b - eta * db) for (W, b), (dW, db) in zip(params, grads, strict=True)
        ]

    b1 = with_biases(p0)
    slips = [
        (-right, "the sign is flipped: the error falls, so after one minus after two is positive."),
        (e0 - e1, "that is the first update's drop; the exercise asks for the second."),
        (e0 - e2, "that is the drop over both updates together; give the second one alone."),
        (e2, "that is the error after the second update; give how much it fell in that update."),
        (
            e1 - _error(_update(p1, gradient_at=p0)),
            "the second step reused the first gradient: compute the gradient again at the "
            "updated weights.",
        ),
        (
            _error(v1) - _error(_update_variant(v1)),
            "that is the printed run's variant, whose hidden step uses the updated w5..w8 "
            "(Chapter 4); follow the gradient.",
        ),
        (
            _error(b1) - _error(with_biases(b1)),
            "the biases were updated too; the text's convention updates the weights only.",
        ),
    ]
    if abs(value - right) <= 1e-9:  # nine decimals, rounded or cut off
        bigger = "more" if right > e0 - e1 else "less"
        return correct(
            ex, f"the second update lowers the error by {right:.9f}, {bigger} than the first."
        )
    for slip, message in slips:
        if abs(value - slip) < 5e-10:
            return wrong(ex, message)
    if abs(value - right) < 1e-4:
        return wrong(ex, "right in its first digits; give it to nine decimals.")
    return wrong(
        ex,
        "update the weights twice, computing the gradient anew each time, and subtract "
        "the error after two updates from the error after one.",
    )
