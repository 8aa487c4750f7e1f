"""helpers.autodiff against independent references: sympy, central differences, helpers.mlp."""

import gc

import mpmath
import numpy as np
import pytest
import sympy as sp

from helpers import autodiff, mlp, tiny_autodiff
from helpers.autodiff import Dual, Value, exp, log, relu, sigmoid, tanh
from helpers.gradcheck import numerical_gradient, random_graph, relative_error
from helpers.tiny_autodiff import Node

# Random expression graphs (helpers.gradcheck.random_graph), with shared nodes, are
# evaluated on Values, Duals, sympy symbols and floats alike, and on the Nodes of the
# teaching engine (helpers.tiny_autodiff; its own tests are in test_tiny_autodiff.py).


@pytest.mark.parametrize("seed", range(40))
def test_random_scalar_graphs_against_sympy_forward_mode_and_the_teaching_engine(seed):
    rng = np.random.default_rng(seed)
    graph = random_graph(rng, 3, int(rng.integers(3, 12)))
    point = rng.uniform(-1.5, 1.5, size=3)

    symbols = sp.symbols("x0:3")
    expr = graph.evaluate(symbols, autodiff)
    subs = dict(zip(symbols, point, strict=True))
    exact = np.array([float(sp.diff(expr, s).evalf(30, subs=subs)) for s in symbols])

    values = [Value(v) for v in point]
    out = graph.evaluate(values, autodiff)
    out.backward()
    reverse = np.array([float(v.grad) for v in values])

    forward = []
    for k in range(3):  # one forward pass per input
        duals = [Dual(v, 1.0 if i == k else 0.0) for i, v in enumerate(point)]
        forward.append(graph.evaluate(duals, autodiff).deriv)

    nodes = [Node(v) for v in point]  # the teaching engine of Chapter 7
    tiny_out = graph.evaluate(nodes, tiny_autodiff)
    tiny_out.backward()

    value = float(expr.evalf(30, subs=subs))
    assert float(out.data) == pytest.approx(value, rel=1e-12)
    assert tiny_out.value == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(reverse, exact, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(forward, exact, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose([n.grad for n in nodes], exact, rtol=1e-10, atol=1e-12)


SHAPES = [((3, 4), (4,), ()), ((3, 1), (1, 4), (3, 4)), ((2, 3), (2, 3), (3,))]


@pytest.mark.parametrize("seed", range(20))
def test_random_array_graphs_with_broadcasting_against_central_differences(seed):
    rng = np.random.default_rng(100 + seed)
    shapes = SHAPES[seed % len(SHAPES)]
    graph = random_graph(rng, 3, int(rng.integers(3, 10)))
    arrays = [rng.uniform(-1, 1, size=s) for s in shapes]

    values = [Value(a) for a in arrays]
    out = graph.evaluate(values, autodiff)
    total = out.sum() if out.size > 1 else out
    total.backward()

    for k, a in enumerate(arrays):

        def f(x, k=k):
            args = [x if i == k else arrays[i] for i in range(3)]
            return float(np.sum(graph.evaluate(args, autodiff)))

        numeric = numerical_gradient(f, a)
        assert values[k].grad.shape == a.shape
        np.testing.assert_allclose(values[k].grad, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    "shape_a, shape_b", [((2, 3), (3, 4)), ((2, 3), (3,)), ((3,), (3, 4)), ((3,), (3,))]
)
def test_matmul_gradients(shape_a, shape_b):
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=shape_a), rng.normal(size=shape_b)
    a, b = Value(A), Value(B)
    (a @ b).tanh().sum().backward()
    np.testing.assert_allclose(
        a.grad, numerical_gradient(lambda x: float(np.tanh(x @ B).sum()), A), rtol=1e-7
    )
    np.testing.assert_allclose(
        b.grad, numerical_gradient(lambda x: float(np.tanh(A @ x).sum()), B), rtol=1e-7
    )
    c = Value(B)
    (A @ c).sum().backward()  # numpy array on the left
    np.testing.assert_allclose(c.grad, numerical_gradient(lambda x: float((A @ x).sum()), B))


def test_reductions_reshape_transpose_and_relu():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3, 4))
    checks = [
        (lambda v: (v.sum(axis=0) ** 2).sum(), lambda x: float((x.sum(axis=0) ** 2).sum())),
        (
            lambda v: (v.mean(axis=1, keepdims=True) * v).sum(),
            lambda x: float((x.mean(axis=1, keepdims=True) * x).sum()),
        ),
        (lambda v: (v.reshape(4, 3) @ v).sum(), lambda x: float((x.reshape(4, 3) @ x).sum())),
        (lambda v: (v.T * v.T).mean(), lambda x: float((x.T * x.T).mean())),
        (
            lambda v: relu(v).sum() + v.relu().mean(),
            lambda x: float(np.maximum(x, 0).sum() + np.maximum(x, 0).mean()),
        ),
        (lambda v: v.logsumexp(axis=0).sum(), lambda x: float(np.log(np.exp(x).sum(axis=0)).sum())),
    ]
    for build, reference in checks:
        v = Value(X)
        build(v).backward()
        np.testing.assert_allclose(v.grad, numerical_gradient(reference, X), rtol=1e-6, atol=1e-9)


