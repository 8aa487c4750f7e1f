"""The shared pieces of the checkers (helpers/exercises/_common.py) on their own.

The adversarial table tests them through every checker; here each piece that
Chapters 9, 11 and 12 brought to the shared code meets the inputs it was made for.
"""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from helpers.exercises._common import (
    choice,
    float_array,
    judge_expression,
    layer_pairs,
    parse_expression,
    raised,
    raised_text,
    real_number,
    same_function,
    values_at,
    whole_number,
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
    _, feedback = parse_expression("0.1", sp.Function("sigma"), "hint", telling=told)
    assert feedback.message == "write sigma(z) out."  # the undefined function itself


def test_values_too_large_to_build_are_nan_not_a_hang():
    # exp(exp(exp(10))) has about 10**4000 digits: sympy would never finish building it.
    points = np.array([[40.0], [10.0], [1.0], [-40.0]])
    got = values_at(sp.exp(sp.exp(sp.exp(z))), ["z"], points)
    assert np.isnan(got[:2]).all()
    np.testing.assert_allclose(got[2:].real, np.exp(np.exp(np.exp([1.0, -40.0]))), rtol=1e-12)
    assert np.isnan(values_at(z ** (z**z), ["z"], np.array([[40.0]]))).all()
    assert np.isnan(values_at(sp.sinh(sp.sinh(sp.sinh(z))), ["z"], np.array([[40.0]]))).all()
    # numbers that are large but can be built still evaluate, however they are nested
    got = values_at(sp.log(sp.exp(sp.exp(z))), ["z"], np.array([[9.0]]))
    np.testing.assert_allclose(got.real, np.exp(9.0), rtol=1e-12)


def test_whole_numbers_and_words_in_harmless_wrappers():
    for value in (Decimal("3073000"), Fraction(3073000), [3073000], (np.int64(3073000),)):
        count, feedback = whole_number("0.1", value)
        assert feedback is None and count == 3073000, value
    for value in ([3073000, 1], Decimal("NaN"), Decimal("2.5"), ["3073000"]):
        count, feedback = whole_number("0.1", value)
        assert count is None and feedback.correct is False, value
    for value in (np.array("low"), np.array(["Low"]), np.str_("low")):
        assert choice("0.1", value, ("high", "low")) == ("low", None)
    word, feedback = choice("0.1", np.array(["low", "high"]), ("high", "low"))
    assert word is None and "not an array of shape (2,)" in feedback.message


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


def test_judge_expression_strict_tolerance_and_digits_that_differ():
    # right + 1e-11 passes the default tolerances at these points (relative 4e-11); the
    # strict ones refuse it, and the message shows as many digits as tell the two apart
    right = 1 / (1 + a) ** 2 + sp.Rational(1, 4)
    args = ({"a": (0.01, 1e4)}, right, "yes", [], ("df/da", "no"))
    points = [[1e4]]
    near = right + sp.Float(1e-11)
    assert judge_expression("0.1", near, *args, points=points).correct is True
    feedback = judge_expression("0.1", near, *args, points=points, rtol=1e-13, atol=0.0)
    assert feedback.correct is False
    assert "at a = 10000.000 it gives 0.25000001001 where df/da is 0.25000001;" in feedback.message
    exact = (a**2 + 2 * a + 5) / (4 * (a + 1) ** 2)  # the same function, another form
    assert judge_expression("0.1", exact, *args, points=points, rtol=1e-13, atol=0.0).correct


def test_real_number_takes_fractions_and_decimals():
    assert real_number(Fraction(3, 2)) == (1.5, None)
    assert real_number(Decimal("1.2")) == (1.2, None)
    assert real_number(Decimal("NaN")) == (None, "NaN")
    assert real_number(Decimal("-Infinity")) == (None, "an infinite number")


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
        ([(W, b)], "the list has 1 entry for L = 2 layers"),
        ([(W, b), W], "entry 1 (layer 2) is not a pair"),
        ([(W, b), (W, "b")], "does not hold two arrays of numbers"),
    ]:
        pairs, problem = layer_pairs(value, 2, "(W(l), b(l))")
        assert pairs is None and words in problem, (value, problem)
    # one layer: singular words
    assert "the list of 1 pair (W(l)" in layer_pairs(None, 1, "(W(l), b(l))")[1]
    assert "2 entries for L = 1 layer;" in layer_pairs([(W, b)] * 2, 1, "(W(l), b(l))")[1]


def test_raised_says_who_raised_and_cuts_long_messages():
    text = raised_text(ValueError("x" * 500), " Hint.", who="tracing your function")
    assert text.startswith("tracing your function raised ValueError: xxx")
    assert "x" * 157 + "..." in text and "x" * 158 not in text and text.endswith(". Hint.")
    feedback = raised("0.1", RuntimeError("boom"))
    assert feedback.message == "your function raised RuntimeError: boom."


@pytest.mark.parametrize(
    "answer",
    [math.factorial(25) + 1, sp.factorial(25) + 1, sp.Matrix([[math.factorial(25) + 1]]),
     np.array([math.factorial(25) + 1], dtype=object)],
)  # fmt: skip
def test_whole_number_keeps_large_integers_exact(answer):
    # 25! + 1 is odd and above 2**53: a float cannot hold it (float(25! + 1) is 25!).
    assert float(math.factorial(25) + 1) == float(math.factorial(25))
    assert whole_number("0.1", answer) == (math.factorial(25) + 1, None)
    assert whole_number("0.1", answer, exact=True) == (math.factorial(25) + 1, None)


def test_whole_number_refuses_a_large_float_when_exactness_matters():
    big = float(math.factorial(25))
    assert whole_number("0.1", big) == (int(big), None)
    count, feedback = whole_number("0.1", big, "the count", exact=True)
    assert count is None and "give the count exactly" in feedback.message
    assert whole_number("0.1", 2.0**53 - 1, exact=True) == (2**53 - 1, None)  # still exact
    assert whole_number("0.1", np.float64(12.0), exact=True) == (12, None)
    assert whole_number("0.1", True)[1].correct is False
