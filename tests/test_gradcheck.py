"""helpers.gradcheck against derivatives known in closed form."""

import numpy as np
import pytest

from helpers.gradcheck import numerical_gradient, numerical_param_grads, relative_error


def test_numerical_gradient_of_a_cubic():
    x = np.array([[0.5, -1.5], [2.0, 3.0]])
    g = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-9)
    np.testing.assert_array_equal(x, [[0.5, -1.5], [2.0, 3.0]])  # input unchanged


def test_numerical_param_grads_of_a_bilinear_form():
    W, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5])
    u = np.array([1.0, -2.0])

    def f(p):
        ((Wp, bp),) = p
        return float(u @ (Wp @ u + bp))

    ((dW, db),) = numerical_param_grads(f, [(W, b)])
    np.testing.assert_allclose(dW, np.outer(u, u), rtol=1e-9)  # d(u^T W u)/dW = u u^T
    np.testing.assert_allclose(db, u, rtol=1e-9)


def test_relative_error_values():
    a = np.array([3.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert relative_error(a, np.array([3.0, 4.5])) == pytest.approx(0.5 / np.hypot(3, 4.5))
    nested = [(a, a), (a[:1], a[:1])]
    assert relative_error(nested, nested) == 0.0


def test_relative_error_shape_mismatch():
    with pytest.raises(ValueError, match="cannot compare gradients of shapes"):
        relative_error(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize(
    "f, message",
    [
        (lambda v: v, "f must return a real scalar"),
        (lambda v: float("nan"), "returned nan; a numerical gradient needs finite values"),
    ],
)
def test_bad_functions_are_named(f, message):
    with pytest.raises(ValueError, match=message):
        numerical_gradient(f, np.ones(2))


def test_bad_step_is_named():
    with pytest.raises(ValueError, match="the step h must be a positive finite number, got 0"):
        numerical_gradient(lambda v: 0.0, np.ones(2), h=0)
