"""Chapter 12 checkers: right answers in several forms accepted, typical slips named, junk handled.

The right answers are written here, independently of the checkers (and of helpers.mlp):
vectorised, and again one example at a time with explicit loops. Each slip is the right
answer with one line changed, the way a reader would get it wrong.
"""

import numpy as np
import pytest
import scipy.special
import sympy as sp

from helpers import data, gradcheck, mlp, training
from helpers.exercises import ch12

SEEDS = (0, 1, 2)


# ---------------------------------------------------------------------------
# A reader's network, with a switch for each slip


def act(z, name):
    if name == "sigmoid":
        return scipy.special.expit(z)
    if name == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)


def act_prime(z, name):
    if name == "sigmoid":
        s = scipy.special.expit(z)
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    return (z > 0).astype(float)


def stable_softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def init_uniform(sizes, rng):
    out = []
    for m_in, m_out in zip(sizes[:-1], sizes[1:], strict=False):
        r = np.sqrt(6 / (m_in + m_out))
        out.append((rng.uniform(-r, r, size=(m_out, m_in)), np.zeros(m_out)))
    return out


def make_forward(slip=None):
    def forward(params, X, activation):
        L = len(params)
        zs, as_ = [None], [X]
        for l, (W, b) in enumerate(params, start=1):
            Wa = (W.T if slip == "W.T" else W) @ as_[-1]
            z = Wa + (b if slip == "bias on rows" else b[:, None]) if slip != "no bias" else Wa
            if l < L:
                a = act(z, "tanh" if slip == "always tanh" else activation)
            elif slip == "naive softmax":
                a = np.exp(z) / np.exp(z).sum(axis=0)
            elif slip == "global max":
                a = np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=0)
            elif slip == "softmax over rows":
                a = scipy.special.softmax(z, axis=1)
            elif slip == "no softmax":
                a = act(z, activation)
            else:
                a = stable_softmax(z)
            zs.append(a if slip == "z after f" else z)
            as_.append(a)
        if slip == "no placeholders":
            zs, as_ = zs[1:], as_[1:]
        if slip == "only a(L)":
            return as_[-1]
        return (as_[-1].T if slip == "transposed output" else as_[-1]), {"z": zs, "a": as_}

    return forward


def forward_per_example(params, X, activation):
    """One column at a time, with scipy's softmax: an equivalent form."""
    columns = []
    for n in range(X.shape[1]):
        a, zs, as_ = X[:, n], [None], [X[:, n]]
        for l, (W, b) in enumerate(params, start=1):
            z = W @ a + b
            a = scipy.special.softmax(z) if l == len(params) else act(z, activation)
            zs.append(z)
            as_.append(a)
        columns.append((zs, as_))
    L = len(params)
    zs = [None] + [np.stack([c[0][l] for c in columns], axis=1) for l in range(1, L + 1)]
    as_ = [np.stack([c[1][l] for c in columns], axis=1) for l in range(L + 1)]
    return as_[-1], {"z": tuple(zs), "a": tuple(as_)}


def make_backward(slip=None, lam=None):
    def backward(params, cache, Y, activation, *lam_given):
        zs, as_ = cache["z"], cache["a"]
        L, N = len(params), Y.shape[1]
        grads = []
        delta = (Y - as_[L]) if slip == "sign" else as_[L] - Y
        if slip == "extra output f'":
            delta = delta * as_[L] * (1 - as_[L])
        for l in range(L, 0, -1):
            W, b = params[l - 1]
            a_prev = as_[l] if slip == "a(l)" else as_[l - 1]
            dW = delta @ a_prev.T / (1 if slip == "sum" else N)
            db = delta.sum(axis=1) / (1 if slip == "sum" else N)
            if slip == "db not summed":
                db = delta / N
            if slip == "db keepdims":
                db = delta.sum(axis=1, keepdims=True) / N
            if lam_given:
                (lam_,) = lam_given
                dW = dW + {"2 lam": 2, "lam/2": 0.5, "lam/N": 1 / N}.get(slip, 1) * lam_ * W
                if slip == "penalise b":
                    db = db + lam_ * b
            grads.append((dW, db))
            if l > 1:
                back = (W if slip == "no transpose" else W.T) @ delta
                f_of = as_[l - 1] if slip == "f'(a)" else zs[l] if slip == "f'(z(l))" else zs[l - 1]
                name = "sigmoid" if slip == "always sigmoid" else activation
                delta = back if slip == "no f'" else act_prime(f_of, name) * back
        if slip == "reversed":
            return grads
        grads = grads[::-1]
        if slip == "placeholder":
            return [None] + grads
        if slip == "loss too":
            return 0.5, grads
        if slip == "mutates cache":
            as_[L] -= Y
        return grads

    return backward


