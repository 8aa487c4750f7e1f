"""Checkers for the exercises of Chapter 10, training and what makes it hard.

* 10.1 (derivation): Adam's first moment m_t under a constant gradient, and its bias.
* 10.2 (implementation): one step of gradient descent with momentum.
* 10.3 (interpretation): how many reorderings of the hidden units leave the network unchanged.
* 10.4 (implementation): clipping a whole gradient by its global norm.

Every checker answers any object at all with a message: what it cannot use,
it says so, and a reader's function that raises is reported, not re-raised.
"""

from __future__ import annotations

import functools
import math
from numbers import Integral, Real

import numpy as np
import sympy as sp

from . import correct, not_answered, wrong
from ._common import as_expression, parse_expression, run_reader_function, unusable_function

__all__ = [
    "ex101_symbols",
    "check_adam_first_moment",
    "check_momentum_step",
    "check_hidden_permutations",
    "check_clip_by_global_norm",
]


def _total(ex):
    """Make a checker answer with feedback even when something unforeseen goes wrong."""

    def decorate(checker):
        @functools.wraps(checker)
        def wrapper(answer, *args, **kwargs):
            try:
                return checker(answer, *args, **kwargs)
            except Exception as exc:  # the reader's object did something unforeseen
                return wrong(ex, f"this answer could not be checked ({type(exc).__name__}: {exc}).")

        return wrapper

    return decorate


# --- 10.1 ----------------------------------------------------------------------------------


def ex101_symbols():
    """beta1, g and t, as Exercise 10.1 names them (t a positive integer)."""
    return (
        sp.Symbol("beta1", positive=True),
        sp.Symbol("g", real=True),
        sp.Symbol("t", integer=True, positive=True),
    )


def _values_at(expr, cases):
    """The expression's value for each (beta1, g, t), or None where it has none."""
    b1, g, t = sp.symbols("beta1 g t")
    out = []
    for b, gv, tv in cases:
        value = sp.N(sp.sympify(expr).subs({b1: b, g: gv, t: tv}).doit())
        out.append(complex(value) if value.is_number else None)
    return out


def _same_values(expr, reference, cases):
    got, want = _values_at(expr, cases), _values_at(reference, cases)
    return all(
        a is not None and abs(a - w) <= 1e-10 * max(1.0, abs(w))
        for a, w in zip(got, want, strict=True)
    )


@_total("10.1")
def check_adam_first_moment(answer, seed=None):
    """Exercise 10.1: m_t when every gradient equals g, from m_0 = 0, in beta1, g and t."""
    ex = "10.1"
    if isinstance(answer, sp.Equality):  # m_t = ...: the right-hand side is the answer
        answer = answer.rhs
    if isinstance(answer, sp.MatrixBase) and answer.shape == (1, 1):
        answer = answer[0, 0]
    if isinstance(answer, sp.MatrixBase) or (
        answer is not None and not isinstance(as_expression(answer), (sp.Expr, type(None)))
    ):
        return wrong(
            ex, f"give one sympy expression in beta1, g and t, not a {type(answer).__name__}."
        )
    expr, feedback = parse_expression(
        ex,
        answer,
        "replace None by a sympy expression in beta1, g and t (ch10.ex101_symbols()).",
        allowed={"beta1", "g", "t"},
        telling={
            "beta2": "m_t uses beta1; beta2 is the rate of the second moment s.",
            "k": "k is free in your answer: sum over it (sp.Sum(..., (k, 1, t))) or give a "
            "closed form.",
            "m_0": "m_0 = 0: put the zero in.",
        },
    )
    if feedback:
        return feedback
    if not expr.free_symbols:
        return wrong(ex, "that is a constant; m_t depends on beta1, g and t.")
    rng = np.random.default_rng(seed)
    b1, g, t = sp.symbols("beta1 g t")
    cases = [
        (sp.Float(rng.uniform(0.05, 0.95)), sp.Float(rng.choice([-1, 1]) * rng.uniform(0.2, 3)), k)
        for k in range(1, 8)
    ]
    right = (1 - b1**t) * g
    if _same_values(expr, right, cases):
        return correct(
            ex,
            "m_t = (1 - beta1^t) g: a weighted sum of t copies of g whose weights add up to "
            "1 - beta1^t, not 1, so m_t starts near 0 (the initial m_0). Dividing by "
            "1 - beta1^t gives m_hat = g: the bias correction.",
        )
    slips = [
        ((1 - b1) * g, "that is m_1 only; unroll m_t = beta1 m_(t-1) + (1 - beta1) g t times."),
        (b1**t * g, "that is how far m_t falls short of g (the bias), not m_t itself."),
        (g, "that is m_hat, after the bias correction; m_t itself is smaller at the start."),
        (1 - b1**t, "the factor g is missing: m_t is an average of gradients."),
        ((1 - b1 ** (t + 1)) * g, "off by one in the exponent: check t = 1, m_1 = (1 - beta1) g."),
        ((1 - b1 ** (t - 1)) * g, "off by one in the exponent: check t = 1, m_1 = (1 - beta1) g."),
        ((1 - b1**t) * g / (1 - b1), "the factor (1 - beta1) of every new gradient is missing."),
        (t * (1 - b1) * g, "the older gradients decay: each step multiplies m by beta1."),
        (-(1 - b1**t) * g, "the sign is flipped: m averages g itself."),
    ]
    for slip, message in slips:
        if _same_values(expr, slip, cases):
            return wrong(ex, message)
    return wrong(
        ex,
        "check small t by hand: m_1 = (1 - beta1) g, m_2 = beta1 m_1 + (1 - beta1) g; "
        "sp.rsolve can solve the recursion.",
    )


