"""Checkers for the exercises of Chapter 2, the chain rule and matrix calculus.

* 2.1 (derivation): d(u^T W v)/dW in denominator layout.
* 2.2 (implementation): the denominator-layout derivative of a vector by a vector.
* 2.3 (interpretation): the shape of dz/da for z = W a + b.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import correct, not_answered, wrong
from ._common import parse_matrix, run_reader_function, unusable_function

__all__ = ["ex21_symbols", "check_bilinear_derivative", "check_jacobian_function", "check_shape"]


def ex21_symbols():
    """u (3 x 1), W (3 x 2) and v (2 x 1) as the exercise names them."""
    u = sp.Matrix(sp.symbols("u_1:4"))
    v = sp.Matrix(sp.symbols("v_1:3"))
    W = sp.Matrix(3, 2, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}"))
    return u, W, v


def check_bilinear_derivative(answer):
    """Exercise 2.1: the derivative of the scalar u^T W v by W, denominator layout."""
    ex = "2.1"
    answer, feedback = parse_matrix(ex, answer, "replace None by a sympy Matrix.")
    if feedback:
        return feedback
    u, W, v = ex21_symbols()
    expected = u * v.T
    if answer.shape == (2, 3) and (answer - expected.T).expand() == sp.zeros(2, 3):
        return wrong(
            ex,
            "that is the numerator layout (shape 2 x 3). In denominator layout the "
            "derivative by W has the shape of W, 3 x 2: transpose it.",
        )
    if answer.shape != W.shape:
        return wrong(ex, f"shape {answer.shape}; a derivative by W has W's shape {W.shape}.")
    if (answer - expected).expand() == sp.zeros(3, 2):
        return correct(ex, "d(u^T W v)/dw_ij = u_i v_j, so the derivative is u v^T.")
    if (answer + expected).expand() == sp.zeros(3, 2):
        return wrong(ex, "the sign is flipped.")
    return wrong(ex, "entry (i, j) must be d(u^T W v)/dw_ij; write u^T W v as a sum first.")


def _random_vector_function(rng, x, n_out):
    terms = [sp.sin, sp.exp, lambda t: t**2, lambda t: t**3, sp.cos]
    out = []
    for _ in range(n_out):
        expr = 0
        for xi in x:
            k = int(rng.integers(0, len(terms)))
            expr += int(rng.integers(1, 5)) * terms[k](xi)
        expr += int(rng.integers(1, 4)) * x[0] * x[-1]
        out.append(expr)
    return sp.Matrix(out)


def check_jacobian_function(fn, seed=None):
    """Exercise 2.2: ``fn(y, x)`` returns dy/dx in denominator layout for columns y and x.

    Checked on fresh random vector functions against the transpose of sympy's
    Jacobian, with the number of outputs different from the number of inputs.
    """
    ex = "2.2"
    feedback = unusable_function(ex, fn, "define the function and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for m, n in ((3, 2), (2, 4)):
        x = sp.Matrix(sp.symbols(f"x_1:{m + 1}"))
        y = _random_vector_function(rng, x, n)
        result, exc = run_reader_function(fn, y, x)
        if exc is not None:
            return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
        if not isinstance(result, sp.MatrixBase):
            return wrong(ex, f"return a sympy Matrix, not {type(result).__name__}.")
        jac = y.jacobian(x)  # numerator layout, (n, m)
        if result.shape == jac.shape and (result - jac).expand() == sp.zeros(*jac.shape):
            return wrong(
                ex,
                f"that is the Jacobian, numerator layout (shape {jac.shape}); denominator "
                f"layout has the rows of x: shape {jac.T.shape}, entry (i, j) = dy_j/dx_i.",
            )
        if result.shape != (m, n):
            return wrong(
                ex,
                f"for x of {m} and y of {n} entries the shape must be ({m}, {n}), "
                f"got {result.shape}.",
            )
        if (result - jac.T).expand() != sp.zeros(m, n):
            return wrong(ex, "some entries differ from dy_j/dx_i.")
    return correct(ex, "entry (i, j) is dy_j/dx_i: the transpose of the Jacobian.")


def check_shape(answer, w_shape=(5, 3)):
    """Exercise 2.3: the shape of dz/da for z = W a + b with W of shape ``w_shape``."""
    ex = "2.3"
    if answer is None:
        return not_answered(ex, "replace None by a tuple (rows, columns).")
    try:
        answer = tuple(int(k) for k in answer)
    except (TypeError, ValueError):
        return wrong(ex, "give a tuple of two whole numbers, such as (2, 7).")
    m_out, m_in = w_shape
    if answer == (m_in, m_out):
        return correct(ex, f"({m_in}, {m_out}): the rows of a, the columns of z; it is W^T.")
    if answer == (m_out, m_in):
        return wrong(
            ex, "that is the Jacobian's shape (numerator layout); the book uses denominator layout."
        )
    return wrong(
        ex, f"a has {m_in} entries and z has {m_out}; denominator layout puts a's on the rows."
    )
