"""Chapter 7: near misses and equivalent right answers for each checker."""

import math

import numpy as np
import sympy as sp

from helpers.autodiff import Dual, tanh

# 7.1: sympy differentiates the fused node h6 = 1 / (exp(h3) + 1) by h3.
h3, h5 = sp.symbols("h3 h5")
FUSED = 1 / (sp.exp(h3) + 1)
DERIVED = sp.diff(FUSED, h3)
E = sp.exp(h3)


def tanh_dual(d):
    t = math.tanh(d.value)
    return Dual(t, (1 - t * t) * d.deriv)


def tanh_dual_by_cosh(d):
    return Dual(math.tanh(d.value), d.deriv / math.cosh(d.value) ** 2)


def tanh_dual_by_exp(d):
    e = math.exp(2 * d.value)
    return Dual((e - 1) / (e + 1), 4 * e / (e + 1) ** 2 * d.deriv)


def tanh_dual_by_sech(d):
    # 1/cosh(v)^2 written so that it cannot overflow: sech(v) = 2 e^-|v| / (1 + e^-2|v|)
    e = math.exp(-abs(d.value))
    return Dual(math.tanh(d.value), (2 * e / (1 + e * e)) ** 2 * d.deriv)


def tanh_dual_by_tails(d):
    # 1 - t^2 = (1 - t)(1 + t): the same value, another rounding
    t = math.tanh(d.value)
    return Dual(t, (1 - t) * (1 + t) * d.deriv)


def tanh_dual_in_place(d):
    t = math.tanh(d.value)
    d.value, d.deriv = t, (1 - t * t) * d.deriv
    return Dual(d.value, d.deriv)


def tanh_dual_returning_d(d):
    t = math.tanh(d.value)
    d.value, d.deriv = t, (1 - t * t) * d.deriv
    return d


# 7.3: one forward-mode pass per input, one reverse-mode pass per output.
N_INPUTS, N_OUTPUTS = 1000, 1
PASSES = (N_INPUTS, N_OUTPUTS)

CASES = {
    "check_local_derivative": {
        "near": [
            (-DERIVED, "sign is flipped"),
            (-1 / (E + 1) ** 2, "dh4/dh3 = exp(h3) is missing"),
            (-E / (E + 1), "-1/u^2, not -1/u"),
            (-E / h5**2, "write it in h3 alone"),
            (sp.Derivative(FUSED, h3), ".doit()"),
            (-1 / h5**2, "write it in h3 alone"),
        ],
        "equivalent": [
            DERIVED,
            -1 / (4 * sp.cosh(h3 / 2) ** 2),
            -sp.exp(-h3) / (1 + sp.exp(-h3)) ** 2,
            sp.Matrix([[-FUSED * (1 - FUSED)]]),
        ],
    },
    "check_tanh_dual": {
        "near": [
            (lambda d: Dual(math.tanh(d.value), 1 - math.tanh(d.value) ** 2), "chain rule"),
            (lambda d: Dual(math.tanh(d.value), (1 - math.tanh(d.value)) * d.deriv), "squared"),
            (lambda d: Dual(math.tanh(d.value), (math.tanh(d.value) ** 2 - 1) * d.deriv), "sign"),
            (lambda d: math.tanh(d.value), "return a Dual"),
            (lambda d: Dual(d.value, (1 - math.tanh(d.value) ** 2) * d.deriv), "value part"),
            (lambda d: (math.tanh(d.value), 1 - math.tanh(d.value) ** 2), "return a Dual"),
            (lambda d: Dual(math.tanh(d.value), d.deriv / math.cosh(d.value)), "sech is squared"),
            (lambda d: d.tanh(), "without d.tanh()"),
            (np.tanh, "without d.tanh()"),
            (tanh, "without d.tanh()"),
            (tanh_dual_by_exp, "tanh has saturated"),
            (tanh_dual_by_cosh, "tanh has saturated"),
            (tanh_dual_in_place, "leave d as it is"),
            (tanh_dual_returning_d, "not d itself"),
        ],
        "equivalent": [tanh_dual, tanh_dual_by_sech, tanh_dual_by_tails],
    },
    "check_passes": {
        "near": [
            (PASSES[::-1], "the other way round"),
            ((N_INPUTS, N_INPUTS), "the two modes differ"),
            ((2 * N_INPUTS, N_OUTPUTS), "2P = 2,000 is the central difference"),
            ((N_INPUTS + 1, N_OUTPUTS), "forward difference"),
            ((N_INPUTS, 2 * N_OUTPUTS), "backward passes"),
            ((str(N_INPUTS), str(N_OUTPUTS)), "is the string"),
            ((N_INPUTS + 0.5, N_OUTPUTS), "not a whole number"),
            (N_INPUTS, "pair of whole numbers"),
        ],
        "equivalent": [
            list(PASSES),
            np.array(PASSES),
            (float(N_INPUTS), sp.Integer(N_OUTPUTS)),
        ],
    },
}
