"""Chapter 12: near misses and equivalent right answers for each checker.

The right answers are a reader's network written here, independently of the checkers
(and of helpers.mlp): vectorised, and again one example at a time with explicit loops.
Each slip is the right answer with one line changed, the way a reader would get it
wrong. tests/test_exercises_ch12.py checks these against scipy and central differences.
"""

import numpy as np
import scipy.special
import sympy as sp

from helpers import data, gradcheck, mlp, training
from helpers.exercises import ch12

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
        if slip == "scales X in place":
            X /= np.abs(X).max()
        if slip in ("float32", "float32 back to float64"):
            X = X.astype(np.float32)
            params = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
        zs, as_ = [None], [X]
        for l, (W, b) in enumerate(params, start=1):
            if slip == "reshapes b in place":
                b.shape = (-1, 1)  # a column, but of the caller's array
            Wa = (W.T if slip == "W.T" else W) @ as_[-1]
            if slip == "reshapes b in place":
                z = Wa + b
            else:
                z = Wa + (b if slip == "bias on rows" else b[:, None]) if slip != "no bias" else Wa
            if l < L:
                a = act(z, "tanh" if slip == "always tanh" else activation)
            elif slip == "shifts z in place":
                z -= z.max(axis=0, keepdims=True)  # the very array stored in zs below
                a = np.exp(z) / np.exp(z).sum(axis=0)
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
        if slip == "float32 back to float64":
            return as_[-1].astype(float), {"z": zs, "a": as_}
        return (as_[-1].T if slip == "transposed output" else as_[-1]), {"z": zs, "a": as_}

    return forward


def forward_float32_inside(params, X, activation):
    """Single precision inside, converted back to float64 at the end."""
    A, cache = make_forward("float32")(params, X, activation)
    convert = [None] + [z.astype(float) for z in cache["z"][1:]]
    return A.astype(float), {"z": convert, "a": [X] + [a.astype(float) for a in cache["a"][1:]]}


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
        if slip == "N = len(Y)":
            N = len(Y)
        if slip == "N = len(X)":
            N = len(as_[0])
        if slip == "reads its own key":
            zs = cache["fp"]
        if slip == "float32":
            params = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
            as_ = [a.astype(np.float32) for a in as_]
        grads = []
        if slip == "delta aliases a(L)":
            delta = as_[L]
            delta -= Y  # changes the cache's array too
        else:
            delta = (Y - as_[L]) if slip == "sign" else as_[L] - Y
        if slip == "extra output f'":
            delta = delta * as_[L] * (1 - as_[L])
        for l in range(L, 0, -1):
            W, b = params[l - 1]
            a_prev = as_[l] if slip == "a(l)" else as_[l - 1]
            if slip == "z(l-1)":
                a_prev = zs[l - 1]  # None for l = 1
            if slip == "z(l-1) from layer 2":
                a_prev = zs[l - 1] if l > 1 else as_[0]
            if slip == "a not transposed":
                dW = delta @ a_prev / N
            else:
                dW = delta @ a_prev.T / (1 if slip == "sum" else N)
            db = delta.sum(axis=0 if slip == "db over units" else 1) / (1 if slip == "sum" else N)
            if slip == "db not summed":
                db = delta / N
            if slip == "db keepdims":
                db = delta.sum(axis=1, keepdims=True) / N
            if lam_given:
                (lam_,) = lam_given
                penalty = {"2 lam": 2, "lam/2": 0.5, "lam/N": 1 / N}.get(slip, 1) * lam_ * W
                if slip == "lam sum W":
                    penalty = lam_ * np.sum(W)
                if slip == "lam W**2":
                    penalty = lam_ * W**2
                if slip == "L1":
                    penalty = lam_ * np.sign(W)
                if slip == "penalty value":
                    penalty = lam_ / 2 * np.sum(W**2)
                if slip == "last layer only" and l < L:
                    penalty = 0.0
                dW = dW + penalty
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


