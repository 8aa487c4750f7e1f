"""Chapter 11 checkers: what the shared table (test_exercises_adversarial.py) does not cover.

The near misses and equivalent answers of every checker are in
``tests/exercise_cases/ch11.py``, whose right answers are computed there from
references (sympy and central differences for 11.1, Newton's method in plain floats
for 11.3). Here: the accepted square roots on several fixed draws, and the answer of
11.3 against the replay of a real trace.
"""

import math

import pytest
from exercise_cases import ch11 as cases

from helpers.exercises import ch11
from helpers.static_graph import trace


@pytest.mark.parametrize("seed", range(3))
def test_sqrt_static_accepts_both_branches_and_a_long_enough_fixed_loop(seed):
    for fn in (cases.masked, cases.fixed):
        assert ch11.check_sqrt_static(fn, seed=seed).correct is True


def test_right_inputs_agree_with_a_replayed_trace():
    # The trace made at a = 2, replayed: its value is right exactly for the inputs the
    # plain-float count of Newton steps in exercise_cases says.
    graph = trace(cases.newton_while, 2.0)
    replayed = {a for a in cases.OFFERED
                if abs(graph.replay(a) - math.sqrt(a)) <= 1e-10 * math.sqrt(a)}  # fmt: skip
    assert replayed == set(cases.RIGHT)
    assert ch11.check_right_inputs(sorted(replayed)).correct is True
