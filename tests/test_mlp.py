"""helpers.mlp: shapes, the forward pass against a per-example loop, and backpropagation
against central differences for several architectures, activations and both losses."""

import numpy as np
import pytest

from helpers import mlp
from helpers.activations import get_activation
from helpers.gradcheck import numerical_param_grads, relative_error

# (layer sizes, activations, loss): output layers paired with the losses they suit.
CASES = [
    ([3, 4, 2], ["sigmoid", "sigmoid"], "squared_error"),
    ([2, 2, 2], ["sigmoid", "sigmoid"], "squared_error"),
    ([4, 5, 3], ["tanh", "identity"], "squared_error"),
    ([3, 6, 5, 2], ["relu", "tanh", "sigmoid"], "squared_error"),
    ([5, 4, 3], ["sigmoid", "softmax"], "squared_error"),
    ([4, 6, 3], ["tanh", "softmax"], "cross_entropy"),
    ([3, 5, 4, 4], ["relu", "sigmoid", "softmax"], "cross_entropy"),
    ([4, 3, 2], ["tanh", "sigmoid"], "cross_entropy"),
    ([6, 3], ["softmax"], "cross_entropy"),
]


def make_problem(sizes, activations, loss, n, seed):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(sizes, rng, init="xavier")
    params = [(W, rng.normal(scale=0.5, size=b.shape)) for W, b in params]  # nonzero biases
    X = rng.normal(size=(sizes[0], n))
    if loss == "cross_entropy" and activations[-1] == "softmax":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=n)]
    else:
        Y = rng.uniform(size=(sizes[-1], n))
    return params, X, Y


