"""Optimizers written from their update equations, and clipping by global norm.

Introduced in Chapter 10 (training, and what makes it hard). Each optimizer
turns the gradients of backpropagation into a step. Parameters and gradients
are lists of ``(W, b)`` pairs, one per layer, as everywhere in the book
(:mod:`helpers.mlp`); the arrays may have any shapes, as long as each gradient
has the shape of its parameter.

With g the gradient of the risk and theta any weight or bias, at step t = 1, 2, ...:

* ``SGD(lr)``: theta <- theta - lr g.
* ``SGD(lr, momentum=mu)`` (the heavy ball): v <- mu v + g, theta <- theta - lr v, with v = 0
  before the first step.
* ``Adam(lr, beta1, beta2, eps)``: m <- beta1 m + (1 - beta1) g,
  s <- beta2 s + (1 - beta2) g^2, m_hat = m / (1 - beta1^t), s_hat = s / (1 - beta2^t),
  theta <- theta - lr m_hat / (sqrt(s_hat) + eps), with m = s = 0 before the first step
  (Kingma and Ba, 2015).

``step(params, grads)`` returns the new parameters as new arrays and never
modifies the arrays passed in; the optimizer keeps its state (the step count
``t``, the velocity or the moments) inside, built at the first step for the
shapes it is given. Use one optimizer per training run.

``clip_by_global_norm(grads, max_norm)`` rescales a whole gradient so that its
norm, taken over every entry of every layer, is at most ``max_norm``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Real

import numpy as np

from ._validation import as_real_array

__all__ = ["SGD", "Adam", "clip_by_global_norm", "global_norm"]


def _number(value, name, low, high, *, low_open, high_open=True):
    """``value`` as a float in the interval, or a ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    value = float(value)
    too_low = value <= low if low_open else value < low
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "(" if low_open else "["
        right = "" if high is None else (f"{high:g})" if high_open else f"{high:g}]")
        interval = f"{left}{low:g}, {right or 'inf)'}"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return value


def _pairs(value, name):
    """A list of ``(W, b)`` pairs of finite float arrays, or an error naming what is wrong."""
    if isinstance(value, np.ndarray) or not isinstance(value, Sequence) or len(value) == 0:
        raise ValueError(f"{name} must be a non-empty list of (W, b) pairs, one per layer")
    checked = []
    for l, pair in enumerate(value, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"{name}[{l - 1}] (layer {l}) must be a pair (W, b)")
        arrays = []
        for part, array in zip("Wb", pair, strict=True):
            label = f"{name}: {'d' if name == 'grads' else ''}{part}({l})"
            arr = as_real_array(array, label)
            if not np.isfinite(arr).all():
                raise ValueError(f"{label} contains inf or NaN")
            arrays.append(arr)
        checked.append(tuple(arrays))
    return checked


def _matching(params, grads):
    """Check that ``grads`` has one pair per layer of ``params``, of the same shapes."""
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} layers of parameters but {len(grads)} of gradients")
    for l, ((W, b), (dW, db)) in enumerate(zip(params, grads, strict=True), start=1):
        if dW.shape != W.shape or db.shape != b.shape:
            raise ValueError(
                f"layer {l}: gradients of shapes {dW.shape}, {db.shape} "
                f"do not match parameters of shapes {W.shape}, {b.shape}"
            )


def global_norm(grads):
    """sqrt of the sum of the squares of every entry of every array in ``grads``.

    Computed as ``big * ||g / big||`` with ``big`` the largest magnitude, so
    that no square overflows even for entries near the largest float.
    """
    return _global_norm(_pairs(grads, "grads"))


def _global_norm(grads):
    arrays = [a for pair in grads for a in pair if a.size]
    big = max((float(np.max(np.abs(a))) for a in arrays), default=0.0)
    if big == 0.0 or not math.isfinite(big):
        return big  # 0, or inf / NaN for gradients that are not finite
    return big * math.sqrt(sum(float(np.sum(np.square(a / big))) for a in arrays))


def clip_by_global_norm(grads, max_norm):
    """``(clipped, norm)``: the gradients rescaled to global norm at most ``max_norm``.

    ``norm`` is the global norm before clipping (see :func:`global_norm`). When
    it exceeds ``max_norm`` every array is multiplied by ``max_norm / norm``, so
    the direction of the whole gradient is kept and only its length changes;
    otherwise the gradients are returned unchanged (as copies). ``max_norm`` may
    be ``math.inf``: nothing is clipped, and the norm is still measured.
    The arrays passed in are never modified.
    """
    if isinstance(max_norm, bool) or not isinstance(max_norm, Real) or not max_norm > 0:
        raise ValueError(f"max_norm must be a positive number (inf allowed), got {max_norm!r}")
    return _clip(_pairs(grads, "grads"), max_norm)


def _clip(grads, max_norm):
    """:func:`clip_by_global_norm` on checked arguments (``helpers.training.train`` uses it)."""
    norm = _global_norm(grads)
    if not math.isfinite(norm):
        raise ValueError(
            "the gradient contains inf or NaN (its global norm is not finite): the training "
            "has diverged; lower the learning rate or clip the gradients earlier"
        )
    if norm <= max_norm:
        return [(dW.copy(), db.copy()) for dW, db in grads], norm
    scale = max_norm / norm
    return [(dW * scale, db * scale) for dW, db in grads], norm