def backward_per_example(params, cache, Y, activation):
    """Outer products summed example by example, then averaged: an equivalent form."""
    zs, as_ = cache["z"], cache["a"]
    L, N = len(params), Y.shape[1]
    grads = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]
    for n in range(N):
        delta = as_[L][:, n] - Y[:, n]
        for l in range(L, 0, -1):
            grads[l - 1][0] += np.outer(delta, as_[l - 1][:, n]) / N
            grads[l - 1][1] += delta / N
            if l > 1:
                delta = act_prime(zs[l - 1][:, n], activation) * (params[l - 1][0].T @ delta)
    return grads


def backward_l2_via_backward(params, cache, Y, activation, lam):
    grads = make_backward()(params, cache, Y, activation)
    return [(dW + lam * W, db) for (dW, db), (W, _) in zip(grads, params, strict=True)]


# ---------------------------------------------------------------------------
# Junk: the same for every function checker


def raises(*args):
    raise RuntimeError("not written yet")


JUNK = [  # (answer, words of which the message must contain one)
    (42, ("pass the function itself",)),
    (raises, ("raised RuntimeError",)),
    (lambda *args: None, ("None", "grad_fn was never called")),
    (lambda *args: "grads", ("str", "grad_fn was never called")),
    (lambda x: x, ("raised TypeError",)),
]


@pytest.mark.parametrize(
    "check",
    [ch12.check_init_params, ch12.check_forward, ch12.check_backward, ch12.check_grad_check,
     ch12.check_sgd_epoch, ch12.check_backward_l2],
)  # fmt: skip
def test_junk_gets_a_message_never_a_traceback(check):
    assert check(None).correct is None
    for junk, words in JUNK:
        feedback = check(junk, seed=0)
        assert feedback.correct is False, (junk, feedback)
        assert any(w in feedback.message for w in words), (junk, feedback)


RETURNED_JUNK = [
    None, 0, np.nan, "x", [], [None], [[1, 2], [3]], {"a": 1}, object(), np.zeros(3),
    [(np.zeros(2), "b")], (np.nan, [np.zeros((2, 2))]), sp.Symbol("W"), [[np.inf]] * 4,
]  # fmt: skip


def mangles_its_arguments(*args):
    for arg in args:
        if isinstance(arg, list):
            arg.append(None)
        if isinstance(arg, dict):
            arg.clear()
    return args[0]


FUNCTION_CHECKERS = [
    ch12.check_init_params, ch12.check_forward, ch12.check_backward, ch12.check_grad_check,
    ch12.check_sgd_epoch, ch12.check_backward_l2,
]  # fmt: skip


@pytest.mark.parametrize("check", FUNCTION_CHECKERS, ids=lambda c: c.__name__)
def test_whatever_a_function_returns_gets_a_message(check):
    for junk in RETURNED_JUNK:
        feedback = check(lambda *args, junk=junk: junk, seed=0)
        assert feedback.correct is False and feedback.message, (junk, feedback)
    feedback = check(mangles_its_arguments, seed=0)
    assert feedback.correct is False and feedback.message, feedback


