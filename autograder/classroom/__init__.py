"""Grading a whole class: batch grading, resume state, gradebook, class report, Gradescope.

One job per module:

- ``discover``: finds each student's files in a submissions folder (flat, one
  folder per student, or nbgrader's ``submitted/<student>/<assignment>/``).
- ``state``: content hashes, the grading-settings fingerprint, atomic writes and
  the append-only journal that makes ``grade-all`` resumable.
- ``grading``: grades one student (code with the engine, quiz answers with the
  quiz engine); the function handed to the worker pool.
- ``pool``: runs that function over all cores, survives a dying worker, and
  stops cleanly on Ctrl-C. Knows nothing about files or results.
- ``batch``: ``grade-all``: ties discovery, state, pool and gradebook together.
- ``results``: reads a results folder back.
- ``gradebook``: the CSV.
- ``statistics``, ``plots``, ``html_report``, ``summary``: the class report.
- ``bundle`` and ``gradescope_run``: the Gradescope autograder zip and the
  program it runs on Gradescope.
"""