# --- 10.2 ----------------------------------------------------------------------------------


def _as_float_array(value):
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"an array of numbers, not of dtype {arr.dtype}")
    return arr.astype(float)


def _pair(result, names):
    """The reader's result as two float arrays, or a message saying what it is instead."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return None, f"return a pair ({names})."
    try:
        return tuple(_as_float_array(r) for r in result), None
    except (TypeError, ValueError) as exc:
        return None, f"return a pair ({names}) of numpy arrays; got {exc}."


@_total("10.2")
def check_momentum_step(fn, seed=None):
    """Exercise 10.2: ``fn(theta, v, g, lr, mu)`` returns ``(theta_new, v_new)``."""
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
            return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
        if any(not np.array_equal(a, b) for a, b in zip(given, (theta, v, g), strict=True)):
            return wrong(ex, "your function changed the arrays passed in; return new arrays.")
        pair, message = _pair(result, "theta_new, v_new")
        if message:
            return wrong(ex, message)
        new_theta, new_v = pair
        if new_theta.shape != shape or new_v.shape != shape:
            return wrong(
                ex,
                f"with theta of shape {shape} you returned shapes {new_theta.shape} and "
                f"{new_v.shape}; both must have theta's shape.",
            )
        right_v = mu * v + g
        right_theta = theta - lr * right_v
        close = functools.partial(np.allclose, rtol=1e-10, atol=1e-12)
        if close(new_theta, right_theta) and close(new_v, right_v):
            continue
        if close(new_theta, right_v) and close(new_v, right_theta):
            return wrong(ex, "the two results are swapped: return (theta_new, v_new).")
        if close(new_v, mu * v + lr * g):
            return wrong(
                ex,
                "your velocity holds lr g (the other common convention); here v <- mu v + g "
                "and the learning rate multiplies only at the step, theta <- theta - lr v.",
            )
        if close(new_v, mu * v + (1 - mu) * g):
            return wrong(
                ex,
                "that velocity is an average of the gradients (Adam's m); momentum adds the "
                "whole gradient: v <- mu v + g.",
            )
        if close(new_v, g) and mu != 0.0:
            return wrong(ex, "your velocity forgets the past: v <- mu v + g.")
        if close(new_v, right_v) and close(new_theta, theta - lr * v):
            return wrong(
                ex, "you stepped with the old velocity: update v first, then step with it."
            )
        if close(new_v, right_v) and close(new_theta, theta + lr * right_v):
            return wrong(ex, "the sign of the step is flipped: descend, theta <- theta - lr v.")
        if close(new_v, right_v):
            return wrong(ex, "the velocity is right; the step should be theta - lr v_new.")
        return wrong(
            ex,
            f"with mu = {mu} and lr = {lr:.3f}, v_new is off by up to "
            f"{np.max(np.abs(new_v - right_v)):.3g}: v_new = mu v + g, "
            "theta_new = theta - lr v_new.",
        )
    return correct(
        ex,
        "v <- mu v + g, theta <- theta - lr v: on a steady slope v grows to g / (1 - mu), "
        "so the step grows to lr g / (1 - mu).",
    )


# --- 10.3 ----------------------------------------------------------------------------------

EX103_LAYERS = (64, 64, 10)


@_total("10.3")
def check_hidden_permutations(answer, layer_sizes=EX103_LAYERS):
    """Exercise 10.3: how many orderings of the hidden units give the same function."""
    ex = "10.3"
    if answer is None:
        return not_answered(ex, "replace None by a whole number (math.factorial helps).")
    if isinstance(answer, sp.Basic) and answer.is_Integer:
        answer = int(answer)
    if isinstance(answer, bool) or not isinstance(answer, (Integral, Real)):
        return wrong(ex, f"give a whole number, not {type(answer).__name__}.")
    if not isinstance(answer, Integral):
        return wrong(
            ex,
            "give the exact whole number; a float of that size keeps only 16 digits "
            "(math.factorial returns it exactly).",
        )
    answer = int(answer)
    m_0, m_1, m_2 = layer_sizes
    right = math.factorial(m_1)
    if answer == right:
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
    if answer in slips:
        return wrong(ex, slips[answer])
    return wrong(
        ex,
        "count the ways to put the hidden units in order: the first place can take any of "
        "the M_1 units, the second any of the rest, ...",
    )


# --- 10.4 ----------------------------------------------------------------------------------


def _reader_grads(result, shapes):
    """The reader's result as (dW, db) float pairs shaped like ``shapes``, or a message."""
    if not isinstance(result, (list, tuple)) or len(result) != len(shapes):
        return None, f"return a list of {len(shapes)} pairs (dW, db), one per layer."
    out = []
    for l, (pair, (sw, sb)) in enumerate(zip(result, shapes, strict=True), start=1):
        arrays, message = _pair(pair, "dW, db")
        if message:
            return None, f"layer {l}: {message}"
        if arrays[0].shape != sw or arrays[1].shape != sb:
            return None, (
                f"layer {l}: shapes {arrays[0].shape}, {arrays[1].shape}; the clipped "
                f"gradients keep the shapes {sw}, {sb}."
            )
        out.append(arrays)
    return out, None


