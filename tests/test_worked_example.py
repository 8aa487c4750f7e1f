"""The worked example's forward pass by helpers.mlp against the numbers the source prints."""

import numpy as np
import pytest

from helpers import mlp
from helpers import worked_example as we


def forward_numbers():
    X = np.array([[we.INPUTS["i1"]], [we.INPUTS["i2"]]])
    Y = np.array([[we.TARGETS["o1"]], [we.TARGETS["o2"]]])
    A, cache = mlp.forward(we.params(), X, ["sigmoid", "sigmoid"])
    E = 0.5 * (Y - A) ** 2
    return {
        "out_h2": cache["a"][1][1, 0],
        "out_o1": A[0, 0],
        "out_o2": A[1, 0],
        "E_o2": E[1, 0],
        "E_total": E.sum(),
    }


@pytest.mark.parametrize("key", ["out_h2", "out_o1", "out_o2", "E_o2", "E_total"])
def test_forward_pass_reproduces_printed_digits(key):
    assert we.agrees_to_printed_digits(forward_numbers()[key], we.PRINTED[key])


def test_printed_digit_rule_rejects_a_last_digit_off_by_one():
    p = we.PRINTED["out_h2"]  # 0.596884378
    assert we.agrees_to_printed_digits(0.5968843784, p)
    assert not we.agrees_to_printed_digits(0.596884379, p)
    assert not we.agrees_to_printed_digits(0.5968843774, p)  # rounds to ...377


def test_params_follow_the_row_convention():
    (W1, b1), (W2, b2) = we.params()
    assert W1[0].tolist() == [we.WEIGHTS["w1"], we.WEIGHTS["w2"]]  # row 1 feeds h1
    assert W2[1].tolist() == [we.WEIGHTS["w7"], we.WEIGHTS["w8"]]  # row 2 feeds o2
    assert b1.tolist() == [0.35, 0.35] and b2.tolist() == [0.60, 0.60]


def test_compare_with_printed_flags_each_printed_value():
    table, agree = we.compare_with_printed({"out_h2": 0.596884378, "E_o2": 0.5, "net_h1": 0.3775})
    assert agree == {"out_h2": True, "E_o2": False}
    assert table.rows == [
        ["out_h2", "0.596884378", "0.596884378", "yes"],
        ["E_o2", "0.500000000", "0.023560026", "NO"],
        ["net_h1", "0.377500000", "(lost with a picture)", ""],
    ]
