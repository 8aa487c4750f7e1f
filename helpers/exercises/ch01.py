"""Checkers for the exercises of Chapter 1, forward propagation.

* 1.1 (interpretation): the number of parameters of a network of given layer sizes.
* 1.2 (implementation): one layer's forward pass on a minibatch.
* 1.3 (derivation): out_o2 of the worked example as one sympy expression.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
import sympy as sp

from ..activations import tanh
from . import correct, not_answered, wrong
from ._common import parse_expression, run_reader_function, unusable_function

__all__ = [
    "EX11_LAYER_SIZES",
    "WORKED_EXAMPLE_SYMBOLS",
    "check_layer_forward",
    "check_out_o2",
    "check_param_count",
]

EX11_LAYER_SIZES = (64, 30, 10)


def check_param_count(answer, layer_sizes=EX11_LAYER_SIZES):
    """Exercise 1.1: how many weights and biases has a network with these layer sizes?"""
    ex = "1.1"
    if answer is None:
        return not_answered(ex, "replace None by the number of weights and biases.")
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return wrong(ex, f"give a number, not {type(answer).__name__}.")
    if not float(answer).is_integer():
        return wrong(ex, f"{answer} is not a whole number; parameters come one by one.")
    answer = int(answer)
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
    return wrong(
        ex, "count, for each layer l = 1..L, the entries of W(l) and of b(l), and add them up."
    )


def check_layer_forward(layer_forward, seed=None):
    """Exercise 1.2: ``layer_forward(W, b, A_prev, f)`` must return ``(Z, A)`` for a minibatch.

    The answer is run on fresh random shapes and values (M_l != M_(l-1) != N,
    so a transposed result or a transposed W shows up as a wrong shape).
    """
    ex = "1.2"
    feedback = unusable_function(ex, layer_forward, "define layer_forward(W, b, A_prev, f).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for _ in range(3):
        m_in, m_out, n = (int(k) for k in rng.choice(np.arange(2, 9), size=3, replace=False))
        W = rng.normal(size=(m_out, m_in))
        b = rng.normal(size=m_out)
        A_prev = rng.normal(size=(m_in, n))
        f = tanh
        Z_ref = W @ A_prev + b[:, None]
        A_ref = f(Z_ref)
        result, exc = run_reader_function(layer_forward, W.copy(), b.copy(), A_prev.copy(), f)
        if exc is not None:
            hint = ""
            if "matmul" in str(exc) or "shapes" in str(exc) or "broadcast" in str(exc):
                hint = (
                    f" With W of shape {W.shape} and A_prev of shape {A_prev.shape}, "
                    "z = W a + b needs W on the left, untransposed, and b as a column."
                )
            return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.{hint}")
        if not isinstance(result, tuple) or len(result) != 2:
            return wrong(ex, "return a pair (Z, A): the net inputs and the activations.")
        Z, A = (np.asarray(r) for r in result)
        if Z.shape != Z_ref.shape or A.shape != A_ref.shape:
            if Z.shape == Z_ref.T.shape:
                return wrong(
                    ex,
                    f"Z has shape {Z.shape} but should have shape {Z_ref.shape}, "
                    "one example per column: you built it transposed.",
                )
            return wrong(
                ex,
                f"Z has shape {Z.shape} and A shape {A.shape}; both should be {Z_ref.shape} "
                f"(M_l, N) for W of shape {W.shape} and A_prev of shape {A_prev.shape}.",
            )
        if np.allclose(Z, W @ A_prev) and not np.allclose(Z, Z_ref):
            return wrong(ex, "the bias is missing from Z: z = W a + b.")
        if np.allclose(Z, Z_ref) and np.allclose(A, Z_ref):
            return wrong(ex, "A equals Z: apply the activation f to Z.")
        if not np.allclose(Z, Z_ref):
            return wrong(ex, "Z differs from W A_prev + b (b added to every column).")
        if not np.allclose(A, A_ref):
            return wrong(ex, "Z is right but A is not f(Z).")
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


def check_out_o2(expr, seed=None):
    """Exercise 1.3: out_o2 as one sympy expression in i1, i2, w1..w8, b1, b2.

    Any equivalent form is accepted: it is compared with the composite function
    at five random points, to a relative error of 1e-10 (two different functions
    of these twelve symbols agreeing there by chance is not a practical concern).
    """
    ex = "1.3"
    expr, feedback = parse_expression(ex, expr, "replace None by a sympy expression for out_o2.")
    if feedback:
        return feedback
    s, right, wrongs = _out_o2_candidates()
    unknown = {str(x) for x in expr.free_symbols} - set(s)
    if unknown:
        return wrong(ex, f"it uses symbols {sorted(unknown)}; use only {WORKED_EXAMPLE_SYMBOLS}.")
    args = list(s.values())
    # Symbols with other assumptions but the same names are replaced by ours.
    expr = expr.subs({x: s[str(x)] for x in expr.free_symbols})
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1.0, 1.0, size=(5, len(args)))

    def values(e):
        fn = sp.lambdify(args, e, "math")
        return np.array([float(fn(*p)) for p in points])

    try:
        yours = values(expr)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError) as exc:
        return wrong(ex, f"it could not be evaluated at sample points ({exc}).")
    if np.allclose(yours, values(right), rtol=1e-10, atol=1e-12):
        return correct(ex, "out_o2 = sigma(w7 sigma(net_h1) + w8 sigma(net_h2) + b2).")
    for candidate, message in wrongs:
        if np.allclose(yours, values(candidate), rtol=1e-10, atol=1e-12):
            return wrong(ex, message)
    # Not a known slip: show where it differs.
    p0 = dict(zip(args, points[0], strict=True))
    return wrong(
        ex,
        f"at i1 = {p0[s['i1']]:.3f}, i2 = {p0[s['i2']]:.3f}, w1 = {p0[s['w1']]:.3f}, ... "
        f"it gives {yours[0]:.6f} where out_o2 is {float(right.subs(p0)):.6f}; "
        "build it as sigma(W(2) sigma(W(1) x + b1) + b2), row 2.",
    )
