"""helpers.optimizers: each rule against values computed independently from its equations.

The references are plain-Python scalar loops written here from the update
equations (not from the module), closed forms where they exist (momentum on a
1-D quadratic is a linear recurrence; Adam under a constant gradient moves by
lr per step), numpy's norm and mpmath for the global norm.
"""

import math

import mpmath
import numpy as np
import pytest

from helpers import data, mlp, training
from helpers.optimizers import SGD, Adam, clip_by_global_norm, global_norm


def random_problem(rng, shapes=(((3, 2), (3,)), ((1, 3), (1,)))):
    params = [(rng.normal(size=sw), rng.normal(size=sb)) for sw, sb in shapes]
    return params


def flat(pairs):
    """Every entry of a list of (W, b) pairs, as one list of Python floats."""
    return [float(v) for pair in pairs for a in pair for v in np.ravel(a)]


def gradient_sequence(rng, params, steps):
    return [random_problem(rng, [(W.shape, b.shape) for W, b in params]) for _ in range(steps)]


# --- the rules, entry by entry, in plain Python -------------------------------------------


def sgd_reference(theta, gs, lr, mu):
    """theta: floats; gs: one list of floats per step. v <- mu v + g; theta <- theta - lr v."""
    v = [0.0] * len(theta)
    out = []
    for g in gs:
        for i in range(len(theta)):
            v[i] = mu * v[i] + g[i]
            theta[i] = theta[i] - lr * v[i]
        out.append(list(theta))
    return out


def adam_reference(theta, gs, lr, b1, b2, eps):
    m, s = [0.0] * len(theta), [0.0] * len(theta)
    out = []
    for t, g in enumerate(gs, start=1):
        for i in range(len(theta)):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            s[i] = b2 * s[i] + (1 - b2) * g[i] * g[i]
            m_hat = m[i] / (1 - b1**t)
            s_hat = s[i] / (1 - b2**t)
            theta[i] = theta[i] - lr * m_hat / (math.sqrt(s_hat) + eps)
        out.append(list(theta))
    return out


@pytest.mark.parametrize("lr, mu", [(0.1, 0.0), (0.05, 0.9), (0.3, 0.5), (1.0, 0.99)])
def test_sgd_and_momentum_against_a_scalar_loop(lr, mu):
    rng = np.random.default_rng(0)
    params = random_problem(rng)
    gs = gradient_sequence(rng, params, 6)
    expected = sgd_reference(flat(params), [flat(g) for g in gs], lr, mu)
    opt = SGD(lr, momentum=mu)
    for k, g in enumerate(gs):
        params = opt.step(params, g)
        np.testing.assert_allclose(flat(params), expected[k], rtol=1e-13, atol=1e-14)
    assert opt.t == 6


@pytest.mark.parametrize(
    "lr, b1, b2, eps",
    [
        (0.001, 0.9, 0.999, 1e-8),
        (0.1, 0.5, 0.9, 1e-3),
        (0.01, 0.0, 0.0, 1e-8),
        (0.2, 0.99, 0.5, 1.0),
    ],
)
def test_adam_against_a_scalar_loop(lr, b1, b2, eps):
    rng = np.random.default_rng(1)
    params = random_problem(rng)
    gs = gradient_sequence(rng, params, 7)
    expected = adam_reference(flat(params), [flat(g) for g in gs], lr, b1, b2, eps)
    opt = Adam(lr, beta1=b1, beta2=b2, eps=eps)
    for k, g in enumerate(gs):
        params = opt.step(params, g)
        np.testing.assert_allclose(flat(params), expected[k], rtol=1e-13, atol=1e-14)


def test_momentum_on_a_quadratic_follows_the_closed_form():
    # f(theta) = lam theta^2 / 2, g = lam theta. With x_t = (v_t, theta_t):
    # v_{t+1} = mu v_t + lam theta_t, theta_{t+1} = theta_t - lr v_{t+1}, so x_{t+1} = A x_t
    # with A = [[mu, lam], [-lr mu, 1 - lr lam]], and theta_t = c1 r1^t + c2 r2^t,
    # r1, r2 the roots of r^2 - (1 + mu - lr lam) r + mu = 0.
    lam, lr, mu, theta0 = 3.0, 0.1, 0.8, 2.0
    r1, r2 = np.roots([1.0, -(1 + mu - lr * lam), mu]).astype(complex)
    theta1 = theta0 - lr * lam * theta0  # the first step, from v = 0
    c2 = (theta1 - r1 * theta0) / (r2 - r1)
    c1 = theta0 - c2
    opt, params = SGD(lr, momentum=mu), [(np.array([theta0]), np.zeros(0))]
    for t in range(1, 40):
        params = opt.step(params, [(lam * params[0][0], np.zeros(0))])
        closed = (c1 * r1**t + c2 * r2**t).real
        assert params[0][0][0] == pytest.approx(closed, rel=1e-10, abs=1e-12)
    # Complex roots here: the iterates spiral in with modulus sqrt(mu) per step.
    assert abs(r1) == pytest.approx(math.sqrt(mu))


