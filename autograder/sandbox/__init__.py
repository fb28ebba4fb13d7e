"""Running untrusted student code: one locked-down process per submission.

- ``wire``: the data-only format between grader and student process.
- ``process``: the grader's side of one student process (deadlines, kill).
- ``zygote``: the fork server that starts student processes quickly.
- ``worker``, ``landlock``, ``seccomp``: the student process itself and its lock-down
  (stdlib and NumPy only: they never import the grader).
"""