VALUE_CHECKERS = [ch12.check_digits, ch12.check_silu_derivative, ch12.check_mystery]


@pytest.mark.parametrize("check", VALUE_CHECKERS, ids=lambda c: c.__name__)
def test_whatever_answer_gets_a_message(check):
    answers = [*RETURNED_JUNK[1:], sp.Matrix([1, 2]), lambda z: z, (None, None, None)]
    for answer in answers:
        feedback = check(answer)
        assert feedback.correct is False and feedback.message, (answer, feedback)
    inf_params = [(np.full((10, 64), np.inf), np.zeros(10))]
    assert "not finite" in ch12.check_digits((inf_params, "tanh", 0.5)).message
    assert "one of sigmoid" in ch12.check_digits((inf_params, np.array(["a", "b"]), 0.5)).message


# ---------------------------------------------------------------------------
# 12.1 init_params


def init_normal(sizes, rng):
    return [
        [rng.normal(0, np.sqrt(2 / (m_in + m_out)), size=(m_in, m_out)).T, np.zeros(m_out)]
        for m_in, m_out in zip(sizes[:-1], sizes[1:], strict=False)
    ]


def init_slip(scale=None, slip=None):
    def init(sizes, rng):
        out = []
        for m_in, m_out in zip(sizes[:-1], sizes[1:], strict=False):
            W = rng.normal(0, np.sqrt(scale(m_in, m_out)), size=(m_out, m_in))
            b = np.zeros(m_out)
            if slip == "transposed":
                W = W.T
            if slip == "column b":
                b = b[:, None]
            if slip == "zeros":
                W = np.zeros_like(W)
            if slip == "global":
                W = np.random.default_rng().normal(0, np.sqrt(scale(m_in, m_out)), W.shape)
            if slip == "uniform 0 1":
                W = rng.random(W.shape)
            out.append((W, b))
        return out

    return init


def test_init_params_accepts_uniform_and_normal_xavier():
    for seed in SEEDS:
        assert ch12.check_init_params(init_uniform, seed=seed).correct is True
        assert ch12.check_init_params(init_normal, seed=seed).correct is True


INIT_NEAR_MISSES = [
    (ch12.check_init_params, fn, words)
    for fn, words in [
        (init_slip(lambda i, o: 2 / i), "He's scale"),
        (init_slip(lambda i, o: 1 / i), "LeCun"),
        (init_slip(lambda i, o: 6 / (i + o)), "three times the variance"),
        (init_slip(lambda i, o: 1.0), "variance 1"),
        (init_slip(lambda i, o: 1e-4), "standard deviation 0.01"),
        (init_slip(lambda i, o: 2 / (i + o), "transposed"), "transposed"),
        (init_slip(lambda i, o: 2 / (i + o), "column b"), "biases are 1-D"),
        (init_slip(lambda i, o: 2 / (i + o), "zeros"), "same update forever"),
        (init_slip(lambda i, o: 2 / (i + o), "global"), "draw them from rng"),
        (init_slip(lambda i, o: 2 / (i + o), "uniform 0 1"), "centre them on 0"),
        (lambda sizes, rng: init_uniform([sizes[0], *sizes], rng), "M_0 is the input"),
        (lambda sizes, rng: [(W, b + 0.1) for W, b in init_uniform(sizes, rng)], "not zero"),
    ]
]


# ---------------------------------------------------------------------------
# 12.2 forward


def test_forward_accepts_equivalent_forms():
    for seed in SEEDS:
        assert ch12.check_forward(make_forward(), seed=seed).correct is True
        assert ch12.check_forward(forward_per_example, seed=seed).correct is True


