"""Chapter 11: near misses and equivalent right answers for each checker."""

import math
from decimal import Decimal

import numpy as np
import sympy as sp

from helpers.autodiff import exp, log
from helpers.static_graph import greater, where

# 11.1: sympy differentiates the one-step program; central differences of the same
# program in plain floats agree with it.
a = sp.Symbol("a")
x0 = (1 + a) / 2
f1 = (x0 + a / x0) / 2
DERIVED = sp.diff(f1, a)
POSITIVE = sp.Symbol("a", positive=True)  # assumptions on the reader's symbol do not matter


def one_step(v):
    x = (1 + v) * 0.5
    return (x + v / x) * 0.5


for v in (0.3, 2.0, 7.5):
    numeric = (one_step(v + 1e-6) - one_step(v - 1e-6)) / 2e-6
    assert math.isclose(float(DERIVED.subs(a, v)), numeric, rel_tol=1e-8)


# 11.2: square roots whose trace has no guards, and slips.
def masked(v, k=12, tol=1e-12):
    x = (1 + v) * 0.5
    for _ in range(k):
        x = where(greater(x * x - v, tol * v), (x + v / x) * 0.5, x)
    return x


def fixed(v, k=12):
    x = (1 + v) * 0.5
    for _ in range(k):
        x = (x + v / x) * 0.5
    return x


def newton_while(v, tol=1e-12):
    x = (1 + v) * 0.5
    while greater(x * x - v, tol * v):
        x = (x + v / x) * 0.5
    return x


def raises(v):
    raise RuntimeError("boom")


# 11.3: the inputs whose value a trace made at a = 2 gets right, with plain floats: the
# trace runs as many steps as a = 2 needs.
def steps(v):
    x, k = (1 + v) * 0.5, 0
    while x * x - v > 1e-12 * v:
        x, k = (x + v / x) * 0.5, k + 1
    return k


OFFERED = (1.2, 3.0, 30.0, 300.0)
RIGHT = sorted(v for v in OFFERED if abs(fixed(v, steps(2.0)) - math.sqrt(v)) <= 1e-10 * v**0.5)
TRACED = steps(2.0)
FAST = [v for v in RIGHT if steps(v) < TRACED]  # right although their guards fail
SAME = [v for v in RIGHT if steps(v) == TRACED]
SLOW = [v for v in OFFERED if v not in RIGHT]
assert FAST and SAME and len(SLOW) >= 2

CASES = {
    "check_one_step_derivative": {
        "near": [
            (1 / (2 * sp.sqrt(a)), "derivative of sqrt(a)"),
            (1 / (1 + a), "depends on a as well"),
            (sp.Rational(1, 4) + 1 / (1 + a), "quotient rule"),
            (2 * DERIVED, "factor 1/2"),
            (1 / (1 + a) ** 2, "x0/2 = (1 + a)/4, adds 1/4"),
            (sp.Rational(1, 2) + 1 / (1 + a) ** 2, "whose derivative is 1/4, not 1/2"),
            # right below a = 8 only, or off by a constant far below the printed digits
            (sp.Piecewise((DERIVED, a < 8), (0, True)), "not a Piecewise"),
            (DERIVED + sp.Float(1e-11), "write f1 in a alone"),
            (sp.Derivative(f1, a), "unevaluated Derivative"),
            (sp.Subs(DERIVED.subs(a, sp.Symbol("t")), sp.Symbol("t"), a), "unevaluated Subs"),
            (sp.Rational(1, 4) - 1 / (1 + a) ** 2, "check the sign"),
            (f1, "f1 itself"),
            (a**2, "write f1 in a alone"),
            (sp.Symbol("x"), "use only the symbols a"),
            (sp.Matrix([[1, 2]]), "not a Matrix of shape (1, 2)"),
            ("1/4 + 1/(1 + a)**2", "not a string"),
        ],
        "equivalent": [
            DERIVED,
            sp.Rational(1, 4) + 1 / (1 + a) ** 2,
            0.25 + (1.0 + a) ** -2.0,  # Python floats in the answer
            (a**2 + 2 * a + 5) / (4 * (a + 1) ** 2),
            sp.diff(f1.subs(a, POSITIVE), POSITIVE),
            sp.Matrix([[DERIVED]]),
        ],
    },
    "check_sqrt_static": {
        "near": [
            (newton_while, "times with if or while on a traced value"),
            (lambda v: masked(v, k=4), "Is your loop long enough for a = 0.01?"),
            (lambda v: math.sqrt(v), "turns a traced value into a number"),
            (lambda v: v**0.5, "** 0.5"),
            (lambda v: exp(0.5 * log(v)), "exp, log"),
            # the value right to 1e-10, the derivative off by 2e-12 at a = 1e4
            (lambda v: masked(v) + 2e-16 * (v - 0.01) * (1e4 - v), "but the derivative is"),
            (lambda v: 1.0, "it gives 1, not sqrt(a) = 0.1."),
            (lambda v: v, "it gives 0.01, not sqrt(a) = 0.1."),
            (lambda v: v * 1.0 if v > 0 else v, "decided once with if or while"),
            (lambda v: v / (v - v), "tracing your function raised ValueError: node"),
            (lambda v: [v], "tracing your function raised TypeError"),
            (raises, "tracing your function raised RuntimeError: boom"),
            (lambda v: masked(v) + 0.0 / (v - 1e4), "the replay fails at a = 1e+04"),
            (5, "pass the function itself, not the number 5"),
        ],
        "equivalent": [masked, fixed],
    },
    "check_right_inputs": {
        "near": [
            (RIGHT[1:], f"a = {FAST[0]:g} needs only {steps(FAST[0])} steps, so its guards fail"),
            (FAST, f"a = {SAME[0]:g} takes the same {TRACED} steps"),
            (
                [*RIGHT, SLOW[0]],
                f"a = {SLOW[0]:g} needs {steps(SLOW[0])} Newton steps, more than the {TRACED}",
            ),
            ([*RIGHT, SLOW[1]], f"a = {SLOW[1]:g} needs {steps(SLOW[1])} Newton steps"),
            (list(OFFERED), f"a = {SLOW[0]:g} needs"),
            ([], f"a = {FAST[0]:g} needs only"),
            ([*RIGHT, 5], "the number 5 is not one of them"),
            ([*RIGHT, Decimal("NaN")], "NaN is not one of them"),
            ([str(RIGHT[0])], f"the string '{RIGHT[0]}' is not one of them"),
            (", ".join(map(str, RIGHT)), "give a list"),
            (float(RIGHT[0]), "give a list"),
            (np.array(RIGHT[0]), "give a list"),
        ],
        "equivalent": [
            list(RIGHT),
            tuple(reversed(RIGHT)),
            {np.float64(RIGHT[0]), *map(sp.Float, RIGHT[1:])},
            np.array(RIGHT),
            [np.array([RIGHT[0]]), *RIGHT[1:]],
            [np.float32(RIGHT[0]), *map(Decimal, map(str, RIGHT[1:]))],
        ],
    },
}
