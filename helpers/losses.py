"""Loss functions L(y, y_hat), one value per example (one example per column).

Introduced in Chapter 1 (the squared error of the worked example); the
cross-entropy forms are used from the delta-rule chapter on.

* ``squared_error``: L = 1/2 ||y - y_hat||^2, the error of the worked example
  and of the UFLDL-style derivation.
* ``cross_entropy``: L = -y^T log y_hat, the loss of the nndl source, for
  probabilities y_hat (0 log 0 is taken as 0; y > 0 with y_hat = 0 gives +inf,
  which is the correct value, without a warning).
* ``softmax_cross_entropy`` and ``sigmoid_cross_entropy``: the same losses
  computed from the net inputs z of the output layer (the logits), which is
  stable for any finite z; these are what :mod:`helpers.mlp` uses.

Each function returns an array of shape (N,) for inputs of shape (M, N), and a
scalar for 1-D inputs (a single example).
"""

from __future__ import annotations

import numpy as np

from ._validation import as_real_array

__all__ = [
    "cross_entropy",
    "sigmoid_cross_entropy",
    "softmax_cross_entropy",
    "squared_error",
    "squared_error_gradient",
]


def _pair(y_hat, y, names):
    """Both arguments as float arrays of one shape, or a clear error."""
    arrays = [as_real_array(v, n) for v, n in zip((y_hat, y), names, strict=True)]
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"{names[0]} has shape {arrays[0].shape} but {names[1]} has shape {arrays[1].shape}; "
            "they must match (one example per column)"
        )
    return arrays


def squared_error(y_hat, y):
    """1/2 ||y - y_hat||^2 for each example (column)."""
    y_hat, y = _pair(y_hat, y, ("y_hat", "y"))
    return 0.5 * np.sum((y - y_hat) ** 2, axis=0)


def squared_error_gradient(y_hat, y):
    """dL/dy_hat of the squared error: y_hat - y, i.e. -(y - y_hat)."""
    y_hat, y = _pair(y_hat, y, ("y_hat", "y"))
    return y_hat - y


def cross_entropy(y_hat, y):
    """-sum_i y_i log y_hat_i for each example, for probabilities y_hat in [0, 1]."""
    y_hat, y = _pair(y_hat, y, ("y_hat", "y"))
    if (y_hat < 0).any() or (y_hat > 1).any():
        raise ValueError("y_hat must hold probabilities in [0, 1]")
    terms = np.zeros_like(y_hat)
    active = y != 0  # 0 log 0 = 0 by continuity
    with np.errstate(divide="ignore"):  # log 0 = -inf is the right value here
        terms[active] = y[active] * np.log(y_hat[active])
    return -np.sum(terms, axis=0)


def _log_softmax(z):
    shifted = z - np.max(z, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))


def softmax_cross_entropy(z, y):
    """Cross-entropy of softmax(z) against y, computed from the logits z.

    -y^T log softmax(z) with log softmax(z) = z - max(z) - log sum exp(z - max(z)):
    finite for every finite z.
    """
    z, y = _pair(z, y, ("z", "y"))
    return -np.sum(y * _log_softmax(z), axis=0)


def sigmoid_cross_entropy(z, y):
    """Binary cross-entropy of sigmoid(z) against y in [0, 1], from the logits z.

    For each unit, -(y log s + (1 - y) log(1 - s)) with s = sigmoid(z) equals
    max(z, 0) - y z + log(1 + exp(-|z|)), which never overflows; the units'
    losses are summed per example.
    """
    z, y = _pair(z, y, ("z", "y"))
    return np.sum(np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z))), axis=0)
