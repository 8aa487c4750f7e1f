"""Chapter 10: near misses and equivalent right answers for each checker.

The right answers come from elsewhere than the checker: sympy's rsolve and an
evaluated sum (10.1), the library's optimizer (10.2), products and sympy's
factorial (10.3, and a brute-force count in tests/test_exercises_ch10.py), the
library's clipping and a version written out by hand (10.4).
"""

import math

import numpy as np
import sympy as sp

from helpers.exercises import ch10
from helpers.optimizers import SGD, clip_by_global_norm

# 10.1: the recursion m_t = beta1 m_(t-1) + (1 - beta1) g, m_0 = 0, solved by sympy.
beta1, g, t = ch10.ex101_symbols()
m = sp.Function("m")
SOLVED = sp.rsolve(m(t + 1) - beta1 * m(t) - (1 - beta1) * g, m(t), {m(0): 0})
k = sp.Symbol("k", integer=True, positive=True)
UNROLLED = sp.Sum((1 - beta1) * beta1 ** (t - k) * g, (k, 1, t))
b, gp, tp = sp.symbols("beta1 g t")  # plain symbols, without assumptions


# 10.2: the library's momentum, through a fresh optimizer whose velocity is set to v.
def library_momentum_step(theta, v, g, lr, mu):
    opt = SGD(lr, momentum=mu)
    if mu == 0.0:
        (new,) = opt.step([(theta, np.zeros(0))], [(g, np.zeros(0))])
        return new[0], g.copy()
    opt.step([(np.zeros_like(theta), np.zeros(0))], [(v, np.zeros(0))])  # now velocity = v
    (new,) = opt.step([(theta, np.zeros(0))], [(g, np.zeros(0))])
    return new[0], opt.velocity[0][0]


def expanded_momentum_step(theta, v, g, lr, mu):  # another order of operations, as a list
    return [theta - lr * mu * v - lr * g, mu * v + g]


def momentum_in_place(theta, v, g, lr, mu):
    v *= mu
    v += g
    theta -= lr * v
    return theta, v


# 10.3: 64! as a product, and as sympy's factorial.
ORDERINGS = math.prod(range(1, 65))


# 10.4: the library's clipping, and the rule written out by hand.
def library_clip(grads, max_norm):
    return clip_by_global_norm(grads, max_norm)[0]


def clip_by_hand(grads, max_norm):
    norm = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    scale = min(1.0, max_norm / norm)
    return [[dW * scale, db * scale] for dW, db in grads]


def per_layer(grads, max_norm):
    out = []
    for dW, db in grads:
        n = np.sqrt(np.sum(dW**2) + np.sum(db**2))
        out.append((min(1.0, max_norm / n) * dW, min(1.0, max_norm / n) * db))
    return out


def always_rescale(grads, max_norm):
    n = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    return [(max_norm / n * dW, max_norm / n * db) for dW, db in grads]


def l1_norm(grads, max_norm):
    n = sum(np.sum(np.abs(dW)) + np.sum(np.abs(db)) for dW, db in grads)
    return [(min(1.0, max_norm / n) * dW, min(1.0, max_norm / n) * db) for dW, db in grads]


def clip_in_place(grads, max_norm):
    n = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    for dW, db in grads:
        dW *= min(1.0, max_norm / n)
        db *= min(1.0, max_norm / n)
    return grads


CASES = {
    "check_adam_first_moment": {
        "near": [
            ((1 - beta1) * g, "m_1 only"),
            (beta1**t * g, "falls short of g"),
            (g, "after the bias correction"),
            (1 - beta1**t, "factor g is missing"),
            ((1 - beta1 ** (t + 1)) * g, "off by one"),
            ((1 - beta1**t) * g / (1 - beta1), "(1 - beta1) of every new gradient"),
            (t * (1 - beta1) * g, "older gradients decay"),
            (-SOLVED, "sign is flipped"),
            ((1 - beta1**t) * g**2, "check small t by hand"),
            (UNROLLED, ".doit()"),
            ((1 - sp.Symbol("beta2") ** t) * g, "beta2 is the rate"),
            (beta1 ** sp.Symbol("k") * g, "k is free"),
            (m(t), "m(t) is what you solve for"),
            (sp.Eq(sp.Symbol("m_t"), SOLVED), "not an equation"),
            (sp.Rational(1, 2), "is a constant"),
            (str(SOLVED), "not a string"),
        ],
        "equivalent": [
            SOLVED,
            UNROLLED.doit(),
            gp - gp * b**tp,
            sp.Matrix([[SOLVED]]),
            sp.expand(SOLVED),
        ],
    },
    "check_momentum_step": {
        "near": [
            (lambda th, v, g, lr, mu: (th - (mu * v + lr * g), mu * v + lr * g), "other common"),
            (
                lambda th, v, g, lr, mu: (th - lr * (mu * v + (1 - mu) * g), mu * v + (1 - mu) * g),
                "Adam's m",
            ),  # fmt: skip
            (lambda th, v, g, lr, mu: (th - lr * v, mu * v + g), "old velocity"),
            (lambda th, v, g, lr, mu: (th + lr * (mu * v + g), mu * v + g), "sign of the step"),
            (lambda th, v, g, lr, mu: (th - lr * g, g), "forgets the past"),
            (lambda th, v, g, lr, mu: (mu * v + g, th - lr * (mu * v + g)), "swapped"),
            (
                lambda th, v, g, lr, mu: (th - 2 * lr * (mu * v + g), mu * v + g),
                "velocity is right",
            ),
            (lambda th, v, g, lr, mu: (th - lr * (mu * v + g),), "return a pair"),
            (lambda th, v, g, lr, mu: (np.sum(th), mu * v + g), "one number for theta_new"),
            (momentum_in_place, "changed the arrays passed in"),
        ],
        "equivalent": [library_momentum_step, expanded_momentum_step],
    },
    "check_hidden_permutations": {
        "near": [
            (ORDERINGS - 1, "original ordering too"),
            (64, "number of hidden units"),
            (math.comb(64, 2), "swaps of two units"),
            (2**64, "sign flips"),
            (2**64 * ORDERINGS, "also counts sign flips"),
            (math.factorial(10), "output units cannot be reordered"),
            (math.factorial(138), "only the hidden units can move"),
            (float(ORDERINGS), "exactly"),
            ("64!", "not the string"),
            (12345, "put the hidden units in order"),
        ],
        "equivalent": [
            ORDERINGS,
            sp.factorial(64),
            np.array([ORDERINGS], dtype=object),
            sp.Matrix([[sp.ff(64, 64)]]),
        ],
    },
    "check_clip_by_global_norm": {
        "near": [
            (per_layer, "each layer (or array) by its own norm"),
            (always_rescale, "you stretched it"),
            (lambda g, c: [tuple(np.clip(a, -c, c) for a in p) for p in g], "clipping by value"),
            (l1_norm, "the clipped gradient has global norm"),
            (clip_in_place, "changed the gradients passed in"),
            (lambda g, c: library_clip(g, c)[:2], "the list has 2 entries for L = 3"),
            (lambda g, c: [(dW.T, db) for dW, db in library_clip(g, c)], "dW is transposed"),
            (lambda g, c: {"grads": library_clip(g, c)}, "it returned a dict"),
        ],
        "equivalent": [library_clip, clip_by_hand],
    },
}
