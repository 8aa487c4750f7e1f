"""Activation functions f and their derivatives f'.

Introduced in Chapter 1 (forward propagation); the derivatives are used from
the delta-rule chapter on. Every function works element-wise on arrays of any
shape, except softmax, which normalises each column (one example per column,
as everywhere in this book).

Each activation is an :class:`Activation` with three methods:

* ``f(z)``: the activation a = f(z);
* ``derivative(z)``: f'(z) element-wise (not defined for softmax, whose
  Jacobian is not diagonal);
* ``backward(z, a, grad_a)``: dL/dz given dL/da, in denominator layout. For an
  element-wise f this is ``grad_a * f'(z)``, the Hadamard product of the delta
  rule; for softmax it is the Jacobian-vector product.

All of them are finite for every finite z, including |z| of 1000 and beyond,
and raise no numpy warnings. Their input must be real numbers: strings, objects
and NaN raise an error that says so (softmax also refuses infinities, whose
result would be NaN).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._validation import as_real_array

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "get_activation",
    "identity",
    "identity_derivative",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "tanh",
    "tanh_derivative",
]


def _z(z):
    return as_real_array(z, "z")


def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), stable for any finite z.

    exp is only ever taken of -|z|, so it never overflows: for z >= 0 the
    usual form is used, for z < 0 the equivalent exp(z) / (1 + exp(z)).
    """
    z = _z(z)
    e = np.exp(-np.abs(z))  # in (0, 1]: no overflow
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)), accurate everywhere and never above 1/4.

    In the tails (|z| >= 1) it is computed as e / (1 + e)^2 with e = exp(-|z|),
    which keeps full relative accuracy where 1 - sigma(z) would cancel. Near 0
    that form can round a hair above 1/4, so there s (1 - s) is used: 1 - s is
    exact for s in [1/2, 1], and the rounded product cannot exceed 1/4.
    """
    z = _z(z)
    e = np.exp(-np.abs(z))
    tails = e / (1.0 + e) ** 2
    s = sigmoid(np.abs(z))
    return np.where(np.abs(z) < 1.0, s * (1.0 - s), tails)


def tanh(z):
    """Hyperbolic tangent (numpy's, which is stable for any z)."""
    return np.tanh(_z(z))


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)^2, accurate everywhere and never above 1.

    In the tails (|z| >= 1) it is written as 4 e / (1 + e)^2 with e = exp(-2|z|),
    which keeps relative accuracy where 1 - tanh^2 would cancel to 0. Near 0
    that form can round a hair above 1, so there 1 - tanh^2 itself is used.
    """
    z = _z(z)
    e = np.exp(-2.0 * np.abs(z))
    t = np.tanh(z)
    return np.where(np.abs(z) < 1.0, 1.0 - t * t, 4.0 * e / (1.0 + e) ** 2)


def relu(z):
    """Rectified linear unit max(0, z)."""
    z = _z(z)
    return np.maximum(z, 0.0)


def relu_derivative(z):
    """1 where z > 0, else 0 (the convention at z = 0 is 0)."""
    z = _z(z)
    return (z > 0).astype(float)


def identity(z):
    """The identity f(z) = z (a linear output layer)."""
    return _z(z).copy()


def identity_derivative(z):
    """1 everywhere."""
    return np.ones_like(_z(z))


def softmax(z):
    """Softmax of each column: exp(z_i) / sum_j exp(z_j).

    The column maximum is subtracted first, so the largest exponent is exp(0)
    and nothing overflows; the result is the same mathematically.
    A 1-D input is treated as a single column.
    """
    z = _z(z)
    if np.isinf(z).any():
        raise ValueError("softmax of z containing inf is undefined (inf - inf)")
    shifted = z - np.max(z, axis=0, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=0, keepdims=True)


def _elementwise_backward(derivative: Callable) -> Callable:
    def backward(z, a, grad_a):
        return grad_a * derivative(z)

    return backward


def _softmax_backward(z, a, grad_a):
    # The Jacobian of softmax is diag(a) - a a^T (symmetric), so
    # dL/dz = (diag(a) - a a^T) dL/da = a * (dL/da - a . dL/da), per column.
    return a * (grad_a - np.sum(a * grad_a, axis=0, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """An activation function with what backpropagation needs of it."""

    name: str
    f: Callable
    derivative: Callable | None
    backward: Callable

    def __call__(self, z):
        return self.f(z)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(
        "sigmoid", sigmoid, sigmoid_derivative, _elementwise_backward(sigmoid_derivative)
    ),
    "tanh": Activation("tanh", tanh, tanh_derivative, _elementwise_backward(tanh_derivative)),
    "relu": Activation("relu", relu, relu_derivative, _elementwise_backward(relu_derivative)),
    "identity": Activation(
        "identity", identity, identity_derivative, _elementwise_backward(identity_derivative)
    ),
    "softmax": Activation("softmax", softmax, None, _softmax_backward),
}


def get_activation(name) -> Activation:
    """Look an activation up by name; an unknown name raises a ValueError listing the known ones."""
    if not isinstance(name, str):
        raise TypeError(f"an activation is named by a string, got {type(name).__name__} {name!r}")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; known activations: {known}") from None
