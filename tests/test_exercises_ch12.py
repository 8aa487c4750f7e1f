"""Chapter 12 checkers: what the shared table (test_exercises_adversarial.py) does not cover.

The near misses and equivalent answers of every checker are in
``tests/exercise_cases/ch12.py``. Here: the reader's right answers there agree with
independent references (scipy's softmax, central differences, Xavier's variance), the
messages for answers that are no function at all, the slip machinery of the checkers
against helpers.mlp, and what Exercise 12.9 rests on.
"""

import re

import numpy as np
import pytest
import scipy.special
from exercise_cases import ch12 as cases

from helpers import mlp
from helpers.exercises import ch12
from helpers.gradcheck import numerical_param_grads, relative_error
from helpers.losses import softmax_cross_entropy

SEEDS = (0, 1, 2)


# ---------------------------------------------------------------------------
# The right answers of the table, against references that are not the checker's


def network(rng, sizes, N):
    params = [
        (rng.normal(size=(m_out, m_in)), rng.normal(size=m_out))
        for m_in, m_out in zip(sizes[:-1], sizes[1:], strict=False)
    ]
    X = rng.normal(size=(sizes[0], N))
    Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=N)]
    return params, X, Y


@pytest.mark.parametrize("activation", ch12.HIDDEN_ACTIVATIONS)
def test_reference_forward_and_backward_agree_with_scipy_and_central_differences(activation):
    rng = np.random.default_rng(5)
    params, X, Y = network(rng, [4, 6, 5, 3], 7)
    for forward in (cases.make_forward(), cases.forward_per_example):
        A, cache = forward(params, X, activation)
        np.testing.assert_allclose(A, scipy.special.softmax(cache["z"][-1], axis=0), rtol=1e-12)
        assert np.allclose(A.sum(axis=0), 1.0)

    def loss(p, lam=0.0):
        z = cases.make_forward()(p, X, activation)[1]["z"][-1]
        penalty = lam / 2 * sum(float(np.sum(W**2)) for W, _ in p)
        return float(np.mean(softmax_cross_entropy(z, Y))) + penalty

    _, cache = cases.make_forward()(params, X, activation)
    numeric = numerical_param_grads(loss, params)
    for backward in (cases.make_backward(), cases.backward_per_example):
        assert relative_error(backward(params, cache, Y, activation), numeric) < 1e-7
    numeric_l2 = numerical_param_grads(lambda p: loss(p, 0.3), params)
    l2 = cases.backward_l2_via_backward(params, cache, Y, activation, 0.3)
    assert relative_error(l2, numeric_l2) < 1e-7


def test_reference_grad_checks_measure_the_norm_wise_relative_error():
    rng = np.random.default_rng(6)
    params, X, Y = network(rng, [3, 4, 2], 5)

    def loss(p):
        z = cases.make_forward()(p, X, "tanh")[1]["z"][-1]
        return float(np.mean(softmax_cross_entropy(z, Y)))

    _, cache = cases.make_forward()(params, X, "tanh")
    grads = cases.make_backward()(params, cache, Y, "tanh")
    off = [(dW + 0.01, db) for dW, db in grads]
    expected = relative_error(off, numerical_param_grads(loss, params))
    for grad_check in (cases.grad_check_in_place, cases.make_grad_check()):
        assert grad_check(loss, [(W.copy(), b.copy()) for W, b in params], grads) < 1e-7
        assert float(np.ravel(grad_check(loss, params, off))[0]) == pytest.approx(expected, 1e-6)


def test_reference_inits_have_xaviers_variance():
    sizes = [400, 300]
    target = 2 / sum(sizes)
    for init in (cases.init_uniform, cases.init_normal):
        ((W, b),) = init(sizes, np.random.default_rng(7))
        assert W.shape == (300, 400) and not b.any()
        assert abs(W.var() / target - 1) < 0.03


def test_reference_sgd_epochs_use_every_example_once():
    rng = np.random.default_rng(8)
    params, X, Y = network(rng, [3, 4], 10)
    seen = []

    def grad_fn(p, Xb, Yb):
        seen.extend(Xb[0].tolist())
        return [(np.zeros_like(W), np.zeros_like(b)) for W, b in p]

    for sgd in (cases.sgd_new_lists, cases.sgd_in_place):
        seen.clear()
        sgd(params, X, Y, grad_fn, 0.1, 4, np.random.default_rng(0))
        assert sorted(seen) == sorted(X[0].tolist())


