"""Checkers for the exercises of Chapter 6, numerical and symbolic differentiation.

* 6.1 (derivation): the leading error term of the forward difference.
* 6.2 (implementation): a central difference.
* 6.3 (interpretation): how many evaluations a numerical gradient needs.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from . import correct, wrong
from ._common import (
    checker,
    judge_expression,
    parse_expression,
    raised,
    real_number,
    run_reader_function,
    unusable_function,
    whole_number,
)

__all__ = ["check_forward_error_term", "check_central_difference", "check_evaluations"]


_F_IS_EXP = (
    "f is exp here: substitute it, e.g. answer.subs(f, sp.exp).doit(), so that the answer "
    "holds only x and h."
)
_SYMBOL_F = "f is exp here: substitute it, with sp.exp(x) for f(x), so that only x and h remain."


def _undefined_function_names(answer):
    """Names of the undefined functions (f(x), f(x + h), in Derivative or Subs) in a sympy
    answer, a Matrix or a one-entry array of one; empty for anything else."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.flat[0]
    if not isinstance(answer, (sp.Basic, sp.MatrixBase)):
        return []
    return sorted({a.func.__name__ for a in answer.atoms(AppliedUndef)})


@checker("6.1", "replace None by a sympy expression in x and h.", "a sympy expression in x, h")
def check_forward_error_term(answer, seed=None):
    """Exercise 6.1: the leading term of (f(x+h) - f(x))/h - f'(x) for f = exp, in x and h.

    An answer that still holds the undefined f (f(x), Derivative(f(x), x), the
    Subs of sympy's series) or a symbol f is told that f is exp here. Compared at
    random points with x in [-3, 3] and h in [-1, 1].
    """
    ex = "6.1"
    undefined = _undefined_function_names(answer)
    if "f" in undefined:
        return wrong(ex, _F_IS_EXP)
    if undefined:
        return wrong(
            ex,
            f"it holds the undefined function {undefined[0]}; the exercise fixes f = exp: "
            "write the error with sp.exp, in x and h only.",
        )
    expr, feedback = parse_expression(
        ex,
        answer,
        "replace None by a sympy expression in x and h.",
        allowed={"x", "h"},
        telling={"f": _SYMBOL_F},
    )
    if feedback:
        return feedback
    x, h = sp.symbols("x h")
    right = h * sp.exp(x) / 2
    slips = [
        (h**2 * sp.exp(x) / 6, "h^2 f'''/6 is the central difference's leading term."),
        (h * sp.exp(x), "Taylor's second term is h^2 f''(x)/2, so after dividing by h: h f''/2."),
        (-right, "the sign is flipped: the forward difference overshoots for a convex f."),
        (
            right + h**2 * sp.exp(x) / 6,
            "that is more than the leading term: keep only the lowest power of h.",
        ),
        (sp.exp(x) / 2, "the leading term carries a factor h: the error vanishes as h -> 0."),
    ]
    return judge_expression(
        ex, expr, {"x": (-3.0, 3.0), "h": (-1.0, 1.0)}, right,
        "h f''(x)/2 = h e^x / 2: the error shrinks like h (slope 1).", slips,
        ("the error term", "expand f(x+h) = f + h f' + h^2 f''/2 + ..., e.g. with sympy's series."),
        seed=seed,
    )  # fmt: skip


def _test_functions(rng):
    """Fresh smooth functions of one number, none of them a standard one, with f''' != 0."""
    c = rng.uniform(0.5, 1.5, size=4)
    s = rng.choice([-1.0, 1.0], size=4)
    return [
        lambda t: s[0] * c[0] * t**3 + c[1] * t**2 - t,
        lambda t: math.sin(c[1] * t + s[1] * c[2]),
        lambda t: s[2] * math.exp(c[2] * t),
        lambda t: c[3] / (1.0 + t * t) + s[3] * t,
    ]


_STANDARD = [math.sin, math.cos, math.exp, math.tanh, lambda t: t**2, lambda t: t**3]


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _five_point(f, x, h):
    """The five-point (fourth-order) stencil: error of order h^4, four evaluations."""
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)


_FIVE_POINT = (
    "that is a five-point (fourth-order) stencil, error of order h^4: more accurate, but not "
    "the central difference the source meant to print, (f(x + h) - f(x - h)) / (2h)."
)


def _value(ex, fn, f, x0, h):
    """``(the number fn(f, x0, h) returned, None)``, or ``(None, feedback)``."""
    result, exc = run_reader_function(fn, f, x0, h)
    if exc is not None:
        return None, raised(ex, exc)
    value, given = real_number(result)
    if given:
        return None, wrong(ex, f"your function returned {given}; it should return a number.")
    return value, None


