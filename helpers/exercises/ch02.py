"""Checkers for the exercises of Chapter 2, the chain rule and matrix calculus.

* 2.1 (derivation): d(u^T W v)/dW in denominator layout.
* 2.2 (implementation): the denominator-layout derivative of a vector by a vector.
* 2.3 (interpretation): the shape of dz/da for z = W a + b.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import correct, wrong
from ._common import (
    agree,
    checker,
    describe,
    matrix_values,
    parse_matrix,
    raised,
    run_reader_function,
    sample,
    unusable_function,
    whole_pair,
)

__all__ = ["ex21_symbols", "check_bilinear_derivative", "check_jacobian_function", "check_shape"]


def ex21_symbols():
    """u (3 x 1), W (3 x 2) and v (2 x 1) as the exercise names them."""
    u = sp.Matrix(sp.symbols("u_1:4"))
    v = sp.Matrix(sp.symbols("v_1:3"))
    W = sp.Matrix(3, 2, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}"))
    return u, W, v


@checker("2.1", "replace None by a sympy Matrix.", "a sympy Matrix of W's shape, 3 x 2")
def check_bilinear_derivative(answer, seed=None):
    """Exercise 2.1: the derivative of the scalar u^T W v by W, denominator layout.

    Compared entry by entry with u v^T at random values of all eleven symbols.
    """
    ex = "2.1"
    u, W, v = ex21_symbols()
    names = [str(s) for s in [*u, *W, *v]]
    answer, feedback = parse_matrix(ex, answer, "replace None by a sympy Matrix.", allowed=names)
    if feedback:
        return feedback
    expected = u * v.T
    pts = sample(np.random.default_rng(seed), dict.fromkeys(names, (-2.0, 2.0)))
    yours = matrix_values(answer, names, pts)
    if answer.shape == (2, 3) and agree(yours, matrix_values(expected.T, names, pts)):
        return wrong(
            ex,
            "that is the numerator layout (shape 2 x 3). In denominator layout the "
            "derivative by W has the shape of W, 3 x 2: transpose it.",
        )
    if answer.shape != W.shape:
        return wrong(ex, f"shape {answer.shape}; a derivative by W has W's shape {W.shape}.")
    if agree(yours, matrix_values(expected, names, pts)):
        return correct(ex, "d(u^T W v)/dw_ij = u_i v_j, so the derivative is u v^T.")
    if agree(yours, matrix_values(-expected, names, pts)):
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


def _as_matrix(ex, result, m, n):
    """The reader's result as a sympy Matrix, or feedback on what it is instead."""
    if isinstance(result, sp.NDimArray):
        if result.rank() == 4 and len(result) == m * n:
            return None, wrong(
                ex,
                f"sympy.diff(y, x) of two matrices is a 4-d array of shape {result.shape}; "
                "build a Matrix entry by entry, with entry (i, j) = diff(y[j], x[i]).",
            )
        if result.rank() == 2:
            result = sp.Matrix(result.tolist())
    if result is None:
        return None, wrong(ex, "your function returned None; return a sympy Matrix.")
    if isinstance(result, (list, tuple, np.ndarray)) or isinstance(result, sp.MatrixBase):
        return parse_matrix(ex, result, "return a sympy Matrix.", verb="return")
    return None, wrong(ex, f"return a sympy Matrix, not {describe(result)}.")


_NOT_ALLOWED_22 = {
    "jacobian": "sympy's jacobian",
    "denominator_derivative": "the helper denominator_derivative",
}


def _names_used(fn, depth=0):
    """The global and attribute names a Python function's code refers to, nested code included,
    and those of the plain functions it calls by a global name (one level down)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return set()
    stack, names = [code], set()
    while stack:
        c = stack.pop()
        names |= set(c.co_names)
        stack += [k for k in c.co_consts if hasattr(k, "co_names")]
    if depth == 0:
        for name in list(names):
            target = getattr(fn, "__globals__", {}).get(name)
            if callable(target) and getattr(target, "__module__", None) == "__main__":
                names |= _names_used(target, depth=1)
    return names


@checker("2.2", "define the function and pass it in.", "a function returning a sympy Matrix")
def check_jacobian_function(fn, seed=None):
    """Exercise 2.2: ``fn(y, x)`` returns dy/dx in denominator layout for columns y and x.

    Checked on fresh random vector functions against the transpose of sympy's
    Jacobian, with the number of outputs different from the number of inputs,
    one output (a gradient) among them.
    """
    ex = "2.2"
    feedback = unusable_function(ex, fn, "define the function and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for m, n in ((3, 2), (2, 4), (4, 1)):
        x = sp.Matrix(sp.symbols(f"x_1:{m + 1}"))
        y = _random_vector_function(rng, x, n)
        result, exc = run_reader_function(fn, y, x)
        if exc is not None:
            hint = ""
            if isinstance(exc, IndexError):
                hint = " Entry (i, j) is dy_j/dx_i: the row follows x, the column y."
            return raised(ex, exc, hint)
        result, feedback = _as_matrix(ex, result, m, n)
        if feedback:
            return feedback
        names = [str(s) for s in x]
        pts = sample(rng, dict.fromkeys(names, (-2.0, 2.0)), points=4)
        yours = matrix_values(result, names, pts)
        jac = y.jacobian(x)  # numerator layout, (n, m)
        if result.shape == jac.shape and agree(yours, matrix_values(jac, names, pts)):
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
        right = matrix_values(jac.T, names, pts)
        if agree(yours, -right):
            return wrong(ex, "the sign is flipped.")
        if not agree(yours, right):
            return wrong(ex, "some entries differ from dy_j/dx_i.")
    used = [what for name, what in _NOT_ALLOWED_22.items() if name in _names_used(fn)]
    if used:  # right, but not built as the exercise asks
        return wrong(
            ex,
            f"the values are right, but your function uses {' and '.join(used)}; build the "
            "matrix yourself, entry (i, j) = sympy.diff(y[j], x[i]).",
        )
    return correct(ex, "entry (i, j) is dy_j/dx_i: the transpose of the Jacobian.")


@checker("2.3", "replace None by a tuple (rows, columns).", "a pair of whole numbers")
def check_shape(answer, w_shape=(5, 3)):
    """Exercise 2.3: the shape of dz/da for z = W a + b with W of shape ``w_shape``."""
    ex = "2.3"
    answer, feedback = whole_pair(ex, answer, "a pair of whole numbers, such as (2, 7)")
    if feedback:
        return feedback
    m_out, m_in = w_shape
    if answer == (m_in, m_out):
        return correct(ex, f"({m_in}, {m_out}): the rows of a, the columns of z; it is W^T.")
    if answer == (m_out, m_in):
        return wrong(
            ex, "that is the Jacobian's shape (numerator layout); the book uses denominator layout."
        )
    if answer[0] == answer[1]:
        return wrong(
            ex,
            f"a square shape: but dz/da has a row per entry of a ({m_in}) "
            f"and a column per entry of z ({m_out}).",
        )
    return wrong(
        ex, f"a has {m_in} entries and z has {m_out}; denominator layout puts a's on the rows."
    )