# ---------------------------------------------------------------------------
# Answers that are no function at all: the message says what is off


def raises(*args):
    raise RuntimeError("not written yet")


JUNK = [  # (answer, words of which the message must contain one)
    (42, ("pass the function itself",)),
    (raises, ("raised RuntimeError",)),
    (lambda *args: None, ("None", "grad_fn was never called")),
    (lambda *args: "grads", ("the string 'grads'", "grad_fn was never called")),
    (lambda x: x, ("raised TypeError",)),
]

FUNCTION_CHECKERS = [
    ch12.check_init_params, ch12.check_forward, ch12.check_backward, ch12.check_grad_check,
    ch12.check_sgd_epoch, ch12.check_backward_l2,
]  # fmt: skip


@pytest.mark.parametrize("check", FUNCTION_CHECKERS, ids=lambda c: c.__name__)
def test_junk_gets_a_message_that_says_what_is_off(check):
    for junk, words in JUNK:
        feedback = check(junk, seed=0)
        assert feedback.correct is False, (junk, feedback)
        assert any(w in feedback.message for w in words), (junk, feedback)


def test_shape_mismatches_get_a_hint():
    def broadcast(params, X, activation):
        return np.ones((2, 3)) + np.ones(4), {}

    def matmul(params, X, activation):
        return np.ones((2, 3)) @ np.ones((2, 3)), {}

    feedback = ch12.check_forward(broadcast, seed=0)
    assert "your forward on a network" in feedback.message, feedback
    assert "raised ValueError" in feedback.message and "b[:, None] is a column" in feedback.message
    feedback = ch12.check_forward(matmul, seed=0)
    assert "write the shapes of each product down" in feedback.message, feedback


# ---------------------------------------------------------------------------
# 12.6: evaluated by the checker, with the activation the reader names


def test_digits_are_evaluated_with_the_activation_given():
    assert ch12.check_digits((cases.TRAINED, "tanh", cases.ACCURACY)).correct is True
    assert ch12.check_digits((cases.TRAINED, "relu", cases.ACCURACY)).correct is False
    X_test, y_test = ch12.digits_test_set()
    assert X_test.shape == (64, y_test.size)
    np.testing.assert_array_equal(X_test, cases.DIGITS["X_test"])


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


# ---------------------------------------------------------------------------
# 12.9: mystery_backward against central differences, not against the checker


@pytest.mark.parametrize("activation", ch12.HIDDEN_ACTIVATIONS)
def test_mystery_backward_is_right_for_relu_only(activation):
    error = cases.mystery_error(activation)
    assert (error < 1e-7) if activation == "relu" else (error > 1e-2)


# ---------------------------------------------------------------------------
# What the table cannot say: words a message must not contain, the same diagnosis on
# every seed, and the machinery that makes the diagnoses possible


def _near_miss_messages(seed=0):
    for name, entry in cases.CASES.items():
        check = getattr(ch12, name)
        for answer, _ in entry["near"]:
            takes_seed = name not in ("check_digits", "check_mystery")
            yield name, (check(answer, seed=seed) if takes_seed else check(answer)).message


def test_messages_are_sentences_in_the_chapters_notation():
    """A final period; singular counts; A(l), Z(l), Delta(l), Y for the minibatch."""
    lowercase = r"\b(delta|a|z)\((l|L|l-1|L-1|0|\d)\)|- y\b"  # delta(l), a(L), z(1), - y
    for name, message in _near_miss_messages():
        assert message.endswith((".", ".)")), (name, message)
        plural_of_one = r"(?<![+-] )\b1 (layers|pairs|examples|entries|columns)\b"  # not L + 1
        assert not re.search(plural_of_one, message), (name, message)
        assert not re.search(lowercase, message), (name, message)


def test_a_placeholder_list_is_told_about_the_placeholder_only():
    feedback = ch12.check_init_params(lambda sizes, rng: [None, *cases.init_uniform(sizes, rng)])
    assert "starting with layer 1's at index 0" in feedback.message, feedback
    assert "(layer sizes" not in feedback.message, feedback
    feedback = ch12.check_init_params(
        lambda sizes, rng: cases.init_uniform([sizes[0], *sizes], rng)
    )
    assert "(layer sizes [5, 3] make 1 layer: M_0 is the input)" in feedback.message, feedback