def test_logsumexp_is_stable_at_extremes():
    v = Value(np.array([1000.0, 0.0, -1000.0]))
    out = v.logsumexp()
    out.backward()
    assert float(out.data) == pytest.approx(1000.0)
    np.testing.assert_allclose(v.grad, [1.0, 0.0, 0.0], atol=1e-300)


def test_shared_nodes_accumulate():
    x = Value(3.0)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert float(x.grad) == 7.0


def test_second_backward_adds_again_and_zero_grad_resets():
    x = Value(2.0)
    y = (x * x).exp()  # dy/dx = 2x e^{x^2}
    y.backward()
    first = float(x.grad)
    assert first == pytest.approx(4 * np.exp(4.0))
    y.backward()
    assert float(x.grad) == pytest.approx(2 * first)
    assert float(y.grad) == 2.0
    y.zero_grad()
    assert float(x.grad) == 0.0 and float(y.grad) == 0.0
    y.backward()
    assert float(x.grad) == pytest.approx(first)


@pytest.mark.parametrize(
    "engine, value_of", [(Value, lambda v: float(v.data)), (Node, lambda v: v.value)]
)
def test_deep_graph_has_no_recursion_limit(engine, value_of):
    # helpers.autodiff and the teaching engine, helpers.tiny_autodiff
    x = engine(0.5)
    y = x
    for _ in range(20_000):
        y = (y * 0.9999).tanh() + 0.0001
    y.backward()
    # the chain rule by hand, along the same chain, in floats
    v, slope = 0.5, 1.0
    for _ in range(20_000):
        t = np.tanh(v * 0.9999)
        slope *= (1 - t**2) * 0.9999
        v = t + 0.0001
    assert value_of(y) == pytest.approx(v, rel=1e-12)
    assert float(x.grad) == pytest.approx(slope, rel=1e-9)
    del y
    gc.collect()


def test_nndl_graph_example_worked_values():
    # f(x; w, b) = 1 / (exp(-(w x + b)) + 1) at x = 1, w = 0, b = 0: df/dw = df/db = 0.25 (nndl)
    x, w, b = Value(1.0), Value(0.0), Value(0.0)
    f = 1 / (exp(-(w * x + b)) + 1)
    f.backward()
    assert float(f.data) == 0.5 and float(w.grad) == 0.25 and float(b.grad) == 0.25
    assert float(x.grad) == 0.0  # w = 0


def test_extremes_give_right_values_or_clear_errors():
    v = Value(np.array([0.0, 1.0]))
    out = v.log()
    out.sum().backward()
    assert out.data[0] == -np.inf and v.grad[0] == np.inf and v.grad[1] == 1.0
    for big in (1000.0, -1000.0):
        s = Value(big)
        sigmoid(s).backward()
        assert np.isfinite(s.grad) and s.grad >= 0
    with pytest.raises(ValueError, match="exp overflows float64"):
        Value(1000.0).exp()
    with pytest.raises(ValueError, match="log of a negative number"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="'/' failed: divide by zero"):
        _ = Value(1.0) / 0.0
    with pytest.raises(ValueError, match="exp overflows float64"):
        Dual(800.0, 1.0).exp()


@pytest.mark.parametrize(
    "x", [-700.0, -40.0, -3.0, -1.0, -0.999, -0.2, 0.0, 1e-8, 0.5, 1.0, 2.5, 19.0, 40.0, 700.0]
)
def test_dual_tanh_and_sigmoid_against_mpmath_into_the_tails(x):
    # Dual computes both with the math module (no numpy); mpmath at 50 digits is the reference,
    # sech^2 and e^-x / (1 + e^-x)^2 keep the derivatives' relative accuracy in the tails.
    with mpmath.workdps(50):
        t = mpmath.tanh(x)
        dt = 1.5 * mpmath.sech(x) ** 2
        s = 1 / (1 + mpmath.exp(-x))
        ds = 1.5 * mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2
    for got, exact in [
        (Dual(x, 1.5).tanh(), (t, dt)),
        (Dual(x, 1.5).sigmoid(), (s, ds)),
        (tanh(Dual(x, 1.5)), (t, dt)),
        (sigmoid(Dual(x, 1.5)), (s, ds)),
    ]:
        for part, want in zip((got.value, got.deriv), exact, strict=True):
            assert isinstance(part, float)
            assert part == pytest.approx(float(want), rel=1e-14, abs=0.0)


