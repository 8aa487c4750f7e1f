"""Per-layer measurements of backpropagation: how large the deltas and gradients are.

Introduced in Chapter 8 (the vanishing gradient). Everything here is computed
from :func:`helpers.mlp.backward`, so the chapter measures the same
backpropagation it studies, with no second implementation.

The bound: from delta(l) = f'(z(l)) ⊙ (W(l+1))^T delta(l+1), for the Frobenius
norm of a minibatch of deltas,

    ||delta(l)|| <= max |f'(z(l))| * ||W(l+1)||_2 * ||delta(l+1)||,

where ||W||_2 is the spectral norm (the largest singular value). Over the
whole real line max |f'| is 1/4 for the sigmoid and 1 for tanh and ReLU.
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation
from .mlp import backward, forward

__all__ = ["SUP_DERIVATIVE", "decay_per_layer", "layer_report"]

# The largest value of |f'(z)| over all z (derived with sympy in Chapter 8).
SUP_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "identity": 1.0}


def layer_report(params, X, Y, activations, loss, l2=0.0):
    """Norms of every layer's deltas and weight gradients, and the bound on their ratio.

    Returns a dict of numpy arrays, entry k for layer l = k + 1:

    * ``delta_norm``: ||delta(l)||_F over the minibatch (one column per example);
    * ``grad_norm``: ||dR/dW(l)||_F;
    * ``weight_norm``: ||W(l)||_F;
    * ``ratio``: ||delta(l)|| / ||delta(l+1)|| (NaN for the last layer; 0 where
      delta(l+1) is zero, as in a layer whose units are all dead, since then delta(l)
      is zero too);
    * ``bound``: max |f_l'(z(l))| over the minibatch times ||W(l+1)||_2 (NaN for the
      last layer), which the ratio can never exceed;
    * ``sup_bound``: the same with the activation's largest possible slope.
    """
    A_L, cache = forward(params, X, activations)
    _, grads, deltas = backward(params, cache, Y, loss, l2)
    L = len(params)
    report = dict(
        delta_norm=np.array([np.linalg.norm(deltas[l]) for l in range(1, L + 1)]),
        grad_norm=np.array([np.linalg.norm(dW) for dW, _ in grads]),
        weight_norm=np.array([np.linalg.norm(W) for W, _ in params]),
        ratio=np.full(L, np.nan),
        bound=np.full(L, np.nan),
        sup_bound=np.full(L, np.nan),
    )
    for l in range(1, L):
        f = get_activation(activations[l - 1])
        spectral = np.linalg.norm(params[l][0], ord=2)  # ||W(l+1)||_2
        slope = float(np.max(np.abs(f.derivative(cache["z"][l])))) if f.derivative else np.nan
        above = report["delta_norm"][l]
        report["ratio"][l - 1] = report["delta_norm"][l - 1] / above if above > 0 else 0.0
        report["bound"][l - 1] = slope * spectral
        report["sup_bound"][l - 1] = SUP_DERIVATIVE.get(f.name, np.nan) * spectral
    return report


def decay_per_layer(norms):
    """The factor f with norm(l) ~ f * norm(l+1), fitted over all layers.

    ``norms`` are per-layer norms from layer 1 (input side) to layer L. The
    factor is what each layer multiplies the gradient by, on average, as it
    flows back from the output: below 1 it vanishes, above 1 it explodes.
    Fitted by least squares to log10(norm) against the layer index.
    """
    norms = np.asarray(norms, dtype=float)
    if norms.ndim != 1 or norms.size < 2:
        raise ValueError(f"need at least two layer norms, got shape {norms.shape}")
    if not (np.isfinite(norms).all() and (norms > 0).all()):
        raise ValueError("layer norms must be positive and finite to fit a decay rate")
    layers = np.arange(norms.size)
    slope = np.polyfit(layers, np.log10(norms), 1)[0]  # log10 norm per layer, input to output
    return float(10.0 ** (-slope))