FORWARD_NEAR_MISSES = [
    (ch12.check_forward, make_forward(slip), words)
    for slip, words in [
        ("W.T", "no transpose"),
        ("bias on rows", "wrong axis"),
        ("no bias", "bias is missing"),
        ("always tanh", "use the activation named by the argument"),
        ("naive softmax", "Subtract each column's maximum"),
        ("global max", "each column's own maximum"),
        ("softmax over rows", "normalised each row"),
        ("no softmax", "must be softmax"),
        ("z after f", "store z(1) before applying f"),
        ("no placeholders", "L + 1 entries"),
        ("transposed output", "a(L) is transposed"),
        ("only a(L)", "return the pair (a(L), cache)"),
    ]
]


def test_forward_junk_outputs():
    def nan_forward(params, X, activation):
        A, cache = make_forward()(params, X, activation)
        return np.full_like(A, np.nan), cache

    assert "NaN" in ch12.check_forward(nan_forward, seed=0).message
    bad_cache = ch12.check_forward(lambda p, X, f: (make_forward()(p, X, f)[0], [1, 2, 3]), seed=0)
    assert "dict with the keys" in bad_cache.message


# ---------------------------------------------------------------------------
# 12.3 backward


def test_backward_accepts_equivalent_forms():
    for seed in SEEDS:
        assert ch12.check_backward(make_backward(), seed=seed).correct is True
        assert ch12.check_backward(backward_per_example, seed=seed).correct is True


BACKWARD_SLIPS = [
    ("no transpose", "W(l)^T delta(l), not W(l) delta(l)"),
    ("no f'", "the factor f'(z(l-1)) is missing"),
    ("f'(a)", "f' was applied to a(l-1) instead of z(l-1)"),
    ("f'(z(l))", "not f'(z(l))"),
    ("a(l)", "not a(l)"),
    ("sum", "divide dW and db by N"),
    ("db not summed", "one column per example"),
    ("db keepdims", "without keepdims"),
    ("reversed", "reverse the list"),
    ("sign", "sign is flipped"),
    ("extra output f'", "do not multiply by a (1 - a) again"),
    ("always sigmoid", "use the derivative of the activation you are given"),
    ("placeholder", "starting with layer 1's at index 0"),
    ("loss too", "return only the gradients"),
    ("mutates cache", "in place"),
]


BACKWARD_NEAR_MISSES = [
    (ch12.check_backward, make_backward(slip), words) for slip, words in BACKWARD_SLIPS
]


def test_backward_locates_an_unknown_error():
    def off_in_layer_1(params, cache, Y, activation):
        grads = make_backward()(params, cache, Y, activation)
        dW, db = grads[0]
        return [(dW * 1.5, db), *grads[1:]]

    feedback = ch12.check_backward(off_in_layer_1, seed=0)
    assert feedback.correct is False and "are right but dW(1) is not" in feedback.message


def test_backward_nan_is_refused():
    def nan_backward(params, cache, Y, activation):
        return [(dW * np.nan, db) for dW, db in make_backward()(params, cache, Y, activation)]

    feedback = ch12.check_backward(nan_backward, seed=0)
    assert feedback.correct is False and "of the output layer is off" in feedback.message


# ---------------------------------------------------------------------------
# 12.4 grad_check


def grad_check_in_place(loss, params, grads, h=1e-5):
    diff = num = ana = 0.0
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        for p, g in ((W, dW), (b, db)):
            for i in np.ndindex(p.shape):
                old = p[i]
                p[i] = old + h
                up = loss(params)
                p[i] = old - h
                down = loss(params)
                p[i] = old
                n = (up - down) / (2 * h)
                diff, num, ana = diff + (g[i] - n) ** 2, num + n**2, ana + g[i] ** 2
    return np.sqrt(diff) / max(np.sqrt(num), np.sqrt(ana))


