"""Chapter 10 checkers: what the shared table (test_exercises_adversarial.py) does not cover.

The near misses and equivalent answers of every checker are in
``tests/exercise_cases/ch10.py``. Here the count of Exercise 10.3 meets a brute
force on a small network, and the checkers' own arguments (``seed``,
``layer_sizes``) are exercised: fresh random inputs must not let a slip through.
"""

import itertools
import math

import numpy as np
import pytest
from exercise_cases import ch10 as cases

from helpers import mlp
from helpers.exercises import ch10


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


@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 5, 3)])
def test_hidden_permutations_against_brute_force(sizes):
    brute = count_equivalent_orderings(sizes)
    assert brute == math.perm(sizes[1])  # the formula M_1!, by brute force
    assert ch10.check_hidden_permutations(brute, layer_sizes=sizes).correct is True
    assert ch10.check_hidden_permutations(brute - 1, layer_sizes=sizes).correct is False
    assert cases.ORDERINGS == math.perm(ch10.EX103_LAYERS[1])


SEEDED = ["check_adam_first_moment", "check_momentum_step", "check_clip_by_global_norm"]


@pytest.mark.parametrize("name", SEEDED)
@pytest.mark.parametrize("seed", range(4))
def test_fresh_inputs_accept_the_right_answers_and_refuse_the_slips(name, seed):
    check, entry = getattr(ch10, name), cases.CASES[name]
    for answer in entry["equivalent"]:
        assert check(answer, seed=seed).correct is True
    for answer, says in entry["near"]:
        feedback = check(answer, seed=seed)
        assert feedback.correct is False and says in feedback.message, feedback
