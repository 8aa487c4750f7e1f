"""Checkers for the exercises of Chapter 7, automatic differentiation.

* 7.1 (derivation): the local derivative of the last three nodes of the nndl graph,
  fused into one.
* 7.2 (implementation): tanh of a Dual number, written without the library's tanh.
* 7.3 (interpretation): passes of forward and reverse mode.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..autodiff import Dual
from . import correct, wrong
from ._common import (
    checker,
    describe,
    judge_expression,
    parse_expression,
    raised,
    run_reader_function,
    unusable_function,
    whole_pair,
)

__all__ = ["check_local_derivative", "check_tanh_dual", "check_passes"]


@checker("7.1", "replace None by a sympy expression in h3.", "a sympy expression in h3")
def check_local_derivative(answer, seed=None):
    """Exercise 7.1: dh6/dh3 when h4, h5, h6 are fused into one node 1/(exp(h3) + 1), in h3.

    Compared at random points with h3 in [-6, 6].
    """
    ex = "7.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in h3.", allowed={"h3"},
        telling={
            name: "write it in h3 alone: h4 = exp(h3), h5 = h4 + 1 and h6 = 1/h5."
            for name in ("h4", "h5", "h6")
        },
    )  # fmt: skip
    if feedback:
        return feedback
    h3 = sp.Symbol("h3")
    e = sp.exp(h3)
    slips = [
        (e / (e + 1) ** 2, "the sign is flipped: h6 falls as h3 grows."),
        (-1 / (e + 1) ** 2, "the factor dh4/dh3 = exp(h3) is missing."),
        (-e / (e + 1), "d(1/u)/du = -1/u^2, not -1/u."),
    ]
    return judge_expression(
        ex, expr, {"h3": (-6.0, 6.0)}, -e / (e + 1) ** 2,
        "dh6/dh3 = dh6/dh5 dh5/dh4 dh4/dh3 = -exp(h3)/(exp(h3) + 1)^2.", slips,
        ("dh6/dh3", "multiply the local derivatives along the path h3 -> h4 -> h5 -> h6."),
        seed=seed,
    )  # fmt: skip


class _NoShortcut(Exception):
    """Raised by a _GuardedDual's tanh: the reader's function called the library's tanh."""


class _GuardedDual(Dual):
    """A Dual whose tanh() refuses, so d.tanh(), np.tanh(d) and autodiff.tanh(d) are caught."""

    __slots__ = ()

    def tanh(self):
        raise _NoShortcut


def _values_72(rng):
    # The middle, where tanh bends, and its saturated tails, where exp(2v) and cosh(v)^2
    # overflow: both signs, derivative parts of both signs.
    middle = rng.uniform(-4, 4, size=5)
    tails = rng.uniform(20, 30, size=2) * [1, -1]
    far = rng.uniform(300, 700, size=2) * [1, -1]
    values = np.concatenate([middle, tails, far])
    derivs = rng.uniform(-4, 4, size=values.size)
    return [(float(v), float(d)) for v, d in zip(values, derivs, strict=True)]


@checker("7.2", "define tanh_dual(d).", "a function returning a Dual")
def check_tanh_dual(fn, seed=None):
    """Exercise 7.2: ``fn(d)`` returns tanh of the Dual ``d`` as a new Dual, written by hand.

    Run on fresh Duals with values in [-4, 4], in [20, 30] and in [300, 700] (both signs),
    derivative parts of both signs; a Dual whose tanh() raises catches d.tanh(), np.tanh(d)
    and helpers.autodiff.tanh(d).
    """
    ex = "7.2"
    feedback = unusable_function(ex, fn, "define tanh_dual(d).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for value, deriv in _values_72(rng):
        d = _GuardedDual(value, deriv)
        result, exc = run_reader_function(fn, d)
        if isinstance(exc, _NoShortcut):
            return wrong(
                ex, "write it yourself, without d.tanh() (np.tanh(d) and autodiff.tanh(d) call it)."
            )
        if isinstance(exc, OverflowError):
            return raised(
                ex, exc, f" At v = {value:.6g}, tanh has saturated: compute t = math.tanh(v) "
                "and use 1 - t^2, which cannot overflow.",
            )  # fmt: skip
        if exc is not None:
            return raised(ex, exc)
        if result is d:
            return wrong(ex, "return a new Dual(value, deriv), not d itself.")
        if (d.value, d.deriv) != (value, deriv):
            return wrong(ex, "leave d as it is and return a new Dual(value, deriv).")
        if not isinstance(result, Dual):
            return wrong(ex, f"return a Dual, not {describe(result)}.")
        t = math.tanh(value)
        if not math.isfinite(result.value) or not math.isfinite(result.deriv):
            return wrong(ex, f"at v = {value:.6g} the Dual it returns holds NaN or inf.")
        if not np.isclose(result.value, t, rtol=1e-12, atol=1e-15):
            return wrong(ex, "the value part must be tanh of the value.")
        right = (1 - t * t) * deriv
        if np.isclose(result.deriv, right, rtol=1e-9, atol=1e-12):
            continue
        if np.isclose(result.deriv, 1 - t * t, rtol=1e-9):
            return wrong(ex, "multiply by the incoming derivative d.deriv: that is the chain rule.")
        if np.isclose(result.deriv, (1 - t) * deriv, rtol=1e-9):
            return wrong(ex, "tanh'(v) = 1 - tanh(v)^2, squared, not 1 - tanh(v).")
        if np.isclose(result.deriv, deriv / math.cosh(value), rtol=1e-9):
            return wrong(ex, "tanh'(v) = sech(v)^2 = 1/cosh(v)^2: the sech is squared.")
        if np.isclose(result.deriv, -right, rtol=1e-9):
            return wrong(ex, "the sign is flipped: tanh grows, so tanh' > 0.")
        return wrong(ex, "the derivative part must be (1 - tanh(v)^2) times d.deriv.")
    return correct(ex, "Dual(tanh(v), (1 - tanh(v)^2) v').")


@checker("7.3", "replace None by a pair (forward passes, reverse passes).", "a pair of numbers")
def check_passes(answer, n_inputs=1000, n_outputs=1):
    """Exercise 7.3: (forward-mode passes, reverse-mode passes) for a full gradient."""
    ex = "7.3"
    answer, feedback = whole_pair(
        ex, answer, "a pair of whole numbers: (forward passes, reverse passes)"
    )
    if feedback:
        return feedback
    if answer == (n_inputs, n_outputs):
        return correct(ex, "forward mode needs one pass per input, reverse mode one per output.")
    if answer == (n_outputs, n_inputs):
        return wrong(ex, "the other way round: forward mode seeds one input per pass.")
    if answer == (2 * n_inputs, n_outputs):
        return wrong(
            ex, f"2P = {2 * n_inputs:,} is the central difference's count; forward mode is exact "
            "with one pass per parameter.",
        )  # fmt: skip
    if answer == (n_inputs + 1, n_outputs):
        return wrong(
            ex, f"P + 1 = {n_inputs + 1:,} is the forward difference's count; forward mode needs "
            "no extra pass at the point itself: each pass carries the value too.",
        )  # fmt: skip
    if answer == (n_inputs, 2 * n_outputs):
        return wrong(
            ex, "count reverse mode's backward passes: one per output. (The forward pass that "
            "records the graph comes with it, as the function's own evaluation does in forward "
            "mode.)",
        )  # fmt: skip
    if answer[0] == answer[1]:
        return wrong(
            ex, "the two modes differ: forward seeds one input per pass, reverse one output."
        )
    return wrong(ex, "forward mode: one pass per input; reverse mode: one pass per output.")
