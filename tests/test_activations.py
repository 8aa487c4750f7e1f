"""Activations: derivatives against central differences, values against mpmath, extremes."""

import mpmath
import numpy as np
import pytest

from helpers import activations as act
from helpers.gradcheck import numerical_gradient

ELEMENTWISE = ["sigmoid", "tanh", "relu", "identity"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_difference(name):
    f = act.get_activation(name)
    rng = np.random.default_rng(0)
    z = rng.uniform(-6, 6, size=50)
    z = z[np.abs(z) > 1e-3]  # away from ReLU's kink
    for zi in z:
        numeric = numerical_gradient(lambda x, f=f: float(f(x)[()]), np.array(zi))
        assert abs(numeric - f.derivative(zi)) < 1e-8 * max(1.0, abs(numeric))


@pytest.mark.parametrize("z", [-745.0, -40.0, -3.5, 0.0, 0.25, 12.0, 40.0, 700.0])
def test_sigmoid_and_derivative_against_mpmath(z):
    mpmath.mp.dps = 50
    s = 1 / (1 + mpmath.exp(-mpmath.mpf(z)))
    one_minus_s = 1 / (1 + mpmath.exp(mpmath.mpf(z)))  # sigma(-z), exact without cancellation
    assert act.sigmoid(z) == pytest.approx(float(s), rel=1e-14, abs=0)
    # s (1 - s) keeps full relative accuracy far into both tails
    assert act.sigmoid_derivative(z) == pytest.approx(float(s * one_minus_s), rel=1e-12, abs=0)


@pytest.mark.parametrize("z", [-350.0, -20.0, -0.7, 0.0, 3.0, 20.0, 350.0])
def test_tanh_derivative_against_mpmath(z):
    mpmath.mp.dps = 50
    expected = mpmath.sech(mpmath.mpf(z)) ** 2  # = 1 - tanh^2, without cancellation
    assert act.tanh_derivative(z) == pytest.approx(float(expected), rel=1e-12, abs=0)


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_extreme_inputs_are_finite_and_warning_free(name):
    # Overflow, division by zero or an invalid operation raises; underflow to 0 is exact.
    f = act.get_activation(name)
    z = np.array([[-1000.0, 1000.0], [0.0, -1e4], [1e4, 5.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        a = f(z)
        assert np.isfinite(a).all()
        if f.derivative is not None:
            assert np.isfinite(f.derivative(z)).all()
        assert np.isfinite(f.backward(z, a, np.ones_like(z))).all()


def test_sigmoid_saturates_exactly():
    assert act.sigmoid(1000.0) == 1.0
    assert act.sigmoid(-1000.0) == 0.0
    assert act.sigmoid_derivative(1000.0) == 0.0


def test_softmax_columns_and_extremes():
    z = np.array([[1000.0, 1.0], [0.0, 2.0], [-1000.0, 3.0]])
    s = act.softmax(z)
    np.testing.assert_allclose(s.sum(axis=0), 1.0)
    np.testing.assert_allclose(s[:, 0], [1.0, 0.0, 0.0])
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(s[:, 1], e / e.sum(), rtol=1e-15)


def test_softmax_backward_is_its_jacobian_transpose_times_vector():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 3))
    g = rng.normal(size=(4, 3))
    a = act.softmax(z)
    got = act.ACTIVATIONS["softmax"].backward(z, a, g)
    for n in range(3):  # d(g . softmax(z)) / dz by central differences, column by column
        numeric = numerical_gradient(lambda x, n=n: float(g[:, n] @ act.softmax(x)), z[:, n])
        np.testing.assert_allclose(got[:, n], numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_is_hadamard_product(name):
    f = act.get_activation(name)
    rng = np.random.default_rng(2)
    z, g = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    np.testing.assert_array_equal(f.backward(z, f(z), g), g * f.derivative(z))


def test_unknown_activation_is_named():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'.*'sigmoid'"):
        act.get_activation("sigmod")
    with pytest.raises(TypeError, match="named by a string"):
        act.get_activation(3)
