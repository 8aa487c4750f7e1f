"""Universal approximation, built by hand: bumps made of steep sigmoids.

Introduced in Chapter 9 (networks as models). The universal approximation
theorem says that one hidden layer of squashing units and a linear output can
approximate any continuous function on a closed interval as closely as we
like. The constructive idea behind it:

* a steep sigmoid sigma(k (x - t)) is almost a step at x = t;
* two of them, one switching on at l and one at r, subtracted, make a bump
  of height 1 on [l, r];
* bumps of height f(centre), side by side, make a staircase that follows f.

Every network here is in the format of :mod:`helpers.mlp`: ``[(W(1), b(1)),
(W(2), b(2))]`` for a network 1 -> M_1 -> 1 with activations
``["sigmoid", "identity"]`` (or ``"tanh"`` for :func:`spread_init`), inputs
one per column.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

from ._validation import as_real_array

__all__ = ["bump_params", "spread_init", "staircase_params"]


def _positive_number(value, name):
    if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _interval(a, b):
    for value, name in ((a, "a"), (b, "b")):
        if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
            raise ValueError(f"the interval's end {name} must be a finite number, got {value!r}")
    if not a < b:
        raise ValueError(f"the interval [a, b] needs a < b, got a = {a!r}, b = {b!r}")
    return float(a), float(b)


def bump_params(heights, edges, steepness):
    """A network 1 -> 2J -> 1 (sigmoid hidden layer, linear output) that sums J bumps.

    Bump j is ``sigmoid(k (x - edges[j])) - sigmoid(k (x - edges[j + 1]))`` with
    k = ``steepness``: close to 1 between the two edges and to 0 outside them.
    The network outputs ``sum_j heights[j] * bump_j(x)``. ``heights`` has J
    entries, ``edges`` J + 1 increasing ones. Hidden unit j (j < J) switches on
    at the left edge of bump j, hidden unit J + j at its right edge; so
    W(1) = k (all entries), b(1) = -k t for the switching points t, and
    W(2) = [heights, -heights].
    """
    heights = as_real_array(heights, "heights", ndim=1)
    edges = as_real_array(edges, "edges", ndim=1)
    k = _positive_number(steepness, "steepness")
    if heights.size == 0:
        raise ValueError("heights is empty: give at least one bump")
    if edges.size != heights.size + 1:
        raise ValueError(
            f"{heights.size} bumps need {heights.size + 1} edges, got {edges.size}: "
            "bump j lies between edges[j] and edges[j + 1]"
        )
    if not (np.isfinite(heights).all() and np.isfinite(edges).all()):
        raise ValueError("heights and edges must be finite")
    if np.any(np.diff(edges) <= 0):
        raise ValueError(f"edges must increase strictly, got {edges.tolist()}")
    switch_at = np.concatenate([edges[:-1], edges[1:]])  # left edges, then right edges
    W1 = np.full((switch_at.size, 1), k)
    b1 = -k * switch_at  # sigmoid(k x - k t) = sigmoid(k (x - t))
    W2 = np.concatenate([heights, -heights])[None, :]
    return [(W1, b1), (W2, np.zeros(1))]


def staircase_params(f, a, b, n_bumps, sharpness=10.0):
    """The construction of the theorem: ``n_bumps`` bumps covering [a, b] (see :func:`bump_params`).

    The interval is cut into J = ``n_bumps`` pieces of width h = (b - a) / J;
    bump j covers piece j and has the height ``f`` takes at the piece's centre.
    The sigmoids' steepness is k = ``sharpness`` / h, so a switch from 0 to 1
    takes the same fraction of a bump's width however narrow the bumps get
    (the weights grow like J). At the two ends of [a, b] a single sigmoid would
    be only half on, so the outermost edges are moved out by h. ``f`` must
    accept a numpy array and return finite values of the same shape.
    """
    a, b = _interval(a, b)
    n_bumps = _positive_int(n_bumps, "n_bumps")
    sharpness = _positive_number(sharpness, "sharpness")
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {type(f).__name__}")
    h = (b - a) / n_bumps
    edges = a + h * np.arange(n_bumps + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    heights = as_real_array(f(centres), "f(centres)")
    if heights.shape != centres.shape:
        raise ValueError(
            f"f must return one value per point: f of {centres.shape[0]} centres "
            f"gave shape {heights.shape}"
        )
    edges[0] -= h
    edges[-1] += h
    return bump_params(heights, edges, sharpness / h)


def spread_init(n_hidden, a, b, rng, slope=5.0):
    """A random start for a network 1 -> M_1 -> 1 whose hidden units are spread over [a, b].

    The library's initialisations (:func:`helpers.mlp.init_params`) set every
    bias to 0, which puts the centre -b_i / w_i of every hidden unit at x = 0.
    Here each unit gets a slope w_i drawn from a normal distribution with
    standard deviation ``slope`` and a centre c_i drawn uniformly from [a, b],
    so b_i = -w_i c_i, like the switching points of the construction; the
    output weights are normal with variance 1 / M_1 and the output bias is 0.
    """
    n_hidden = _positive_int(n_hidden, "n_hidden")
    a, b = _interval(a, b)
    slope = _positive_number(slope, "slope")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    W1 = rng.normal(0.0, slope, size=(n_hidden, 1))
    centres = rng.uniform(a, b, size=n_hidden)
    b1 = -W1[:, 0] * centres
    W2 = rng.normal(0.0, 1.0 / np.sqrt(n_hidden), size=(1, n_hidden))
    return [(W1, b1), (W2, np.zeros(1))]