def _norm(grads):
    return math.sqrt(sum(float(np.sum(a**2)) for pair in grads for a in pair))


@_total("10.4")
def check_clip_by_global_norm(fn, seed=None):
    """Exercise 10.4: ``fn(grads, max_norm)`` returns the gradients clipped to that global norm."""
    ex = "10.4"
    feedback = unusable_function(ex, fn, "define clip(grads, max_norm).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    shapes = [((4, 3), (4,)), ((2, 4), (2,)), ((1, 2), (1,))]
    for factor in (0.1, 0.5, 1.0, 2.5):  # max_norm as a multiple of the gradient's norm
        grads = [(rng.normal(size=sw), rng.normal(size=sb)) for sw, sb in shapes]
        grads[1] = (10 * grads[1][0], 10 * grads[1][1])  # one layer much larger than the rest
        norm = _norm(grads)
        max_norm = factor * norm
        given = [(dW.copy(), db.copy()) for dW, db in grads]
        result, exc = run_reader_function(fn, given, max_norm)
        if exc is not None:
            return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
        if any(
            not np.array_equal(a, b)
            for p, q in zip(given, grads, strict=True)
            for a, b in zip(p, q, strict=True)
        ):
            return wrong(ex, "your function changed the gradients passed in; return new arrays.")
        clipped, message = _reader_grads(result, shapes)
        if message:
            return wrong(ex, message)
        scale = min(1.0, max_norm / norm)
        right = [(scale * dW, scale * db) for dW, db in grads]

        def same(a, b):
            return all(
                np.allclose(x, y, rtol=1e-10, atol=1e-14)
                for p, q in zip(a, b, strict=True)
                for x, y in zip(p, q, strict=True)
            )

        if same(clipped, right):
            continue
        if factor >= 1.0 and same(clipped, [(max_norm / norm * dW, max_norm / norm * db)
                                           for dW, db in grads]):  # fmt: skip
            return wrong(
                ex,
                "a gradient already shorter than max_norm must stay as it is; you stretched it.",
            )
        per_layer = []
        per_array = []
        for dW, db in grads:
            n = math.sqrt(float(np.sum(dW**2) + np.sum(db**2)))
            s = min(1.0, max_norm / n)
            per_layer.append((s * dW, s * db))
            per_array.append(
                tuple(min(1.0, max_norm / float(np.linalg.norm(a))) * a for a in (dW, db))
            )
        if same(clipped, per_layer) or same(clipped, per_array):
            return wrong(
                ex,
                "you clipped each layer (or array) by its own norm: that changes the direction "
                "of the whole gradient. Take one norm over every entry of every layer.",
            )
        if same(clipped, [tuple(np.clip(a, -max_norm, max_norm) for a in p) for p in grads]):
            return wrong(
                ex,
                "np.clip clips each entry (clipping by value), which changes the direction; "
                "scale the whole gradient by max_norm / norm instead.",
            )
        got = _norm(clipped)
        if factor < 1.0 and not math.isclose(got, max_norm, rel_tol=1e-8):
            return wrong(
                ex,
                f"the clipped gradient has global norm {got:.4g}, but max_norm is {max_norm:.4g}; "
                "the norm is the square root of the sum of the squares of every entry.",
            )
        return wrong(
            ex,
            "the result must point the same way as the gradient: every entry multiplied by "
            "min(1, max_norm / norm).",
        )
    return correct(
        ex,
        "every entry is multiplied by min(1, max_norm / ||g||): the length is capped, the "
        "direction kept.",
    )