# 12.1


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
            if slip == "variance as std":
                W = rng.normal(0, scale(m_in, m_out), size=(m_out, m_in))
            if slip == "std as half-width":
                r = np.sqrt(scale(m_in, m_out))
                W = rng.uniform(-r, r, size=(m_out, m_in))
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
            if slip == "float32":
                W, b = W.astype(np.float32), b.astype(np.float32)
            out.append((W, b))
        return out

    return init


# 12.2 and 12.3: outputs and gradients wrong in ways no named slip explains


def nan_forward(params, X, activation):
    A, cache = make_forward()(params, X, activation)
    return np.full_like(A, np.nan), cache


def list_for_cache(params, X, activation):
    return make_forward()(params, X, activation)[0], [1, 2, 3]


def off_in_layer_1(params, cache, Y, activation):
    grads = make_backward()(params, cache, Y, activation)
    dW, db = grads[0]
    return [(dW * 1.5, db), *grads[1:]]


def nan_backward(params, cache, Y, activation):
    return [(dW * np.nan, db) for dW, db in make_backward()(params, cache, Y, activation)]


def no_penalty(params, cache, Y, activation, lam):
    return make_backward()(params, cache, Y, activation)


# 12.4


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
        if slip == "min of norms":  # accepted: min is one of ||g||, ||g_num||
            return np.linalg.norm(g - num) / min(np.linalg.norm(g), np.linalg.norm(num))
        error = np.linalg.norm(g - num) / max(np.linalg.norm(g), np.linalg.norm(num))
        if slip == "passes?":
            return error < 1e-7
        if slip == "fails?":
            return error > 1e-7
        if slip in ("per layer", "per array", "layer 1 only"):
            sizes = [p.size for pair in params for p in pair]
            cuts = np.cumsum(sizes)[:-1]
            parts = list(zip(np.split(g, cuts), np.split(num, cuts), strict=True))
            if slip != "per array":  # W(l) and b(l) of one layer together
                parts = [
                    (np.concatenate([a1, a2]), np.concatenate([n1, n2]))
                    for (a1, n1), (a2, n2) in zip(parts[::2], parts[1::2], strict=True)
                ]
            if slip == "layer 1 only":
                parts = parts[:1]
            return max(
                np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n)) for a, n in parts
            )
        return np.array([error])

    return grad_check


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


# 12.5


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


def make_sgd(slip):
    def sgd(params, X, Y, grad_fn, lr, batch_size, rng):
        N = X.shape[1]
        if slip in ("len(X)", "len(X), over the order"):
            order = rng.permutation(len(X))  # the rows: M_0 of them
        elif slip == "len(Y)":
            order = rng.permutation(len(Y))  # the classes
        elif slip == "np.random":
            order = np.random.default_rng().permutation(N)
        else:
            order = np.arange(N) if slip == "no shuffle" else rng.permutation(N)
        if slip == "len(X), over the order":
            N = len(order)
        y_order = rng.permutation(N) if slip == "two orders" else order
        stop = N - batch_size + 1 if slip == "drop last" else N
        step = -lr if slip == "ascent" else lr
        if slip == "float32":
            params = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
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
            elif slip == "divides by the batch":
                params = [
                    (W - lr * dW / len(cols), b - lr * db / len(cols))
                    for (W, b), (dW, db) in zip(params, grads, strict=True)
                ]
            elif slip == "W only":
                params = [(W - lr * dW, b) for (W, b), (dW, _) in zip(params, grads, strict=True)]
            else:
                pairs = zip(params, grads[::-1] if slip == "reversed grads" else grads, strict=True)
                params = [(W - step * dW, b - step * db) for (W, b), (dW, db) in pairs]
        if slip == "returns the loss too":
            return params, 0.25
        return None if slip == "no return" else params

    return sgd


def full_batch(params, X, Y, grad_fn, lr, batch_size, rng):
    grads = grad_fn(params, X, Y)
    return [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]


def shuffles_in_place(params, X, Y, grad_fn, lr, batch_size, rng):
    order = rng.permutation(X.shape[1])
    X[:], Y[:] = X[:, order], Y[:, order]
    return sgd_new_lists(params, X, Y, grad_fn, lr, batch_size, np.random.default_rng(0))


