"""helpers.static_graph against independent references: the dynamic engine helpers.autodiff.Value
on the same random programs, central differences, sympy, math.sqrt, and plain float loops."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from helpers import autodiff
from helpers.autodiff import Value, exp, log, relu, sigmoid, tanh
from helpers.gradcheck import numerical_gradient, random_graph
from helpers.static_graph import (
    PathCache,
    count_nodes,
    count_operations,
    greater,
    trace,
    where,
)


def replay(recipe, xs):  # the random graphs Chapter 7's engines are tested on
    return recipe.evaluate(xs, autodiff)


def program(recipe):
    return lambda *xs: replay(recipe, xs)


# --- the tape computes what the dynamic engine computes ----------------------------------------
@pytest.mark.parametrize("seed", range(40))
def test_random_programs_replay_like_the_dynamic_engine(seed):
    rng = np.random.default_rng(seed)
    recipe = random_graph(rng, 3, int(rng.integers(3, 12)))
    example, new = rng.uniform(-1.5, 1.5, size=(2, 3))
    graph = trace(program(recipe), *example)  # traced at one point, replayed at another

    values = [Value(v) for v in new]
    out = replay(recipe, values)
    out.backward()
    value, grads = graph.value_and_grad(*new)

    # the same nodes, recorded once instead of on every call (an unused input is a node too)
    used = {a for args in graph.args for a in args}
    assert len(graph) == count_nodes(out) + sum(k not in used for k in range(3))
    assert value == pytest.approx(float(out.data), rel=1e-14, abs=1e-15)
    np.testing.assert_allclose(grads, [float(v.grad) for v in values], rtol=1e-12, atol=1e-14)
    assert graph.replay(*new) == value


@pytest.mark.parametrize("seed", range(10))
def test_random_programs_against_central_differences_and_sympy(seed):
    rng = np.random.default_rng(200 + seed)
    recipe = random_graph(rng, 3, int(rng.integers(3, 10)))
    graph = trace(program(recipe), *rng.uniform(-1, 1, size=3))
    point = rng.uniform(-1, 1, size=3)

    value, grads = graph.value_and_grad(*point)
    numeric = numerical_gradient(lambda x: float(replay(recipe, list(x))), point)
    np.testing.assert_allclose(grads, numeric, rtol=1e-7, atol=1e-9)

    symbols = sp.symbols("x0:3")
    expr = replay(recipe, symbols)  # sympy runs the program itself, not the tape
    subs = dict(zip(symbols, point, strict=True))
    assert value == pytest.approx(float(expr.evalf(30, subs=subs)), rel=1e-12)
    difference = graph.to_sympy(symbols) - expr
    for q in rng.uniform(-1, 1, size=(3, 3)):
        assert abs(float(difference.evalf(30, subs=dict(zip(symbols, q, strict=True))))) < 1e-12

    for cse in (True, False):
        c_value, c_grads = graph.compile(cse=cse)(*point)
        assert c_value == pytest.approx(value, rel=1e-12)
        np.testing.assert_allclose(c_grads, grads, rtol=1e-10, atol=1e-12)


def test_arrays_evaluate_the_graph_point_by_point():
    rng = np.random.default_rng(7)
    recipe = random_graph(rng, 3, 8)
    graph = trace(program(recipe), 0.1, 0.2, 0.3)
    X = rng.uniform(-1, 1, size=(3, 5))
    value, grads = graph.value_and_grad(X[0], X[1], 0.4)  # a number broadcasts
    assert value.shape == (5,) and all(g.shape == (5,) for g in grads)
    for j in range(5):
        v, g = graph.value_and_grad(X[0, j], X[1, j], 0.4)
        assert value[j] == pytest.approx(v, rel=1e-14)
        np.testing.assert_allclose([gk[j] for gk in grads], g, rtol=1e-12, atol=1e-15)
    compiled = graph.compile(modules="numpy")(X[0], X[1], np.full(5, 0.4))
    np.testing.assert_allclose(compiled[0], value, rtol=1e-12)


def test_the_function_runs_once_however_often_the_graph_is_replayed():
    calls = []

    def f(x, w):
        calls.append(1)
        return tanh(w * x) * exp(x) + log(1.0 + w * w) + sigmoid(x - w) + relu(x)

    graph = trace(f, 0.3, -0.7)
    rng = np.random.default_rng(1)
    for x, w in rng.uniform(-2, 2, size=(25, 2)):
        value, grads = graph.value_and_grad(x, w)
        reference = numerical_gradient(lambda p: float(f(*p)), np.array([x, w]))
        np.testing.assert_allclose(grads, reference, rtol=1e-7, atol=1e-9)
    assert len(calls) == 1 + 25 * 4  # the trace, and the central differences' own calls


@given(st.floats(-1e4, 1e4), st.floats(-3, 3))
def test_extreme_inputs_give_the_dynamic_engines_gradients(z, w):
    def f(z, w):
        return tanh(z * w) + sigmoid(z) * w + relu(z) * 0.5

    graph = trace(f, 0.5, 0.5)
    value, grads = graph.value_and_grad(z, w)
    vz, vw = Value(z), Value(w)
    out = f(vz, vw)
    out.backward()
    assert value == pytest.approx(float(out.data), rel=1e-14, abs=1e-300)
    np.testing.assert_allclose(grads, [float(vz.grad), float(vw.grad)], rtol=1e-13, atol=1e-300)


# --- control flow --------------------------------------------------------------------------------
def newton_sqrt(a, tol=1e-12):
    x = (1 + a) * 0.5
    while greater(x * x - a, tol * a):
        x = (x + a / x) * 0.5
    return x


def newton_steps(a, tol=1e-12):
    # the same loop in plain floats, counting its steps
    x, steps = (1 + a) * 0.5, 0
    while x * x - a > tol * a:
        x, steps = (x + a / x) * 0.5, steps + 1
    return steps


def test_a_trace_records_one_path_and_its_guards():
    graph = trace(newton_sqrt, 2.0)
    steps = newton_steps(2.0)
    assert [outcome for _, outcome in graph.guards] == [True] * steps + [False]
    assert graph.counts()["/"] == steps
    for a in (0.5, 2.0, 3.0, 30.0, 1e4):
        right = math.sqrt(a)
        same_path = newton_steps(a) == steps
        assert graph.guards_hold(a) == same_path
        if newton_steps(a) > steps:  # the trace stops too early: silently wrong
            assert abs(graph.replay(a) - right) > 1e-6 * right
        else:  # fewer steps: the extra Newton steps stay at the root
            assert graph.replay(a) == pytest.approx(right, rel=1e-12)
    grid = np.geomspace(0.01, 100, 7)
    np.testing.assert_array_equal(graph.guards_hold(grid), [newton_steps(a) == steps for a in grid])


def test_the_dynamic_engine_follows_each_path():
    for a in (0.01, 2.0, 1e4):
        v = Value(a)
        out = newton_sqrt(v)
        out.backward()
        assert float(out.data) == pytest.approx(math.sqrt(a), rel=1e-12)
        assert float(v.grad) == pytest.approx(0.5 / math.sqrt(a), rel=1e-10)


def test_path_cache_traces_once_per_path_and_is_right_everywhere():
    cache = PathCache(newton_sqrt)
    grid = np.geomspace(0.01, 1e4, 60)
    for a in grid:
        value, (grad,) = cache.value_and_grad(float(a))
        assert value == pytest.approx(math.sqrt(a), rel=1e-12)
        assert grad == pytest.approx(0.5 / math.sqrt(a), rel=1e-10)
        assert cache.replay(float(a)) == value
    assert len(cache.graphs) == len({newton_steps(a) for a in grid})


def masked_sqrt(a, steps=12, tol=1e-12):
    x = (1 + a) * 0.5
    for _ in range(steps):
        x = where(greater(x * x - a, tol * a), (x + a / x) * 0.5, x)
    return x


def test_where_records_both_branches_and_one_trace_serves_all_inputs():
    graph = trace(masked_sqrt, 2.0)
    assert graph.guards == [] and graph.counts()["where"] == 12
    grid = np.geomspace(0.01, 1e4, 50)
    value, (grad,) = graph.value_and_grad(grid)
    np.testing.assert_allclose(value, np.sqrt(grid), rtol=1e-12)
    np.testing.assert_allclose(grad, 0.5 / np.sqrt(grid), rtol=1e-10)
    # the same function on the dynamic engine: the same numbers
    v = Value(grid)
    out = masked_sqrt(v)
    out.sum().backward()
    np.testing.assert_allclose(out.data, value, rtol=1e-15)
    np.testing.assert_allclose(v.grad, grad, rtol=1e-13)


def test_where_and_greater_on_every_kind_of_value():
    assert where(greater(2.0, 1.0), 3.0, 4.0) == 3.0
    np.testing.assert_array_equal(where(greater(np.array([1.0, -1.0]), 0), 1.0, -2.0), [1.0, -2.0])
    x = sp.Symbol("x")
    assert where(greater(x, 0), x**2, -x).subs(x, -3) == 3
    assert greater(Value(2.0), 1.0) is True and greater(1.0, Value(2.0)) is False
    # a Value's gradient through where, against central differences
    X = np.array([-1.5, -0.2, 0.4, 2.0])
    v = Value(X)
    out = where(greater(v, 0.0), v * v, exp(v))
    out.sum().backward()
    numeric = numerical_gradient(lambda z: float(np.sum(np.where(z > 0, z * z, np.exp(z)))), X)
    np.testing.assert_allclose(v.grad, numeric, rtol=1e-8)
    # a traced where, both orders of the comparison
    graph = trace(lambda z: where(greater(0.0, z), exp(z), z * z), 1.0)
    _, grads = graph.value_and_grad(X)
    numeric = np.where(X < 0, np.exp(X), 2 * X)
    np.testing.assert_allclose(grads[0], numeric, rtol=1e-14)


def test_sympy_cannot_run_a_data_dependent_loop():
    with pytest.raises(TypeError, match="cannot determine truth value of Relational"):
        newton_sqrt(sp.Symbol("a", positive=True))


# --- sizes ---------------------------------------------------------------------------------------
def test_count_operations_by_hand():
    x, y = sp.symbols("x y")
    expr = sp.sin(x * y) + sp.cos(x * y)
    # written out: two products, sin, cos, one sum; after cse the product is computed once
    assert count_operations(expr) == 5
    assert count_operations([expr], cse=True) == 4


# --- optimising the tape -------------------------------------------------------------------------
def test_merge_duplicates_by_hand():
    # (x*x + 1) written twice: input, x*x, 1, +, x*x, 1, +, and the final + are 8 nodes; the
    # second x*x, 1 and + repeat the first ones, so 5 nodes remain
    graph = trace(lambda x: (x * x + 1.0) + (x * x + 1.0), 0.5)
    merged = graph.merge_duplicates()
    assert (len(graph), len(merged)) == (8, 5)
    assert merged.counts() == {"input": 1, "*": 1, "const": 1, "+": 2}
    # a constant 0.0 and a constant -0.0 are equal numbers but compute different things
    signed = trace(lambda x: x * 0.0 + x * -0.0, 1.0).merge_duplicates()
    assert signed.counts()["const"] == 2


def test_merge_duplicates_in_a_loop_by_hand():
    # masked_sqrt, counted from its code: a, 1, 1 + a, 0.5, x0; then per step x*x, x*x - a,
    # greater, a/x, x + a/x, * 0.5, where, and only in the first step the constant tol and
    # tol * a (the 0.5 is x0's): 5 + 2 + 7 * steps
    for steps in (1, 5, 12):
        graph = trace(lambda a, k=steps: masked_sqrt(a, steps=k), 2.0)
        assert len(graph) == 5 + 10 * steps
        assert len(graph.merge_duplicates()) == 5 + 2 + 7 * steps


@pytest.mark.parametrize("seed", range(20))
def test_merged_tapes_compute_the_same_numbers(seed):
    rng = np.random.default_rng(500 + seed)
    recipe = random_graph(rng, 3, int(rng.integers(3, 12)))
    # the recipe written twice and added: every node of the second copy is a duplicate
    graph = trace(lambda *xs: replay(recipe, xs) + replay(recipe, xs), *rng.uniform(-1, 1, 3))
    merged = graph.merge_duplicates()
    keys = [(op, args, c) for op, args, c in zip(merged.ops, merged.args, merged.consts,
                                                  strict=True) if op != "input"]  # fmt: skip
    assert len(keys) == len(set(keys)) and len(merged) < len(graph)
    for point in rng.uniform(-1.5, 1.5, size=(5, 3)):
        value, grads = graph.value_and_grad(*point)
        m_value, m_grads = merged.value_and_grad(*point)
        assert m_value == value  # the same arithmetic on the same numbers, bit for bit
        np.testing.assert_allclose(m_grads, grads, rtol=1e-13, atol=1e-15)
    assert merged.merge_duplicates().ops == merged.ops  # nothing left to merge


def test_merged_tapes_keep_their_guards():
    graph = trace(newton_sqrt, 2.0)
    merged = graph.merge_duplicates()
    assert len(merged.guards) == len(graph.guards) and len(merged) < len(graph)
    grid = np.geomspace(0.01, 1e4, 41)
    np.testing.assert_array_equal(merged.guards_hold(grid), graph.guards_hold(grid))
    np.testing.assert_array_equal(merged.replay(grid), graph.replay(grid))


# --- where, comparisons and relu on the symbolic route ----------------------------------------
def branchy(x, y):
    # every comparison, where and relu: the random programs contain none of them
    u = where(x > y, relu(x) * y, tanh(x) - y)
    v = where(x >= 0.25, u * u, u + x)
    w = where(y < -0.5, v - relu(y - x), v * y)
    return where(x <= y, w + 1.0, w * x)


def branchy_numpy(x, y):
    relu_ = lambda z: np.maximum(z, 0.0)  # noqa: E731
    u = np.where(x > y, relu_(x) * y, np.tanh(x) - y)
    v = np.where(x >= 0.25, u * u, u + x)
    w = np.where(y < -0.5, v - relu_(y - x), v * y)
    return np.where(x <= y, w + 1.0, w * x)


def test_to_sympy_and_compile_with_where_comparisons_and_relu_against_numpy():
    graph = trace(branchy, 0.3, -0.1)
    assert {">", ">=", "<", "<=", "where", "relu"} <= set(graph.counts())
    rng = np.random.default_rng(3)
    # points off the kinks (where a comparison or relu changes side), so that central
    # differences do not straddle one
    X, Y = rng.uniform(-1.5, 1.5, size=(2, 400))
    edges = [X - Y, X - 0.25, Y + 0.5, X, Y - X]
    keep = np.min(np.abs(edges), axis=0) > 1e-3
    X, Y = X[keep], Y[keep]
    reference = branchy_numpy(X, Y)
    h = 1e-6
    numeric = [(branchy_numpy(X + h, Y) - branchy_numpy(X - h, Y)) / (2 * h),
               (branchy_numpy(X, Y + h) - branchy_numpy(X, Y - h)) / (2 * h)]  # fmt: skip

    x, y = sp.symbols("x y")
    expr = graph.to_sympy(["x", "y"])  # names will do
    from_sympy = sp.lambdify([x, y], expr, "numpy")(X, Y)
    np.testing.assert_allclose(from_sympy, reference, rtol=1e-14, atol=1e-15)

    value, grads = graph.compile(modules="numpy")(X, Y)
    np.testing.assert_allclose(value, reference, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(grads, numeric, rtol=1e-6, atol=1e-7)
    t_value, t_grads = graph.value_and_grad(X, Y)
    np.testing.assert_allclose(grads, t_grads, rtol=1e-12, atol=1e-14)
    compiled = graph.compile(modules="math")
    for j in range(0, X.size, 37):
        v, g = compiled(float(X[j]), float(Y[j]))
        assert v == pytest.approx(reference[j], rel=1e-14, abs=1e-15)
        np.testing.assert_allclose(g, [t_grads[0][j], t_grads[1][j]], rtol=1e-12, atol=1e-14)


# --- what the graph returns ----------------------------------------------------------------------
def test_a_constant_graph_on_arrays_returns_arrays():
    graph = trace(lambda x: 3.0, 1.0)
    value, (grad,) = graph.value_and_grad(np.arange(4.0))
    np.testing.assert_array_equal(value, np.full(4, 3.0))
    np.testing.assert_array_equal(grad, np.zeros(4))
    np.testing.assert_array_equal(graph.replay(np.arange(4.0)), np.full(4, 3.0))
    assert isinstance(graph.replay(2.0), float)
    two = trace(lambda x, y: 2.0 * x, 1.0, 1.0)  # the output reads only the number x
    value, grads = two.value_and_grad(1.5, np.ones(3))
    assert value.shape == (3,) and all(g.shape == (3,) for g in grads)
    value, grads = two.compile(modules="numpy")(1.5, np.ones(3))
    assert value.shape == (3,) and all(g.shape == (3,) for g in grads)


# --- bad input -----------------------------------------------------------------------------------
BAD = [
    (lambda: trace("f", 1.0), TypeError, "trace needs a function, got str"),
    (lambda: trace(lambda x: x), ValueError, "at least one example input"),
    (lambda: trace(lambda x: x, "1"), TypeError, "input 0 must be a real number or array"),
    (lambda: trace(lambda x: [x], 1.0), TypeError, "must return a number or a Tracer"),
    (lambda: trace(lambda x: math.sqrt(x), 1.0), TypeError, "a Tracer has no fixed number"),
    (lambda: trace(lambda x: x * np.ones(2), 1.0), TypeError, "only with numbers and Tracers"),
    (lambda: trace(lambda x: x ** Value(2.0), 1.0), TypeError, "exponent of a Tracer"),
    (lambda: trace(lambda x: x if x > 0 else -x, np.ones(2)), ValueError, "ambiguous"),
    (lambda: trace(lambda x: x if x == 0 else -x, 1.0), TypeError, "== and != on a traced"),
    (lambda: trace(lambda x: 1.0 / x, 0.0), ValueError, r"node 2 \(/\) failed at the example"),
    (lambda: trace(lambda x: 1.0 / x, np.zeros(2)), ValueError, "failed at the example"),
    (lambda: trace(lambda x: x * 2, 1.0).replay(1.0, 2.0), ValueError, "traced with 1 inputs"),
    (lambda: trace(lambda x, y: x * y, 1.0, 1.0).replay(np.ones(2), np.ones(3)), ValueError,
     r"shapes \[\(2,\), \(3,\)\] do not broadcast"),
    (lambda: trace(lambda x: 1.0 / x, 1.0).replay(0.0), ValueError, r"node 2 \(/\) failed"),
    (lambda: trace(lambda x: x * x, 1.0).replay(float("nan")), ValueError, "input 0 must be"),
    (lambda: trace(lambda x: x * x, 1.0).replay(np.array([1.0, np.inf])), ValueError, "finite"),
    (lambda: trace(lambda x: 1.0 / x, 1.0).replay(np.zeros(2)), ValueError, r"node 2 \(/\)"),
    (lambda: trace(exp, 1.0).replay(1000.0), ValueError, "exp overflows"),
    (lambda: trace(log, 1.0).replay(-1.0), ValueError, "log of a negative number"),
    (lambda: trace(log, 1.0).replay(0.0), ValueError, r"node 1 \(log\) is not finite"),
    (lambda: trace(lambda x: x * x, 1.0).replay(1e200), ValueError, r"node 1 \(\*\) is not finite"),
    (lambda: trace(lambda x: x**0.5, 1.0).replay(-1.0), ValueError, r"node 1 \(\*\*\) failed"),
    (lambda: trace(lambda x: x**0.5, 1.0).value_and_grad(0.0), ValueError, "gradient of node 1"),
    (lambda: trace(lambda x: x, 1.0).to_sympy([]), ValueError, "give 1 symbols, got 0"),
    (lambda: where("yes", 1.0, 2.0), TypeError, "where: cond must be a number or array"),
    (lambda: trace(lambda x: where("yes", x, 2.0), 1.0), TypeError, "condition must be a Tracer"),
    (lambda: greater("a", 1.0), TypeError, "greater: a must be a number"),
    (lambda: PathCache(3), TypeError, "PathCache needs a function"),
    (lambda: PathCache(newton_sqrt).replay(np.ones(2)), TypeError, "PathCache takes numbers"),
    (lambda: count_nodes(1.0), TypeError, "count_nodes takes a helpers.autodiff.Value"),
    # an intermediate infinity of plain floats, which 1/inf would hide as 0.0
    (lambda: trace(lambda x: 1.0 / (x * x), 1.0).value_and_grad(1e200), ValueError,
     r"node 1 \(\*\) is not finite"),
    (lambda: trace(lambda x: 1.0 / (x * x), 1.0).replay(1e200), ValueError, "node 1"),
    (lambda: trace(lambda x: x * 2, True), TypeError, "input 0 must be a real number or array, "
     "got bool"),
    (lambda: trace(lambda x: x * 2, 1.0).replay(np.True_), TypeError, "got bool"),
    (lambda: trace(lambda x: x * 2, 1.0).replay(np.array([True])), TypeError, "of bool"),
    (lambda: trace(lambda x: x * 2, 1.0).to_sympy("x"), TypeError, "a list of 1 symbols"),
    (lambda: trace(lambda x: x * 2, 1.0).to_sympy([1]), TypeError, "symbol 0 must be a sympy"),
    (lambda: trace(sigmoid, 1.0).compile()(-800.0), ValueError,
     "compiled expression failed at these inputs: math range error"),
    (lambda: trace(sigmoid, 1.0).compile(modules="numpy")(np.array([-800.0])), ValueError,
     "compiled expression failed at these inputs: overflow"),
    (lambda: trace(sigmoid, 1.0).compile()(np.ones(2)), ValueError, "modules='numpy'"),
    (lambda: trace(sigmoid, 1.0).compile()(1.0, 2.0), ValueError, "traced with 1 inputs"),
    (lambda: trace(sigmoid, 1.0).compile()("1"), TypeError, "input 0 must be a real number"),
]  # fmt: skip


@pytest.mark.parametrize("call, exc, pattern", BAD, ids=range(len(BAD)))
def test_bad_input_is_named(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_tracers_of_two_traces_do_not_mix():
    kept = []
    trace(lambda x: kept.append(x) or x, 1.0)
    with pytest.raises(ValueError, match="two different traces"):
        trace(lambda y: y + kept[0], 1.0)