def make_grad_check(slip=None):
    """Flatten, perturb copies, rebuild: another form, with slips."""

    def grad_check(loss, params, grads, h=1e-5):
        shapes = [p.shape for pair in params for p in pair]
        theta = np.concatenate([p.ravel() for pair in params for p in pair])
        if slip == "weights only":
            keep = np.concatenate(
                [np.full(p.size, k == 0) for pair in params for k, p in enumerate(pair)]
            )
        else:
            keep = np.ones(theta.size, bool)

        def rebuild(vector):
            parts, start = [], 0
            for s in shapes:
                parts.append(vector[start : start + int(np.prod(s))].reshape(s))
                start += int(np.prod(s))
            return [tuple(parts[i : i + 2]) for i in range(0, len(parts), 2)]

        num = np.zeros_like(theta)
        for i in range(theta.size):
            e = np.zeros_like(theta)
            e[i] = h
            if slip == "forward":
                num[i] = (loss(rebuild(theta + e)) - loss(rebuild(theta))) / h
            else:
                num[i] = (loss(rebuild(theta + e)) - loss(rebuild(theta - e))) / (
                    h if slip == "by h" else 2 * h
                )
        g = np.concatenate([np.ravel(p) for pair in grads for p in pair])
        g, num = g[keep], num[keep]
        if slip == "absolute":
            return np.linalg.norm(g - num)
        if slip == "entrywise":
            return np.max(np.abs(g - num) / np.maximum(np.abs(g), np.abs(num)))
        if slip == "sum of norms":  # an accepted form (CS231n's denominator)
            return np.linalg.norm(g - num) / (np.linalg.norm(g) + np.linalg.norm(num))
        return np.array([np.linalg.norm(g - num) / max(np.linalg.norm(g), np.linalg.norm(num))])

    return grad_check


def test_grad_check_accepts_equivalent_forms():
    for seed in SEEDS:
        assert ch12.check_grad_check(grad_check_in_place, seed=seed).correct is True
        assert ch12.check_grad_check(make_grad_check(), seed=seed).correct is True
        assert ch12.check_grad_check(make_grad_check("sum of norms"), seed=seed).correct is True


def zero_numerical(loss, params, grads, h=1e-5):
    copies = [(W.copy(), b.copy()) for W, b in params]
    for W, _ in copies:
        W += h  # perturbs a copy that loss(params) never sees
    g = np.concatenate([np.ravel(p) for pair in grads for p in pair])
    return np.linalg.norm(g - 0) / np.linalg.norm(g)


def not_restored(loss, params, grads, h=1e-5):
    for W, _ in params:
        W += h
    return grad_check_in_place(loss, params, grads, h)


GRAD_CHECK_NEAR_MISSES = [
    (ch12.check_grad_check, fn, words)
    for fn, words in [
        (make_grad_check("forward"), "forward difference"),
        (make_grad_check("by h"), "divides by 2h"),
        (make_grad_check("weights only"), "biases were left out"),
        (make_grad_check("absolute"), "absolute error"),
        (make_grad_check("entrywise"), "entry-wise"),
        (zero_numerical, "numerical gradient came out zero"),
        (not_restored, "restore each entry"),
        (lambda loss, params, grads, h: 0.0, "the relative error is"),
        (lambda loss, params, grads, h: [1e-9, 1e-9], "return one number"),
        (lambda loss, params, grads, h: -1.0, "is >= 0"),
        (lambda loss, params, grads, h: np.nan, "returned nan"),
        (lambda loss, params, grads, h: loss(np.zeros(3)), "raised ValueError"),
    ]
]


# ---------------------------------------------------------------------------
# 12.5 sgd_epoch


def sgd_new_lists(params, X, Y, grad_fn, lr, batch_size, rng):
    order = rng.permutation(X.shape[1])
    for start in range(0, X.shape[1], batch_size):
        cols = order[start : start + batch_size]
        grads = grad_fn(params, X[:, cols], Y[:, cols])
        params = [
            (W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)
        ]
    return params


def sgd_in_place(params, X, Y, grad_fn, lr, batch_size, rng):
    index = np.arange(X.shape[1])
    rng.shuffle(index)  # the same order as rng.permutation
    batches = np.array_split(index, range(batch_size, len(index), batch_size))
    for cols in batches:
        for (W, b), (dW, db) in zip(params, grad_fn(params, X[:, cols], Y[:, cols]), strict=True):
            W -= lr * dW
            b -= lr * db
    return params