def test_a_shape_hint_fits_the_function_that_raised():
    feedback = ch12.check_sgd_epoch(cases.make_sgd("reversed grads"), seed=0)
    assert "raised ValueError" in feedback.message, feedback
    assert "in the order of params" in feedback.message and "b[:, None]" not in feedback.message

    def backward_off_by_one(params, cache, Y, activation):
        # f'(Z(l)) where f'(Z(l-1)) belongs: runs on square layers, not on the others
        return cases.make_backward("f'(z(l))")(params, cache, Y, activation)

    for seed in SEEDS:  # the square first case is named; a non-square one raises
        feedback = ch12.check_backward(backward_off_by_one, seed=seed)
        assert "not f'(Z(l))" in feedback.message, feedback


def test_the_cases_tell_N_from_the_number_of_classes_and_of_inputs():
    """dividing by M_L or by M_0 is right where they equal N, so some case must differ."""
    for seed in SEEDS:
        networks = ch12._cases(np.random.default_rng(seed))
        for slip in ("N_classes", "N_inputs"):
            assert any(
                not ch12._same_list(
                    ch12._backward_slip(case, slip), ch12._backward_slip(case, None)
                )
                for case in networks
            ), slip


def test_xaviers_scale_and_every_init_slip_differ_on_the_checked_layers():
    """Each scale claims the variances within 8% of it: no two such windows may overlap."""
    (m0, m1, m2) = ch12._INIT_SIZES[-1]
    for m_in, m_out in ((m0, m1), (m1, m2)):
        variances = [ch12._xavier_variance(m_in, m_out)]
        variances += [variance(m_in, m_out) for variance, _ in ch12._INIT_SLIPS]
        for i, u in enumerate(variances):
            for v in variances[i + 1 :]:
                assert max(u, v) / min(u, v) > 1.08 / 0.92, (u, v)


# Slips whose values agree with another's on some case, or that hang on the seed of the
# reader's generator: the diagnosis must hold on every seed, not on the one drawn.
SEEDED_SLIPS = [
    # without f', layer 2's gradients are right: its largest per-layer error is layer 1's
    (ch12.check_grad_check, cases.make_grad_check("per layer"), "relative errors of each layer"),
    (ch12.check_grad_check, cases.make_grad_check("layer 1 only"), "layer 1's entries alone"),
    (ch12.check_grad_check, cases.make_grad_check("per array"), "each W(l) and each b(l)"),
    # the order is replayed from the seed and compared
    (ch12.check_sgd_epoch, cases.make_sgd("len(X)"), "M_0 = X.shape[0]"),
    (ch12.check_sgd_epoch, cases.make_sgd("len(X), over the order"), "M_0 = X.shape[0]"),
    (ch12.check_sgd_epoch, cases.make_sgd("len(Y)"), "the number of classes"),
]


@pytest.mark.parametrize("seed", range(5))
def test_slips_are_named_on_every_seed(seed):
    for check, answer, words in SEEDED_SLIPS:
        feedback = check(answer, seed=seed)
        assert words in feedback.message, (check.__name__, words, feedback)


def test_a_wrong_term_that_depends_on_the_examples_is_not_called_the_penalty():
    def data_term_off(params, cache, Y, activation, lam):
        grads = cases.backward_l2_via_backward(params, cache, Y, activation, lam)
        (dW, db), rest = grads[0], grads[1:]
        return [(1.5 * dW - 0.5 * lam * params[0][0], db), *rest]  # the data part, 1.5 times

    for seed in SEEDS:
        feedback = ch12.check_backward_l2(data_term_off, seed=seed)
        assert feedback.correct is False and "penalty" not in feedback.message, feedback
        assert "dW(1)" in feedback.message, feedback


def test_the_real_symbol_equivalent_really_uses_a_real_symbol():
    answer = cases.CASES["check_silu_derivative"]["equivalent"][3]
    assert [s.is_real for s in answer.free_symbols] == [True]
    assert ch12.check_silu_derivative(answer).correct is True