@checker("6.2", "define central_difference(f, x, h).", "a function returning a number")
def check_central_difference(fn, seed=None):
    """Exercise 6.2: ``fn(f, x, h)`` returns the central difference of f at x with step h.

    Run with fresh random functions f (never a standard one), points x in
    [-2, 2] and steps h in [0.05, 0.3], and compared with (f(x+h) - f(x-h))/(2h)
    for that f and that h: an answer that ignores f, or uses a step of its own,
    fails. A five-point stencil (fourth order) or a half-step central difference is
    named: neither is the formula the source meant.
    """
    ex = "6.2"
    feedback = unusable_function(ex, fn, "define central_difference(f, x, h).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    undecided = False
    for f in _test_functions(rng):
        x0, h = float(rng.uniform(-2.0, 2.0)), float(rng.uniform(0.05, 0.3))
        value, feedback = _value(ex, fn, f, x0, h)
        if feedback:
            return feedback
        central = _central(f, x0, h)
        if math.isclose(value, central, rel_tol=1e-8, abs_tol=1e-12):
            continue
        derivative = _central(f, x0, 1e-5)  # the derivative itself, to about 1e-10
        scale = max(1.0, abs(central))
        stencils = [
            _five_point(f, x0, h),
            _five_point(f, x0, h / 2),
        ]  # x +- h/2, x +- h: Richardson's
        # A fourth-order stencil tells itself from the derivative only where its error shows
        # (never for the cubic): an answer equal to one that does not show waits for the next f.
        shows = [abs(s - derivative) > 1e-7 * scale for s in stencils]
        if any(
            not show and math.isclose(value, s, rel_tol=1e-8, abs_tol=1e-12)
            for s, show in zip(stencils, shows, strict=True)
        ):
            undecided = True
            continue
        slips = [(s, _FIVE_POINT) for s, show in zip(stencils, shows, strict=True) if show]
        slips += [
            (0.0, "it returns 0: that is the source's typo, f(x + h) - f(x + h)."),
            (2 * central, "divide by 2h: the two points are 2h apart."),
            ((f(x0 + h) - f(x0)) / h, "that is the forward difference (error of order h)."),
            ((f(x0) - f(x0 - h)) / h, "that is the backward difference (error of order h)."),
            (
                _central(f, x0, h / 2),
                "that is the central difference with step h/2, (f(x + h/2) - f(x - h/2))/h; "
                "the source's formula takes f(x + h) and f(x - h), 2h apart.",
            ),
        ]
        for slip, message in slips:
            if math.isclose(value, slip, rel_tol=1e-8, abs_tol=1e-12):
                return wrong(ex, message)
        if abs(value - derivative) < 1e-5 * scale:
            return wrong(
                ex,
                f"with h = {h:.3f} it gives the derivative itself: it uses a step of its own; "
                "use the h it is given.",
            )
        for g in _STANDARD:
            if any(
                math.isclose(value, _central(g, x0, step), rel_tol=1e-6, abs_tol=1e-9)
                for step in (h, 1e-5)
            ):
                return wrong(
                    ex, "it does not use the f it is given: the check passes its own functions."
                )
        return wrong(
            ex,
            f"at x = {x0:.3f} with h = {h:.3f} it gives {value:.8f}; the central "
            f"difference is {central:.8f}.",
        )
    if undecided:  # it gave the derivative where a stencil would too: a steep f, a long step
        c, x0, h = (float(v) for v in rng.uniform((1.5, -0.5, 0.25), (2.0, 0.5, 0.3)))

        def f(t):
            return math.exp(c * t)

        value, feedback = _value(ex, fn, f, x0, h)
        if feedback:
            return feedback
        if any(math.isclose(value, _five_point(f, x0, s), rel_tol=1e-8) for s in (h, h / 2)):
            return wrong(ex, _FIVE_POINT)
        return wrong(
            ex,
            f"at x = {x0:.3f} with h = {h:.3f} it gives {value:.8f} for e^({c:.3f} x); the "
            f"central difference is {_central(f, x0, h):.8f}, the derivative "
            f"{c * math.exp(c * x0):.8f}: use the h it is given.",
        )
    return correct(ex, "(f(x + h) - f(x - h)) / (2h), with an error of order h^2.")


@checker("6.3", "replace None by a whole number.", "a whole number")
def check_evaluations(answer, n_params=1000):
    """Exercise 6.3: loss evaluations for a central-difference gradient of n_params parameters."""
    ex = "6.3"
    answer, feedback = whole_number(ex, answer, "a whole number of evaluations")
    if feedback:
        return feedback
    if answer == 2 * n_params:
        return correct(ex, f"2P = {2 * n_params}: two per parameter, each a full forward pass.")
    if answer == n_params + 1:
        return wrong(
            ex, "P + 1 is for the forward difference; the central one needs x + h and x - h."
        )
    if answer == n_params:
        return wrong(ex, "each parameter needs two evaluations, one on each side.")
    if answer == 2 * n_params + 1:
        return wrong(ex, "the central difference never needs the loss at x itself: only x +- h.")
    if answer in (1, 2):
        return wrong(
            ex, "that is backpropagation's count; the numerical gradient perturbs each parameter."
        )
    return wrong(ex, "count the evaluations per parameter, then multiply.")
