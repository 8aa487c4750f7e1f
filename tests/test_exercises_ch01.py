"""Chapter 1 checkers: each accepts its solutions and names what is wrong in typical slips."""

import numpy as np
import pytest
import sympy as sp

from helpers import worked_example as we
from helpers.exercises import ch01

# --- 1.1 the number of parameters -------------------------------------------------


def test_param_count_accepts_the_count():
    # The exercise asks about [64, 30, 10]: 64*30 + 30 weights and biases, then 30*10 + 10.
    assert ch01.check_param_count(64 * 30 + 30 + 30 * 10 + 10).correct is True
    assert ch01.check_param_count(2260.0).correct is True


@pytest.mark.parametrize(
    "answer, message",
    [
        (64 * 30 + 30 * 10, "counted the weights but not the biases"),
        (64 * 30 + 30 * 10 + 64 + 30 + 10, "the input layer (layer 0) has no biases"),
        (2260.5, "not a whole number"),
        ("2260", "give a number, not str"),
        (17, "count, for each layer"),
    ],
)
def test_param_count_names_the_slip(answer, message):
    fb = ch01.check_param_count(answer)
    assert fb.correct is False and message in fb.message


def test_unanswered_is_polite():
    for check in (ch01.check_param_count, ch01.check_layer_forward, ch01.check_out_o2):
        fb = check(None)
        assert fb.correct is None and "not answered yet" in repr(fb)


# --- 1.2 a layer's forward pass ---------------------------------------------------


def good_layer(W, b, A_prev, f):
    Z = W @ A_prev + b[:, None]
    return Z, f(Z)


def good_layer_other_form(W, b, A_prev, f):
    Z = np.einsum("ij,jn->in", W, A_prev) + b.reshape(-1, 1)
    return Z, f(Z)


@pytest.mark.parametrize("answer", [good_layer, good_layer_other_form])
def test_layer_forward_accepts_correct_functions(answer):
    assert ch01.check_layer_forward(answer, seed=0).correct is True


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda W, b, A, f: (A.T @ W.T + b, f(A.T @ W.T + b)), "you built it transposed"),
        (lambda W, b, A, f: (W @ A, f(W @ A)), "the bias is missing"),
        (lambda W, b, A, f: (W @ A + b[:, None], W @ A + b[:, None]), "A equals Z"),
        (lambda W, b, A, f: (W.T @ A + b[:, None], None), "W on the left, untransposed"),
        (lambda W, b, A, f: W @ A + b[:, None], "return a pair (Z, A)"),
    ],
)
def test_layer_forward_names_the_slip(answer, message):
    fb = ch01.check_layer_forward(answer, seed=0)
    assert fb.correct is False and message in fb.message


# --- 1.3 out_o2 as a sympy expression ---------------------------------------------

S = dict(
    zip(ch01.WORKED_EXAMPLE_SYMBOLS.split(), sp.symbols(ch01.WORKED_EXAMPLE_SYMBOLS), strict=True)
)


def sig(x):
    return 1 / (1 + sp.exp(-x))


NET_H1 = S["w1"] * S["i1"] + S["w2"] * S["i2"] + S["b1"]
NET_H2 = S["w3"] * S["i1"] + S["w4"] * S["i2"] + S["b1"]
OUT_O2 = sig(S["w7"] * sig(NET_H1) + S["w8"] * sig(NET_H2) + S["b2"])


def test_solution_gives_the_printed_out_o2():
    # The independent reference: the source's printed 0.772928465 at its initial values.
    point = {S[k]: v for k, v in {**we.INPUTS, **we.WEIGHTS, **we.BIASES}.items()}
    assert we.agrees_to_printed_digits(float(OUT_O2.subs(point)), we.PRINTED["out_o2"])


def test_out_o2_accepts_equivalent_forms():
    assert ch01.check_out_o2(OUT_O2, seed=0).correct is True
    net_o2 = S["w7"] * sig(NET_H1) + S["w8"] * sig(NET_H2) + S["b2"]
    as_tanh = (1 + sp.tanh(net_o2 / 2)) / 2
    assert ch01.check_out_o2(as_tanh, seed=1).correct is True
    positive = sp.Symbol("w7", positive=True)  # same name, other assumptions
    assert ch01.check_out_o2(OUT_O2.subs(S["w7"], positive), seed=2).correct is True


@pytest.mark.parametrize(
    "answer, message",
    [
        (sig(S["w5"] * sig(NET_H1) + S["w6"] * sig(NET_H2) + S["b2"]), "that is out_o1"),
        (sig(S["w6"] * sig(NET_H1) + S["w8"] * sig(NET_H2) + S["b2"]), "you used column 2"),
        (sig(S["w7"] * sig(NET_H1) + S["w8"] * sig(NET_H2)), "bias b2 is missing"),
        (S["w7"] * sig(NET_H1) + S["w8"] * sig(NET_H2) + S["b2"], "that is net_o2"),
        (sig(S["w7"] * NET_H1 + S["w8"] * NET_H2 + S["b2"]), "hidden units need their logistic"),
        (
            sig(
                S["w7"] * sig(S["w1"] * S["i1"] + S["w3"] * S["i2"] + S["b1"])
                + S["w8"] * sig(S["w2"] * S["i1"] + S["w4"] * S["i2"] + S["b1"])
                + S["b2"]
            ),
            "you used the columns",
        ),
        (OUT_O2 + sp.Symbol("x"), "use only i1 i2"),
        (OUT_O2 * 1.01, "build it as sigma(W(2)"),
        ("not an expression (", "not a sympy expression"),
    ],
)
def test_out_o2_names_the_slip(answer, message):
    fb = ch01.check_out_o2(answer, seed=0)
    assert fb.correct is False and message in fb.message
