"""Running untrusted student code: one locked-down process per submission.

- ``wire``: the data-only format between grader and student process.
- ``sanitise``: text that comes back from student code, made safe to store and print.
- ``process``: the grader's side of one student process (deadlines, kill, bounded answers).
- ``zygote``: the fork server that starts student processes quickly; ``plan``: its file-system
  view plan, remembered between runs.
- ``worker``: the student process itself, and its keeper outside its PID namespace.
- ``waiting``: how each side waits for the other's next message (a short poll first when a
  core is free for it).
- Its lock-down, in the order applied (stdlib only: they never import the grader):
  ``namespaces``, ``fsview`` (with ``packages``, the allowed imports), ``privileges``,
  rlimits, ``landlock``, ``seccomp``.
"""
