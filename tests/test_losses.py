"""Losses: against direct formulas, mpmath at extremes, and the error messages."""

import mpmath
import numpy as np
import pytest

from helpers import losses
from helpers.activations import sigmoid, softmax


def test_squared_error_per_example():
    y_hat = np.array([[0.2, 0.9], [0.4, 0.1]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = [0.5 * ((0.0 - 0.2) ** 2 + (1.0 - 0.4) ** 2), 0.5 * ((1 - 0.9) ** 2 + 0.1**2)]
    np.testing.assert_allclose(losses.squared_error(y_hat, y), expected, rtol=1e-15)
    np.testing.assert_allclose(losses.squared_error_gradient(y_hat, y), y_hat - y)


def test_cross_entropy_conventions_at_zero():
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    y_hat = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(losses.cross_entropy(y_hat, y), [0.0, 0.0])  # 0 log 0 = 0
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        out = losses.cross_entropy(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))
    assert out[0] == np.inf  # -log 0 is +inf: the correct value, without a warning


def test_cross_entropy_rejects_non_probabilities():
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        losses.cross_entropy(np.array([1.2, -0.2]), np.array([1.0, 0.0]))


def test_softmax_cross_entropy_matches_definition():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 7))
    y = np.eye(5)[:, rng.integers(0, 5, size=7)]
    direct = -np.sum(y * np.log(softmax(z)), axis=0)
    np.testing.assert_allclose(losses.softmax_cross_entropy(z, y), direct, rtol=1e-12)


def test_softmax_cross_entropy_at_extreme_logits_against_mpmath():
    mpmath.mp.dps = 60
    z = np.array([[1000.0], [-1000.0], [0.0]])
    y = np.array([[0.0], [1.0], [0.0]])
    zs = [mpmath.mpf(v) for v in z[:, 0]]
    exact = -(zs[1] - mpmath.log(sum(mpmath.exp(v) for v in zs)))
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        got = losses.softmax_cross_entropy(z, y)
    assert got[0] == pytest.approx(float(exact), rel=1e-14)


def test_sigmoid_cross_entropy_matches_definition_and_extremes():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(3, 4))
    y = rng.uniform(size=(3, 4))
    s = sigmoid(z)
    direct = -np.sum(y * np.log(s) + (1 - y) * np.log(1 - s), axis=0)
    np.testing.assert_allclose(losses.sigmoid_cross_entropy(z, y), direct, rtol=1e-12)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        big = losses.sigmoid_cross_entropy(np.array([1000.0, -1000.0]), np.array([0.0, 0.0]))
    assert big == pytest.approx(1000.0, rel=1e-15)  # -log(1 - sigma(1000)) = 1000 + log(1+e^-1000)


@pytest.mark.parametrize(
    "fn", [losses.squared_error, losses.cross_entropy, losses.softmax_cross_entropy]
)
def test_shape_mismatch_is_named(fn):
    with pytest.raises(ValueError, match=r"shape \(2, 3\) but y has shape \(3, 2\)"):
        fn(np.full((2, 3), 0.5), np.full((3, 2), 0.5))


def test_bad_dtypes_and_nan_are_named():
    with pytest.raises(TypeError, match="y must be a real numeric array, got dtype <U1"):
        losses.squared_error(np.zeros(2), np.array(["a", "b"]))
    with pytest.raises(ValueError, match="y_hat contains NaN"):
        losses.squared_error(np.array([np.nan, 0.0]), np.zeros(2))
