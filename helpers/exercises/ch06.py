"""Checkers for the exercises of Chapter 6, numerical and symbolic differentiation.

* 6.1 (derivation): the leading error term of the forward difference.
* 6.2 (implementation): a central difference.
* 6.3 (interpretation): how many evaluations a numerical gradient needs.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import sympy as sp

from . import correct, not_answered, wrong
from ._common import parse_expression, run_reader_function, same_function, unusable_function

__all__ = ["check_forward_error_term", "check_central_difference", "check_evaluations"]


def check_forward_error_term(answer):
    """Exercise 6.1: the leading term of (f(x+h) - f(x))/h - f'(x) for f = exp, in x and h."""
    ex = "6.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in x and h.", allowed={"x", "h"}
    )
    if feedback:
        return feedback
    x, h = sp.symbols("x h")
    right = h * sp.exp(x) / 2
    slips = [
        (h**2 * sp.exp(x) / 6, "h^2 f'''/6 is the central difference's leading term."),
        (h * sp.exp(x), "Taylor's second term is h^2 f''(x)/2, so after dividing by h: h f''/2."),
        (-right, "the sign is flipped: the forward difference overshoots for a convex f."),
    ]
    if same_function(expr, right, [x, h]):
        return correct(ex, "h f''(x)/2 = h e^x / 2: the error shrinks like h (slope 1).")
    for slip, message in slips:
        if same_function(expr, slip, [x, h]):
            return wrong(ex, message)
    return wrong(ex, "expand f(x+h) = f + h f' + h^2 f''/2 + ..., e.g. with sympy's series.")


def check_central_difference(fn):
    """Exercise 6.2: ``fn(f, x, h)`` returns the central difference of f at x."""
    ex = "6.2"
    feedback = unusable_function(ex, fn, "define central_difference(f, x, h).")
    if feedback:
        return feedback
    cases = [
        (math.sin, 0.7, math.cos(0.7)),
        (lambda t: t**3, 1.3, 3 * 1.3**2),
        (math.exp, -0.4, math.exp(-0.4)),
    ]
    for f, x0, exact in cases:
        result, exc = run_reader_function(fn, f, x0, 1e-4)
        if exc is not None:
            return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
        if not isinstance(result, Real):
            return wrong(ex, f"return a number, not {type(result).__name__}.")
        value = float(result)
        central = (f(x0 + 1e-4) - f(x0 - 1e-4)) / 2e-4
        if value == 0.0 and exact != 0.0:
            return wrong(ex, "it returns 0: that is the source's typo, f(x + h) - f(x + h).")
        if np.isclose(value, 2 * central, rtol=1e-9):
            return wrong(ex, "divide by 2h: the two points are 2h apart.")
        if np.isclose(value, (f(x0 + 1e-4) - f(x0)) / 1e-4, rtol=1e-12):
            return wrong(ex, "that is the forward difference (error of order h); use x - h too.")
        if abs(value - exact) > 1e-7 * max(1.0, abs(exact)):
            return wrong(ex, f"at x = {x0} it gives {value:.10f}; the derivative is {exact:.10f}.")
    return correct(ex, "(f(x + h) - f(x - h)) / (2h), with an error of order h^2.")


def check_evaluations(answer, n_params=1000):
    """Exercise 6.3: loss evaluations for a central-difference gradient of n_params parameters."""
    ex = "6.3"
    if answer is None:
        return not_answered(ex, "replace None by a whole number.")
    if isinstance(answer, bool) or not isinstance(answer, Real) or not float(answer).is_integer():
        return wrong(ex, "give a whole number of evaluations.")
    answer = int(answer)
    if answer == 2 * n_params:
        return correct(ex, f"2N = {2 * n_params}: two per parameter, each a full forward pass.")
    if answer == n_params + 1:
        return wrong(
            ex, "N + 1 is for the forward difference; the central one needs x + h and x - h."
        )
    if answer == n_params:
        return wrong(ex, "each parameter needs two evaluations, one on each side.")
    return wrong(ex, "count the evaluations per parameter, then multiply.")
