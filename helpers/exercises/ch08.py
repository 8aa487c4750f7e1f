"""Checkers for the exercises of Chapter 8, the vanishing gradient.

* 8.1 (interpretation): can a larger learning rate fix a vanishing gradient?
* 8.2 (derivation): what all-zero initial weights do to the hidden units.
* 8.3 (implementation): XOR with two hidden ReLU units.
"""

from __future__ import annotations

import numpy as np

from .. import mlp
from . import correct, wrong
from ._common import checker, choice, describe, entries, whole_number

__all__ = ["check_larger_learning_rate", "check_zero_init", "check_xor"]


@checker("8.1", "replace None by 'yes' or 'no'.", "'yes' or 'no'")
def check_larger_learning_rate(answer):
    """Exercise 8.1: 'yes' or 'no'."""
    ex = "8.1"
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return wrong(
            ex, "answer 'yes' or 'no', the verdict on the larger learning rate, not a number."
        )
    answer, feedback = choice(ex, answer, ("yes", "no"))
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
        "try it: one learning rate scales every layer's step alike, so the early layers "
        "stay far behind while the late ones overshoot.",
    )


@checker("8.2", "replace None by a whole number.", "a whole number")
def check_zero_init(answer, hidden_units=5, outputs=2):
    """Exercise 8.2: how many different hidden units does a zero-initialised layer end up with?"""
    ex = "8.2"
    answer, feedback = whole_number(ex, answer, "a whole number of distinct hidden units")
    if feedback:
        return feedback
    if answer == 1:
        return correct(
            ex,
            "one: every hidden unit computes the same value and receives the same delta, so "
            "their weights stay equal forever; the symmetry is never broken.",
        )
    if answer == hidden_units:
        return wrong(
            ex,
            f"the layer has {hidden_units} units, but are they different? Compare the rows "
            "of W(1) after training.",
        )
    if answer == 0:
        return wrong(
            ex, "the weights do not stay zero: training moves them, but it moves them alike."
        )
    if answer == outputs:
        return wrong(
            ex,
            f"the {outputs} output units do differ; the question is about the hidden units, "
            "which all receive the same delta.",
        )
    return wrong(
        ex,
        "compare the rows of W(1) after training: with equal weights, units that compute the "
        "same thing get the same gradient.",
    )


XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([0.0, 1.0, 1.0, 0.0])
_SHAPES = {"W1": (2, 2), "b1": (2,), "W2": (1, 2), "b2": (1,)}


def _xor_params(ex, params):
    """``([(W1, b1), (W2, b2)], None)`` as float arrays, or ``(None, feedback)``.

    Lists stand for tuples and arrays; a bias given as a column, and W2 or b2
    given flat for the one output, are accepted.
    """
    layers, feedback = entries(ex, params, 2, "two layers, [(W1, b1), (W2, b2)]")
    if feedback:
        return None, feedback
    arrays = {}
    for l, layer in enumerate(layers, start=1):
        pair, feedback = entries(ex, layer, 2, f"layer {l} as a pair (W{l}, b{l})")
        if feedback:
            return None, feedback
        for name, value in zip((f"W{l}", f"b{l}"), pair, strict=True):
            if value is None or isinstance(value, (str, bytes, dict)):
                return None, wrong(ex, f"{name} should be an array, not {describe(value)}.")
            try:
                array = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                return None, wrong(ex, f"{name} should be an array of numbers.")
            size = _SHAPES[name][0]
            if name.startswith("b") and array.size == size and array.ndim <= 2:
                array = array.reshape(size)  # a column, a row or a plain number
            if name == "W2" and array.shape == (2,):
                array = array.reshape(1, 2)
            if not np.isfinite(array).all():
                return None, wrong(ex, f"{name} contains NaN or inf.")
            arrays[name] = array
    for name, shape in _SHAPES.items():
        if arrays[name].shape != shape:
            if name == "W2" and arrays[name].shape == (2, 1):
                return None, wrong(
                    ex, "W2 has shape (2, 1); W(2) has a row per output: (1, 2), one output."
                )
            return None, wrong(
                ex,
                f"use 2 hidden units and 1 output: W1 of shape (2, 2), b1 (2,), W2 (1, 2), "
                f"b2 (1,); {name} has shape {arrays[name].shape}.",
            )
    return [(arrays["W1"], arrays["b1"]), (arrays["W2"], arrays["b2"])], None


@checker("8.3", "replace None by [(W1, b1), (W2, b2)].", "[(W1, b1), (W2, b2)] as arrays")
def check_xor(params):
    """Exercise 8.3: ``[(W1, b1), (W2, b2)]``, 2 ReLU units and a linear output: XOR."""
    ex = "8.3"
    params, feedback = _xor_params(ex, params)
    if feedback:
        return feedback
    out, _ = mlp.forward(params, XOR_X, ["relu", "identity"])
    y = out[0]
    if np.allclose(y, XOR_Y, atol=1e-9):
        return correct(ex, "the outputs are 0, 1, 1, 0 for (0,0), (0,1), (1,0), (1,1).")
    shown = ", ".join(f"{v:.3g}" for v in y)
    slips = [
        ([0.0, 1.0, 1.0, 2.0], "it counts the ones; subtract twice a unit firing on (1,1) only."),
        ([0.0, 1.0, 1.0, 1.0], "that is OR: (1,1) must give 0."),
        ([1.0, 0.0, 0.0, 1.0], "that is XNOR, the opposite of XOR: 1 minus it is XOR."),
        ([0.0, 0.0, 0.0, 1.0], "that is AND: (0,1) and (1,0) must give 1, (1,1) 0."),
    ]
    for slip, message in slips:
        if np.allclose(y, slip, atol=1e-9):
            return wrong(ex, f"the network gives {shown}: {message}")
    return wrong(
        ex,
        f"the network gives {shown} for (0,0), (0,1), (1,0), (1,1); XOR is 0, 1, 1, 0. Hint: "
        "let one unit count the ones (x1 + x2) and another fire only when both are on.",
    )
