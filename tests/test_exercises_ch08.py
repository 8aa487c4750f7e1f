"""Chapter 8 checkers, against experiments they summarise."""

import numpy as np

from helpers import mlp, training
from helpers.exercises import ch08


def test_larger_learning_rate():
    assert ch08.check_larger_learning_rate("no").correct is True
    assert ch08.check_larger_learning_rate("yes").correct is False
    assert "'yes' or 'no'" in ch08.check_larger_learning_rate("maybe").message


def test_zero_init_answer_matches_an_experiment():
    # Train a zero-initialised sigmoid layer and count its distinct hidden units.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 40))
    Y = training.one_hot(rng.integers(0, 2, size=40), 2)
    zeros = mlp.init_params([3, 5, 2], rng, init="zeros")
    params, _ = training.train(
        zeros, X, Y, ["sigmoid", "softmax"], "cross_entropy",
        epochs=30, batch_size=8, lr=0.5, rng=np.random.default_rng(1),
    )  # fmt: skip
    W1 = params[0][0]
    distinct = len({tuple(np.round(row, 12)) for row in W1})
    assert ch08.check_zero_init(distinct).correct is True
    assert ch08.check_zero_init(5).correct is False
    assert "whole number" in ch08.check_zero_init("1").message


def test_xor():
    right = [(np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0])),
             (np.array([[1.0, -2.0]]), np.array([0.0]))]  # fmt: skip
    assert ch08.check_xor(right).correct is True
    or_gate = [(np.eye(2), np.zeros(2)), (np.array([[1.0, 1.0]]), np.zeros(1))]
    fb = ch08.check_xor(or_gate)
    assert fb.correct is False and "gives 0, 1, 1, 2" in fb.message
    three_units = [(np.ones((3, 2)), np.zeros(3)), (np.ones((1, 3)), np.zeros(1))]
    assert "2 hidden units" in ch08.check_xor(three_units).message
    assert "do not make a network" in ch08.check_xor([(np.ones((2, 3)), np.zeros(2))]).message
