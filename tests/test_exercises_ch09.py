"""Chapter 9 checkers: what the shared table (test_exercises_adversarial.py) does not cover.

The near misses and equivalent answers of every checker are in
``tests/exercise_cases/ch09.py``. Here the right answers there meet independent
computations: the step network against sums of scipy's logistic, and the answer to
Exercise 9.4 against the experiment the exercise describes.
"""

import numpy as np
from exercise_cases import ch09 as cases
from scipy.special import expit

from helpers import data, mlp, training
from helpers.exercises import ch09


def test_step_params_equals_the_bumps_written_out():
    # Independent of the checker: the step network against sums of scipy's logistic.
    rng = np.random.default_rng(3)
    heights, edges, k = rng.normal(size=4), np.sort(rng.uniform(-2, 2, size=5)), 7.0
    x = np.linspace(-4, 4, 101)
    for fn in (cases.step_params, cases.reordered):
        (W1, b1), (W2, b2) = fn(heights, edges, k)
        params = [
            (np.reshape(W1, (-1, 1)), np.ravel(b1)),
            (np.reshape(W2, (1, -1)), np.ravel(b2)),
        ]
        out, _ = mlp.forward(params, x[None, :], ["sigmoid", "identity"])
        bumps = sum(
            h * (expit(k * (x - l)) - expit(k * (x - r)))
            for h, l, r in zip(heights, edges[:-1], edges[1:], strict=True)
        )
        np.testing.assert_allclose(out[0], bumps, atol=1e-12)


def test_pm_label_delta_is_checked_at_fresh_points_far_out():
    # Right near z = 0 but wrong in the tails: every fresh draw of points must catch it.
    for seed in range(5):
        assert ch09.check_pm_label_delta(cases.RIGHT_IN_THE_MIDDLE_ONLY, seed=seed).correct is False


def test_unseen_shift_answer_matches_the_experiment():
    # The chapter's experiment: train with copies shifted right and down by 1 and 2 pixels,
    # then test on a shift to the left, which it never saw.
    digits = data.load_digits_split(np.random.default_rng(0))
    X, y = digits["X_train"], digits["y_train"]
    shifts = [(0, 0), (1, 0), (2, 0), (0, 1), (0, 2)]
    X_aug = np.concatenate([data.shift_images(X, r, d) for r, d in shifts], axis=1)
    y_aug = np.tile(y, len(shifts))
    names = ["tanh", "softmax"]
    start = mlp.init_params([64, 64, 10], np.random.default_rng(1))
    settings = {"epochs": 20, "batch_size": 32, "lr": 0.1, "record": False}
    plain, _ = training.train(
        start, X, training.one_hot(y, 10), names, "cross_entropy",
        rng=np.random.default_rng(2), **settings,
    )  # fmt: skip
    augmented, _ = training.train(
        start, X_aug, training.one_hot(y_aug, 10), names, "cross_entropy",
        rng=np.random.default_rng(2), **settings,
    )  # fmt: skip
    X_test, y_test = digits["X_test"], digits["y_test"]

    def acc(p, r, d):
        return training.accuracy(p, data.shift_images(X_test, r, d), y_test, names)

    seen = min(acc(augmented, r, d) for r, d in shifts[1:])
    left = acc(augmented, -1, 0)
    assert left < seen - 0.4 and abs(left - acc(plain, -1, 0)) < 0.15
    assert ch09.check_unseen_shift("low").correct is True
