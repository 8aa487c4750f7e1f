"""Property-based tests: random shapes and values, extremes included, warnings as errors.

Every property is checked against something independent of the code under test:
an identity the mathematics guarantees (sigma(z) + sigma(-z) = 1, shift
invariance of softmax), a direct formula at moderate values, or central differences.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from helpers import activations as act
from helpers import losses, mlp
from helpers.autodiff import Value
from helpers.gradcheck import numerical_param_grads, relative_error

extreme = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False)
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)
arrays = hnp.arrays(np.float64, shapes, elements=extreme)
columns = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6), elements=extreme
)


@given(arrays)
def test_sigmoid_is_a_symmetric_probability_with_bounded_slope(z):
    s, d = act.sigmoid(z), act.sigmoid_derivative(z)
    assert np.all((0 <= s) & (s <= 1)) and np.all((0 <= d) & (d <= 0.25))
    # sigma(-z) = 1 - sigma(z), up to the rounding of the two terms and their sum (2 ulp)
    np.testing.assert_allclose(s + act.sigmoid(-z), 1.0, rtol=0, atol=4.5e-16)
    np.testing.assert_allclose(
        d, act.sigmoid_derivative(-z), rtol=1e-15, atol=0
    )  # an even function


@given(arrays)
def test_tanh_and_relu_slopes(z):
    # (This property found tanh_derivative(1e-9) = 1 + 2e-16 in an earlier version.)
    d = act.tanh_derivative(z)
    assert np.all((0 <= d) & (d <= 1)) and np.all(np.abs(act.tanh(z)) <= 1)
    moderate = np.abs(z) < 5
    np.testing.assert_allclose(d[moderate], 1 - np.tanh(z[moderate]) ** 2, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(act.relu(z), np.where(z > 0, z, 0.0))


@given(columns, st.floats(min_value=-1e4, max_value=1e4))
def test_softmax_is_a_distribution_and_shift_invariant(z, shift):
    s = act.softmax(z)
    assert np.all(np.isfinite(s)) and np.all(s >= 0)
    np.testing.assert_allclose(s.sum(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(act.softmax(z + shift), s, rtol=1e-6, atol=1e-12)


@given(columns, st.data())
def test_softmax_cross_entropy_is_finite_nonnegative_and_shift_invariant(z, data):
    labels = data.draw(hnp.arrays(np.int64, z.shape[1], elements=st.integers(0, z.shape[0] - 1)))
    Y = np.zeros_like(z)
    Y[labels, np.arange(z.shape[1])] = 1.0
    loss = losses.softmax_cross_entropy(z, Y)
    assert np.all(np.isfinite(loss)) and np.all(loss >= 0)
    np.testing.assert_allclose(losses.softmax_cross_entropy(z - 7.5, Y), loss, rtol=1e-9, atol=1e-9)
    moderate = np.all(np.abs(z) < 30, axis=0)  # where softmax itself cannot underflow
    direct = -np.log(np.sum(act.softmax(z[:, moderate]) * Y[:, moderate], axis=0))
    np.testing.assert_allclose(loss[moderate], direct, rtol=1e-9, atol=1e-12)


@given(columns, st.data())
def test_cross_entropy_of_probabilities_at_zero_and_one(z, data):
    p = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0, 0.25])))
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    loss = losses.cross_entropy(p, y)
    # Exactly: +inf where some y_i = 1 meets p_i = 0, else the finite sum of -log p over y_i = 1.
    impossible = np.any((y == 1) & (p == 0), axis=0)
    assert np.all(np.isinf(loss[impossible])) and np.all(np.isfinite(loss[~impossible]))
    expected = -np.sum(np.where(y == 1, np.log(np.where(p > 0, p, 1.0)), 0.0), axis=0)
    np.testing.assert_allclose(loss[~impossible], expected[~impossible], rtol=1e-15)


network = st.tuples(
    st.lists(st.integers(1, 4), min_size=2, max_size=4),  # layer sizes
    st.integers(1, 4),  # N, including a single example
    st.sampled_from(["tanh", "sigmoid", "relu"]),  # hidden activation
    st.sampled_from(
        [("softmax", "cross_entropy"), ("sigmoid", "cross_entropy"), ("sigmoid", "squared_error")]
    ),
    st.integers(0, 2**32 - 1),  # seed
)


def build(sizes, n, hidden, output, seed, scale):
    rng = np.random.default_rng(seed)
    params = [
        (scale * W, rng.normal(size=b.shape)) for W, b in mlp.init_params(sizes, rng, init="he")
    ]
    X = rng.normal(size=(sizes[0], n))
    if output[0] == "softmax":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=n)]
    else:
        Y = rng.integers(0, 2, size=(sizes[-1], n)).astype(float)
    return params, X, Y, [hidden] * (len(sizes) - 2) + [output[0]], output[1]


@given(network)
def test_loss_and_grads_match_central_differences(case):
    params, X, Y, names, loss = build(*case, scale=0.5)
    _, grads = mlp.loss_and_grads(params, X, Y, names, loss)
    numeric = numerical_param_grads(lambda p: mlp.loss_and_grads(p, X, Y, names, loss)[0], params)
    err = relative_error(grads, numeric)
    assert err < 1e-6 or max(np.abs(g).max() for pair in grads for g in pair) < 1e-9


@given(network)
def test_loss_and_grads_are_finite_when_net_inputs_reach_thousands(case):
    params, X, Y, names, loss = build(*case, scale=2000.0)  # |z| of 1e3 to 1e4 and beyond
    risk, grads = mlp.loss_and_grads(params, X, Y, names, loss)
    assert np.isfinite(risk) and all(np.isfinite(g).all() for pair in grads for g in pair)


@given(network)
def test_engine_agrees_with_backprop_even_at_extreme_logits(case):
    sizes, n, hidden, output, seed = case
    if output != ("softmax", "cross_entropy"):
        output = ("softmax", "cross_entropy")
        sizes = [*sizes[:-1], max(2, sizes[-1])]
    params, X, Y, names, loss = build(sizes, n, hidden, output, seed, scale=50.0)
    _, by_backprop = mlp.loss_and_grads(params, X, Y, names, loss)
    values = [(Value(W), Value(b)) for W, b in params]
    A = Value(X, requires_grad=False)
    for k, (W, b) in enumerate(values):
        Z = W @ A + b.reshape(-1, 1)
        A = getattr(Z, hidden)() if k < len(values) - 1 else Z
    risk = -((A - A.logsumexp(axis=0, keepdims=True)) * Y).sum() / X.shape[1]
    risk.backward()
    by_engine = [(W.grad, b.grad) for W, b in values]
    assert np.isfinite(risk.data)
    assert relative_error(by_engine, by_backprop) < 1e-10
