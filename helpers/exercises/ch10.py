"""Checkers for the exercises of Chapter 10, training and what makes it hard.

* 10.1 (derivation): Adam's first moment m_t under a constant gradient, and its bias.
* 10.2 (implementation): one step of gradient descent with momentum.
* 10.3 (interpretation): how many reorderings of the hidden units leave the network unchanged.
* 10.4 (implementation): clipping a whole gradient by its global norm.

Every checker goes through ``_common.checker``: it never raises, and whatever
the reader's function raises or returns is reported as feedback.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from . import correct, wrong
from ._common import (
    array_result,
    checker,
    judge_expression,
    layer_pairs,
    pair_result,
    parse_expression,
    raised,
    run_reader_function,
    unusable_function,
    whole_number,
)

__all__ = [
    "EX103_LAYERS",
    "ex101_symbols",
    "check_adam_first_moment",
    "check_momentum_step",
    "check_hidden_permutations",
    "check_clip_by_global_norm",
]


# --- 10.1 ----------------------------------------------------------------------------------


def ex101_symbols():
    """beta1, g and t, as Exercise 10.1 names them (t a positive integer)."""
    return (
        sp.Symbol("beta1", positive=True),
        sp.Symbol("g", real=True),
        sp.Symbol("t", integer=True, positive=True),
    )


_EX101_HINT = "replace None by a sympy expression in beta1, g and t (ch10.ex101_symbols())."


def _ex101_points(rng):
    """(beta1, g, t) rows: t = 1 .. 10 (a step count), beta1 over (0, 1), g of both signs."""
    t = np.arange(1, 11)
    beta1 = rng.uniform(0.05, 0.95, size=t.size)
    g = rng.choice([-1.0, 1.0], size=t.size) * rng.uniform(0.2, 3.0, size=t.size)
    return np.column_stack([beta1, g, t])


@checker("10.1", _EX101_HINT, "a sympy expression in beta1, g and t")
def check_adam_first_moment(answer, seed=None):
    """Exercise 10.1: m_t when every gradient equals g, from m_0 = 0, in beta1, g and t.

    Compared with (1 - beta1^t) g at the step counts t = 1 .. 10, with fresh random
    beta1 in (0, 1) and g of both signs: any form that agrees at every step is right.
    """
    ex = "10.1"
    expr, feedback = parse_expression(
        ex, answer, _EX101_HINT, allowed={"beta1", "g", "t"},
        telling={
            "beta2": "m_t uses beta1; beta2 is the rate of the second moment s.",
            "k": "k is free in your answer: sum over it (sp.Sum(..., (k, 1, t)).doit()) or "
            "give a closed form.",
            "m_0": "m_0 = 0: put the zero in.",
            "m": "m(t) is what you solve for: give its closed form (sp.rsolve solves the "
            "recursion).",
        },
    )  # fmt: skip
    if feedback:
        return feedback
    if not expr.free_symbols:
        return wrong(ex, "that is a constant; m_t depends on beta1, g and t.")
    b1, g, t = sp.symbols("beta1 g t")
    off_by_one = "off by one in the exponent: check t = 1, m_1 = (1 - beta1) g."
    slips = [
        (
            (1 - b1) * g,
            "that is m_1 only; unroll m_t = beta1 m_(t-1) + (1 - beta1) g down to m_0 = 0.",
        ),
        (b1**t * g, "that is how far m_t falls short of g (the bias), not m_t itself."),
        (g, "that is m_hat, after the bias correction; m_t itself is smaller at the start."),
        (1 - b1**t, "the factor g is missing: m_t is an average of gradients."),
        ((1 - b1 ** (t + 1)) * g, off_by_one),
        ((1 - b1 ** (t - 1)) * g, off_by_one),
        ((1 - b1**t) * g / (1 - b1), "the factor (1 - beta1) of every new gradient is missing."),
        (t * (1 - b1) * g, "the older gradients decay: each step multiplies m by beta1."),
        (-(1 - b1**t) * g, "the sign is flipped: m averages g itself."),
    ]
    return judge_expression(
        ex, expr, {"beta1": (0.05, 0.95), "g": (-3.0, 3.0), "t": (1, 10)}, (1 - b1**t) * g,
        "m_t = (1 - beta1^t) g: a weighted sum of t copies of g whose weights add up to "
        "1 - beta1^t, not 1, so m_t starts near 0 (the initial m_0). Dividing by "
        "1 - beta1^t gives m_hat = g: the bias correction.",
        slips,
        ("m_t", "check small t by hand: m_1 = (1 - beta1) g, m_2 = beta1 m_1 + (1 - beta1) g; "
         "sp.rsolve can solve the recursion."),
        points=_ex101_points(np.random.default_rng(seed)),
    )  # fmt: skip


# --- 10.2 ----------------------------------------------------------------------------------


def _close(a, b):
    return bool(np.allclose(a, b, rtol=1e-10, atol=1e-12))


def _momentum_slip(theta, v, g, lr, mu, new_theta, new_v):
    """What is off in a momentum step that is not right, as a message."""
    right_v = mu * v + g
    right_theta = theta - lr * right_v
    if _close(new_theta, right_v) and _close(new_v, right_theta):
        return "the two results are swapped: return (theta_new, v_new)."
    if _close(new_v, mu * v + lr * g):
        return (
            "your velocity holds lr g (the other common convention); here v <- mu v + g "
            "and the learning rate multiplies only at the step, theta <- theta - lr v."
        )
    if _close(new_v, mu * v + (1 - mu) * g):
        return (
            "that velocity is an average of the gradients (Adam's m); momentum adds the "
            "whole gradient: v <- mu v + g."
        )
    if _close(new_v, g) and mu != 0.0:
        return "your velocity forgets the past: v <- mu v + g."
    if _close(new_v, right_v) and _close(new_theta, theta - lr * v):
        return "you stepped with the old velocity: update v first, then step with it."
    if _close(new_v, right_v) and _close(new_theta, theta + lr * right_v):
        return "the sign of the step is flipped: descend, theta <- theta - lr v."
    if _close(new_v, right_v):
        return "the velocity is right; the step should be theta - lr v_new."
    return (
        f"with mu = {mu} and lr = {lr:.3f}, v_new is off by up to "
        f"{np.max(np.abs(new_v - right_v)):.3g}: v_new = mu v + g, theta_new = theta - lr v_new."
    )


@checker(
    "10.2", "define momentum_step(theta, v, g, lr, mu).", "a function returning (theta_new, v_new)"
)
def check_momentum_step(fn, seed=None):
    """Exercise 10.2: ``fn(theta, v, g, lr, mu)`` returns ``(theta_new, v_new)``.

    Tried on arrays of four shapes (1-D, 2-D, a single row) with fresh random
    values, learning rates in [0.01, 0.5] and mu from 0 (no momentum) to 0.99.
    """
    ex = "10.2"
    feedback = unusable_function(ex, fn, "define momentum_step(theta, v, g, lr, mu).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for shape, mu in [((3,), 0.9), ((2, 4), 0.5), ((5,), 0.0), ((1, 3), 0.99)]:
        theta, v, g = (rng.normal(size=shape) for _ in range(3))
        lr = float(rng.uniform(0.01, 0.5))
        given = [a.copy() for a in (theta, v, g)]
        result, exc = run_reader_function(fn, *given, lr, mu)
        if exc is not None:
            return raised(ex, exc)
        if any(not np.array_equal(a, b) for a, b in zip(given, (theta, v, g), strict=True)):
            return wrong(ex, "your function changed the arrays passed in; return new arrays.")
        pair, feedback = pair_result(ex, result, "(theta_new, v_new)")
        if feedback:
            return feedback
        new_theta, feedback = array_result(ex, pair[0], shape, "theta_new")
        if feedback:
            return feedback
        new_v, feedback = array_result(ex, pair[1], shape, "v_new")
        if feedback:
            return feedback
        right_v = mu * v + g
        if not (_close(new_theta, theta - lr * right_v) and _close(new_v, right_v)):
            return wrong(ex, _momentum_slip(theta, v, g, lr, mu, new_theta, new_v))
    return correct(
        ex,
        "v <- mu v + g, theta <- theta - lr v: on a steady slope v grows to g / (1 - mu), "
        "so the step grows to lr g / (1 - mu).",
    )


# --- 10.3 ----------------------------------------------------------------------------------

EX103_LAYERS = (64, 64, 10)


@checker("10.3", "replace None by a whole number (math.factorial helps).", "a whole number")
def check_hidden_permutations(answer, layer_sizes=EX103_LAYERS):
    """Exercise 10.3: how many orderings of the hidden units give the same function.

    The count is exact: a float cannot hold 64! (90 digits), so one is refused.
    """
    ex = "10.3"
    count, feedback = whole_number(ex, answer, "the whole number of orderings", exact=True)
    if feedback:
        return feedback
    m_0, m_1, m_2 = layer_sizes
    right = math.factorial(m_1)
    if count == right:
        return correct(
            ex,
            f"M_1! = {m_1}!, about {float(right):.3g}: every ordering of the hidden units, with "
            "their weights moved along, computes the same function, so each minimum has that "
            "many copies.",
        )
    slips = {
        right - 1: "count the original ordering too: it is one of the orderings.",
        m_1: "that is the number of hidden units; count the orderings of them.",
        math.comb(m_1, 2): "that counts swaps of two units; any reordering works, and there "
        "are M_1! of them.",
        2**m_1: "that counts sign flips (tanh is odd); the question asks for reorderings.",
        2**m_1 * right: "that also counts sign flips; the question asks for reorderings only.",
        math.factorial(m_2): "the output units cannot be reordered: each one stands for a class.",
        math.factorial(m_0): "the input units cannot be reordered: each one is a pixel.",
        math.factorial(m_0 + m_1 + m_2): "only the hidden units can move: inputs and outputs "
        "have fixed meanings.",
        math.factorial(m_1 + m_2): "only the hidden units can move: the outputs have fixed "
        "meanings.",
    }
    if count in slips:
        return wrong(ex, slips[count])
    return wrong(
        ex,
        "count the ways to put the hidden units in order: the first place can take any of "
        "the M_1 units, the second any of the rest, ...",
    )


# --- 10.4 ----------------------------------------------------------------------------------


def _norm(grads):
    return math.sqrt(sum(float(np.sum(a**2)) for pair in grads for a in pair))


def _scaled(grads, scales):
    """Each array of ``grads`` times its own factor (an iterator giving one per array)."""
    scales = iter(scales)
    return [tuple(next(scales) * a for a in pair) for pair in grads]


def _same(a, b):
    return all(
        np.allclose(x, y, rtol=1e-10, atol=1e-14)
        for p, q in zip(a, b, strict=True)
        for x, y in zip(p, q, strict=True)
    )


def _unchanged(given, grads):
    """True when the list handed to the reader's function still holds the gradients as they were."""
    if not isinstance(given, list) or len(given) != len(grads):
        return False
    for pair, original in zip(given, grads, strict=True):
        if not isinstance(pair, tuple) or len(pair) != 2:
            return False
        for a, b in zip(pair, original, strict=True):
            if not (isinstance(a, np.ndarray) and a.shape == b.shape and np.array_equal(a, b)):
                return False
    return True


