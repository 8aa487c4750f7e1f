"""Matrix calculus in denominator layout, with sympy.

Introduced in Chapter 2 (the chain rule and matrix calculus); the delta-rule
chapter uses it to state its results in the layout of the sources.

Denominator layout: the derivative has the rows of the denominator.

* scalar by column vector x (M): a column, entry i = dy/dx_i, shape (M, 1);
* column vector y (N) by column vector x (M): shape (M, N), entry (i, j) = dy_j/dx_i
  (the transpose of the Jacobian, which is numerator layout);
* column vector y (N) by scalar x: a row, shape (1, N);
* scalar by matrix W: the shape of W, entry (i, j) = dy/dw_ij.

Every entry is computed by ``sympy.diff`` of one scalar by one scalar; nothing
is taken from sympy's own Jacobian, so comparing with it is an independent check.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["denominator_derivative", "numerator_derivative"]


def _as_matrix(value, name):
    if isinstance(value, sp.MatrixBase):
        return sp.Matrix(value)
    if isinstance(value, (list, tuple)):
        return sp.Matrix(value)
    try:
        return sp.Matrix([[sp.sympify(value)]])
    except (sp.SympifyError, TypeError) as exc:
        raise TypeError(f"{name} must be a sympy expression or matrix, got {value!r}") from exc


def denominator_derivative(y, x):
    """d y / d x in denominator layout (see the module docstring for the four cases).

    ``y``: a scalar expression or a column vector (``sympy.Matrix`` of shape (N, 1)).
    ``x``: a symbol, a column vector of symbols, or (for scalar ``y``) a matrix of symbols.
    """
    Y = _as_matrix(y, "y")
    X = _as_matrix(x, "x")
    if Y.cols != 1:
        raise ValueError(
            f"y must be a scalar or a column vector (the book's vectors are columns), "
            f"got shape {Y.shape}"
        )
    if X.cols != 1 and Y.shape != (1, 1):
        raise ValueError(
            f"x has shape {X.shape}: only a scalar y can be differentiated by a matrix; "
            "for a vector y, x must be a symbol or a column vector"
        )
    for s in X:
        if not isinstance(s, sp.Symbol):
            raise ValueError(f"x must hold symbols to differentiate by, found {s!r}")
    if Y.shape == (1, 1):  # scalar by scalar, vector or matrix: the shape of x
        return X.applyfunc(lambda s: sp.diff(Y[0, 0], s))
    if X.shape == (1, 1):  # vector by scalar: a row
        return sp.Matrix(1, Y.rows, lambda i, j: sp.diff(Y[j, 0], X[0, 0]))
    return sp.Matrix(X.rows, Y.rows, lambda i, j: sp.diff(Y[j, 0], X[i, 0]))


def numerator_derivative(y, x):
    """d y / d x in numerator layout: the transpose of :func:`denominator_derivative`.

    For vectors this is the Jacobian, entry (i, j) = dy_i/dx_j, shape (N, M).
    """
    return denominator_derivative(y, x).T