def no_lr(params, X, Y, grad_fn, lr, batch_size, rng):
    return sgd_new_lists(params, X, Y, grad_fn, 1.0, batch_size, rng)


# 12.6: a network trained by helpers.training (an implementation the book tests
# elsewhere), its accuracy measured here with helpers.training.accuracy.
DIGITS = data.load_digits_split(np.random.default_rng(0))
NAMES = ["tanh", "softmax"]
UNTRAINED = mlp.init_params([64, 32, 10], np.random.default_rng(1))
TRAINED, _ = training.train(
    UNTRAINED, DIGITS["X_train"], training.one_hot(DIGITS["y_train"], 10), NAMES,
    "cross_entropy", epochs=15, batch_size=32, lr=0.1, rng=np.random.default_rng(2),
)  # fmt: skip
ACCURACY = training.accuracy(TRAINED, DIGITS["X_test"], DIGITS["y_test"], NAMES)
LOW = training.accuracy(UNTRAINED, DIGITS["X_test"], DIGITS["y_test"], NAMES)
assert ACCURACY >= 0.95 > LOW
COLUMN_B = [(W, b[:, None]) for W, b in TRAINED]
TOO_FEW_OUTPUTS = mlp.init_params([64, 10, 9], np.random.default_rng(1))

# 12.7: sympy differentiates the SiLU.
z = sp.Symbol("z")
s = 1 / (1 + sp.exp(-z))
SILU_PRIME = sp.diff(z * s, z)


# 12.9: for which hidden activations mystery_backward agrees with central differences.
def mystery_error(activation, seed=3):
    rng = np.random.default_rng(seed)
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
    return gradcheck.relative_error(mystery, numeric)


MYSTERY_ERRORS = {f: mystery_error(f) for f in ch12.HIDDEN_ACTIVATIONS}
RIGHT_FOR = {f for f, e in MYSTERY_ERRORS.items() if e < 1e-7}
WRONG_FOR = set(ch12.HIDDEN_ACTIVATIONS) - RIGHT_FOR
assert len(RIGHT_FOR) == 1 and all(MYSTERY_ERRORS[f] > 1e-2 for f in WRONG_FOR)
(ONLY,) = RIGHT_FOR

