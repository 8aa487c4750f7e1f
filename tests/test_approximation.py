"""The universal-approximation construction of Chapter 9 (helpers.approximation).

The networks are checked against the sums of sigmoids written out with scipy's
logistic function (an implementation independent of helpers.activations), and
the staircase against the error bound of a step function: within a piece of
width h, |f(x) - f(centre)| <= max|f'| h / 2.
"""

import numpy as np
import pytest
from scipy.special import expit

from helpers import mlp
from helpers.approximation import bump_params, spread_init, staircase_params


def network(params, x, hidden="sigmoid"):
    out, _ = mlp.forward(params, np.asarray(x, dtype=float)[None, :], [hidden, "identity"])
    return out[0]


def test_bump_params_is_the_sum_of_bumps():
    rng = np.random.default_rng(0)
    for J in (1, 2, 5, 11):
        heights = rng.normal(size=J)
        edges = np.sort(rng.uniform(-3, 3, size=J + 1))
        k = float(rng.uniform(0.5, 50))
        params = bump_params(heights, edges, k)
        assert params[0][0].shape == (2 * J, 1) and params[1][0].shape == (1, 2 * J)
        x = rng.uniform(-5, 5, size=200)
        expected = sum(
            h * (expit(k * (x - l)) - expit(k * (x - r)))
            for h, l, r in zip(heights, edges[:-1], edges[1:], strict=True)
        )
        np.testing.assert_allclose(network(params, x), expected, rtol=1e-12, atol=1e-12)


def test_steep_bumps_are_steps_between_their_edges():
    params = bump_params([2.0, -1.0], [0.0, 1.0, 3.0], steepness=1000.0)
    out = network(params, np.array([-1.0, 0.5, 2.0, 4.0]))
    np.testing.assert_allclose(out, [0.0, 2.0, -1.0, 0.0], atol=1e-12)
    # at an edge each sigmoid is exactly half on
    np.testing.assert_allclose(network(params, np.array([0.0])), [1.0], rtol=1e-12)
    # huge steepness: no overflow, no NaN, no warning (the tests run with warnings as errors)
    huge = bump_params([1.0], [0.0, 1.0], steepness=1e12)
    np.testing.assert_array_equal(network(huge, np.array([-1.0, 0.5, 2.0])), [0.0, 1.0, 0.0])


def test_staircase_follows_f_within_the_step_bound():
    a, b = 0.0, 3.0
    max_slope = 1.0  # of sin
    for J in (4, 16, 64):
        h = (b - a) / J
        params = staircase_params(np.sin, a, b, J, sharpness=60.0)
        assert params[0][0].shape == (2 * J, 1)
        # points at least h/5 away from every edge: the sigmoids there are within
        # expit(-12) of 0 or 1, so the output is f(centre of the piece) to ~1e-4
        pieces = np.arange(J)
        x = (a + h * (pieces[:, None] + np.linspace(0.2, 0.8, 7)[None, :])).ravel()
        centres = a + h * (np.floor((x - a) / h) + 0.5)
        np.testing.assert_allclose(network(params, x), np.sin(centres), atol=1e-4)
        grid = np.linspace(a, b, 1001)
        interior = np.abs(((grid - a) / h) - np.round((grid - a) / h)) >= 0.2
        err = np.abs(network(params, grid) - np.sin(grid))[interior]
        assert err.max() <= max_slope * h / 2 + 1e-4