def test_sgd_epoch_accepts_equivalent_forms():
    for seed in SEEDS:
        assert ch12.check_sgd_epoch(sgd_new_lists, seed=seed).correct is True
        assert ch12.check_sgd_epoch(sgd_in_place, seed=seed).correct is True


def make_sgd(slip):
    def sgd(params, X, Y, grad_fn, lr, batch_size, rng):
        N = X.shape[1]
        order = np.arange(N) if slip == "no shuffle" else rng.permutation(N)
        if slip == "np.random":
            order = np.random.default_rng().permutation(N)
        y_order = rng.permutation(N) if slip == "two orders" else order
        stop = N - batch_size + 1 if slip == "drop last" else N
        step = -lr if slip == "ascent" else lr
        start_params = params
        for start in range(0, stop, batch_size):
            cols, y_cols = order[start : start + batch_size], y_order[start : start + batch_size]
            if slip == "rows":
                grads = grad_fn(params, X.T[cols], Y[:, y_cols])
            else:
                seen = start_params if slip == "stale" else params
                grads = grad_fn(seen, X[:, cols], Y[:, y_cols])
            if slip == "rebind":
                for (W, _), (dW, _) in zip(params, grads, strict=True):
                    W = W - lr * dW  # noqa: F841 (the slip: rebinds the name only)
            else:
                params = [
                    (W - step * dW, b - step * db)
                    for (W, b), (dW, db) in zip(params, grads, strict=True)
                ]
        return None if slip == "no return" else params

    return sgd


SGD_NEAR_MISSES = [
    (ch12.check_sgd_epoch, make_sgd(slip), words)
    for slip, words in [
        ("no shuffle", "original order"),
        ("np.random", "not from np.random"),
        ("two orders", "one and the same order"),
        ("drop last", "last, smaller minibatch was left out"),
        ("ascent", "uphill"),
        ("stale", "every minibatch saw the starting parameters"),
        ("rows", "select columns"),
        ("rebind", "only rebinds the name"),
        ("no return", "returned None"),
    ]
]


def test_sgd_epoch_more_slips():
    def full_batch(params, X, Y, grad_fn, lr, batch_size, rng):
        grads = grad_fn(params, X, Y)
        return [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]

    assert "one step of gradient descent" in ch12.check_sgd_epoch(full_batch, seed=0).message

    def shuffles_in_place(params, X, Y, grad_fn, lr, batch_size, rng):
        order = rng.permutation(X.shape[1])
        X[:], Y[:] = X[:, order], Y[:, order]
        return sgd_new_lists(params, X, Y, grad_fn, lr, batch_size, np.random.default_rng(0))

    assert "changed X or Y in place" in ch12.check_sgd_epoch(shuffles_in_place, seed=0).message

    def no_lr(params, X, Y, grad_fn, lr, batch_size, rng):
        return sgd_new_lists(params, X, Y, grad_fn, 1.0, batch_size, rng)

    assert "ignore the learning rate" in ch12.check_sgd_epoch(no_lr, seed=0).message


# ---------------------------------------------------------------------------
# 12.6 the digits


@pytest.fixture(scope="module")
def trained():
    """A network trained by helpers.training (an implementation the book tests elsewhere)."""
    digits = data.load_digits_split(np.random.default_rng(0))
    start = mlp.init_params([64, 32, 10], np.random.default_rng(1))
    Y = training.one_hot(digits["y_train"], 10)
    params, _ = training.train(
        start, digits["X_train"], Y, ["tanh", "softmax"], "cross_entropy",
        epochs=15, batch_size=32, lr=0.1, rng=np.random.default_rng(2),
    )  # fmt: skip
    acc = training.accuracy(params, digits["X_test"], digits["y_test"], ["tanh", "softmax"])
    assert acc >= 0.95
    return params, acc


