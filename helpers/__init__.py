"""The helper library of the book "Backpropagation, derived, implemented and checked".

Modules, with the chapter that introduces each:

* :mod:`helpers.activations`: activation functions and their derivatives (Chapter 1).
* :mod:`helpers.losses`: squared error and cross-entropy (Chapter 1).
* :mod:`helpers.mlp`: a feed-forward network, its forward pass (Chapter 1) and
  backpropagation, ``loss_and_grads`` (the delta-rule chapter).
* :mod:`helpers.gradcheck`: central-difference gradients and relative errors (Chapter 1).
* :mod:`helpers.worked_example`: the 2-2-2 example of the step-by-step source (Chapter 1).
* :mod:`helpers.matcalc`: derivatives in denominator layout with sympy (Chapter 2).
* :mod:`helpers.symbolic`: networks of sympy symbols (Chapter 3, the delta rule).
* :mod:`helpers.diagnostics`: per-layer gradient measurements (Chapter 8).
* :mod:`helpers.exercises`: checkers for the exercises, one module per chapter.
* :mod:`helpers.figures`: the network diagrams drawn in the chapters (Chapter 1).
* :mod:`helpers.report`: tables of results, as HTML and plain text (Chapter 1).

The book's notation throughout: column vectors, one example per column,
z(l) = W(l) a(l-1) + b(l), a(l) = f_l(z(l)), W(l) of shape (M_l, M_{l-1}),
derivatives in denominator layout.
"""

__version__ = "0.1.0"