class _Optimizer:
    """What the optimizers share: checking arguments and state, counting steps.

    A subclass states its rule for one array, ``_rule(theta, g, state, t)``,
    returning the new array and its new state; the state of every array
    starts as ``_initial_state(theta)``.
    """

    def __init__(self, lr):
        self.lr = _number(lr, "the learning rate lr", 0.0, None, low_open=True)
        self.t = 0  # steps taken
        self._shapes = None  # [(W.shape, b.shape), ...], fixed by the first step
        self._state = None  # one state per array: W(1), b(1), W(2), b(2), ...

    def _check(self, params, grads):
        params, grads = _pairs(params, "params"), _pairs(grads, "grads")
        _matching(params, grads)
        shapes = [(W.shape, b.shape) for W, b in params]
        if self._shapes is None:
            return params, grads, shapes
        name = type(self).__name__
        if len(shapes) != len(self._shapes):
            raise ValueError(
                f"this {name} was built for a network of {len(self._shapes)} layer(s) at its "
                f"first step, got {len(shapes)}; use a new optimizer for another network"
            )
        for l, (now, then) in enumerate(zip(shapes, self._shapes, strict=True), start=1):
            if now != then:
                raise ValueError(
                    f"layer {l}: parameters of shapes {now[0]}, {now[1]}, but this {name} "
                    f"was built for shapes {then[0]}, {then[1]} at its first step; "
                    "use a new optimizer for another network"
                )
        return params, grads, shapes

    def step(self, params, grads):
        """The parameters after one step, as new arrays; ``params`` and ``grads`` unchanged."""
        params, grads, shapes = self._check(params, grads)
        thetas = [a for pair in params for a in pair]
        gs = [a for pair in grads for a in pair]
        states = self._state or [self._initial_state(theta) for theta in thetas]
        t = self.t + 1
        try:
            with np.errstate(over="raise", invalid="raise"):
                results = [
                    self._rule(theta, g, state, t)
                    for theta, g, state in zip(thetas, gs, states, strict=True)
                ]
        except FloatingPointError:
            largest = max(float(np.max(np.abs(g))) for g in gs if g.size)
            raise ValueError(
                f"{type(self).__name__}: the step overflowed (gradient entries up to "
                f"{largest:.3g}); lower the learning rate or clip the gradients "
                "(clip_by_global_norm)"
            ) from None
        # Only now, with the whole step computed, does the optimizer change its state.
        self._state = [state for _, state in results]
        self._shapes, self.t = shapes, t
        new = [theta for theta, _ in results]
        return list(zip(new[0::2], new[1::2], strict=True))

    def _pairs_of(self, k):
        """Entry k of every array's state, as (W, b) pairs; None before the first step."""
        if self._state is None or self._state[0] is None:
            return None
        entries = [state[k] for state in self._state]
        return list(zip(entries[0::2], entries[1::2], strict=True))

    def __repr__(self):
        settings = ", ".join(f"{k}={v!r}" for k, v in self._settings().items())
        return f"{type(self).__name__}({settings})"


class SGD(_Optimizer):
    """Gradient descent, with momentum when ``momentum`` (mu) is above 0.

    ``momentum=0``: theta <- theta - lr g. Otherwise v <- mu v + g and
    theta <- theta - lr v; ``velocity`` holds v, one ``(vW, vb)`` pair per layer
    (None before the first step, and always None without momentum).
    """

    def __init__(self, lr, momentum=0.0):
        super().__init__(lr)
        self.momentum = _number(momentum, "momentum", 0.0, 1.0, low_open=False)

    def _settings(self):
        return {"lr": self.lr, "momentum": self.momentum}

    def _initial_state(self, theta):
        return None if self.momentum == 0.0 else (np.zeros_like(theta),)

    def _rule(self, theta, g, state, t):
        lr, mu = self.lr, self.momentum
        if mu == 0.0:
            return theta - lr * g, None
        (v,) = state
        v = mu * v + g
        return theta - lr * v, (v,)

    @property
    def velocity(self):
        return self._pairs_of(0)


class Adam(_Optimizer):
    """Adam: steps by the bias-corrected mean of the gradient over its root mean square.

    ``m`` and ``s`` hold the moving averages of g and g^2, one ``(W, b)``-shaped
    pair per layer (None before the first step); ``t`` counts the steps.
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = _number(beta1, "beta1", 0.0, 1.0, low_open=False)
        self.beta2 = _number(beta2, "beta2", 0.0, 1.0, low_open=False)
        self.eps = _number(eps, "eps", 0.0, None, low_open=True)

    def _settings(self):
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    def _initial_state(self, theta):
        return np.zeros_like(theta), np.zeros_like(theta)

    def _rule(self, theta, g, state, t):
        beta1, beta2 = self.beta1, self.beta2
        m, s = state
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        s_hat = s / (1 - beta2**t)
        return theta - self.lr * m_hat / (np.sqrt(s_hat) + self.eps), (m, s)

    @property
    def m(self):
        return self._pairs_of(0)

    @property
    def s(self):
        return self._pairs_of(1)