def test_digits(trained):
    params, acc = trained
    assert ch12.check_digits((params, "tanh", acc)).correct is True
    assert ch12.check_digits([params, "tanh", np.float64(acc)]).correct is True
    assert ch12.check_digits((params, "tanh", 100 * acc)).correct is True  # a percentage
    X_test, y_test = ch12.digits_test_set()
    assert X_test.shape == (64, y_test.size)

    untrained = mlp.init_params([64, 32, 10], np.random.default_rng(1))
    low = training.accuracy(untrained, X_test, y_test, ["tanh", "softmax"])
    feedback = ch12.check_digits((untrained, "tanh", low))
    assert feedback.correct is False and "at least 0.95 is asked" in feedback.message
    feedback = ch12.check_digits((params, "tanh", min(1.0, acc + 0.02)))
    assert feedback.correct is False and "check your accuracy" in feedback.message
    feedback = ch12.check_digits((params, "relu", acc))  # evaluated with other units
    assert feedback.correct is False
    column_b = [(W, b[:, None]) for W, b in params]
    assert "do not make a network" in ch12.check_digits((column_b, "tanh", acc)).message
    small = mlp.init_params([64, 10, 9], np.random.default_rng(1))
    assert "10 outputs" in ch12.check_digits((small, "tanh", 0.1)).message
    assert "one of sigmoid" in ch12.check_digits((params, "softmax", acc)).message
    assert "triple" in ch12.check_digits(params).message
    assert "must be a number" in ch12.check_digits((params, "tanh", "high")).message
    assert ch12.check_digits(None).correct is None


# ---------------------------------------------------------------------------
# 12.7 the SiLU's derivative


def test_silu_derivative():
    z = ch12.ex127_symbol()
    s = 1 / (1 + sp.exp(-z))
    assert ch12.check_silu_derivative(sp.diff(z * s, z)).correct is True
    assert ch12.check_silu_derivative(s * (1 + z * (1 - s))).correct is True
    expanded = (1 + sp.exp(-z) + z * sp.exp(-z)) / (1 + sp.exp(-z)) ** 2
    assert ch12.check_silu_derivative(expanded).correct is True
    assert ch12.check_silu_derivative(sp.Symbol("z", real=True) * 0 + s + z * s * (1 - s)).correct
    assert ch12.check_silu_derivative("1/(1+exp(-z)) + z*exp(-z)/(1+exp(-z))**2").correct is True
    for answer, words in [
        (s, "only the first term"),
        (z * s * (1 - s), "the first is missing"),
        (s * (1 - s), "the sigmoid's derivative"),
        (s + z * s, "not sigma(z)"),
        (sp.Function("sigma")(z) + z, "write sigma(z) out"),
        (sp.Integer(1), "does not depend on z"),
        (z**2, "product rule"),
        (sp.Symbol("x") * s, "use only the symbols z"),
        (lambda z: z, "not a sympy expression"),
    ]:
        feedback = ch12.check_silu_derivative(answer)
        assert feedback.correct is False and words in feedback.message, (answer, feedback)
    assert ch12.check_silu_derivative(None).correct is None


# ---------------------------------------------------------------------------
# 12.8 backward with L2


def test_backward_l2_accepts_equivalent_forms():
    for seed in SEEDS:
        assert ch12.check_backward_l2(backward_l2_via_backward, seed=seed).correct is True
        assert ch12.check_backward_l2(make_backward(), seed=seed).correct is True


L2_NEAR_MISSES = [
    (ch12.check_backward_l2, make_backward(slip), words)
    for slip, words in [
        ("penalise b", "nothing to db(l)"),
        ("2 lam", "not 2 lam W"),
        ("lam/2", "not lam W / 2"),
        ("lam/N", "not lam W(l) / N"),
        ("no transpose", "W(l)^T delta(l)"),
        ("sum", "divide dW and db by N"),
    ]
]