def test_engine_gradients_equal_backpropagation():
    rng = np.random.default_rng(7)
    sizes = [5, 6, 4, 3]
    params = mlp.init_params(sizes, rng)
    params = [(W, rng.normal(size=b.shape)) for W, b in params]
    X = rng.normal(size=(5, 8))
    Y = np.eye(3)[:, rng.integers(0, 3, size=8)]
    _, by_backprop = mlp.loss_and_grads(params, X, Y, ["tanh", "relu", "softmax"], "cross_entropy")

    vs = [(Value(W), Value(b)) for W, b in params]
    A = Value(X)
    for k, (W, b) in enumerate(vs):
        Z = W @ A + b.reshape(-1, 1)
        A = Z.tanh() if k == 0 else (Z.relu() if k == 1 else Z)
    log_probs = A - A.logsumexp(axis=0, keepdims=True)
    loss = -(log_probs * Y).sum() / X.shape[1]
    loss.backward()
    by_engine = [(W.grad, b.grad) for W, b in vs]
    assert relative_error(by_engine, by_backprop) < 1e-12


BAD = [
    (
        lambda: Value(np.ones(3)).backward(),
        ValueError,
        r"needs a single-number output; this Value has shape \(3,\)",
    ),
    (
        lambda: Value(np.ones(3)).backward(grad=np.ones(2)),
        ValueError,
        r"seed gradient has shape \(2,\) but the Value has shape \(3,\)",
    ),
    (
        lambda: Value(np.ones((2, 3))) @ Value(np.ones((2, 3))),
        ValueError,
        r"shapes \(2, 3\) @ \(2, 3\): inner dimensions 3 and 2 differ",
    ),
    (
        lambda: Value(np.ones((2, 3))) + Value(np.ones(4)),
        ValueError,
        r"cannot apply '\+' to Values of shapes \(2, 3\) and \(4,\)",
    ),
    (lambda: Value(2.0) ** Value(2.0), TypeError, "exponent of a Value must be a number"),
    (lambda: Value("a"), TypeError, "must be a real number or array"),
    (lambda: Value(np.array([1, None], dtype=object)), TypeError, "must be a real number or array"),
    (lambda: Value(Value(1.0)), TypeError, r"Value\(Value\(...\)\) is not allowed"),
    (
        lambda: Value(np.ones((2, 2, 2))) @ Value(np.ones((2, 2))),
        ValueError,
        "@ takes 1-D or 2-D Values",
    ),
    (lambda: Dual("1"), TypeError, "a Dual's value must be a real number"),
    (lambda: Dual(1.0) + "x", TypeError, "cannot combine a Dual with str"),
    (lambda: Dual(1.0) ** Dual(2.0), TypeError, "exponent of a Dual must be a number"),
    (lambda: Dual(-1.0).log(), ValueError, "log of a non-positive number"),
]


@pytest.mark.parametrize("call, exc, pattern", BAD)
def test_bad_input_is_named(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


@pytest.mark.parametrize("fn", [exp, log, tanh, sigmoid, relu])
def test_generic_functions_agree_on_floats_arrays_and_sympy(fn):
    points = [0.3, 1.7, 12.0, 700.0] if fn is not log else [0.3, 1.7, 12.0, 1e300]
    if fn is not exp:
        points += [-0.4, -40.0, -700.0] if fn is not log else [0.0]
    for p in points:
        as_float = fn(p)
        as_array = fn(np.array(p))
        assert isinstance(as_float, float)
        assert as_float == pytest.approx(float(as_array), rel=1e-15)
        if fn is not relu and p != 0.0:
            assert as_float == pytest.approx(float(fn(sp.Float(p, 30))), rel=1e-14)


def test_generic_functions_at_extremes_on_floats():
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0
    assert log(0.0) == -np.inf
    with pytest.raises(ValueError, match="exp overflows float64"):
        exp(1000.0)
    with pytest.raises(ValueError, match="log of a negative number"):
        log(-1.0)
    assert log(np.array([0.0, 1.0]))[0] == -np.inf  # arrays too, without a warning
    with pytest.raises(ValueError, match="exp overflows float64"):
        exp(np.array([1.0, 1000.0]))
    with pytest.raises(ValueError, match="log of a negative number"):
        log(np.array([-1.0]))


def test_gradients_of_different_nodes_are_separate_arrays():
    x, y = Value(np.ones(3)), Value(np.ones(3))
    z = x + y  # both inputs receive the same upstream gradient
    z.sum().backward()
    x.grad[0] = 100.0  # an in-place edit of one gradient ...
    assert y.grad[0] == 1.0 and z.grad[0] == 1.0  # ... leaves the others alone


def test_constants_get_no_gradient_and_cost_nothing():
    W = Value(np.ones((2, 3)))
    X = Value(np.ones((3, 4)), requires_grad=False)
    calls = []
    out = W @ X
    original = out._parents[1]
    out._parents = (out._parents[0], (original[0], lambda g: calls.append(1) or original[1](g)))
    (out * np.full((2, 4), 2.0)).sum().backward()
    assert calls == []  # the input's vector-Jacobian product was never evaluated
    np.testing.assert_array_equal(W.grad, np.full((2, 3), 8.0))
    assert not X.requires_grad and not X.grad.any()
    assert (W @ X).requires_grad and not (X * 2.0).requires_grad
