"""Chapter 6: near misses and equivalent right answers for each checker."""

import math

import numpy as np
import sympy as sp

# 6.1: the leading term from sympy's series of the forward difference's error.
x, h = sp.symbols("x h")
ERROR = (sp.exp(x + h) - sp.exp(x)) / h - sp.exp(x)
SERIES = sp.series(ERROR, h, 0, 2)  # with its O(h**2)
LEADING = SERIES.removeO()
POSITIVE = {x: sp.Symbol("x", positive=True), h: sp.Symbol("h", positive=True)}


# 6.1 worked with an undefined f, not substituted: the same series for a generic f.
f = sp.Function("f")
GENERIC = sp.series((f(x + h) - f(x)) / h - f(x).diff(x), h, 0, 2).removeO()


def central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def five_point(f, x, h):
    """The fourth-order stencil: weights 1/12, -2/3, 0, 2/3, -1/12 at x - 2h .. x + 2h."""
    weights = {-2: 1 / 12, -1: -2 / 3, 1: 2 / 3, 2: -1 / 12}
    return sum(w * f(x + k * h) for k, w in weights.items()) / h


def richardson(f, x, h):
    """The central difference extrapolated from the steps h and h/2: fourth order too."""
    return (4 * central(f, x, h / 2) - central(f, x, h)) / 3


# 6.3: two loss evaluations per parameter, for the exercise's 1,000 parameters.
P = 1000  # parameters
EVALUATIONS = 2 * P

CASES = {
    "check_forward_error_term": {
        "near": [
            (h**2 * sp.exp(x) / 6, "central difference"),
            (h * sp.exp(x), "h^2 f''(x)/2"),
            (-LEADING, "sign is flipped"),
            (SERIES, "removeO"),
            (sp.series(ERROR, h, 0, 3).removeO(), "only the lowest power of h"),
            (sp.exp(x) / 2, "a factor h"),
            (sp.Symbol("y"), "use only the symbols"),
            (GENERIC, "f is exp here: substitute it"),
            (h * f(x).diff(x, 2) / 2, "f is exp here: substitute it"),
            (h * f(x) / 2, "f is exp here: substitute it"),
            (h * sp.Symbol("f") / 2, "f is exp here: substitute it"),
            (h * sp.Function("g")(x) / 2, "the exercise fixes f = exp"),
        ],
        "equivalent": [
            LEADING,
            (sp.Rational(1, 2) * h * sp.E**x).xreplace(POSITIVE),
            sp.Matrix([[LEADING]]),
            sp.limit(ERROR / h, h, 0) * h,
            GENERIC.subs(f, sp.exp).doit(),  # the generic series, f substituted afterwards
        ],
    },
    "check_central_difference": {
        "near": [
            (lambda f, t, s: (f(t + s) - f(t + s)) / (2 * s), "typo"),
            (lambda f, t, s: (f(t + s) - f(t - s)) / s, "divide by 2h"),
            (lambda f, t, s: (f(t + s) - f(t)) / s, "forward difference"),
            (lambda f, t, s: (f(t) - f(t - s)) / s, "backward difference"),
            (lambda f, t, s: (f(t + 1e-6) - f(t - 1e-6)) / 2e-6, "use the h it is given"),
            (lambda f, t, s: math.cos(t), "use the f it is given"),
            (lambda f, t, s: (math.sin(t + s) - math.sin(t - s)) / (2 * s), "use the f"),
            (five_point, "five-point (fourth-order) stencil"),
            (richardson, "five-point (fourth-order) stencil"),
            (lambda f, t, s: central(f, t, s / 2), "step h/2"),
        ],
        "equivalent": [
            central,
            lambda f, t, s: 0.5 * (f(t + s) - f(t - s)) / s,
            lambda f, t, s: np.float64((f(t + s) - f(t - s)) / (2 * s)),
            lambda f, t, s: np.array(central(f, t, s)),
        ],
    },
    "check_evaluations": {
        "near": [
            (P + 1, "forward difference"),
            (P, "two evaluations"),
            (EVALUATIONS + 1, "never needs the loss at x itself"),
            (1, "backpropagation's count"),
            (str(EVALUATIONS), "not the string"),
        ],
        "equivalent": [float(EVALUATIONS), np.int64(EVALUATIONS), sp.Integer(EVALUATIONS)],
    },
}
