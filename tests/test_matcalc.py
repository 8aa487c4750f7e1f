"""helpers.matcalc against sympy's own Jacobian and hand-known derivatives."""

import pytest
import sympy as sp

from helpers.matcalc import denominator_derivative, numerator_derivative

x1, x2, x3 = sp.symbols("x1 x2 x3")
X = sp.Matrix([x1, x2, x3])


def test_vector_by_vector_is_transposed_jacobian():
    y = sp.Matrix([x1 * x2, sp.sin(x3) + x1**2])
    D = denominator_derivative(y, X)
    assert D.shape == (3, 2)
    assert D == y.jacobian(X).T  # sympy's Jacobian is numerator layout
    assert numerator_derivative(y, X) == y.jacobian(X)


def test_scalar_by_vector_is_a_column_and_by_matrix_has_its_shape():
    f = x1**2 * x3 + sp.exp(x2)
    assert denominator_derivative(f, X) == sp.Matrix([2 * x1 * x3, sp.exp(x2), x1**2])
    W = sp.Matrix(2, 2, sp.symbols("a b c d"))
    g = (W * sp.Matrix([x1, x2]))[0]  # a x1 + b x2
    assert denominator_derivative(g, W) == sp.Matrix([[x1, x2], [0, 0]])


def test_vector_by_scalar_is_a_row():
    y = sp.Matrix([x1**2, 3 * x1, x2])
    assert denominator_derivative(y, x1) == sp.Matrix([[2 * x1, 3, 0]])


@pytest.mark.parametrize(
    "y, x, message",
    [
        (sp.Matrix([[x1, x2]]), X, "y must be a scalar or a column vector"),
        (sp.Matrix([x1, x2]), sp.Matrix([[x1, x2], [x3, x1]]), "only a scalar y can be"),
        (x1, sp.Matrix([x1 + 1]), "x must hold symbols"),
    ],
)
def test_bad_input_is_named(y, x, message):
    with pytest.raises(ValueError, match=message):
        denominator_derivative(y, x)
