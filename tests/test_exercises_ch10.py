"""Chapter 10 checkers: right answers in two forms accepted, near misses named, anything answered.

The right answers come from elsewhere: sympy's rsolve (10.1), the optimizer of the
library (10.2), a count by brute force on a small network (10.3), and the clipping of
the library (10.4).
"""

import itertools
import math

import numpy as np
import pytest
import sympy as sp

from helpers import mlp
from helpers.exercises import ch10
from helpers.optimizers import SGD, clip_by_global_norm

WEIRD = [
    object(),
    "a string",
    42,
    3.5,
    [1, 2],
    (1,),
    {"a": 1},
    np.zeros(3),
    np.array(["x"]),
    sp.Matrix([[1, 2]]),
    sp.Symbol("x"),
    lambda *args: None,
    lambda *args: 1 / 0,
    lambda *args: "nonsense",
    lambda *args: (np.zeros(2), "b"),
    lambda *args: [[None, None]],
    print,
    float("nan"),
    True,
    b"bytes",
    sp.oo,
    sp.zoo,
]

CHECKERS = [
    ch10.check_adam_first_moment,
    ch10.check_momentum_step,
    ch10.check_hidden_permutations,
    ch10.check_clip_by_global_norm,
]


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("answer", WEIRD, ids=range(len(WEIRD)))
def test_every_checker_answers_anything_with_feedback(checker, answer):
    fb = checker(answer)
    assert fb.correct is False and fb.message
    assert checker(None).correct is None


# --- 10.1 ------------------------------------------------------------------------------------


def test_adam_first_moment_accepts_rsolve_and_a_sum():
    beta1, g, t = ch10.ex101_symbols()
    m = sp.Function("m")
    solved = sp.rsolve(m(t + 1) - beta1 * m(t) - (1 - beta1) * g, m(t), {m(0): 0})
    assert ch10.check_adam_first_moment(solved).correct is True
    k = sp.Symbol("k", integer=True)
    as_sum = sp.Sum((1 - beta1) * beta1 ** (t - k) * g, (k, 1, t))
    assert ch10.check_adam_first_moment(as_sum).correct is True
    plain = sp.symbols("beta1 g t")  # symbols without assumptions work too
    assert ch10.check_adam_first_moment(plain[1] - plain[1] * plain[0] ** plain[2]).correct
    assert ch10.check_adam_first_moment(sp.Eq(sp.Symbol("m_t"), solved)).correct is True
    assert ch10.check_adam_first_moment(sp.Matrix([[solved]])).correct is True


@pytest.mark.parametrize(
    "slip, says",
    [
        (lambda b, g, t: (1 - b) * g, "m_1 only"),
        (lambda b, g, t: b**t * g, "falls short of g"),
        (lambda b, g, t: g, "after the bias correction"),
        (lambda b, g, t: 1 - b**t, "factor g is missing"),
        (lambda b, g, t: (1 - b ** (t + 1)) * g, "off by one"),
        (lambda b, g, t: (1 - b**t) * g / (1 - b), "(1 - beta1) of every new gradient"),
        (lambda b, g, t: t * (1 - b) * g, "older gradients decay"),
        (lambda b, g, t: -(1 - b**t) * g, "sign is flipped"),
        (lambda b, g, t: (1 - b**t) * g**2, "check small t by hand"),
    ],
)
def test_adam_first_moment_names_slips(slip, says):
    fb = ch10.check_adam_first_moment(slip(*ch10.ex101_symbols()))
    assert fb.correct is False and says in fb.message


def test_adam_first_moment_refuses_foreign_symbols():
    beta1, g, t = ch10.ex101_symbols()
    beta2 = sp.Symbol("beta2")
    assert "beta2 is the rate" in ch10.check_adam_first_moment((1 - beta2**t) * g).message
    k = sp.Symbol("k")
    assert "k is free" in ch10.check_adam_first_moment(beta1**k * g).message
    assert "use only the symbols" in ch10.check_adam_first_moment(sp.Symbol("mu") * g).message
    assert "is a constant" in ch10.check_adam_first_moment(sp.Rational(1, 2)).message
    assert "not a list" in ch10.check_adam_first_moment([g, t]).message
    assert "not a ndarray" in ch10.check_adam_first_moment(np.zeros(3)).message
    assert "not a MutableDenseMatrix" in ch10.check_adam_first_moment(sp.Matrix([[g, t]])).message


# --- 10.2 ------------------------------------------------------------------------------------


def library_momentum_step(theta, v, g, lr, mu):
    """The library's rule, through a fresh optimizer whose velocity is set to v."""
    opt = SGD(lr, momentum=mu)
    if mu == 0.0:
        (new,) = opt.step([(theta, np.zeros(0))], [(g, np.zeros(0))])
        return new[0], g.copy()
    opt.step([(np.zeros_like(theta), np.zeros(0))], [(v, np.zeros(0))])  # now velocity = v
    (new,) = opt.step([(theta, np.zeros(0))], [(g, np.zeros(0))])
    return new[0], opt.velocity[0][0]


def test_momentum_step_accepts_the_library_and_an_equivalent_form():
    assert ch10.check_momentum_step(library_momentum_step, seed=0).correct is True

    def expanded(theta, v, g, lr, mu):  # another order of operations, returned as a list
        return [theta - lr * mu * v - lr * g, mu * v + g]

    assert ch10.check_momentum_step(expanded, seed=1).correct is True


