"""helpers.data: the spirals against their definition, and bad arguments refused by name."""

import math
import re

import numpy as np
import pytest
import sympy as sp

from helpers import data


def test_spirals_lie_on_their_arms():
    # Without noise, point i of class k has radius r_i and angle 2 pi (turns r_i + k / K),
    # computed here in polar form, independently of the Cartesian code under test.
    n, K, turns = 7, 3, 1.5
    X, y = data.spirals(n, K, np.random.default_rng(0), noise=0.0, turns=turns)
    assert X.shape == (2, n * K) and y.shape == (n * K,)
    r = np.hypot(X[0], X[1])
    for col in range(n * K):
        k, i = divmod(col, n)
        radius = 0.05 + 0.95 * i / (n - 1)
        assert y[col] == k and math.isclose(r[col], radius, rel_tol=1e-12)
        angle = 2 * math.pi * (turns * radius + k / K)
        assert math.isclose(X[0, col], radius * math.cos(angle), abs_tol=1e-12)
        assert math.isclose(X[1, col], radius * math.sin(angle), abs_tol=1e-12)


def test_harmless_forms_of_numbers_give_the_same_spirals():
    plain = data.spirals(5, 2, np.random.default_rng(1), noise=0.1, turns=1.0)
    other = data.spirals(
        np.int64(5), sp.Integer(2), np.random.default_rng(1), noise=np.float64(0.1),
        turns=sp.Float(1.0),
    )  # fmt: skip
    for a, b in zip(plain, other, strict=True):
        np.testing.assert_array_equal(a, b)


def rng():
    return np.random.default_rng(0)


SPIRAL_CASES = [
    # (keyword arguments, the argument named)
    ({"noise": float("nan")}, "noise"),
    ({"noise": float("inf")}, "noise"),
    ({"noise": -0.1}, "noise"),
    ({"noise": "0.2"}, "noise"),
    ({"noise": True}, "noise"),
    ({"noise": np.bool_(True)}, "noise"),
    ({"noise": None}, "noise"),
    ({"turns": float("nan")}, "turns"),
    ({"turns": -float("inf")}, "turns"),
    ({"turns": "1"}, "turns"),
    ({"turns": False}, "turns"),
    ({"n_per_class": -5}, "n_per_class"),
    ({"n_per_class": 0}, "n_per_class"),
    ({"n_per_class": 10.0}, "n_per_class"),
    ({"n_per_class": 2.5}, "n_per_class"),
    ({"n_per_class": "10"}, "n_per_class"),
    ({"n_per_class": True}, "n_per_class"),
    ({"n_classes": -1}, "n_classes"),
    ({"n_classes": float("nan")}, "n_classes"),
    ({"n_classes": "3"}, "n_classes"),
    ({"n_classes": np.bool_(True)}, "n_classes"),
]


@pytest.mark.parametrize(("change", "name"), SPIRAL_CASES)
def test_spirals_name_the_bad_argument_and_its_value(change, name):
    args = {"n_per_class": 10, "n_classes": 3, "rng": rng(), **change}
    shown = re.escape(repr(change[name]))
    with pytest.raises(ValueError, match=rf"^{name} must be a .*, got {shown}$"):
        data.spirals(**args)


def test_spirals_refuse_angles_that_overflow_instead_of_returning_nan():
    for change in ({"noise": 1e308}, {"turns": 1e308}):
        with pytest.raises(ValueError, match="overflow"):
            data.spirals(10, 3, rng(), **change)


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"n_test": -10}, "n_test"),
        ({"n_test": 100.0}, "n_test"),
        ({"n_test": "100"}, "n_test"),
        ({"n_test": True}, "n_test"),
        ({"n_val": float("nan")}, "n_val"),
        ({"n_val": float("inf")}, "n_val"),
        ({"n_val": 0}, "n_val"),
    ],
)
def test_digit_split_names_the_bad_count(change, name):
    with pytest.raises(ValueError, match=rf"^{name} must be a positive integer, got "):
        data.load_digits_split(rng(), **change)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"right": float("nan")}, "right"),
        ({"right": float("inf")}, "right"),
        ({"right": "1"}, "right"),
        ({"down": np.bool_(True)}, "down"),
        ({"shape": (8.0, 8)}, "shape"),
        ({"shape": (8, -8)}, "shape"),
        ({"shape": (True, 8)}, "shape"),
        ({"shape": "8x8"}, "shape"),
    ],
)
def test_shift_images_names_the_bad_argument(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} must be "):
        data.shift_images(np.zeros((64, 2)), **kwargs)
