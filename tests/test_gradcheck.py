"""helpers.gradcheck against derivatives known in closed form."""

import numpy as np
import pytest

from helpers import autodiff
from helpers.gradcheck import (
    RandomGraph,
    numerical_gradient,
    numerical_param_grads,
    random_graph,
    relative_error,
)


def test_numerical_gradient_of_a_cubic():
    x = np.array([[0.5, -1.5], [2.0, 3.0]])
    g = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-9)
    np.testing.assert_array_equal(x, [[0.5, -1.5], [2.0, 3.0]])  # input unchanged


def test_numerical_param_grads_of_a_bilinear_form():
    W, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -0.5])
    u = np.array([1.0, -2.0])

    def f(p):
        ((Wp, bp),) = p
        return float(u @ (Wp @ u + bp))

    ((dW, db),) = numerical_param_grads(f, [(W, b)])
    np.testing.assert_allclose(dW, np.outer(u, u), rtol=1e-9)  # d(u^T W u)/dW = u u^T
    np.testing.assert_allclose(db, u, rtol=1e-9)


def test_relative_error_values():
    a = np.array([3.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert relative_error(a, np.array([3.0, 4.5])) == pytest.approx(0.5 / np.hypot(3, 4.5))
    nested = [(a, a), (a[:1], a[:1])]
    assert relative_error(nested, nested) == 0.0


def test_relative_error_shape_mismatch():
    with pytest.raises(ValueError, match="cannot compare gradients of shapes"):
        relative_error(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize(
    "f, message",
    [
        (lambda v: v, "f must return a real scalar"),
        (lambda v: float("nan"), "returned nan; a numerical gradient needs finite values"),
    ],
)
def test_bad_functions_are_named(f, message):
    with pytest.raises(ValueError, match=message):
        numerical_gradient(f, np.ones(2))


def test_bad_step_is_named():
    with pytest.raises(ValueError, match="the step h must be a positive finite number, got 0"):
        numerical_gradient(lambda v: 0.0, np.ones(2), h=0)


def test_random_graphs_share_nodes_and_repeat_with_the_seed():
    graphs = [random_graph(np.random.default_rng(seed), 3, 12) for seed in range(20)]
    assert graphs[0] == random_graph(np.random.default_rng(0), 3, 12)
    assert len({g.steps for g in graphs}) == 20
    for g in graphs:
        assert len(g.steps) == 12
        for k, step in enumerate(g.steps):
            assert all(0 <= i < 3 + k for i in step[2:])  # only earlier nodes
    # a node used by two later steps, or twice by one, is shared: most graphs have one
    shared = [
        any(sum(i in step[2:] for step in g.steps) + step[2:].count(i) > 2 for i in range(15))
        or any(len(step) == 4 and step[2] == step[3] for step in g.steps)
        for g in graphs
    ]
    assert sum(shared) >= 15


def test_a_graph_evaluates_its_steps_and_adds_every_intermediate_node():
    # nodes: x0, x1, t = tanh(x0), u = x1 * t, v = 2 / (t^2 + 1); output v + 0.01 (t + u)
    g = RandomGraph(2, (("u", "tanh", 0), ("b", "*", 1, 2), ("b", "r/", 2, 0)))
    x0, x1 = 0.4, -0.7
    t = np.tanh(x0)
    expected = 2 / (t * t + 1) + 0.01 * (t + x1 * t)
    assert g.evaluate([x0, x1], autodiff) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    "call, exc, message",
    [
        (lambda: random_graph(0, 3, 5), TypeError, "rng must be a numpy Generator"),
        (lambda: random_graph(np.random.default_rng(0), 0, 5), ValueError, "n_inputs must be"),
        (lambda: random_graph(np.random.default_rng(0), 3, 2.5), ValueError, "n_steps must be"),
        (
            lambda: random_graph(np.random.default_rng(0), 3, 5).evaluate([1.0, 2.0], autodiff),
            ValueError,
            "this graph takes 3 inputs, got 2",
        ),
    ],
)
def test_random_graph_bad_input_is_named(call, exc, message):
    with pytest.raises(exc, match=message):
        call()
