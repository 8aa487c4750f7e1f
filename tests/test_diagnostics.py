"""helpers.diagnostics: per-layer norms, the bound, and the fitted decay."""

import numpy as np
import pytest
import sympy as sp

from helpers import mlp
from helpers.diagnostics import SUP_DERIVATIVE, decay_per_layer, layer_report


def test_sup_derivative_constants_against_sympy():
    z = sp.Symbol("z", real=True)
    sigma = 1 / (1 + sp.exp(-z))
    for name, f in (("sigmoid", sigma), ("tanh", sp.tanh(z))):
        d = sp.diff(f, z)
        critical = sp.solve(sp.diff(d, z), z)
        assert critical == [0]
        assert sp.nsimplify(d.subs(z, 0)) == sp.nsimplify(SUP_DERIVATIVE[name])


@pytest.mark.parametrize("act, init", [("sigmoid", "small"), ("tanh", "xavier"), ("relu", "he")])
def test_report_matches_backward_and_ratio_respects_bound(act, init):
    rng = np.random.default_rng(0)
    sizes = [8] + [16] * 6 + [4]
    params = mlp.init_params(sizes, rng, init=init)
    X = rng.normal(size=(8, 32))
    Y = np.eye(4)[:, rng.integers(0, 4, size=32)]
    names = [act] * 6 + ["softmax"]
    report = layer_report(params, X, Y, names, "cross_entropy")
    _, cache = mlp.forward(params, X, names)
    _, grads, deltas = mlp.backward(params, cache, Y, "cross_entropy")
    np.testing.assert_allclose(report["delta_norm"], [np.linalg.norm(d) for d in deltas[1:]])
    np.testing.assert_allclose(report["grad_norm"], [np.linalg.norm(g) for g, _ in grads])
    ratio, bound = report["ratio"][:-1], report["bound"][:-1]
    assert np.all(ratio <= bound * (1 + 1e-12))  # the inequality of the delta rule
    assert np.all(report["bound"][:-1] <= report["sup_bound"][:-1] * (1 + 1e-12))
    assert np.isnan(report["ratio"][-1])


def test_decay_per_layer_recovers_a_geometric_sequence():
    norms = 3.0 * 0.2 ** np.arange(10)[::-1]  # grows by 5x per layer towards the output
    assert decay_per_layer(norms) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="at least two layer norms"):
        decay_per_layer([1.0])
    with pytest.raises(ValueError, match="positive and finite"):
        decay_per_layer([1.0, 0.0])


def test_grad_norms_against_central_differences():
    # Independent of mlp.backward, which layer_report calls.
    from helpers.gradcheck import numerical_param_grads

    rng = np.random.default_rng(3)
    params = mlp.init_params([3, 5, 4, 2], rng, init="xavier")
    X, Y = rng.normal(size=(3, 6)), np.eye(2)[:, rng.integers(0, 2, size=6)]
    names = ["tanh", "sigmoid", "softmax"]
    report = layer_report(params, X, Y, names, "cross_entropy")
    numeric = numerical_param_grads(
        lambda p: mlp.loss_and_grads(p, X, Y, names, "cross_entropy")[0], params
    )
    np.testing.assert_allclose(
        report["grad_norm"], [np.linalg.norm(dW) for dW, _ in numeric], rtol=1e-7
    )


def test_a_dead_layer_gives_a_zero_ratio_not_a_warning():
    # Every unit of the last hidden layer dead: its delta and all deltas below are zero.
    rng = np.random.default_rng(4)
    params = mlp.init_params([3, 4, 4, 2], rng, init="he")
    params[1] = (params[1][0], np.full(4, -100.0))  # z(2) < 0 for every input
    X, Y = rng.normal(size=(3, 5)), np.eye(2)[:, rng.integers(0, 2, size=5)]
    report = layer_report(params, X, Y, ["relu", "relu", "softmax"], "cross_entropy")
    assert report["delta_norm"][1] == 0.0 and report["ratio"][0] == 0.0
