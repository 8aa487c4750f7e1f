"""Checkers for the exercises of Chapter 11, static and dynamic computation graphs.

* 11.1 (derivation): the derivative a one-step Newton tape returns.
* 11.2 (implementation): a square root that one trace serves for every input.
* 11.3 (interpretation): which inputs a trace made at a = 2 gets right.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ..static_graph import greater, trace
from . import correct, wrong
from ._common import (
    checker,
    describe,
    judge_expression,
    parse_expression,
    raised,
    real_number,
    unusable_function,
)

__all__ = ["check_one_step_derivative", "check_sqrt_static", "check_right_inputs"]


@checker("11.1", "replace None by a sympy expression in a.", "a sympy expression in a")
def check_one_step_derivative(answer, seed=None):
    """Exercise 11.1: d f1 / da for f1 = (x0 + a/x0)/2, x0 = (1 + a)/2, in the symbol a.

    Compared over the inputs of the chapter, a in [0.01, 1e4], spread log-uniformly: both
    ends, a fixed spread of points and fresh random ones, so that an answer right on part
    of the range only is refused. The right answer is a simple exact expression, so the
    comparison is strict (relative 1e-13): the right answer plus 1e-11 is refused too.
    """
    ex = "11.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in a.", allowed={"a"}
    )
    if feedback:
        return feedback
    if expr.has(sp.Piecewise):
        return wrong(
            ex,
            "give one expression for every a > 0, not a Piecewise: the tape computes "
            "f1 by the same operations at every input.",
        )
    rng = np.random.default_rng(seed)
    points = np.concatenate([np.geomspace(0.01, 1e4, 13), 10 ** rng.uniform(-2, 4, size=12)])
    a = sp.Symbol("a")
    x0 = (1 + a) / 2
    f1 = (x0 + a / x0) / 2
    right = sp.diff(f1, a)
    traced, exact = float(right.subs(a, 2)), float(1 / (2 * sp.sqrt(2)))
    slips = [
        (
            1 / (2 * sp.sqrt(a)),
            "that is the derivative of sqrt(a). The tape computes f1, "
            "one Newton step, and a replay returns f1's derivative, not sqrt's.",
        ),
        (f1, "that is f1 itself: differentiate it with respect to a."),
        (
            1 / (2 * x0),
            "x0 = (1 + a)/2 depends on a as well: differentiate through it, "
            "as the reverse pass over the tape does.",
        ),
        (
            sp.Rational(1, 4) + 1 / (2 * x0),
            "in a/x0 the denominator x0 = (1 + a)/2 depends on a too: use the quotient rule.",
        ),
        (2 * right, "the step halves x0 + a/x0: keep the factor 1/2."),
        (
            1 / (1 + a) ** 2,
            "that is the derivative of a/(2 x0) = a/(1 + a) alone: the first term, "
            "x0/2 = (1 + a)/4, adds 1/4.",
        ),
        (
            sp.Rational(1, 2) + 1 / (1 + a) ** 2,
            "the first term is x0/2 = (1 + a)/4, whose derivative is 1/4, not 1/2: "
            "x0 itself is (1 + a)/2, and the step halves it again.",
        ),
        (
            sp.Rational(1, 4) - 1 / (1 + a) ** 2,
            "check the sign: a/(2 x0) = a/(1 + a) grows with a, so its derivative "
            "1/(1 + a)^2 is positive.",
        ),
    ]
    return judge_expression(
        ex, expr, {"a": (0.01, 1e4)}, right,
        f"1/4 + 1/(1 + a)^2: at a = 2 that is {traced:.4f}, while d sqrt(a)/da = "
        f"{exact:.4f}. A tape differentiates the program it recorded.",
        slips,
        ("df1/da", "write f1 in a alone, (1 + a)/4 + a/(1 + a), and differentiate."),
        points=points, rtol=1e-13, atol=0.0,
    )  # fmt: skip


ALLOWED_OPS = {"input", "const", "+", "-", "*", "/", "neg", ">", ">=", "<", "<=", "where"}


@checker("11.2", "define sqrt_static(a).", "a function of one traced value")
def check_sqrt_static(fn, seed=None):
    """Exercise 11.2: ``fn(a)``, traced once, gives sqrt(a) and its derivative on [0.01, 1e4]."""
    ex = "11.2"
    feedback = unusable_function(ex, fn, "define sqrt_static(a).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    example = float(10 ** rng.uniform(-2, 4))
    try:
        graph = trace(fn, example)
    except TypeError as exc:
        if "fixed number" in str(exc):
            return wrong(
                ex,
                "your function turns a traced value into a number (float(), "
                "math.sqrt, ...), which would freeze it into the graph: use only "
                "+, -, *, / and greater / where.",
            )
        return raised(ex, exc, who="tracing your function")
    except Exception as exc:  # the reader's code: report whatever it raised
        return raised(ex, exc, who="tracing your function")
    if graph.guards:
        n = len(graph.guards)
        times = {1: "once", 2: "twice"}.get(n, f"{n} times")
        return wrong(
            ex,
            f"your function decided {times} with if or while "
            "on a traced value; the trace keeps only the path of its example. Make "
            "the loop's length fixed, and select with where(greater(...), ...) if "
            "you need to.",
        )
    others = sorted(set(graph.ops) - ALLOWED_OPS - {"**"})
    powers = {c for op, c in zip(graph.ops, graph.consts, strict=True) if op == "**"}
    if others or any(not float(c).is_integer() for c in powers):
        used = others + [f"** {c:g}" for c in sorted(powers) if not float(c).is_integer()]
        return wrong(
            ex,
            f"use only +, -, *, / (and whole powers) and greater / where: your "
            f"trace contains {', '.join(used)}.",
        )
    points = np.concatenate([[0.01, 1e4], 10 ** rng.uniform(-2, 4, size=40)])
    for a in points:
        try:
            value, (grad,) = graph.value_and_grad(float(a))
        except Exception as exc:  # division by zero and the like, at this input
            return wrong(ex, f"the replay fails at a = {a:.4g}: {exc}.")
        root = math.sqrt(a)
        if not abs(value - root) <= 1e-10 * root:
            message = f"replayed at a = {a:.4g} it gives {value:.10g}, not sqrt(a) = {root:.10g}."
            # Newton's iterates from x0 = (1 + a)/2 fall from x0 towards the root: a value
            # between the two is an unfinished iteration
            if root < value <= 0.5 * (1 + a) * (1 + 1e-12):
                message += (
                    " It lies between sqrt(a) and x0 = (1 + a)/2, as an unfinished Newton "
                    "iteration does: the farther a is from 1, the more steps it needs. Is "
                    f"your loop long enough for a = {a:.4g}?"
                )
            return wrong(ex, message)
        if not abs(grad - 0.5 / root) <= 1e-10 * 0.5 / root:
            return wrong(
                ex,
                f"the value is right at a = {a:.4g}, but the derivative is "
                f"{grad:.10g}, not 1/(2 sqrt(a)) = {0.5 / root:.10g}.",
            )
    return correct(ex, f"one trace of {len(graph)} nodes, no guards, right at every input.")


def _newton_sqrt(a, tol=1e-12):
    x = (1 + a) * 0.5
    while greater(x * x - a, tol * a):
        x = (x + a / x) * 0.5
    return x


def _steps(a, tol=1e-12):
    x, steps = (1 + a) * 0.5, 0
    while x * x - a > tol * a:
        x, steps = (x + a / x) * 0.5, steps + 1
    return steps


OFFERED = (1.2, 3.0, 30.0, 300.0)


@checker("11.3", "replace None by a list of some of 1.2, 3, 30, 300.", "a list of numbers")
def check_right_inputs(answer):
    """Exercise 11.3: the inputs among 1.2, 3, 30, 300 whose replayed value is right.

    Right means what the loop itself returns: a value that passes its stopping test.
    Any collection will do (a list, a tuple, a set, an array); its order does not matter.
    """
    ex = "11.3"
    offered = "1.2, 3, 30, 300"
    if isinstance(answer, (str, bytes, dict)) or not np.iterable(answer):
        return wrong(ex, f"give a list (of some of {offered}), not {describe(answer)}.")
    items = np.ravel(np.asarray(list(answer), dtype=object))
    chosen = set()
    for item in items:
        x, given = real_number(item)
        # float32(1.2) is 1.2 to 5e-8: the offered inputs are far apart, so 1e-6 tells them
        match = [o for o in OFFERED if x is not None and math.isclose(x, o, rel_tol=1e-6)]
        if not match:
            what = given if x is None else f"the number {x:g}"
            return wrong(ex, f"choose among {offered}; {what} is not one of them.")
        chosen.add(match[0])
    graph = trace(_newton_sqrt, 2.0)
    traced = _steps(2.0)
    right = {a for a in OFFERED if not greater(graph.replay(a) ** 2 - a, 1e-12 * a)}
    if chosen - right:
        a = min(chosen - right)
        return wrong(
            ex,
            f"a = {a:g} needs {_steps(a)} Newton steps, more than the {traced} "
            "the trace holds: the replay stops early, and its value is wrong.",
        )
    if right - chosen:
        a = min(right - chosen)
        if _steps(a) == traced:
            return wrong(
                ex,
                f"a = {a:g} takes the same {traced} steps as a = 2: the tape is "
                "exactly its computation, so its value is right.",
            )
        return wrong(
            ex,
            f"a = {a:g} needs only {_steps(a)} steps, so its guards fail; but the "
            "extra Newton steps the tape holds stay at the root: its value is right.",
        )
    return correct(
        ex,
        "1.2 and 3: inputs needing at most the steps a = 2 took come out right "
        "(a failed guard means another path, not a wrong value); 30 and 300 need "
        "more steps and stop early.",
    )