@pytest.mark.parametrize(
    "slip, says",
    [
        (lambda th, v, g, lr, mu: (th - (mu * v + lr * g), mu * v + lr * g), "other common"),
        (
            lambda th, v, g, lr, mu: (th - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
            "Adam's m",
        ),  # fmt: skip
        (lambda th, v, g, lr, mu: (th - lr * v, mu * v + g), "old velocity"),
        (lambda th, v, g, lr, mu: (th + lr * (mu * v + g), mu * v + g), "sign of the step"),
        (lambda th, v, g, lr, mu: (th - lr * g, g), "forgets the past"),
        (lambda th, v, g, lr, mu: (mu * v + g, th - lr * (mu * v + g)), "swapped"),
        (lambda th, v, g, lr, mu: (th - lr * (mu * v + g),), "return a pair"),
        (lambda th, v, g, lr, mu: (np.sum(th), mu * v + g), "must have theta's shape"),
        (lambda th, v, g, lr, mu: (th - 2 * lr * (mu * v + g), mu * v + g), "velocity is right"),
    ],
)
def test_momentum_step_names_slips(slip, says):
    fb = ch10.check_momentum_step(slip, seed=2)
    assert fb.correct is False and says in fb.message


def test_momentum_step_refuses_changing_the_inputs():
    def in_place(theta, v, g, lr, mu):
        v *= mu
        v += g
        theta -= lr * v
        return theta, v

    fb = ch10.check_momentum_step(in_place, seed=3)
    assert fb.correct is False and "changed the arrays passed in" in fb.message


# --- 10.3 ------------------------------------------------------------------------------------


def count_equivalent_orderings(sizes, seed=0):
    """Brute force on a small network: reorderings of hidden units that keep the outputs."""
    params = mlp.init_params(sizes, np.random.default_rng(seed))
    params = [(W, np.random.default_rng(seed + 1).normal(size=b.shape)) for W, b in params]
    X = np.random.default_rng(seed + 2).normal(size=(sizes[0], 7))
    out, _ = mlp.forward(params, X, ["tanh", "identity"])
    (W1, b1), (W2, b2) = params
    count = 0
    for perm in itertools.permutations(range(sizes[1])):
        p = list(perm)
        moved = [(W1[p], b1[p]), (W2[:, p], b2)]
        count += np.allclose(mlp.forward(moved, X, ["tanh", "identity"])[0], out, rtol=1e-12)
    return count


def test_hidden_permutations_against_brute_force():
    small = (3, 4, 2)
    assert count_equivalent_orderings(small) == math.factorial(4)  # the formula, by brute force
    assert ch10.check_hidden_permutations(math.factorial(4), layer_sizes=small).correct is True
    right = math.factorial(64)
    assert ch10.check_hidden_permutations(right).correct is True
    assert ch10.check_hidden_permutations(sp.factorial(64)).correct is True


@pytest.mark.parametrize(
    "answer, says",
    [
        (math.factorial(64) - 1, "original ordering too"),
        (64, "number of hidden units"),
        (math.comb(64, 2), "swaps of two units"),
        (2**64, "sign flips"),
        (2**64 * math.factorial(64), "also counts sign flips"),
        (math.factorial(10), "output units cannot be reordered"),
        (float(math.factorial(64)), "exact whole number"),
        ("64!", "give a whole number"),
        (12345, "put the hidden units in order"),
    ],
)
def test_hidden_permutations_names_slips(answer, says):
    fb = ch10.check_hidden_permutations(answer)
    assert fb.correct is False and says in fb.message


# --- 10.4 ------------------------------------------------------------------------------------


def test_clip_accepts_the_library_and_a_hand_written_version():
    assert ch10.check_clip_by_global_norm(lambda g, c: clip_by_global_norm(g, c)[0]).correct

    def by_hand(grads, max_norm):
        norm = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
        scale = min(1.0, max_norm / norm)
        return [[dW * scale, db * scale] for dW, db in grads]

    assert ch10.check_clip_by_global_norm(by_hand, seed=4).correct is True


def per_layer(grads, max_norm):
    out = []
    for dW, db in grads:
        n = np.sqrt(np.sum(dW**2) + np.sum(db**2))
        s = min(1.0, max_norm / n)
        out.append((s * dW, s * db))
    return out


def always(grads, max_norm):
    n = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    return [(max_norm / n * dW, max_norm / n * db) for dW, db in grads]


def l1_norm(grads, max_norm):
    n = sum(np.sum(np.abs(dW)) + np.sum(np.abs(db)) for dW, db in grads)
    s = min(1.0, max_norm / n)
    return [(s * dW, s * db) for dW, db in grads]


def in_place(grads, max_norm):
    n = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    for dW, db in grads:
        dW *= min(1.0, max_norm / n)
        db *= min(1.0, max_norm / n)
    return grads


@pytest.mark.parametrize(
    "slip, says",
    [
        (per_layer, "each layer (or array) by its own norm"),
        (always, "you stretched it"),
        (lambda g, c: [tuple(np.clip(a, -c, c) for a in p) for p in g], "clipping by value"),
        (l1_norm, "the clipped gradient has global norm"),
        (in_place, "changed the gradients passed in"),
        (lambda g, c: g[:2], "list of 3 pairs"),
        (lambda g, c: [(dW.T, db) for dW, db in g], "keep the shapes"),
    ],
)
def test_clip_names_slips(slip, says):
    fb = ch10.check_clip_by_global_norm(slip, seed=5)
    assert fb.correct is False and says in fb.message