def test_init_params_shapes_and_reproducibility():
    params = mlp.init_params([4, 3, 2], np.random.default_rng(7))
    assert [(W.shape, b.shape) for W, b in params] == [((3, 4), (3,)), ((2, 3), (2,))]
    again = mlp.init_params([4, 3, 2], np.random.default_rng(7))
    for (W, b), (W2, b2) in zip(params, again, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    assert all((b == 0).all() for _, b in params)


@pytest.mark.parametrize(
    "init, fan_std",
    [
        ("xavier", lambda m_in, m_out: np.sqrt(2.0 / (m_in + m_out))),
        ("he", lambda m_in, m_out: np.sqrt(2.0 / m_in)),
        ("small", lambda m_in, m_out: 0.01),
    ],
)
def test_init_scales(init, fan_std):
    ((W, _),) = mlp.init_params([400, 300], np.random.default_rng(0), init=init)
    # 120,000 draws: the sample standard deviation is within 1% of the target
    assert W.std() == pytest.approx(fan_std(400, 300), rel=0.01)


def test_count_params():
    params = mlp.init_params([5, 4, 3], np.random.default_rng(0))
    assert mlp.count_params(params) == sum(W.size + b.size for W, b in params)


def test_forward_matches_per_example_loop():
    sizes, names = [3, 5, 4, 2], ["tanh", "relu", "softmax"]
    params, X, _ = make_problem(sizes, names, "cross_entropy", n=6, seed=3)
    A_L, cache = mlp.forward(params, X, names)
    assert A_L.shape == (2, 6)
    assert [z.shape for z in cache["z"][1:]] == [(5, 6), (4, 6), (2, 6)]
    assert cache["a"][0] is not None and cache["z"][0] is None
    for n in range(X.shape[1]):  # one example at a time, plain Python sums
        a = list(X[:, n])
        for (W, b), name in zip(params, names, strict=True):
            z = [sum(W[i, j] * a[j] for j in range(len(a))) + b[i] for i in range(len(b))]
            if name == "softmax":
                e = [np.exp(v - max(z)) for v in z]
                a = [v / sum(e) for v in e]
            else:
                a = [float(get_activation(name)(v)) for v in z]
        np.testing.assert_allclose(A_L[:, n], a, rtol=1e-12)


@pytest.mark.parametrize("sizes, activations, loss", CASES)
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_backprop_matches_central_differences(sizes, activations, loss, l2):
    params, X, Y = make_problem(sizes, activations, loss, n=5, seed=len(sizes) + len(loss))

    def risk(p):
        return mlp.loss_and_grads(p, X, Y, activations, loss, l2=l2)[0]

    _, grads = mlp.loss_and_grads(params, X, Y, activations, loss, l2=l2)
    numeric = numerical_param_grads(risk, params)
    assert relative_error(grads, numeric) < 1e-7


def test_risk_is_mean_loss_plus_l2_term():
    sizes, names = [3, 4, 2], ["tanh", "sigmoid"]
    params, X, Y = make_problem(sizes, names, "squared_error", n=4, seed=0)
    A_L, _ = mlp.forward(params, X, names)
    mean_loss = np.mean([0.5 * np.sum((Y[:, n] - A_L[:, n]) ** 2) for n in range(4)])
    penalty = 0.5 * 0.3 * sum(np.sum(W**2) for W, _ in params)
    risk, _ = mlp.loss_and_grads(params, X, Y, names, "squared_error", l2=0.3)
    assert risk == pytest.approx(mean_loss + penalty, rel=1e-14)


def test_single_example_batch():
    sizes, names = [4, 3, 3], ["relu", "softmax"]
    params, X, Y = make_problem(sizes, names, "cross_entropy", n=1, seed=5)
    _, grads = mlp.loss_and_grads(params, X, Y, names, "cross_entropy")
    numeric = numerical_param_grads(
        lambda p: mlp.loss_and_grads(p, X, Y, names, "cross_entropy")[0], params
    )
    assert relative_error(grads, numeric) < 1e-7


def test_large_logits_give_finite_correct_results():
    # Output-layer weights so large that |z(L)| reaches about 1000.
    W1, b1 = np.eye(2), np.zeros(2)
    W2, b2 = np.array([[1000.0, 0.0], [0.0, -1000.0], [0.0, 0.0]]), np.zeros(3)
    params = [(W1, b1), (W2, b2)]
    X = np.array([[1.0], [1.0]])
    Y = np.array([[0.0], [1.0], [0.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        risk, grads = mlp.loss_and_grads(params, X, Y, ["identity", "softmax"], "cross_entropy")
    assert risk == pytest.approx(2000.0, rel=1e-12)  # -log softmax(z)_2 = 1000 - (-1000)
    dW2, db2 = grads[1]
    np.testing.assert_allclose(db2, [1.0, -1.0, 0.0], atol=1e-300)  # softmax(z) - y
    assert all(np.isfinite(g).all() for pair in grads for g in pair)


BAD_INPUTS = [
    # (description, call, exception, message pattern)
    (
        "X with the wrong number of rows",
        lambda p: mlp.forward(p, np.zeros((4, 2)), ["tanh", "sigmoid"]),
        ValueError,
        r"X has shape \(4, 2\) but W\(1\) has shape \(4, 3\): X must have 3 rows",
    ),
    (
        "an empty batch",
        lambda p: mlp.forward(p, np.zeros((3, 0)), ["tanh", "sigmoid"]),
        ValueError,
        r"X holds no examples \(shape \(3, 0\)\)",
    ),
    (
        "a 1-D X",
        lambda p: mlp.forward(p, np.zeros(3), ["tanh", "sigmoid"]),
        ValueError,
        r"X must be 2-D, got shape \(3,\)",
    ),
    (
        "an unknown activation",
        lambda p: mlp.forward(p, np.zeros((3, 1)), ["tanh", "sigmod"]),
        ValueError,
        r"unknown activation 'sigmod'",
    ),
    (
        "too few activations",
        lambda p: mlp.forward(p, np.zeros((3, 1)), ["tanh"]),
        ValueError,
        r"1 activations given for 2 layers",
    ),
    (
        "an unknown loss",
        lambda p: mlp.loss_and_grads(
            p, np.zeros((3, 1)), np.zeros((2, 1)), ["tanh", "sigmoid"], "mse"
        ),
        ValueError,
        r"unknown loss 'mse'; known losses: 'squared_error', 'cross_entropy'",
    ),
    (
        "Y of the wrong shape",
        lambda p: mlp.loss_and_grads(
            p, np.zeros((3, 2)), np.zeros((2, 3)), ["tanh", "sigmoid"], "squared_error"
        ),
        ValueError,
        r"Y has shape \(2, 3\) but the network outputs shape \(2, 2\)",
    ),
    (
        "cross-entropy after a tanh output",
        lambda p: mlp.loss_and_grads(
            p, np.zeros((3, 1)), np.zeros((2, 1)), ["tanh", "tanh"], "cross_entropy"
        ),
        ValueError,
        r"'cross_entropy' needs a 'softmax' or 'sigmoid' output layer, got 'tanh'",
    ),
    (
        "softmax targets that do not sum to 1",
        lambda p: mlp.loss_and_grads(
            p, np.zeros((3, 1)), np.zeros((2, 1)), ["tanh", "softmax"], "cross_entropy"
        ),
        ValueError,
        r"each column of Y must sum to 1",
    ),
    (
        "a negative l2",
        lambda p: mlp.loss_and_grads(
            p, np.zeros((3, 1)), np.zeros((2, 1)), ["tanh", "sigmoid"], "squared_error", l2=-1
        ),
        ValueError,
        r"l2 must be a finite number >= 0, got -1",
    ),
    (
        "NaN in X",
        lambda p: mlp.forward(p, np.full((3, 1), np.nan), ["tanh", "sigmoid"]),
        ValueError,
        r"X contains NaN",
    ),
    (
        "strings in X",
        lambda p: mlp.forward(p, np.array([["a"], ["b"], ["c"]]), ["tanh", "sigmoid"]),
        TypeError,
        r"X must be a real numeric array, got dtype <U1",
    ),
    (
        "layers whose shapes do not chain",
        lambda p: mlp.forward(
            [p[0], (np.zeros((2, 5)), np.zeros(2))], np.zeros((3, 1)), ["tanh", "tanh"]
        ),
        ValueError,
        r"layer 2: W\(2\) has shape \(2, 5\) but layer 1 has 4 units .* must have 4 columns",
    ),
    (
        "a bias of the wrong length",
        lambda p: mlp.forward([(p[0][0], np.zeros(3)), p[1]], np.zeros((3, 1)), ["tanh", "tanh"]),
        ValueError,
        r"layer 1: W\(1\) has shape \(4, 3\), so b\(1\) must have shape \(4,\), got \(3,\)",
    ),
    (
        "an unknown init",
        lambda p: mlp.init_params([3, 2], np.random.default_rng(0), init="glorot"),
        ValueError,
        r"unknown init 'glorot'; known inits: 'xavier'",
    ),
    (
        "a legacy seed instead of a Generator",
        lambda p: mlp.init_params([3, 2], 0),
        TypeError,
        r"rng must be a numpy.random.Generator",
    ),
    (
        "a single layer size",
        lambda p: mlp.init_params([3], np.random.default_rng(0)),
        ValueError,
        r"at least two entries",
    ),
    (
        "a zero layer size",
        lambda p: mlp.init_params([3, 0, 2], np.random.default_rng(0)),
        ValueError,
        r"positive integers, got \[3, 0, 2\]",
    ),
    (
        "params that are not pairs",
        lambda p: mlp.forward([p[0][0]], np.zeros((3, 1)), ["tanh"]),
        ValueError,
        r"params\[0\] \(layer 1\) must be a pair \(W, b\)",
    ),
]


@pytest.mark.parametrize(
    "call, exc, pattern", [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_is_named(call, exc, pattern):
    params = mlp.init_params([3, 4, 2], np.random.default_rng(0))
    with pytest.raises(exc, match=pattern):
        call(params)


def test_xavier_is_uniform_on_its_interval_and_he_is_not_bounded():
    ((W, _),) = mlp.init_params([400, 300], np.random.default_rng(1), init="xavier")
    r = np.sqrt(6.0 / (400 + 300))
    assert np.abs(W).max() <= r and np.abs(W).max() > 0.99 * r  # fills [-r, r], no further
    # a uniform on [-r, r]: a quarter of the draws beyond r / 2 on each side
    assert np.mean(W > r / 2) == pytest.approx(0.25, abs=0.01)
    ((W, _),) = mlp.init_params([400, 300], np.random.default_rng(1), init="he")
    assert np.abs(W).max() > 3.5 * np.sqrt(2.0 / 400)  # a normal's tail reaches past 3.5 sd