def test_adam_first_step_and_constant_gradient():
    # First step: m_hat = g and s_hat = g^2 exactly, so each entry moves by
    # lr |g| / (|g| + eps), which is lr sign(g) up to eps / |g|.
    rng = np.random.default_rng(2)
    params = random_problem(rng)
    g = random_problem(rng)
    new = Adam(lr=0.01).step(params, g)
    for (W, b), (W1, b1), (dW, db) in zip(params, new, g, strict=True):
        np.testing.assert_allclose(W - W1, 0.01 * np.sign(dW), rtol=1e-6)
        np.testing.assert_allclose(b - b1, 0.01 * np.sign(db), rtol=1e-6)
    # A constant gradient: the bias corrections make every step the same size.
    opt, theta = (
        Adam(lr=0.05, beta1=0.8, beta2=0.9, eps=1e-8),
        [(np.array([1.0, -1.0]), np.zeros(1))],
    )
    g = [(np.array([3.0, -0.5]), np.zeros(1))]
    for t in range(1, 11):
        theta = opt.step(theta, g)
        np.testing.assert_allclose(
            theta[0][0], [1.0 - 0.05 * t * 3 / (3 + 1e-8), -1.0 + 0.05 * t * 0.5 / (0.5 + 1e-8)]
        )


def test_plain_sgd_is_bit_identical_to_gradient_descent():
    rng = np.random.default_rng(3)
    params, g = random_problem(rng), random_problem(rng)
    new = SGD(0.37).step(params, g)
    for (W, b), (W1, b1), (dW, db) in zip(params, new, g, strict=True):
        assert np.array_equal(W1, W - 0.37 * dW) and np.array_equal(b1, b - 0.37 * db)


@pytest.mark.parametrize("make", [lambda: SGD(0.1), lambda: SGD(0.1, 0.9), lambda: Adam(0.1)])
def test_inputs_are_not_modified_and_outputs_are_fresh(make):
    rng = np.random.default_rng(4)
    params, g = random_problem(rng), random_problem(rng)
    frozen = [(W.copy(), b.copy()) for W, b in params + g]
    opt = make()
    new = opt.step(params, g)
    new2 = opt.step(new, g)
    for (W, b), (W0, b0) in zip(params + g, frozen, strict=True):
        assert np.array_equal(W, W0) and np.array_equal(b, b0)
    assert all(not np.shares_memory(a, c) for pair in new2 for a in pair for c in flat_arrays(new))
    state = [a for name in ("velocity", "m", "s") for pairs in [getattr(opt, name, None)] if pairs
             for pair in pairs for a in pair]  # fmt: skip
    assert all(not np.shares_memory(a, c) for a in state for c in flat_arrays(new2))


def flat_arrays(pairs):
    return [a for pair in pairs for a in pair]


def test_state_is_kept_per_optimizer():
    rng = np.random.default_rng(5)
    params, g, g2 = random_problem(rng), random_problem(rng), random_problem(rng)
    a, b = Adam(0.1), Adam(0.1)
    once = a.step(params, g)
    twice = a.step(once, g2)  # a remembers g in its moments
    fresh = b.step(once, g2)  # b has taken no step: its first step from the same point
    assert a.t == 2 and b.t == 1
    np.testing.assert_allclose(once[0][0] - fresh[0][0], 0.1 * np.sign(g2[0][0]), rtol=1e-6)
    assert not np.allclose(twice[0][0], fresh[0][0])
    # Momentum: the second step carries the first gradient.
    m = SGD(0.1, momentum=0.9)
    p1 = m.step(params, g)
    p2 = m.step(p1, g)
    np.testing.assert_allclose(p1[0][0] - p2[0][0], 0.1 * 1.9 * g[0][0], rtol=1e-12)
    np.testing.assert_allclose(m.velocity[0][0], 1.9 * g[0][0], rtol=1e-15)
    assert SGD(0.1).velocity is None and Adam().m is None


