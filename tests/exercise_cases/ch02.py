"""Chapter 2: near misses and equivalent right answers for each checker."""

import numpy as np
import sympy as sp

from helpers.exercises import ch02
from helpers.matcalc import denominator_derivative

# 2.1: the derivative entry by entry from the definition, d(u^T W v)/dw_ij.
U, W, V = ch02.ex21_symbols()
BY_ENTRIES = sp.Matrix(3, 2, lambda i, j: sp.diff((U.T * W * V)[0], W[i, j]))
REAL = {s: sp.Symbol(str(s), real=True) for s in BY_ENTRIES.free_symbols}


def by_rows_of_x(y, x):
    return sp.Matrix(len(x), len(y), lambda i, j: sp.diff(y[j], x[i]))


def as_nested_lists(y, x):
    return [[sp.diff(yj, xi) for yj in y] for xi in x]


def as_object_array(y, x):
    return np.array([[sp.diff(yj, xi) for yj in y] for xi in x], dtype=object)


def uses_jacobian_inside(y, x):
    def transpose_of(m):
        return m.T

    return transpose_of(y.jacobian(x))


def indices_swapped(y, x):
    return sp.Matrix(len(x), len(y), lambda i, j: sp.diff(y[i], x[j]))


def negated(y, x):
    return -by_rows_of_x(y, x)


# 2.3: the shape of W^T for a W of shape (5, 3), the exercise's.
W_NUMERIC = np.zeros((5, 3))
SHAPE = W_NUMERIC.T.shape

CASES = {
    "check_bilinear_derivative": {
        "near": [
            (V * U.T, "numerator layout"),
            (-U * V.T, "sign is flipped"),
            (BY_ENTRIES.reshape(6, 1), "has W's shape"),
            (sp.ones(3, 2), "entry (i, j) must be"),
            (BY_ENTRIES.applyfunc(lambda e: sp.Derivative(e * W[0, 0], W[0, 0])), ".doit()"),
            (3, "give a sympy Matrix"),
        ],
        "equivalent": [
            BY_ENTRIES,
            BY_ENTRIES.xreplace(REAL),
            np.array(BY_ENTRIES.tolist(), dtype=object),
            BY_ENTRIES.tolist(),
        ],
    },
    "check_jacobian_function": {
        "near": [
            (lambda y, x: y.jacobian(x), "numerator layout"),
            (lambda y, x: sp.diff(y, x), "4-d array"),
            (indices_swapped, "the row follows x"),
            (negated, "sign is flipped"),
            (lambda y, x: None, "returned None"),
            (lambda y, x: y.jacobian(x).T, "uses sympy's jacobian"),
            (lambda y, x: denominator_derivative(y, x), "uses the helper denominator_derivative"),
            (uses_jacobian_inside, "uses sympy's jacobian"),
        ],
        "equivalent": [by_rows_of_x, as_nested_lists, as_object_array],
    },
    "check_shape": {
        "near": [
            (SHAPE[::-1], "Jacobian's shape"),
            ((SHAPE[0], SHAPE[0]), "a square shape"),
            (f"{SHAPE[0]}x{SHAPE[1]}", "not the string"),
            ((SHAPE[0] + 0.5, SHAPE[1]), "not a whole number"),
            ((SHAPE[0],), "2 entries, not 1"),
        ],
        "equivalent": [list(SHAPE), np.array(SHAPE), (sp.Integer(SHAPE[0]), float(SHAPE[1]))],
    },
}
