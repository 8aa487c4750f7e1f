"""Checkers for the exercises of Chapter 3, the delta rule.

* 3.1 (derivation): delta of one tanh neuron with squared error, in terms of a.
* 3.2 (implementation): delta(L) for a sigmoid output layer and squared error.
* 3.3 (interpretation): which hidden unit of the worked example is more responsible
  when the targets are swapped, and its delta.
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
    choice,
    entries,
    judge_expression,
    parse_expression,
    raised,
    real_number,
    run_reader_function,
    trial_sizes,
    unusable_function,
)

__all__ = ["EX33_TARGETS", "check_tanh_delta", "check_output_delta", "check_responsible_unit"]


@checker("3.1", "replace None by a sympy expression in a and y.", "a sympy expression in a, y")
def check_tanh_delta(answer, seed=None):
    """Exercise 3.1: dJ/dz for J = 1/2 (y - tanh(z))^2, written with a = tanh(z) and y.

    Compared at random points with a over tanh's whole range (-1, 1) and y in [-2, 2].
    """
    ex = "3.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in a and y.", allowed={"a", "y"},
        telling={"z": "write it without z: use a = tanh(z), so tanh'(z) = 1 - a^2."},
    )  # fmt: skip
    if feedback:
        return feedback
    a, y = sp.symbols("a y")
    slips = [
        ((y - a) * (1 - a**2), "the sign is flipped: dJ/da = -(y - a)."),
        (-(y - a), "the factor f'(z) = 1 - a^2 is missing."),
        (-(y - a) * a * (1 - a), "a (1 - a) is the sigmoid's derivative; tanh' = 1 - tanh^2."),
        ((a - y) * (1 - a) ** 2, "tanh'(z) = 1 - a^2 = (1 - a)(1 + a), not (1 - a)^2."),
        ((a - y) * (1 - a), "tanh'(z) = 1 - a^2, not 1 - a."),
        (
            2 * (a - y) * (1 - a**2),
            "twice the answer: the 1/2 of J = 1/2 (y - a)^2 cancels the 2 of the square.",
        ),
    ]
    return judge_expression(
        ex, expr, {"a": (-1.0, 1.0), "y": (-2.0, 2.0)}, -(y - a) * (1 - a**2),
        "delta = -(y - a)(1 - a^2).", slips,
        ("delta", "differentiate J by z with the chain rule: dJ/da times da/dz."),
        seed=seed,
    )  # fmt: skip


@checker("3.2", "define output_delta(A, Y) and pass it in.", "a function returning an array")
def check_output_delta(fn, seed=None):
    """Exercise 3.2: ``fn(A, Y)`` returns delta(L) for a sigmoid output and squared error.

    ``A`` = a(L) and ``Y`` have shape (M_L, N), one example per column. A ranges
    over the sigmoid's whole range (0, 1), Y over [0, 1]; N = 1 and M_L = 1 are
    among the shapes.
    """
    ex = "3.2"
    feedback = unusable_function(ex, fn, "define output_delta(A, Y) and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for shape in [(m, n) for m, _, n in trial_sizes(rng)]:  # M_L != N, then N = 1, then M_L = 1
        A = rng.uniform(0.0, 1.0, size=shape)
        Y = rng.uniform(0.0, 1.0, size=shape)
        result, exc = run_reader_function(fn, A.copy(), Y.copy())
        if exc is not None:
            return raised(ex, exc)
        result, feedback = array_result(ex, result, A.shape, "delta(L)")
        if feedback:
            return feedback
        right = (A - Y) * A * (1 - A)
        if np.allclose(result, right):
            continue
        slips = [
            (-right, "the sign is flipped: dL/da(L) = -(y - a(L)) = a(L) - y."),
            (A - Y, "the factor f'(z(L)) = a(L)(1 - a(L)) is missing."),
            ((A - Y) * (1 - A), "the derivative factor is a(L)(1 - a(L)), not (1 - a(L))."),
            (
                (A - Y) * sigmoid(A) * (1 - sigmoid(A)),
                "A is already sigma(z(L)): f'(z(L)) = A (1 - A), not sigma(A)(1 - sigma(A)).",
            ),
            (
                right / shape[1],
                "delta(L) is per example: do not divide by N (the mean comes in the gradients).",
            ),
        ]
        for slip, message in slips:
            if np.allclose(result, slip):
                return wrong(ex, message)
        return wrong(ex, "delta(L) = dL/da(L) ⊙ f'(z(L)), with f' = a(1 - a) for the sigmoid.")
    return correct(ex, "delta(L) = (a(L) - y) ⊙ a(L) ⊙ (1 - a(L)).")


EX33_TARGETS = {"o1": we.TARGETS["o2"], "o2": we.TARGETS["o1"]}  # the example's, swapped


def _deltas(targets):
    """delta(1) and delta(2) of the worked example for one example with these targets."""
    X = np.array([[we.INPUTS["i1"]], [we.INPUTS["i2"]]])
    Y = np.array([[targets["o1"]], [targets["o2"]]])
    _, grads = mlp.loss_and_grads(we.params(), X, Y, ["sigmoid", "sigmoid"], "squared_error")
    return grads[0][1], grads[1][1]  # dL/db(l) = delta(l) for one example


@checker("3.3", "replace None by a pair such as ('h1', 0.0123).", "a pair (unit, delta)")
def check_responsible_unit(answer):
    """Exercise 3.3: with the targets swapped, the hidden unit with the larger |delta|, and delta.

    The answer is a pair such as ``('h1', 0.0123)``; delta to six decimals.
    """
    ex = "3.3"
    what = "a pair such as ('h1', 0.0123): the unit and its delta"
    items, feedback = entries(ex, answer, 2, what)
    if feedback:
        return feedback
    unit, feedback = choice(ex, items[0], ("h1", "h2"))
    if feedback:
        return feedback
    value, given = real_number(items[1])
    if given:
        return wrong(ex, f"the second entry is {given}; give delta of {unit} as a number.")
    delta1, delta2 = _deltas(EX33_TARGETS)
    i = int(np.argmax(np.abs(delta1)))
    right_unit, j = f"h{i + 1}", int(unit[1]) - 1

    def near(x):
        return abs(value - x) <= 1e-6

    original, _ = _deltas(we.TARGETS)
    if unit == right_unit and near(delta1[i]):
        same = int(np.argmax(np.abs(original))) == i
        return correct(
            ex,
            f"delta of {right_unit} is {delta1[i]:+.6f}, the other's {delta1[1 - i]:+.6f}; "
            f"{right_unit} carries the larger share, {'as' if same else 'unlike'} with the "
            "example's own targets.",
        )
    if near(-delta1[j]):
        return wrong(ex, "the sign is flipped: delta = dE/dz, and dE/dout_o = -(target - out).")
    if near(original[j]):
        return wrong(
            ex,
            "that is delta for the example's own targets, measured in the chapter; "
            "swap the targets first.",
        )
    (_, _), (W2, _) = we.params()
    if near((W2.T @ delta2)[j]):
        return wrong(ex, "the factor f'(z(1)) = out_h (1 - out_h) is missing.")
    if any(near(d) for d in delta2):
        return wrong(ex, "that is an output unit's delta; carry it back to the hidden layer.")
    if unit != right_unit:
        return wrong(
            ex,
            f"compare |delta| of both hidden units with the swapped targets: {unit}'s is "
            "not the larger.",
        )
    if abs(value - delta1[i]) < 1e-3:
        return wrong(
            ex, f"{unit} is right, and delta is right in its first digits; give six decimals."
        )
    return wrong(
        ex,
        "delta(1) = f'(z(1)) ⊙ W(2)^T delta(2), with delta(2) computed for the swapped targets.",
    )