def test_backward_l2_without_the_penalty():
    def no_penalty(params, cache, Y, activation, lam):
        return make_backward()(params, cache, Y, activation)

    assert "add lam W(l)" in ch12.check_backward_l2(no_penalty, seed=0).message


# ---------------------------------------------------------------------------
# 12.9 the bug hunt


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_mystery_backward_is_right_for_relu_only(activation):
    # Against central differences of the loss, not against the checker's answer.
    rng = np.random.default_rng(3)
    params = [
        (rng.normal(size=(5, 4)), rng.normal(size=5)),
        (rng.normal(size=(3, 5)), rng.normal(size=3)),
    ]
    X, Y = rng.normal(size=(4, 6)), np.eye(3)[:, rng.integers(0, 3, 6)]
    names = [activation, "softmax"]
    _, cache = mlp.forward(params, X, names)
    mystery = ch12.mystery_backward(params, cache, Y, activation)
    numeric = gradcheck.numerical_param_grads(
        lambda p: mlp.loss_and_grads(p, X, Y, names, "cross_entropy")[0], params
    )
    error = gradcheck.relative_error(mystery, numeric)
    assert (error < 1e-7) if activation == "relu" else (error > 1e-2)


def test_mystery():
    for answer in ({"relu"}, ["relu"], ("relu",), "relu", frozenset({"relu"})):
        assert ch12.check_mystery(answer).correct is True, answer
    for answer, words in [
        ({"sigmoid", "tanh", "relu"}, "with each hidden activation"),
        ({"sigmoid", "tanh"}, "with ReLU hidden units too"),
        (set(), "with ReLU hidden units too"),
        ({"relu", "tanh"}, "the relative errors differ"),
        ({"swish"}, "use only the names"),
        (42, "give a set"),
    ]:
        feedback = ch12.check_mystery(answer)
        assert feedback.correct is False and words in feedback.message, (answer, feedback)
    assert ch12.check_mystery(None).correct is None


# ---------------------------------------------------------------------------
# Every near miss above is refused, with the slip named


NEAR_MISSES = [
    *INIT_NEAR_MISSES, *FORWARD_NEAR_MISSES, *BACKWARD_NEAR_MISSES,
    *GRAD_CHECK_NEAR_MISSES, *SGD_NEAR_MISSES, *L2_NEAR_MISSES,
]  # fmt: skip


@pytest.mark.parametrize(
    ("check", "fn", "words"), NEAR_MISSES, ids=[f"{c.__name__}: {w}" for c, _, w in NEAR_MISSES]
)
def test_near_misses_are_refused_with_the_slip_named(check, fn, words):
    feedback = check(fn, seed=0)
    assert feedback.correct is False and words in feedback.message, feedback


# ---------------------------------------------------------------------------
# The slip machinery itself: without a slip it is the right computation


@pytest.mark.parametrize("seed", SEEDS)
def test_slip_machinery_without_a_slip_matches_helpers_mlp(seed):
    for case in ch12._cases(np.random.default_rng(seed), lam=True):
        A, cache = mlp.forward(case.params, case.X, case.activations)
        assert np.allclose(ch12._forward_slip(case, None), A, rtol=1e-12, atol=1e-15)
        grads = mlp.backward(case.params, cache, case.Y, "cross_entropy", l2=case.lam)[1]
        assert ch12._same_list(ch12._backward_slip(case, None), grads)


def test_large_logits_case_defeats_both_softmax_slips():
    case = ch12._large_logits_case(np.random.default_rng(0))
    A, _ = mlp.forward(case.params, case.X, case.activations)
    assert np.isfinite(A).all() and np.abs(case.cache()["z"][2]).max() >= 3000 - 1e-9
    assert np.isnan(ch12._forward_slip(case, "unstable")).any()
    assert np.isnan(ch12._forward_slip(case, "global_max")).any()