def test_integers_and_lists_are_accepted():
    new = SGD(0.5).step([([[1, 2]], [3])], [([[2, 2]], [2])])
    np.testing.assert_array_equal(new[0][0], [[0.0, 1.0]])
    np.testing.assert_array_equal(new[0][1], [2.0])


def test_repr_names_the_settings():
    assert repr(SGD(0.1, momentum=0.9)) == "SGD(lr=0.1, momentum=0.9)"
    assert repr(Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"


GOOD = [(np.ones((2, 3)), np.ones(2))]
BAD = [
    (lambda: SGD(-0.1), ValueError, r"learning rate lr must lie in \(0, inf\), got -0.1"),
    (lambda: SGD(0), ValueError, r"lr must lie in \(0, inf\), got 0.0"),
    (lambda: SGD(float("nan")), ValueError, "lr must be a finite number"),
    (lambda: SGD("0.1"), ValueError, "lr must be a finite number, got '0.1'"),
    (lambda: SGD(True), ValueError, "lr must be a finite number, got True"),
    (lambda: SGD(0.1, momentum=1.0), ValueError, r"momentum must lie in \[0, 1\), got 1.0"),
    (lambda: SGD(0.1, momentum=-0.5), ValueError, r"momentum must lie in \[0, 1\)"),
    (lambda: Adam(beta1=1.0), ValueError, r"beta1 must lie in \[0, 1\), got 1.0"),
    (lambda: Adam(beta2=-0.1), ValueError, r"beta2 must lie in \[0, 1\), got -0.1"),
    (lambda: Adam(beta2=1.5), ValueError, r"beta2 must lie in \[0, 1\)"),
    (lambda: Adam(eps=0.0), ValueError, r"eps must lie in \(0, inf\)"),
    (lambda: Adam(lr=-1), ValueError, r"lr must lie in \(0, inf\), got -1"),
    (
        lambda: SGD(0.1).step(GOOD, [(np.ones((3, 2)), np.ones(2))]),
        ValueError,
        r"layer 1: gradients of shapes \(3, 2\), \(2,\) do not match parameters of shapes "
        r"\(2, 3\), \(2,\)",
    ),
    (
        lambda: Adam().step(GOOD, GOOD + GOOD),
        ValueError,
        "1 layers of parameters but 2 of gradients",
    ),
    (lambda: SGD(0.1).step(np.ones((2, 2)), GOOD), ValueError, "params must be a non-empty list"),
    (lambda: SGD(0.1).step([], []), ValueError, "params must be a non-empty list"),
    (
        lambda: SGD(0.1).step([np.ones(3)], GOOD),
        ValueError,
        r"params\[0\] \(layer 1\) must be a pair",
    ),
    (
        lambda: SGD(0.1).step(GOOD, [(np.ones((2, 3)), np.array([1.0, np.nan]))]),
        ValueError,
        r"grads: db\(1\) contains",
    ),
    (
        lambda: SGD(0.1).step(GOOD, [(np.full((2, 3), np.inf), np.ones(2))]),
        ValueError,
        r"grads: dW\(1\) contains inf or NaN",
    ),
    (
        lambda: Adam().step([(np.array(["a"]), np.ones(1))], GOOD),
        TypeError,
        r"params: W\(1\) must be a real numeric array",
    ),
    (
        lambda: SGD(1e300).step(GOOD, [(np.full((2, 3), 1e300), np.ones(2))]),
        ValueError,
        r"SGD: the step overflowed \(gradient entries up to 1e\+300\)",
    ),
    (
        lambda: Adam().step(GOOD, [(np.full((2, 3), 1e300), np.ones(2))]),
        ValueError,
        "Adam: the step overflowed",
    ),
    (lambda: clip_by_global_norm(GOOD, 0), ValueError, "max_norm must be a positive number"),
    (lambda: clip_by_global_norm(GOOD, float("nan")), ValueError, "max_norm must be a positive"),
    (lambda: clip_by_global_norm(GOOD, "1"), ValueError, "max_norm must be a positive number"),
    (
        lambda: clip_by_global_norm([(np.ones(2), np.array([np.inf]))], 1.0),
        ValueError,
        r"grads: db\(1\) contains inf or NaN",
    ),
]


@pytest.mark.parametrize("call, exc, pattern", BAD)
def test_bad_input_is_named(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_state_built_for_one_network_refuses_another():
    opt = Adam()
    opt.step(GOOD, GOOD)
    with pytest.raises(ValueError, match=r"network of 1 layer\(s\) at its first step, got 2"):
        opt.step(GOOD + GOOD, GOOD + GOOD)
    other = [(np.ones((3, 3)), np.ones(3))]
    with pytest.raises(
        ValueError, match=r"layer 1: parameters of shapes \(3, 3\), \(3,\), but this Adam was built"
    ):
        opt.step(other, other)
    # A refused step leaves the optimizer as it was.
    assert opt.t == 1
    m = SGD(1e300, momentum=0.5)
    m.step(GOOD, GOOD)
    with pytest.raises(ValueError, match="overflowed"):
        m.step(GOOD, [(np.full((2, 3), 1e300), np.ones(2))])
    assert m.t == 1 and np.array_equal(m.velocity[0][0], np.ones((2, 3)))


# --- clipping by global norm ----------------------------------------------------------------


def test_global_norm_against_numpy_and_mpmath():
    rng = np.random.default_rng(6)
    g = random_problem(rng)
    everything = np.concatenate([a.ravel() for pair in g for a in pair])
    assert global_norm(g) == pytest.approx(np.linalg.norm(everything), rel=1e-14)
    # Near the largest float, where squaring overflows: mpmath at 50 digits.
    huge = [(np.array([[3e300, -4e300]]), np.array([1e299]))]
    mpmath.mp.dps = 50
    exact = mpmath.sqrt(sum(mpmath.mpf(v) ** 2 for v in (3e300, -4e300, 1e299)))
    assert global_norm(huge) == pytest.approx(float(exact), rel=1e-14)
    tiny = [(np.array([3e-300]), np.array([4e-300]))]
    assert global_norm(tiny) == pytest.approx(5e-300, rel=1e-14)
    assert global_norm([(np.zeros(3), np.zeros(0))]) == 0.0


def test_clipping_scales_to_the_threshold_and_keeps_the_direction():
    rng = np.random.default_rng(7)
    g = random_problem(rng)
    frozen = [(W.copy(), b.copy()) for W, b in g]
    norm = float(np.linalg.norm(np.concatenate([a.ravel() for pair in g for a in pair])))
    clipped, before = clip_by_global_norm(g, norm / 4)
    assert before == pytest.approx(norm, rel=1e-14)
    after = np.concatenate([a.ravel() for pair in clipped for a in pair])
    assert np.linalg.norm(after) == pytest.approx(norm / 4, rel=1e-14)
    for (W, b), (cW, cb) in zip(g, clipped, strict=True):  # the same direction: a factor 1/4
        np.testing.assert_allclose(cW, W / 4, rtol=1e-14)
        np.testing.assert_allclose(cb, b / 4, rtol=1e-14)
    for (W, b), (W0, b0) in zip(g, frozen, strict=True):  # inputs unchanged
        assert np.array_equal(W, W0) and np.array_equal(b, b0)


@pytest.mark.parametrize("factor", [1.0, 1.5, math.inf])
def test_no_clipping_at_or_under_the_threshold(factor):
    rng = np.random.default_rng(8)
    g = random_problem(rng)
    norm = global_norm(g)
    clipped, before = clip_by_global_norm(g, norm * factor)
    assert before == norm
    for (W, b), (cW, cb) in zip(g, clipped, strict=True):
        assert np.array_equal(W, cW) and np.array_equal(b, cb)
        assert not np.shares_memory(W, cW)


def test_clipping_huge_gradients_gives_finite_unit_norm():
    g = [(np.array([[3e300, -4e300]]), np.array([0.0]))]
    clipped, before = clip_by_global_norm(g, 1.0)
    assert before == pytest.approx(5e300, rel=1e-14)
    np.testing.assert_allclose(clipped[0][0], [[0.6, -0.8]], rtol=1e-14)


# --- train with an optimizer and with clipping ------------------------------------------------


def spirals_problem():
    X, y = data.spirals(20, 3, np.random.default_rng(0))
    Y = training.one_hot(y, 3)
    start = mlp.init_params([2, 8, 3], np.random.default_rng(1))
    return start, X, Y, ["tanh", "softmax"]


def test_train_with_sgd_optimizer_is_bit_identical_to_lr():
    start, X, Y, names = spirals_problem()
    common = {"epochs": 4, "batch_size": 8}
    a, ha = training.train(start, X, Y, names, "cross_entropy", lr=0.3,
                           rng=np.random.default_rng(2), **common)  # fmt: skip
    b, hb = training.train(start, X, Y, names, "cross_entropy", optimizer=SGD(0.3),
                           rng=np.random.default_rng(2), **common)  # fmt: skip
    assert ha == hb
    for (W, bb), (W2, b2) in zip(a, b, strict=True):
        assert np.array_equal(W, W2) and np.array_equal(bb, b2)


@pytest.mark.parametrize("make", [lambda: SGD(0.2, momentum=0.9), lambda: Adam(0.01)])
def test_train_with_an_optimizer_equals_a_hand_written_loop(make):
    start, X, Y, names = spirals_problem()
    params, _ = training.train(start, X, Y, names, "cross_entropy", epochs=3, batch_size=8,
                               optimizer=make(), rng=np.random.default_rng(2))  # fmt: skip
    # The same loop written out: minibatches, backpropagation, one step per minibatch.
    opt, p, rng = make(), start, np.random.default_rng(2)
    for _ in range(3):
        for Xb, Yb in training.minibatches(X, Y, 8, rng):
            _, grads = mlp.loss_and_grads(p, Xb, Yb, names, "cross_entropy")
            p = opt.step(p, grads)
    for (W, b), (W2, b2) in zip(params, p, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_train_with_clipping_equals_a_hand_written_loop_and_reports_norms():
    start, X, Y, names = spirals_problem()
    params, history = training.train(
        start, X, Y, names, "cross_entropy", epochs=3, batch_size=8, lr=2.0, clip_norm=0.3,
        rng=np.random.default_rng(2),
    )  # fmt: skip
    p, rng, largest, clipped = start, np.random.default_rng(2), [], []
    for _ in range(3):
        norms = []
        for Xb, Yb in training.minibatches(X, Y, 8, rng):
            _, grads = mlp.loss_and_grads(p, Xb, Yb, names, "cross_entropy")
            n = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
            norms.append(n)
            s = min(1.0, 0.3 / n)
            p = [
                (W - 2.0 * (s * dW), b - 2.0 * (s * db))
                for (W, b), (dW, db) in zip(p, grads, strict=True)
            ]
        largest.append(max(norms))
        clipped.append(sum(n > 0.3 for n in norms))
    for (W, b), (W2, b2) in zip(params, p, strict=True):
        np.testing.assert_allclose(W, W2, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(b, b2, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history["grad_norm"], largest, rtol=1e-12)
    assert history["clipped"] == clipped and sum(clipped) > 0


def test_train_measures_without_clipping_when_clip_norm_is_inf():
    start, X, Y, names = spirals_problem()
    common = {"epochs": 3, "batch_size": 8, "lr": 0.5}
    a, ha = training.train(start, X, Y, names, "cross_entropy",
                           rng=np.random.default_rng(2), **common)  # fmt: skip
    b, hb = training.train(start, X, Y, names, "cross_entropy", clip_norm=math.inf,
                           rng=np.random.default_rng(2), **common)  # fmt: skip
    assert hb["train_loss"] == ha["train_loss"] and hb["clipped"] == [0, 0, 0]
    assert len(hb["grad_norm"]) == 3 and all(n > 0 for n in hb["grad_norm"])
    assert "grad_norm" not in ha


def test_train_refuses_ambiguous_or_missing_step_settings():
    start, X, Y, names = spirals_problem()
    common = {"epochs": 1, "batch_size": 8, "rng": np.random.default_rng(2)}
    with pytest.raises(ValueError, match="give either lr .* or an optimizer, not both"):
        training.train(start, X, Y, names, "cross_entropy", lr=0.1, optimizer=SGD(0.1), **common)
    with pytest.raises(ValueError, match="give a learning rate lr .* or an optimizer"):
        training.train(start, X, Y, names, "cross_entropy", **common)
    with pytest.raises(TypeError, match="optimizer must have a method step"):
        training.train(start, X, Y, names, "cross_entropy", optimizer="adam", **common)
    with pytest.raises(ValueError, match="clip_norm must be a positive number"):
        training.train(start, X, Y, names, "cross_entropy", lr=0.1, clip_norm=-1, **common)
    used = Adam()
    used.step([(np.ones((2, 2)), np.ones(2))], [(np.ones((2, 2)), np.ones(2))])
    with pytest.raises(ValueError, match=r"was built for a network of 1 layer\(s\)"):
        training.train(start, X, Y, names, "cross_entropy", optimizer=used, **common)


def test_clipping_inside_train_names_a_diverged_gradient():
    from helpers.optimizers import _clip

    with pytest.raises(ValueError, match="the training has diverged"):
        _clip([(np.array([1.0, np.inf]), np.zeros(1))], 1.0)
    with pytest.raises(ValueError, match="the training has diverged"):
        _clip([(np.array([1.0, np.nan]), np.zeros(1))], math.inf)