def _clip_slip(grads, max_norm, norm, clipped):
    """What is off in a clipped gradient that is not right, as a message."""
    if norm <= max_norm and _same(clipped, _scaled(grads, [max_norm / norm] * 2 * len(grads))):
        return "a gradient already shorter than max_norm must stay as it is; you stretched it."
    per_layer = [min(1.0, max_norm / _norm([pair])) for pair in grads for _ in pair]
    per_array = [min(1.0, max_norm / float(np.linalg.norm(a))) for pair in grads for a in pair]
    if _same(clipped, _scaled(grads, per_layer)) or _same(clipped, _scaled(grads, per_array)):
        return (
            "you clipped each layer (or array) by its own norm: that changes the direction "
            "of the whole gradient. Take one norm over every entry of every layer."
        )
    if _same(clipped, [tuple(np.clip(a, -max_norm, max_norm) for a in p) for p in grads]):
        return (
            "np.clip clips each entry (clipping by value), which changes the direction; "
            "scale the whole gradient by max_norm / norm instead."
        )
    got = _norm(clipped)
    if norm > max_norm and not math.isclose(got, max_norm, rel_tol=1e-8):
        return (
            f"the clipped gradient has global norm {got:.4g}, but max_norm is {max_norm:.4g}; "
            "the norm is the square root of the sum of the squares of every entry."
        )
    return (
        "the result must point the same way as the gradient: every entry multiplied by "
        "min(1, max_norm / norm)."
    )


