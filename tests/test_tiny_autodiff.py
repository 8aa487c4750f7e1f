"""helpers.tiny_autodiff against helpers.autodiff and central differences.

The same random computation graphs (helpers.gradcheck.random_graph, with shared
nodes) are evaluated on the teaching engine's Nodes, on helpers.autodiff's Values
and on floats; the two engines must agree to rounding, and both with central
differences. Every operation also gets a check of its own, so that each
local-derivative rule of the teaching engine is exercised. test_autodiff.py holds
the teaching engine to sympy on random graphs and runs it on a chain of 20,000 nodes.
"""

import math

import numpy as np
import pytest

from helpers import autodiff, tiny_autodiff
from helpers.autodiff import Value
from helpers.gradcheck import numerical_gradient, random_graph
from helpers.tiny_autodiff import Node


def _both_engines(graph, point):
    nodes = [Node(v) for v in point]
    out = graph.evaluate(nodes, tiny_autodiff)
    out.backward()
    values = [Value(v) for v in point]
    reference = graph.evaluate(values, autodiff)
    reference.backward()
    return (
        out.value,
        np.array([n.grad for n in nodes]),
        float(reference.data),
        np.array([float(v.grad) for v in values]),
    )


@pytest.mark.parametrize("seed", range(200))
def test_random_graphs_agree_with_helpers_autodiff_and_central_differences(seed):
    rng = np.random.default_rng(1000 + seed)
    n_inputs = int(rng.integers(1, 6))
    graph = random_graph(rng, n_inputs, int(rng.integers(1, 30)))
    point = rng.uniform(-2, 2, size=n_inputs)

    value, grad, ref_value, ref_grad = _both_engines(graph, point)
    assert value == pytest.approx(ref_value, rel=1e-13, abs=1e-13)
    scale = max(1.0, np.max(np.abs(ref_grad)))
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-12, atol=1e-13 * scale)

    numeric = numerical_gradient(lambda x: float(graph.evaluate(list(x), autodiff)), point)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8 * scale)


