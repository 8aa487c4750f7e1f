"""The shared pieces of the checkers (helpers/exercises/_common.py) on their own.

The adversarial table tests them through every checker; here each piece that
Chapters 9, 11 and 12 brought to the shared code meets the inputs it was made for.
"""

import numpy as np
import pytest
import sympy as sp

from helpers.exercises._common import (
    float_array,
    judge_expression,
    layer_pairs,
    parse_expression,
    raised,
    raised_text,
    same_function,
    values_at,
)

a, y, z = sp.symbols("a y z")


@pytest.mark.parametrize("text", ["a", "2*a", "a + 0", "sqrt(a**2)"])
def test_a_string_is_never_parsed_into_a_right_answer(text):
    # A string has no values; before, values_at parsed it and same_function called "a" = a.
    assert not same_function(text, a, [a])
    assert np.isnan(values_at(text, ["a"], np.array([[0.5], [1.5]]))).all()
    assert not same_function(text.encode(), a, [a])


@pytest.mark.parametrize(
    "answer",
    [[a], [1, 2], (a,), sp.Matrix([[1, 2]]), np.array([1.0, 2.0]), np.array([]), b"ab",
     range(3), {a}, {"a": 1}, iter([a]), np.array(["no", "yes"])],
)  # fmt: skip
def test_collections_are_refused_with_a_message_never_a_crash(answer):
    expr, feedback = parse_expression("0.1", answer, "hint", allowed={"a"})
    assert expr is None and feedback.correct is False and feedback.message
    assert not same_function(answer, a, [a])


def test_an_array_is_named_an_array():
    _, feedback = parse_expression("0.1", np.array(["no", "yes"]), "hint")
    assert "not an array of shape (2,)" in feedback.message
    _, feedback = parse_expression("0.1", sp.Matrix([[1, 2]]), "hint")
    assert "not a Matrix of shape (1, 2)" in feedback.message


def test_telling_names_an_undefined_function():
    told = {"sigma": "write sigma(z) out."}
    _, feedback = parse_expression("0.1", sp.Function("sigma")(z) + z, "hint", telling=told)
    assert feedback.message == "write sigma(z) out."
    _, feedback = parse_expression("0.1", sp.Function("g")(z), "hint", telling=told)
    assert "undefined function g(z)" in feedback.message


def test_judge_expression_at_points_given():
    # Right for the labels -1 and +1 only: random points in [-1, 1] would refuse it.
    right = -y / (1 + sp.exp(y * z))
    only_at_labels = 1 / (1 + sp.exp(-z)) - (1 + y) / 2
    points = [(label, zv) for label in (-1.0, 1.0) for zv in np.linspace(-30, 30, 7)]
    args = ({"y": (-1.0, 1.0), "z": (-30.0, 30.0)}, right, "yes", [], ("dL/dz", "no"))
    assert judge_expression("0.1", only_at_labels, *args, points=points).correct is True
    assert judge_expression("0.1", only_at_labels, *args, seed=0).correct is False
    feedback = judge_expression("0.1", right + 1, *args, points=points)
    assert feedback.correct is False and "y = -1.000" in feedback.message


def test_judge_expression_shows_enough_digits_to_tell_the_values_apart():
    # Off by 1e-7 relative: six digits would print the same number twice.
    args = ({"z": (0.5, 2.0)}, sp.exp(z), "yes", [], ("e^z", "no"))
    feedback = judge_expression("0.1", sp.exp(z) * (1 + sp.Rational(1, 10**7)), *args, seed=0)
    assert feedback.correct is False
    numbers = feedback.message.split(" gives ")[1].split(";")[0].split(" where e^z is ")
    assert numbers[0] != numbers[1] and float(numbers[0]) / float(numbers[1]) > 1


def test_float_array_unwraps_numbers_and_refuses_the_rest():
    got = float_array(np.array([[sp.Float(1.5)], [sp.Integer(2)]], dtype=object))
    assert got.dtype == float and got.tolist() == [[1.5], [2.0]]
    assert float_array([[1, 2], [3, 4]]).shape == (2, 2)
    assert np.isnan(float_array([np.nan, 1.0])[0])  # NaN stays NaN: the caller judges it
    for junk in (["1.5"], np.array(["1.5"], dtype=object), [None], [1j], [[1, 2], [3]],
                 "12", b"12", [sp.Symbol("w")], [10**400], {"a": 1}):  # fmt: skip
        assert float_array(junk) is None, junk


def test_layer_pairs_says_what_is_off():
    W, b = np.ones((2, 3)), np.zeros(2)
    pairs, problem = layer_pairs([[W.tolist(), b], (W, b)], 2, "(W(l), b(l))")
    assert problem is None and pairs[0][0].shape == (2, 3)
    for value, words in [
        (None, "it returned None"),
        ({"W": W}, "it returned a dict"),
        ("params", "it returned the string 'params'"),
        ([None, (W, b), (W, b)], "starting with layer 1's at index 0"),
        ([(W, b)], "the list has 1 entries for L = 2"),
        ([(W, b), W], "entry 1 (layer 2) is not a pair"),
        ([(W, b), (W, "b")], "does not hold two arrays of numbers"),
    ]:
        pairs, problem = layer_pairs(value, 2, "(W(l), b(l))")
        assert pairs is None and words in problem, (value, problem)


def test_raised_says_who_raised_and_cuts_long_messages():
    text = raised_text(ValueError("x" * 500), " Hint.", who="tracing your function")
    assert text.startswith("tracing your function raised ValueError: xxx")
    assert "x" * 157 + "..." in text and "x" * 158 not in text and text.endswith(". Hint.")
    feedback = raised("0.1", RuntimeError("boom"))
    assert feedback.message == "your function raised RuntimeError: boom."