@checker("10.4", "define clip(grads, max_norm).", "a function returning a list of (dW, db)")
def check_clip_by_global_norm(fn, seed=None):
    """Exercise 10.4: ``fn(grads, max_norm)`` returns the gradients clipped to that global norm.

    Tried on fresh random three-layer gradients, one layer ten times larger than
    the others, with max_norm from a tenth of the gradient's norm to 2.5 times it.
    """
    ex = "10.4"
    feedback = unusable_function(ex, fn, "define clip(grads, max_norm).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    sizes = [int(m) for m in rng.choice(np.arange(1, 7), size=4, replace=False)]
    shapes = [((m_out, m_in), (m_out,)) for m_in, m_out in zip(sizes[:-1], sizes[1:], strict=False)]
    for factor in (0.1, 0.5, 1.0, 2.5):  # max_norm as a multiple of the gradient's norm
        grads = [(rng.normal(size=sw), rng.normal(size=sb)) for sw, sb in shapes]
        grads[1] = (10 * grads[1][0], 10 * grads[1][1])  # one layer much larger than the rest
        norm = _norm(grads)
        max_norm = factor * norm
        given = [(dW.copy(), db.copy()) for dW, db in grads]
        result, exc = run_reader_function(fn, given, max_norm)
        if exc is not None:
            return raised(ex, exc)
        if not _unchanged(given, grads):
            return wrong(ex, "your function changed the gradients passed in; return new arrays.")
        clipped, problem = layer_pairs(result, len(shapes), "(dW, db)")
        if problem:
            return wrong(ex, f"{problem}.")
        for l, ((dW, db), (sw, sb)) in enumerate(zip(clipped, shapes, strict=True), start=1):
            if dW.shape != sw or db.shape != sb:
                transposed = " (dW is transposed)" if dW.shape == sw[::-1] != sw else ""
                return wrong(
                    ex,
                    f"layer {l}: shapes {dW.shape}, {db.shape}{transposed}; the clipped "
                    f"gradients keep the shapes {sw}, {sb}.",
                )
        scale = min(1.0, max_norm / norm)
        if not _same(clipped, _scaled(grads, [scale] * 2 * len(grads))):
            return wrong(ex, _clip_slip(grads, max_norm, norm, clipped))
    return correct(
        ex,
        "every entry is multiplied by min(1, max_norm / ||g||): the length is capped, the "
        "direction kept.",
    )
