"""Checkers for the exercises at the end of each chapter.

Introduced in Chapter 1. Each chapter has a module (``ch01`` for Chapter 1)
with one checker per exercise. A checker accepts any correct answer (an
equivalent expression, a function that behaves right on fresh random inputs)
and, for a wrong one, says what is off. It returns a :class:`Feedback`, which
shows as one line of text in a notebook.

Every checker is decorated with :func:`._common.checker`, which makes it total:
for any object whatsoever it returns a Feedback and never raises, warns or
prints; ``None`` is "not answered yet". ``tests/test_exercises_adversarial.py``
finds every ``check_*`` of every ``chNN`` module and holds it to that, and
``tests/exercise_cases/chNN.py`` lists each checker's near misses and
equivalent right answers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Feedback", "correct", "not_answered", "wrong"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` is True, False, or None (not answered)."""

    exercise: str
    correct: bool | None
    message: str

    def __repr__(self) -> str:
        verdict = {True: "correct", False: "not yet right", None: "not answered yet"}
        return f"Exercise {self.exercise}, {verdict[self.correct]}: {self.message}"

    __str__ = __repr__


def correct(exercise: str, message: str) -> Feedback:
    return Feedback(exercise, True, message)


def wrong(exercise: str, message: str) -> Feedback:
    return Feedback(exercise, False, message)


def not_answered(exercise: str, hint: str) -> Feedback:
    return Feedback(exercise, None, hint)
