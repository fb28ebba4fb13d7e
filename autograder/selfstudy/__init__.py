"""Self-study: learners check their own notebooks without an instructor.

- ``suites``: which checks run (the public checks, or the hidden suite with ``--full``).
- ``course_notebooks``: which ``.ipynb`` files are course notebooks, and their module and language.
- ``in_process``: the learner's own kernel seen as a :class:`~autograder.student.StudentProgram`.
- ``verdicts``: per-function summaries (done / wrong / not started) of a grading report.
- ``render``: the coloured one-line-per-check text of ``check("softmax")``.
- ``selfcheck``: ``check("softmax")`` in a notebook (imported as ``autograder.selfcheck``).
- ``pytest_plugin``: ``pytest exercises/`` (registered as ``autograder.pytest_plugin``).
- ``progress``: the report of ``python -m autograder progress``.

Front ends: ``autograder.selfcheck.check`` (in a notebook), ``autograder.pytest_plugin``
(``pytest exercises/``) and ``python -m autograder progress``; the first two are kept at
those paths for released notebooks and installed entry points.
"""
