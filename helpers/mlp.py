"""A feed-forward network (multi-layer perceptron) in the notation of the book.

Introduced in Chapter 1 (``init_params`` and ``forward``); ``backward`` and
``loss_and_grads`` implement the delta rule derived in Chapter 3 and are the
backpropagation the later chapters build on.

Notation (the nndl source's, denominator layout):

* layers l = 1 .. L, with M_l units; M_0 is the number of inputs;
* ``params[l-1] = (W, b)`` holds W(l) of shape (M_l, M_{l-1}) and b(l) of shape (M_l,);
* a minibatch X has shape (M_0, N), one example per column, so a(0) = X;
* z(l) = W(l) a(l-1) + b(l) and a(l) = f_l(z(l)).

Backpropagation (the delta rule), with delta(l) = dL/dz(l) per example:

* delta(L) = dL/da(L) ⊙ f_L'(z(L)); for softmax or sigmoid outputs with the
  cross-entropy loss this is a(L) - y;
* delta(l) = f_l'(z(l)) ⊙ (W(l+1))^T delta(l+1);
* dR/dW(l) = mean over examples of delta(l) a(l-1)^T, plus lambda W(l);
* dR/db(l) = mean over examples of delta(l).
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np

from ._validation import as_real_array
from .activations import get_activation
from .losses import sigmoid_cross_entropy, softmax_cross_entropy, squared_error

__all__ = [
    "INITS",
    "LOSSES",
    "backward",
    "count_params",
    "forward",
    "init_params",
    "loss_and_grads",
]

LOSSES = ("squared_error", "cross_entropy")


def _xavier(rng, m_out, m_in):
    # Glorot & Bengio (2010): uniform on [-r, r] with r = sqrt(6 / (M_{l-1} + M_l)),
    # which keeps the variance of activations and of deltas about constant.
    r = np.sqrt(6.0 / (m_in + m_out))
    return rng.uniform(-r, r, size=(m_out, m_in))


def _he(rng, m_out, m_in):
    # He et al. (2015): normal with variance 2 / M_{l-1}, suited to ReLU.
    return rng.normal(0.0, np.sqrt(2.0 / m_in), size=(m_out, m_in))


def _small(rng, m_out, m_in):
    # The naive choice: small normal weights, standard deviation 0.01.
    return rng.normal(0.0, 0.01, size=(m_out, m_in))


def _zeros(rng, m_out, m_in):
    # Every weight 0: all units of a layer stay identical (a lesson, not a method).
    return np.zeros((m_out, m_in))


INITS = {"xavier": _xavier, "he": _he, "small": _small, "zeros": _zeros}


def init_params(layer_sizes, rng, init="xavier"):
    """Random weights and zero biases for a network with the given layer sizes.

    ``layer_sizes`` is ``[M_0, M_1, ..., M_L]``; ``rng`` a ``numpy.random.Generator``
    (so every run is reproducible); ``init`` one of ``"xavier"``, ``"he"``,
    ``"small"``, ``"zeros"``. Returns ``[(W(1), b(1)), ..., (W(L), b(L))]`` with
    W(l) of shape (M_l, M_{l-1}) and b(l) of shape (M_l,).
    """
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence):
        raise TypeError(f"layer_sizes must be a sequence of integers, got {layer_sizes!r}")
    if len(layer_sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least two entries (inputs and outputs), got {list(layer_sizes)}"
        )
    for size in layer_sizes:
        if isinstance(size, bool) or not isinstance(size, Integral) or size < 1:
            raise ValueError(f"layer sizes must be positive integers, got {list(layer_sizes)}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    if init not in INITS:
        known = ", ".join(repr(k) for k in INITS)
        raise ValueError(f"unknown init {init!r}; known inits: {known}")
    make = INITS[init]
    return [
        (make(rng, int(m_out), int(m_in)), np.zeros(int(m_out)))
        for m_in, m_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=False)
    ]


def count_params(params):
    """The number of weights and biases in ``params``."""
    return sum(W.size + b.size for W, b in _check_params(params))


def _check_params(params):
    """The parameters as float arrays, with every shape checked against its neighbours."""
    if isinstance(params, np.ndarray) or not isinstance(params, Sequence) or len(params) == 0:
        raise ValueError("params must be a non-empty list of (W, b) pairs, one per layer")
    checked = []
    for l, pair in enumerate(params, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"params[{l - 1}] (layer {l}) must be a pair (W, b)")
        W = as_real_array(pair[0], f"W({l})", ndim=2)
        b = as_real_array(pair[1], f"b({l})", ndim=1)
        if b.shape[0] != W.shape[0]:
            raise ValueError(
                f"layer {l}: W({l}) has shape {W.shape}, so b({l}) must have shape "
                f"({W.shape[0]},), got {b.shape}"
            )
        if checked and W.shape[1] != checked[-1][0].shape[0]:
            prev = checked[-1][0].shape
            raise ValueError(
                f"layer {l}: W({l}) has shape {W.shape} but layer {l - 1} has "
                f"{prev[0]} units (W({l - 1}) has shape {prev}); "
                f"W({l}) must have {prev[0]} columns"
            )
        checked.append((W, b))
    return checked


def _check_activations(activations, n_layers):
    if isinstance(activations, str) or not isinstance(activations, Sequence):
        raise ValueError(
            f"activations must be a sequence of names, one per layer, got {activations!r}"
        )
    if len(activations) != n_layers:
        raise ValueError(
            f"{len(activations)} activations given for {n_layers} layers; "
            "give one activation name per layer"
        )
    return [get_activation(name) for name in activations]


def _check_inputs(X, params):
    X = as_real_array(X, "X", ndim=2)
    if np.isinf(X).any():
        raise ValueError("X contains inf")
    m_0 = params[0][0].shape[1]
    if X.shape[0] != m_0:
        raise ValueError(
            f"X has shape {X.shape} but W(1) has shape {params[0][0].shape}: X must have "
            f"{m_0} rows, one per input unit, and one column per example"
        )
    if X.shape[1] == 0:
        raise ValueError(f"X holds no examples (shape {X.shape}); a minibatch needs N >= 1")
    return X


def forward(params, X, activations):
    """Forward propagation of a minibatch X of shape (M_0, N).

    Returns ``(A_L, cache)``: the output a(L) of shape (M_L, N), and a cache with
    ``cache["z"][l]`` = z(l) and ``cache["a"][l]`` = a(l) for l = 0 .. L
    (``cache["z"][0]`` is None; ``cache["a"][0]`` is X), indexed like the book.
    """
    params = _check_params(params)
    fs = _check_activations(activations, len(params))
    X = _check_inputs(X, params)
    z, a = _forward(params, X, fs)
    return a[-1], {"z": z, "a": a, "activations": [f.name for f in fs]}


def _forward(params, X, fs):
    """The forward pass on checked arguments (``fs`` are Activation objects)."""
    z, a = [None], [X]
    for (W, b), f in zip(params, fs, strict=True):
        z.append(W @ a[-1] + b[:, None])  # z(l) = W(l) a(l-1) + b(l)
        a.append(f(z[-1]))  # a(l) = f_l(z(l))
    return z, a


def _check_loss_and_l2(loss, l2):
    if loss not in LOSSES:
        known = ", ".join(repr(k) for k in LOSSES)
        raise ValueError(f"unknown loss {loss!r}; known losses: {known}")
    if isinstance(l2, bool) or not isinstance(l2, Real) or not np.isfinite(l2) or l2 < 0:
        raise ValueError(f"l2 must be a finite number >= 0, got {l2!r}")


def _check_targets(Y, output_shape, loss, output_name):
    Y = as_real_array(Y, "Y", ndim=2)
    if Y.shape != output_shape:
        raise ValueError(
            f"Y has shape {Y.shape} but the network outputs shape {output_shape}; "
            "Y needs one column per example and one row per output unit"
        )
    if np.isinf(Y).any():
        raise ValueError("Y contains inf")
    if loss == "cross_entropy":
        if output_name not in ("softmax", "sigmoid"):
            raise ValueError(
                f"loss 'cross_entropy' needs a 'softmax' or 'sigmoid' output layer, "
                f"got {output_name!r}"
            )
        if (Y < 0).any() or (Y > 1).any():
            raise ValueError("Y must hold probabilities in [0, 1] for the cross-entropy loss")
        if output_name == "softmax" and not np.allclose(Y.sum(axis=0), 1.0, rtol=0, atol=1e-9):
            raise ValueError(
                "with a softmax output each column of Y must sum to 1 "
                "(a one-hot label or a probability distribution)"
            )
    return Y


def backward(params, cache, Y, loss, l2=0.0):
    """Backpropagation: the structured risk, its gradient, and the deltas, from a forward pass.

    ``cache`` is the second result of :func:`forward` on the same ``params``.
    Returns ``(risk, grads, deltas)``: ``grads[l-1] = (dR/dW(l), dR/db(l))`` and
    ``deltas[l]`` = delta(l) of shape (M_l, N), one column per example
    (``deltas[0]`` is None), indexed like the book.
    """
    _check_loss_and_l2(loss, l2)
    params = _check_params(params)
    fs = _check_activations(cache["activations"], len(params))
    z, a = cache["z"], cache["a"]
    Y = _check_targets(Y, a[-1].shape, loss, fs[-1].name)
    return _backward(params, z, a, Y, fs, loss, l2)


def _example_losses(z_L, a_L, Y, f_L, loss):
    """The loss of each example (one per column), from the output layer of a forward pass
    on checked arguments; cross-entropy computed stably from z(L)."""
    if loss == "squared_error":
        return squared_error(a_L, Y)
    if f_L.name == "softmax":
        return softmax_cross_entropy(z_L, Y)
    return sigmoid_cross_entropy(z_L, Y)  # sigmoid output with binary cross-entropy


def _backward(params, z, a, Y, fs, loss, l2):
    """The backward pass on checked arguments; see :func:`backward`."""
    L, N = len(params), a[-1].shape[1]

    # Output layer: the loss of each example and delta(L) = dL/dz(L), one column each.
    deltas = [None] * (L + 1)
    losses = _example_losses(z[L], a[L], Y, fs[-1], loss)
    if loss == "squared_error":
        deltas[L] = fs[-1].backward(z[L], a[L], a[L] - Y)  # dL/da(L) ⊙ f'(z(L))
    else:  # softmax or sigmoid output with cross-entropy
        deltas[L] = a[L] - Y

    risk = float(np.mean(losses))
    if l2:
        risk += 0.5 * l2 * sum(float(np.sum(W**2)) for W, _ in params)

    grads = [None] * L
    for l in range(L, 0, -1):
        W, _ = params[l - 1]
        dW = deltas[l] @ a[l - 1].T  # sum over examples of delta(l) a(l-1)^T ...
        dW /= N  # ... made a mean,
        if l2:
            dW += l2 * W  # plus lambda W(l)
        db = np.sum(deltas[l], axis=1) / N  # mean of delta(l)
        grads[l - 1] = (dW, db)
        if l > 1:  # delta(l-1) = f'(z(l-1)) ⊙ W(l)^T delta(l)
            deltas[l - 1] = fs[l - 2].backward(z[l - 1], a[l - 1], W.T @ deltas[l])
    return risk, grads, deltas


def loss_and_grads(params, X, Y, activations, loss, l2=0.0):
    """The structured risk of a minibatch and its gradient, by backpropagation.

    risk = (1/N) sum_n L(y_n, a_n(L)) + (l2 / 2) sum_l ||W(l)||_F^2  (biases not penalised).

    ``loss`` is ``"squared_error"`` (L = 1/2 ||y - a||^2) or ``"cross_entropy"``
    (with a softmax output: -y^T log a; with a sigmoid output: the binary
    cross-entropy summed over units; both computed stably from z(L)).
    Returns ``(risk, grads)``, grads a list of ``(dW, db)`` shaped like params.
    This is :func:`forward` followed by :func:`backward`.
    """
    _check_loss_and_l2(loss, l2)
    params = _check_params(params)  # checked once here, for both passes
    fs = _check_activations(activations, len(params))
    X = _check_inputs(X, params)
    Y = _check_targets(Y, (params[-1][0].shape[0], X.shape[1]), loss, fs[-1].name)
    z, a = _forward(params, X, fs)
    risk, grads, _ = _backward(params, z, a, Y, fs, loss, l2)
    return risk, grads