CASES = {
    "check_init_params": {
        "near": [
            (init_slip(lambda i, o: 2 / i), "He's scale"),
            (init_slip(lambda i, o: 1 / i), "LeCun"),
            (init_slip(lambda i, o: 6 / (i + o)), "three times the variance"),
            (init_slip(lambda i, o: (6 / (i + o)) ** 2 / 3), "the square root is missing"),
            (init_slip(lambda i, o: 1.0), "variance 1"),
            (init_slip(lambda i, o: 1e-4), "standard deviation 0.01"),
            (init_slip(lambda i, o: 2 / (i + o), "transposed"), "transposed"),
            (init_slip(lambda i, o: 2 / (i + o), "column b"), "biases are 1-D"),
            (init_slip(lambda i, o: 2 / (i + o), "zeros"), "same update forever"),
            (init_slip(lambda i, o: 2 / (i + o), "global"), "draw them from rng"),
            (init_slip(lambda i, o: 2 / (i + o), "uniform 0 1"), "centre them on 0"),
            (init_slip(lambda i, o: 2 / (i + o), "variance as std"), "not the variance"),
            (init_slip(lambda i, o: 2 / (i + o), "std as half-width"), "used as the half-width"),
            (init_slip(lambda i, o: 2 / (i + o), "float32"), "a parameter is float32"),
            (lambda sizes, rng: init_uniform([sizes[0], *sizes], rng), "M_0 is the input"),
            (lambda sizes, rng: [None, *init_uniform(sizes, rng)], "layer 1's at index 0"),
            (lambda sizes, rng: [(W, b + 0.1) for W, b in init_uniform(sizes, rng)], "not zero"),
            (lambda sizes, rng: None, "it returned None"),
        ],
        "equivalent": [init_uniform, init_normal],
    },
    "check_forward": {
        "near": [
            (make_forward(slip), words)
            for slip, words in [
                ("W.T", "no transpose"),
                ("bias on rows", "wrong axis"),
                ("no bias", "bias is missing"),
                ("always tanh", "use the activation named by the argument"),
                ("naive softmax", "Subtract each column's maximum"),
                ("global max", "each column's own maximum"),
                ("softmax over rows", "normalised each row"),
                ("no softmax", "must be softmax"),
                ("z after f", "store Z(1) before applying f"),
                ("no placeholders", "L + 1 entries"),
                ("transposed output", "A(L) is transposed"),
                ("only a(L)", "return the pair (A(L), cache)"),
                ("scales X in place", "changed its argument X in place"),
                ("reshapes b in place", "changed its argument b(1) in place"),
                ("shifts z in place", "your softmax shifted Z(L) in place"),
                ("float32", "A(L) is float32"),
                ("float32 back to float64", "an array of your cache is float32"),
            ]
        ]
        + [
            (nan_forward, "NaN"),
            (list_for_cache, "dict with the keys"),
            (forward_float32_inside, "the rounding of float32"),
        ],
        "equivalent": [make_forward(), forward_per_example],
    },
    "check_backward": {
        "near": [
            (make_backward(slip), words)
            for slip, words in [
                ("no transpose", "W(l)^T Delta(l), not W(l) Delta(l)"),
                ("no f'", "the factor f'(Z(l-1)) is missing"),
                ("f'(a)", "f' was applied to A(l-1) instead of Z(l-1)"),
                ("f'(z(l))", "not f'(Z(l))"),
                ("a(l)", "not A(l)"),
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
                ("N = len(Y)", "the number of classes"),
                ("N = len(X)", "the number of rows of A(0) = X"),
                ("a not transposed", "the transpose of A(l-1) is missing"),
                ("z(l-1) from layer 2", "not its net inputs Z(l-1)"),
                ("z(l-1)", "cache['z'][0] is None"),
                ("db over units", "db(l) summed over the units (axis=0)"),
                ("reads its own key", "holds the keys 'z' and 'a' only"),
                ("float32", "float32"),
                ("delta aliases a(L)", "followed by delta -= Y does that"),
            ]
        ]
        + [
            (off_in_layer_1, "are right but dW(1) is not"),
            (nan_backward, "of the output layer is off"),
        ],
        "equivalent": [make_backward(), backward_per_example],
    },
    "check_grad_check": {
        "near": [
            (make_grad_check("forward"), "forward difference"),
            (make_grad_check("by h"), "divides by 2h"),
            (make_grad_check("weights only"), "biases were left out"),
            (make_grad_check("absolute"), "absolute error"),
            (make_grad_check("entrywise"), "entry-wise"),
            (make_grad_check("passes?"), "not whether it passes"),
            (make_grad_check("fails?"), "not whether it passes"),
            (make_grad_check("per layer"), "relative errors of each layer"),
            (make_grad_check("per array"), "each W(l) and each b(l) on its own"),
            (make_grad_check("layer 1 only"), "layer 1's entries alone"),
            (zero_numerical, "numerical gradient came out zero"),
            (not_restored, "restore each entry"),
            (lambda loss, params, grads, h: 0.0, "the relative error is"),
            (lambda loss, params, grads, h: [1e-9, 1e-9], "return one number"),
            (lambda loss, params, grads, h: -1.0, "is >= 0"),
            (lambda loss, params, grads, h: np.nan, "returned nan"),
            (lambda loss, params, grads, h: loss(np.zeros(3)), "raised ValueError"),
        ],
        "equivalent": [
            grad_check_in_place,
            make_grad_check(),
            make_grad_check("sum of norms"),  # CS231n's denominator
            make_grad_check("min of norms"),
        ],
    },
    "check_sgd_epoch": {
        "near": [
            (make_sgd(slip), words)
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
                ("len(X)", "the order has 4 entries, M_0 = X.shape[0]"),
                ("len(X), over the order", "the order has 4 entries, M_0 = X.shape[0]"),
                ("len(Y)", "the number of classes"),
                ("reversed grads", "in the order of params"),
                ("W only", "the biases never change"),
                ("divides by the batch", "divided by the minibatch's size"),
                ("returns the loss too", "return only the parameters"),
                ("float32", "a parameter grad_fn received is float32"),
            ]
        ]
        + [
            (full_batch, "one step of gradient descent"),
            (shuffles_in_place, "changed X or Y in place"),
            (no_lr, "ignore the learning rate"),
        ],
        "equivalent": [sgd_new_lists, sgd_in_place],
    },
    "check_digits": {
        "near": [
            ((UNTRAINED, "tanh", LOW), "at least 0.95 is asked"),
            ((TRAINED, "tanh", min(1.0, ACCURACY + 0.02)), "check your accuracy"),
            ((COLUMN_B, "tanh", ACCURACY), "do not make a network"),
            ((TOO_FEW_OUTPUTS, "tanh", 0.1), "10 outputs"),
            ((TRAINED, "softmax", ACCURACY), "one of sigmoid"),
            ((TRAINED, np.array(["a", "b"]), ACCURACY), "one of sigmoid"),
            ((TRAINED, "tanh", "high"), "must be a number"),
            ((TRAINED, "tanh", round(ACCURACY * DIGITS["y_test"].size)), "is a count"),
            (TRAINED, "triple"),
            (([(np.full((10, 64), np.inf), np.zeros(10))], "tanh", 0.5), "not finite"),
        ],
        "equivalent": [
            (TRAINED, "tanh", ACCURACY),
            [TRAINED, "Tanh", np.float64(ACCURACY)],
            (TRAINED, "tanh", 100 * ACCURACY),  # a percentage
            (TRAINED, "tanh", sp.Float(ACCURACY)),
        ],
    },
    "check_silu_derivative": {
        "near": [
            (s, "only the first term"),
            (z * s * (1 - s), "the first is missing"),
            (s * (1 - s), "the sigmoid's derivative"),
            (s + z * s, "not sigma(z)"),
            (sp.Function("sigma")(z) + z, "write sigma(z) out"),
            (sp.Integer(1), "does not depend on z"),
            (z**2, "product rule"),
            (sp.Symbol("x") * s, "use only the symbols z"),
            (lambda z: z, "not a sympy expression"),
            (str(SILU_PRIME), "not a string"),
            (sp.Derivative(z * s, z), ".doit()"),
        ],
        "equivalent": [
            SILU_PRIME,
            s * (1 + z * (1 - s)),
            (1 + sp.exp(-z) + z * sp.exp(-z)) / (1 + sp.exp(-z)) ** 2,
            SILU_PRIME.xreplace({z: sp.Symbol("z", real=True)}),
            sp.Matrix([[SILU_PRIME]]),
        ],
    },
    "check_backward_l2": {
        "near": [
            (make_backward(slip), words)
            for slip, words in [
                ("penalise b", "nothing to db(l)"),
                ("2 lam", "not 2 lam W"),
                ("lam/2", "not lam W / 2"),
                ("lam/N", "not lam W(l) / N"),
                ("no transpose", "W(l)^T Delta(l)"),
                ("sum", "divide dW and db by N"),
                ("lam sum W", "sum of W(l)'s entries"),
                ("lam W**2", "squared entry by entry"),
                ("L1", "the gradient of an L1 penalty"),
                ("penalty value", "the penalty itself"),
                ("last layer only", "lack the penalty term"),
                ("reads its own key", "holds the keys 'z' and 'a' only"),
            ]
        ]
        + [(no_penalty, "add lam W(l)")],
        "equivalent": [backward_l2_via_backward, make_backward()],
    },
    "check_mystery": {
        "near": [
            (set(ch12.HIDDEN_ACTIVATIONS), "with each hidden activation"),
            (WRONG_FOR, "with ReLU hidden units too"),
            (set(), "hidden units too"),
            ({ONLY, sorted(WRONG_FOR)[0]}, "the relative errors differ"),
            ({"swish"}, "use only the names"),
            (42, "give a set"),
        ],
        "equivalent": [{ONLY}, [ONLY], (ONLY,), ONLY, frozenset({ONLY}), np.array([ONLY])],
    },
}
