"""helpers.symbolic: the symbolic forward pass agrees with helpers.mlp's numbers."""

import numpy as np
import pytest
import sympy as sp

from helpers import mlp
from helpers.symbolic import column_symbols, symbolic_forward, symbolic_params


@pytest.mark.parametrize(
    "sizes, names",
    [([2, 3, 2], ["tanh", "sigmoid"]), ([3, 2, 3], ["relu", "softmax"]), ([2, 2], ["identity"])],
)
def test_symbolic_forward_matches_mlp(sizes, names):
    params = symbolic_params(sizes)
    x = column_symbols("x", sizes[0])
    _, a = symbolic_forward(params, x, names)
    rng = np.random.default_rng(0)
    numeric = mlp.init_params(sizes, rng)
    numeric = [(W, rng.normal(size=b.shape)) for W, b in numeric]
    xv = rng.normal(size=sizes[0])
    values = {s: v for s, v in zip(x, xv, strict=True)}
    for (W, b), (Wn, bn) in zip(params, numeric, strict=True):
        values |= {W[i, j]: Wn[i, j] for i in range(W.rows) for j in range(W.cols)}
        values |= {b[i]: bn[i] for i in range(b.rows)}
    out = np.array([float(e.subs(values)) for e in a[-1]])
    expected, _ = mlp.forward(numeric, xv.reshape(-1, 1), names)
    np.testing.assert_allclose(out, expected[:, 0], rtol=1e-12)


def test_symbol_names_and_shapes():
    (W1, b1), (W2, b2) = symbolic_params([2, 3, 1])
    assert W1.shape == (3, 2) and b1.shape == (3, 1) and W2.shape == (1, 3)
    assert str(W1[2, 1]) == "w^{(1)}_{32}" and str(b2[0]) == "b^{(2)}_{1}"


def test_undefined_activation_is_applied_entrywise():
    f = sp.Function("f")
    params = symbolic_params([1, 2])
    z, a = symbolic_forward(params, column_symbols("x", 1), [f])
    assert a[1][1] == f(z[1][1])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: symbolic_params([3]), "at least two positive integers"),
        (lambda: column_symbols("x", 0), "size must be a positive integer"),
        (
            lambda: symbolic_forward(symbolic_params([2, 2]), column_symbols("x", 3), ["tanh"]),
            r"x has shape \(3, 1\) but W\(1\) has shape \(2, 2\)",
        ),
        (
            lambda: symbolic_forward(symbolic_params([2, 2]), column_symbols("x", 2), ["tanhh"]),
            "unknown activation 'tanhh'",
        ),
        (
            lambda: symbolic_forward(symbolic_params([2, 2]), column_symbols("x", 2), []),
            "0 activations given for 1 layers",
        ),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
