"""Benchmark: the learner's loop against ``python -c "import numpy"``, in one run.

Measures, as a learner runs them (a fresh interpreter each time, from a learner's
folder holding completed module 01 and 02 notebooks in English):

- ``grade`` of one complete ``.py`` submission (samples/submissions/elif_complete.py);
- ``pytest`` on one completed notebook (module02_attention.ipynb, public checks), beside
  the course's pytest settings (``pyproject.toml``'s table, copied), as the README's
  command runs it in the repository; and, for information, in a folder without them (a
  learner who installed the student package), where every installed pytest plugin loads;
- ``progress`` on the folder (both notebooks, public checks);
- ``quiz take`` until its first question is on the screen;
- the first ``check("softmax")`` in a running Jupyter kernel (after the setup cell);

and the baseline, ``python -c "import numpy"``. The commands run in rounds (one of
each per round) so that the machine's load falls on all of them alike; each figure
is a median. The per-user caches the commands use (autograder/compiled.py) are warmed
by one untimed run first, as they are after a learner's first command; the first
(cold) run of each command is printed too. ``PYTHONDONTWRITEBYTECODE`` is removed from
the commands' environment: a learner's Python keeps the modules it compiled (pip has
compiled the installed ones already).

    .venv/bin/python benchmarks/learner_loop.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOALS = {  # figure name -> at most this many times the baseline (issue 12)
    "grade one complete .py": 4.0,
    "pytest on one completed notebook": 5.0,
    "progress": 5.0,
    "quiz take to its first question": 3.0,
}
FIRST_CHECK_GOAL_SECONDS = 0.3
WITHOUT_SETTINGS = "  (without the course's settings)"  # pytest, for information


def pytest_settings() -> str:
    """The ``[tool.pytest.ini_options]`` table of the course's ``pyproject.toml``."""
    lines = (REPO / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    start = lines.index("[tool.pytest.ini_options]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")),
               len(lines))
    return "\n".join(lines[start:end]) + "\n"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def until_first_question(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Seconds until ``quiz take`` has printed its first question's prompt."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen = b""
    try:
        while b"Your answer" not in seen and b"True or false" not in seen:
            ready, _, _ = select.select([process.stdout], [], [], 30)
            chunk = os.read(process.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                raise SystemExit(f"quiz take printed no question:\n{seen.decode()}")
            seen += chunk
        return time.perf_counter() - started
    finally:
        process.kill()
        process.wait()


def first_check_in_kernel(workdir: Path, env: dict[str, str], pause: float = 2.0
                          ) -> tuple[float, float]:
    """(setup cell import, first check) seconds, measured inside a fresh kernel.

    ``pause`` seconds pass between the setup cell and the check, as when a learner writes
    the function between them (0: the check right after the setup cell).
    """
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", cwd=str(workdir), env=env,
                                       stderr=subprocess.DEVNULL)
    try:
        code = (
            "import time as _t\n_s = _t.perf_counter()\n"
            "import numpy as np\nfrom autograder.selfcheck import check\n"
            "_setup = _t.perf_counter() - _s\n"
            "def softmax(x, axis=-1, temperature=1.0):\n"
            "    if temperature <= 0:\n        raise ValueError('temperature')\n"
            "    z = np.asarray(x, dtype=float) / temperature\n"
            "    e = np.exp(z - z.max(axis=axis, keepdims=True))\n"
            "    return e / e.sum(axis=axis, keepdims=True)\n"
        )
        client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        time.sleep(pause)
        out: list[str] = []

        def keep(msg) -> None:
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])

        client.execute_interactive(
            "_s = _t.perf_counter(); check('softmax', lang='en'); "
            "_first = _t.perf_counter() - _s; print(f'@@ {_setup} {_first}')",
            timeout=120, output_hook=keep)
        line = next(part for part in "".join(out).splitlines() if part.startswith("@@ "))
        _, setup, first = line.split()
        if "all 4 public checks passed" not in "".join(out):
            raise SystemExit("check('softmax') did not pass:\n" + "".join(out))
        return float(setup), float(first)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    python = sys.executable
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "AUTOGRADER_LANG",
                        "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["COLUMNS"] = "120"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "exercises" / "en"
        folder.mkdir(parents=True)
        for name in ("module01_seq2seq", "module02_attention"):
            shutil.copy(REPO / "solutions" / "notebooks" / "en" / f"{name}.ipynb", folder)
        submission = work / "elif_complete.py"
        shutil.copy(REPO / "samples" / "submissions" / "elif_complete.py", submission)
        (work / "quizzes" / "answers").mkdir(parents=True)
        with_settings = work / "with-settings"  # the notebooks beside the course's settings
        (with_settings / "exercises").mkdir(parents=True)
        shutil.copytree(folder, with_settings / "exercises" / "en")
        (with_settings / "pyproject.toml").write_text(pytest_settings(), encoding="utf-8")

        commands = {
            "baseline: python -c 'import numpy'": lambda e: timed(
                [python, "-c", "import numpy"], work, e),
            "grade one complete .py": lambda e: timed(
                [python, "-m", "autograder", "grade", str(submission), "--json"], work, e),
            "pytest on one completed notebook": lambda e: timed(
                [python, "-m", "pytest", "-q", "exercises/en/module02_attention.ipynb"],
                with_settings, e),
            WITHOUT_SETTINGS: lambda e: timed(
                [python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 "exercises/en/module02_attention.ipynb"], work, e),
            "progress": lambda e: timed(
                [python, "-m", "autograder", "progress", "exercises/en"], work, e),
            "quiz take to its first question": lambda e: until_first_question(
                [python, "-m", "autograder", "quiz", "take", "--module", "module02", "--lang",
                 "en", "--student", "bench", "--save", "quizzes/answers/bench.yaml"], work, e),
        }
        cold_env = {**env, "XDG_CACHE_HOME": str(work / "cold-cache")}
        cold = {}
        for name, run in commands.items():
            cold[name] = run(cold_env)  # the first run ever (an empty cache)...
            run(env)  # ...and one untimed run that warms this user's cache
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, run in commands.items():
                samples[name].append(run(env))
        kernel = [first_check_in_kernel(work, env) for _ in range(max(3, args.runs // 2))]
        at_once = [first_check_in_kernel(work, env, pause=0)[1]
                   for _ in range(max(3, args.runs // 2))]

    baseline_name = next(iter(commands))
    baseline = statistics.median(samples[baseline_name])
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"median of {args.runs} runs, warm caches")
    print(f"{'what':<36} {'figure':>9} {'ratio':>7} {'goal':>8} {'cold':>8}")
    print(f"{baseline_name:<36} {baseline:8.3f}s {1:6.2f}x {'':>8} {cold[baseline_name]:7.3f}s")
    for name, goal in GOALS.items():
        figure = statistics.median(samples[name])
        ok = "ok" if figure <= goal * baseline else "MISSED"
        print(f"{name:<36} {figure:8.3f}s {figure / baseline:6.2f}x {f'<= {goal:g}x':>8} "
              f"{cold[name]:7.3f}s  {ok}")
        if name == "pytest on one completed notebook":
            figure = statistics.median(samples[WITHOUT_SETTINGS])
            print(f"{WITHOUT_SETTINGS:<36} {figure:8.3f}s {figure / baseline:6.2f}x {'':>8} "
                  f"{cold[WITHOUT_SETTINGS]:7.3f}s")
    setup = statistics.median(s for s, _ in kernel)
    first = statistics.median(f for _, f in kernel)
    ok = "ok" if first <= FIRST_CHECK_GOAL_SECONDS else "MISSED"
    print(f"{'first check() in a running kernel':<36} {first:8.3f}s {'':>7} "
          f"{f'<= {FIRST_CHECK_GOAL_SECONDS:g} s':>8} {'':>8}  {ok}")
    print(f"{'  (right after the setup cell)':<36} {statistics.median(at_once):8.3f}s")
    print(f"{'  (the setup cell, its import)':<36} {setup:8.3f}s")


if __name__ == "__main__":
    main()
