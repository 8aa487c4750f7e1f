"""Checkers for the exercises of Chapter 8, the vanishing gradient.

* 8.1 (interpretation): can a larger learning rate fix a vanishing gradient?
* 8.2 (derivation): what all-zero initial weights do to the hidden units.
* 8.3 (implementation): XOR with two hidden ReLU units.
"""

from __future__ import annotations

import numpy as np

from .. import mlp
from . import correct, not_answered, wrong
from ._common import unusable_choice

__all__ = ["check_larger_learning_rate", "check_zero_init", "check_xor"]


def check_larger_learning_rate(answer):
    """Exercise 8.1: 'yes' or 'no'."""
    ex = "8.1"
    feedback = unusable_choice(ex, answer, ("yes", "no"))
    if feedback:
        return feedback
    if answer == "no":
        return correct(
            ex,
            "one learning rate scales every layer alike: the first layers' gradients stay "
            "orders of magnitude smaller than the last ones', and a step large enough for "
            "them is far too large for the layers near the output.",
        )
    return wrong(
        ex,
        "try it: the ratio between the layers' gradients does not depend on the learning "
        "rate, so the early layers stay behind while the late ones overshoot.",
    )


def check_zero_init(answer):
    """Exercise 8.2: how many different hidden units does a zero-initialised layer end up with?"""
    ex = "8.2"
    if answer is None:
        return not_answered(ex, "replace None by a whole number.")
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return wrong(ex, "give a whole number of distinct hidden units.")
    if answer == 1:
        return correct(
            ex,
            "one: every hidden unit computes the same value and receives the same delta, so "
            "their weights stay equal forever; the symmetry is never broken.",
        )
    return wrong(
        ex,
        "compare the rows of W(1) after training: with equal weights, units that compute the "
        "same thing get the same gradient.",
    )


XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])


def check_xor(params):
    """Exercise 8.3: ``[(W1, b1), (W2, b2)]``, 2 ReLU units and a linear output: XOR."""
    ex = "8.3"
    if params is None:
        return not_answered(ex, "replace None by [(W1, b1), (W2, b2)].")
    try:
        out, _ = mlp.forward(params, XOR_X, ["relu", "identity"])
    except (ValueError, TypeError) as exc:
        return wrong(ex, f"those parameters do not make a network: {exc}")
    W1 = np.asarray(params[0][0])
    if W1.shape != (2, 2) or out.shape != (1, 4):
        return wrong(
            ex,
            f"use 2 hidden units and 1 output: W1 of shape (2, 2), W2 of (1, 2); got {W1.shape}.",
        )
    y = out[0]
    if np.allclose(y, XOR_Y, atol=1e-9):
        return correct(ex, "the outputs are 0, 1, 1, 0 for (0,0), (0,1), (1,0), (1,1).")
    shown = ", ".join(f"{v:.3g}" for v in y)
    return wrong(
        ex,
        f"the network gives {shown} for (0,0), (0,1), (1,0), (1,1); XOR is 0, 1, 1, 0. Hint: "
        "let one unit count the ones (x1 + x2) and another fire only when both are on.",
    )