def test_staircase_covers_the_ends_and_its_error_halves_with_twice_the_bumps():
    errors = []
    a, b = -1.0, 2.0
    grid = np.linspace(a, b, 2001)
    for J in (8, 16, 32, 64):
        h = (b - a) / J
        out = network(staircase_params(np.cos, a, b, J), grid)
        # The ends are covered: at a and at b the output is cos at the nearest centre, h / 2
        # away, so within max|cos'| h / 2 = h / 2 of cos there (plus the sigmoids' tails).
        ends, bound = np.array([a, b]), h / 2 + 1e-3
        assert np.all(np.abs(out[[0, -1]] - np.cos(ends)) <= bound), J
        # With the end edges left at a and b, the end sigmoids are half on there: both fail.
        edges = a + h * np.arange(J + 1)
        unmoved = bump_params(np.cos((edges[:-1] + edges[1:]) / 2), edges, 10 / h)
        assert np.all(np.abs(network(unmoved, ends) - np.cos(ends)) > bound), J
        errors.append(np.abs(out - np.cos(grid)).max())
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all((ratios > 1.6) & (ratios < 2.5)), ratios


def test_spread_init_spreads_the_centres():
    params = spread_init(4000, -2.0, 1.0, np.random.default_rng(0), slope=3.0)
    (W1, b1), (W2, b2) = params
    assert W1.shape == (4000, 1) and b1.shape == (4000,) and W2.shape == (1, 4000)
    centres = -b1 / W1[:, 0]
    assert centres.min() >= -2.0 and centres.max() <= 1.0
    # uniform on [-2, 1]: mean -0.5, standard deviation 3 / sqrt(12)
    assert abs(centres.mean() + 0.5) < 0.05 and abs(centres.std() - 3 / np.sqrt(12)) < 0.05
    assert abs(W1.std() - 3.0) < 0.15 and abs(W2.std() - 1 / np.sqrt(4000)) < 0.001
    np.testing.assert_array_equal(b2, [0.0])
    again = spread_init(4000, -2.0, 1.0, np.random.default_rng(0), slope=3.0)
    for (W, b), (W_, b_) in zip(params, again, strict=True):
        np.testing.assert_array_equal(W, W_)
        np.testing.assert_array_equal(b, b_)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: bump_params([1.0, 2.0], [0.0, 1.0], 1.0), ValueError, "2 bumps need 3 edges"),
        (lambda: bump_params([1.0], [1.0, 0.0], 1.0), ValueError, "edges must increase"),
        (lambda: bump_params([], [0.0], 1.0), ValueError, "heights is empty"),
        (lambda: bump_params([1.0], [0.0, 1.0], 0.0), ValueError, "steepness must be a positive"),
        (lambda: bump_params([1.0], [0.0, 1.0], np.inf), ValueError, "steepness"),
        (lambda: bump_params([np.inf], [0.0, 1.0], 1.0), ValueError, "must be finite"),
        (lambda: bump_params([[1.0]], [0.0, 1.0], 1.0), ValueError, "heights must be 1-D"),
        (lambda: bump_params(["a"], [0.0, 1.0], 1.0), TypeError, "heights must be a real"),
        (lambda: staircase_params(np.sin, 1.0, 0.0, 4), ValueError, "needs a < b"),
        (lambda: staircase_params(np.sin, 0.0, 1.0, 0), ValueError, "n_bumps must be a positive"),
        (lambda: staircase_params(np.sin, 0.0, 1.0, 2.5), ValueError, "n_bumps"),
        (lambda: staircase_params("sin", 0.0, 1.0, 4), TypeError, "f must be a function"),
        (
            lambda: staircase_params(lambda x: 1.0, 0.0, 1.0, 4),
            ValueError,
            "one value per point",
        ),
        (lambda: staircase_params(np.sin, 0.0, np.nan, 4), ValueError, "must be a finite"),
        (lambda: staircase_params(np.sin, 0.0, 1.0, 4, sharpness=-1), ValueError, "sharpness"),
        (lambda: spread_init(0, 0.0, 1.0, np.random.default_rng()), ValueError, "n_hidden"),
        (lambda: spread_init(3, 0.0, 1.0, 0), TypeError, "numpy.random.Generator"),
        (lambda: spread_init(3, 0.0, 1.0, np.random.default_rng(), slope=0), ValueError, "slope"),
    ],
)
def test_bad_input_is_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
