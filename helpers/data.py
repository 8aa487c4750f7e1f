"""Data sets for the chapters, made or loaded without any download.

Introduced in Chapter 5 (backpropagation at scale): the handwritten digits
that ship with scikit-learn, and interleaved spirals generated with numpy.
``shift_images`` (images moved by whole pixels, for the shifted digits and
data augmentation) is introduced in Chapter 9. Examples are columns, as
everywhere in the book.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from ._validation import as_finite_real, as_positive_int, as_real_array

__all__ = ["load_digits_split", "shift_images", "spirals"]


def load_digits_split(rng, n_test=360, n_val=240):
    """The 8x8 handwritten digits (1,797 images), split into train, validation and test.

    Pixels are scaled from 0..16 to 0..1. The split is a permutation drawn from
    ``rng``, so a seeded generator gives the same split every run. Returns a
    dict with ``X_train`` (64, N_train), ``y_train`` (labels 0..9), and the same
    for ``val`` and ``test``, plus ``images`` (all 1,797 as 8x8 arrays, in the
    permuted order: train first, then validation, then test).
    """
    from sklearn.datasets import load_digits  # data ship inside the package

    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    digits = load_digits()
    n = digits.data.shape[0]
    n_test, n_val = as_positive_int(n_test, "n_test"), as_positive_int(n_val, "n_val")
    if n_test + n_val >= n:
        raise ValueError(f"n_test + n_val = {n_test + n_val} leaves no training data of {n}")
    order = rng.permutation(n)
    X = digits.data[order].T / 16.0  # (64, N), one image per column
    y = digits.target[order]
    n_train = n - n_test - n_val
    parts = {
        "train": slice(0, n_train),
        "val": slice(n_train, n_train + n_val),
        "test": slice(n_train + n_val, n),
    }
    out = {"images": digits.images[order]}
    for name, cols in parts.items():
        out[f"X_{name}"] = X[:, cols]
        out[f"y_{name}"] = y[cols]
    return out


def spirals(n_per_class, n_classes, rng, noise=0.2, turns=1.0):
    """Interleaved spirals in the plane: ``(X, y)`` with X of shape (2, n_per_class * n_classes).

    Class k lies along a spiral arm rotated by 2 pi k / n_classes; ``noise`` is
    the standard deviation of the random angle added to each point.
    """
    n_per_class = as_positive_int(n_per_class, "n_per_class")
    n_classes = as_positive_int(n_classes, "n_classes")
    noise = as_finite_real(noise, "noise", minimum=0)
    turns = as_finite_real(turns, "turns")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    radius = np.linspace(0.05, 1.0, n_per_class)
    Xs, ys = [], []
    for k in range(n_classes):
        angle = turns * 2 * np.pi * radius + 2 * np.pi * k / n_classes
        angle = angle + rng.normal(0.0, noise, size=n_per_class)
        if not np.isfinite(angle).all():  # cos(inf) would be a silent NaN
            raise ValueError(
                f"noise = {noise!r} and turns = {turns!r} make angles overflow to inf; "
                "use values below 1e300"
            )
        Xs.append(np.stack([radius * np.cos(angle), radius * np.sin(angle)]))
        ys.append(np.full(n_per_class, k))
    return np.concatenate(Xs, axis=1), np.concatenate(ys)


def shift_images(X, right=0, down=0, shape=(8, 8)):
    """Images moved by whole pixels, the pixels moved in from outside set to 0.

    ``X`` holds one flattened image per column, as :func:`load_digits_split`
    returns them: shape (height * width, N), rows in row-major order. ``right``
    and ``down`` count pixels (negative values move left and up); a shift as
    large as the image leaves it blank. Returns a new array of X's shape.
    """
    for value, name in ((right, "right"), (down, "down")):
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise ValueError(f"{name} must be a whole number of pixels, got {value!r}")
    if (
        not isinstance(shape, (tuple, list))
        or len(shape) != 2
        or not all(isinstance(s, Integral) and not isinstance(s, bool) and s > 0 for s in shape)
    ):
        raise ValueError(f"shape must be (height, width) in pixels, got {shape!r}")
    height, width = int(shape[0]), int(shape[1])
    X = as_real_array(X, "X", ndim=2)
    if X.shape[0] != height * width:
        raise ValueError(
            f"X has {X.shape[0]} rows but images of shape {shape} have {height * width} "
            "pixels; X needs one flattened image per column"
        )
    images = X.T.reshape(-1, height, width)
    out = np.zeros_like(images)
    right, down = int(right), int(down)
    if abs(right) < width and abs(down) < height:
        rows_from, rows_to = _span(down, height)
        cols_from, cols_to = _span(right, width)
        out[:, rows_to, cols_to] = images[:, rows_from, cols_from]
    return out.reshape(-1, height * width).T


def _span(shift, size):
    """Source and target slices of one axis moved by ``shift`` (|shift| < size)."""
    if shift >= 0:
        return slice(0, size - shift), slice(shift, size)
    return slice(-shift, size), slice(0, size + shift)
