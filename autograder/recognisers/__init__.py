"""Recognisers of known mistakes, shared by the hidden suite and the public checks.

A recogniser computes what a known mistake returns for given inputs (or reads
it from the answer's shape) and names it with a message key of
``autograder/messages/``, so that ``check(...)``, ``pytest`` on a notebook and
the grader say the same words for the same mistake. They ship in the student
package: they never import the reference solutions nor hold hidden inputs.
Where naming a mistake needs the right answer, the caller passes it in (the
hidden suite from the reference solutions, a public check from its hand-worked
example).
"""
