"""helpers.data.shift_images against scipy.ndimage.shift (nearest-neighbour, zero fill)."""

import numpy as np
import pytest
from scipy import ndimage

from helpers import data


def test_matches_scipy_for_every_shift_including_beyond_the_image():
    rng = np.random.default_rng(0)
    for shape in ((8, 8), (3, 5)):
        X = rng.uniform(size=(shape[0] * shape[1], 4))
        for right in range(-shape[1] - 1, shape[1] + 2):
            for down in range(-shape[0] - 1, shape[0] + 2):
                moved = data.shift_images(X, right, down, shape)
                assert moved.shape == X.shape
                for n in range(X.shape[1]):
                    image = X[:, n].reshape(shape)
                    expected = ndimage.shift(image, (down, right), order=0, mode="constant")
                    np.testing.assert_array_equal(moved[:, n].reshape(shape), expected)


def test_input_unchanged_and_no_shift_is_a_copy():
    X = np.random.default_rng(1).uniform(size=(64, 3))
    before = X.copy()
    same = data.shift_images(X)
    np.testing.assert_array_equal(same, X)
    assert same is not X
    data.shift_images(X, 2, -1)
    np.testing.assert_array_equal(X, before)


def test_digits_keep_their_ink_when_moved_into_empty_columns():
    # The 8x8 digits rarely touch their borders, so a one-pixel shift keeps most ink.
    digits = data.load_digits_split(np.random.default_rng(0))
    X = digits["X_test"]
    kept = data.shift_images(X, 1, 0).sum(axis=0) / X.sum(axis=0)
    assert np.all(kept <= 1.0) and np.median(kept) > 0.95


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: data.shift_images(np.zeros((64, 2)), 1.5), ValueError, "right must be a whole"),
        (lambda: data.shift_images(np.zeros((64, 2)), 0, True), ValueError, "down must be a whole"),
        (lambda: data.shift_images(np.zeros((63, 2)), 1), ValueError, "X has 63 rows"),
        (lambda: data.shift_images(np.zeros(64), 1), ValueError, "X must be 2-D"),
        (lambda: data.shift_images(np.zeros((64, 2)), 1, 0, (8,)), ValueError, "shape must be"),
        (lambda: data.shift_images(np.array([["a"] * 2] * 64), 1), TypeError, "real numeric"),
    ],
)
def test_bad_input_is_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
