"""Checkers for the exercises of Chapter 1, forward propagation.

* 1.1 (interpretation): the number of parameters of a network of given layer sizes.
* 1.2 (implementation): one layer's forward pass on a minibatch.
* 1.3 (derivation): out_o2 of the worked example as one sympy expression.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..activations import relu, sigmoid, tanh
from . import correct, wrong
from ._common import (
    array_result,
    checker,
    judge_expression,
    pair_result,
    parse_expression,
    raised,
    run_reader_function,
    trial_sizes,
    unusable_function,
    whole_number,
)

__all__ = [
    "EX11_LAYER_SIZES",
    "WORKED_EXAMPLE_SYMBOLS",
    "check_layer_forward",
    "check_out_o2",
    "check_param_count",
]

EX11_LAYER_SIZES = (64, 30, 10)


@checker("1.1", "replace None by the number of weights and biases.", "a whole number")
def check_param_count(answer, layer_sizes=EX11_LAYER_SIZES):
    """Exercise 1.1: how many weights and biases has a network with these layer sizes?"""
    ex = "1.1"
    answer, feedback = whole_number(ex, answer, "a whole number of parameters")
    if feedback:
        return feedback
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:], strict=False))
    weights = sum(m_in * m_out for m_in, m_out in pairs)
    biases = sum(layer_sizes[1:])
    if answer == weights + biases:
        return correct(
            ex, f"{weights} weights and {biases} biases: M_l x M_(l-1) + M_l for each layer l."
        )
    if answer == weights:
        return wrong(ex, "you counted the weights but not the biases: layer l has M_l of them.")
    if answer == weights + sum(layer_sizes):
        return wrong(ex, "the input layer (layer 0) has no biases: only layers 1..L do.")
    if answer == biases:
        return wrong(ex, "you counted only the biases; W(l) has M_l x M_(l-1) weights.")
    if answer == weights + biases - layer_sizes[-1]:
        return wrong(ex, "the output layer has biases too: M_L of them.")
    return wrong(
        ex, "count, for each layer l = 1..L, the entries of W(l) and of b(l), and add them up."
    )


def _activations(rng):
    """Element-wise functions the check passes as f, with fresh random constants.

    None of them is tanh, so an answer that ignores its argument f shows.
    """
    c, d = float(rng.uniform(0.5, 2.0)), float(rng.uniform(-1.0, 1.0))
    return [
        lambda Z: c * np.sin(Z) + d,
        lambda Z: Z**3 - c * Z,
        lambda Z: np.where(Z > 0, Z, c * 0.1 * Z),
        lambda Z: np.exp(-c * Z**2) + d,
    ]


def _shapes(rng):
    """(M_(l-1), M_l, N) per trial: all different, then N = 1, then M_l = 1, then larger ones."""
    trials = trial_sizes(rng) + trial_sizes(rng, 9, 17)[:1]
    return [(m_in, m_out, n) for m_out, m_in, n in trials]


_KNOWN = {"tanh": tanh, "the sigmoid": sigmoid, "ReLU": relu}


@checker("1.2", "define layer_forward(W, b, A_prev, f).", "a function returning (Z, A)")
def check_layer_forward(layer_forward, seed=None):
    """Exercise 1.2: ``layer_forward(W, b, A_prev, f)`` must return ``(Z, A)`` for a minibatch.

    The answer is run on fresh random shapes (N = 1 and M_l = 1 among them) and
    values, with an activation f that changes from call to call and is never
    tanh, so an answer that ignores f fails.
    """
    ex = "1.2"
    feedback = unusable_function(ex, layer_forward, "define layer_forward(W, b, A_prev, f).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for (m_in, m_out, n), f in zip(_shapes(rng), _activations(rng), strict=True):
        W = rng.normal(size=(m_out, m_in))
        b = rng.normal(size=m_out)
        A_prev = rng.normal(size=(m_in, n))
        Z_ref = W @ A_prev + b[:, None]
        A_ref = f(Z_ref)
        result, exc = run_reader_function(layer_forward, W.copy(), b.copy(), A_prev.copy(), f)
        if exc is not None:
            hint = ""
            if any(w in str(exc) for w in ("matmul", "shapes", "broadcast", "aligned")):
                hint = (
                    f" With W of shape {W.shape} and A_prev of shape {A_prev.shape}, "
                    "z = W a + b needs W on the left, untransposed, and b as a column."
                )
            return raised(ex, exc, hint)
        pair, feedback = pair_result(ex, result, "(Z, A): the net inputs and the activations")
        if feedback:
            return feedback
        if np.shape(pair[0]) == (m_out, m_out) and n == 1:
            return wrong(
                ex,
                f"Z has shape {np.shape(pair[0])} for N = 1 example; it should be "
                f"{Z_ref.shape}: add b as a column, b[:, None], not as a row.",
            )
        Z, feedback = array_result(ex, pair[0], Z_ref.shape, "Z")
        if feedback:
            return feedback
        if np.allclose(Z, W @ A_prev) and not np.allclose(Z, Z_ref):
            return wrong(ex, "the bias is missing from Z: z = W a + b.")
        if not np.allclose(Z, Z_ref):
            return wrong(ex, "Z differs from W A_prev + b (b added to every column).")
        A, feedback = array_result(ex, pair[1], A_ref.shape, "A")
        if feedback:
            return feedback
        if np.allclose(A, A_ref):
            continue
        if np.allclose(A, Z_ref):
            return wrong(ex, "A equals Z: apply the activation f to Z.")
        for name, g in _KNOWN.items():
            if np.allclose(A, g(Z_ref)):
                return wrong(
                    ex,
                    f"A is {name} of Z, but the check passes other activations as f: "
                    "apply the f your function is given.",
                )
        return wrong(ex, "Z is right but A is not f(Z), with the f your function is given.")
    return correct(ex, "Z = W A_prev + b and A = f(Z), for every example at once.")


WORKED_EXAMPLE_SYMBOLS = "i1 i2 w1 w2 w3 w4 w5 w6 w7 w8 b1 b2"


def _symbols():
    return dict(
        zip(WORKED_EXAMPLE_SYMBOLS.split(), sp.symbols(WORKED_EXAMPLE_SYMBOLS), strict=True)
    )


def _out_o2_candidates():
    """The right expression for out_o2, and typical wrong ones with what is wrong."""
    s = _symbols()

    def sig(x):
        return 1 / (1 + sp.exp(-x))

    net_h1 = s["w1"] * s["i1"] + s["w2"] * s["i2"] + s["b1"]
    net_h2 = s["w3"] * s["i1"] + s["w4"] * s["i2"] + s["b1"]
    h1, h2 = sig(net_h1), sig(net_h2)
    right = sig(s["w7"] * h1 + s["w8"] * h2 + s["b2"])
    h1_col = sig(s["w1"] * s["i1"] + s["w3"] * s["i2"] + s["b1"])
    h2_col = sig(s["w2"] * s["i1"] + s["w4"] * s["i2"] + s["b1"])
    wrongs = [
        (
            sig(s["w5"] * h1 + s["w6"] * h2 + s["b2"]),
            "that is out_o1: o2 is fed by w7 (from h1) and w8 (from h2).",
        ),
        (
            sig(s["w6"] * h1 + s["w8"] * h2 + s["b2"]),
            "o2 takes row 2 of W(2), w7 and w8; you used column 2 (w6, w8).",
        ),
        (sig(s["w7"] * h1 + s["w8"] * h2), "the output layer's bias b2 is missing."),
        (
            sig(s["w7"] * h1_col + s["w8"] * h2_col + s["b2"]),
            "h1 is fed by w1 and w2 (row 1 of W(1)), h2 by w3 and w4: you used the columns.",
        ),
        (s["w7"] * h1 + s["w8"] * h2 + s["b2"], "that is net_o2; out_o2 is its logistic."),
        (
            sig(s["w7"] * net_h1 + s["w8"] * net_h2 + s["b2"]),
            "the hidden units need their logistic too: use out_h1 and out_h2, not net_h1, net_h2.",
        ),
    ]
    return s, right, wrongs


@checker("1.3", "replace None by a sympy expression for out_o2.", "a sympy expression")
def check_out_o2(expr, seed=None):
    """Exercise 1.3: out_o2 as one sympy expression in i1, i2, w1..w8, b1, b2.

    Any equivalent form is accepted: it is compared with the composite function
    at twelve random points, every symbol in [-2, 2], to a relative error of
    1e-9 (two different functions of these twelve symbols agreeing there by
    chance is not a practical concern).
    """
    ex = "1.3"
    s, right, wrongs = _out_o2_candidates()
    expr, feedback = parse_expression(
        ex, expr, "replace None by a sympy expression for out_o2.", allowed=set(s)
    )
    if feedback:
        return feedback
    return judge_expression(
        ex, expr, dict.fromkeys(s, (-2.0, 2.0)), right,
        "out_o2 = sigma(w7 sigma(net_h1) + w8 sigma(net_h2) + b2).", wrongs,
        ("out_o2", "build it as sigma(W(2) sigma(W(1) x + b1) + b2), row 2."),
        seed=seed,
    )  # fmt: skip