# Every operation on its own, with plain numbers on either side where it takes one.
OPERATIONS = {
    "a + b": lambda a, b: a + b,
    "2 + a": lambda a, b: 2.0 + a,
    "a + 2": lambda a, b: a + 2.0,
    "a - b": lambda a, b: a - b,
    "2 - a": lambda a, b: 2.0 - a,
    "a - 2": lambda a, b: a - 2.0,
    "-a": lambda a, b: -a,
    "a * b": lambda a, b: a * b,
    "3 * a": lambda a, b: 3.0 * a,
    "a * 3": lambda a, b: a * 3.0,
    "a / b": lambda a, b: a / b,
    "3 / a": lambda a, b: 3.0 / a,
    "a / 3": lambda a, b: a / 3.0,
    "a ** 3": lambda a, b: a**3,
    "b ** 0.5": lambda a, b: b**0.5,
    "a ** -2": lambda a, b: a**-2,
    "exp": lambda a, b: a.exp() if isinstance(a, Node) else math.exp(a),
    "log": lambda a, b: b.log() if isinstance(b, Node) else math.log(b),
    "tanh": lambda a, b: a.tanh() if isinstance(a, Node) else math.tanh(a),
    "sigmoid": lambda a, b: a.sigmoid() if isinstance(a, Node) else 1 / (1 + math.exp(-a)),
    "relu": lambda a, b: a.relu() if isinstance(a, Node) else max(a, 0.0),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
@pytest.mark.parametrize("a, b", [(0.7, 1.3), (-1.2, 0.4), (2.5, 3.0)])
def test_each_operation_against_central_differences(name, a, b):
    op = OPERATIONS[name]
    na, nb = Node(a), Node(b)
    out = op(na, nb) * 1.0  # so the output is a computed node even for "-a"
    out.backward()
    assert out.value == pytest.approx(op(a, b), rel=1e-14)
    numeric = numerical_gradient(lambda x: float(op(x[0], x[1])), np.array([a, b]))
    np.testing.assert_allclose([na.grad, nb.grad], numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("x", [-1.3, 0.3, 2.0])
def test_plain_functions_give_the_methods_results(x):
    # Each module-level function, on a fresh node, against math on the float itself.
    reference = {
        "exp": (math.exp(x), math.exp(x)),
        "log": (math.log(abs(x)), 1 / abs(x)),
        "tanh": (math.tanh(x), 1 - math.tanh(x) ** 2),
        "sigmoid": (1 / (1 + math.exp(-x)), math.exp(-x) / (1 + math.exp(-x)) ** 2),
        "relu": (max(x, 0.0), 1.0 if x > 0 else 0.0),
    }
    for name, (value, slope) in reference.items():
        node = Node(abs(x) if name == "log" else x)
        out = getattr(tiny_autodiff, name)(node)
        out.backward()
        assert out.value == pytest.approx(value, rel=1e-14)
        assert node.grad == pytest.approx(slope, rel=1e-12)


def test_relu_slope_at_zero_is_zero():
    # The convention of helpers.activations (and of most libraries): relu'(0) = 0.
    for x, slope in [(0.0, 0.0), (-0.0, 0.0), (1e-300, 1.0), (-1e-300, 0.0)]:
        node = Node(x)
        tiny_autodiff.relu(node).backward()
        assert node.grad == slope, x


def test_nndl_example():
    # f(x; w, b) = 1 / (exp(-(w x + b)) + 1) at x = 1, w = 0, b = 0: df/dw = df/db = 0.25 (nndl)
    x, w, b = Node(1.0), Node(0.0), Node(0.0)
    f = 1 / (tiny_autodiff.exp(-(w * x + b)) + 1)
    f.backward()
    assert (f.value, w.grad, b.grad, x.grad) == (0.5, 0.25, 0.25, 0.0)


def test_shared_node_adds_its_paths_and_backward_starts_afresh():
    x = Node(3.0)
    y = x * x + x  # dy/dx = 2x + 1 = 7, along three paths
    y.backward()
    assert x.grad == 7.0
    y.backward()  # each backward recomputes the adjoints; nothing doubles
    assert x.grad == 7.0 and y.grad == 1.0


def test_topological_order_lists_each_node_once_after_its_inputs():
    rng = np.random.default_rng(5)
    graph = random_graph(rng, 3, 25)
    out = graph.evaluate([Node(v) for v in (0.1, 0.2, 0.3)], tiny_autodiff)
    order = out.topological_order()
    position = {id(node): k for k, node in enumerate(order)}
    assert len(position) == len(order) and order[-1] is out
    for node in order:
        for parent, _ in node.inputs:
            assert position[id(parent)] < position[id(node)]


def test_extremes_give_right_values_or_clear_errors():
    for big in (1000.0, -1000.0):
        s = Node(big).sigmoid()
        s.backward()
        assert s.value == (1.0 if big > 0 else 0.0)
    x = Node(-1000.0)
    x.sigmoid().backward()
    assert x.grad == 0.0
    with pytest.raises(ValueError, match=r"exp\(1000.0\) overflows float64"):
        Node(1000.0).exp()
    with pytest.raises(ValueError, match=r"log\(0.0\): the logarithm needs a positive number"):
        Node(0.0).log()
    with pytest.raises(ValueError, match="whole if the base < 0"):
        _ = Node(-2.0) ** 0.5
    with pytest.raises(ValueError, match="the exponent must be a number"):
        _ = Node(2.0) ** Node(2.0)
    with pytest.raises(ZeroDivisionError):
        _ = Node(1.0) / 0.0
    with pytest.raises(ValueError, match="a Node's value must be finite, got inf"):
        _ = Node(1e200) * 1e200  # overflow
    with pytest.raises(ValueError, match="a Node's value must be finite, got nan"):
        Node(float("nan"))
    with pytest.raises(TypeError, match="not 'Node'"):
        Node(Node(1.0))
    with pytest.raises(ValueError, match="could not convert string to float"):
        Node("a")
