"""Benchmark: the self-study learner's loop on one completed notebook.

Prints the median wall time of

- ``pytest <notebook>`` (a fresh interpreter, the pytest11 plugin, the
  notebook graded in the sandbox with the public checks), as the learner runs it;
- the same with ``--full`` (the hidden suite);
- ``nbgrader validate <notebook>``, measured in the same run when nbgrader is
  installed (the baseline: 3.2 s on the reference machine), and the ratio;
- ``check("<function>")`` in-process, per function, as a notebook check cell runs it.

Goal (issue 5): ``pytest <notebook>`` well under ``nbgrader validate``.

    .venv/bin/python benchmarks/selfcheck.py [--runs 5] [--module module02_attention]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, done.returncode


def median_of(runs: int, command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, set]:
    results = [timed(command, cwd, env) for _ in range(runs)]
    return statistics.median(t for t, _ in results), {code for _, code in results}


def check_cell_times(module: str, lang: str, runs: int) -> dict[str, float]:
    """Median seconds of ``run_check`` per function, on the reference functions."""
    import solutions
    from autograder.config import course
    from autograder.selfcheck import run_check

    config = course()
    names = next(m for m in config.modules if m.notebook == module).functions
    namespace = {fn.name: getattr(solutions, fn.name) for fn in names}
    run_check(names[0].name, namespace, lang)  # the first call collects the public checks
    found = {}
    for fn in names:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            result = run_check(fn.name, namespace, lang)
            samples.append(time.perf_counter() - started)
            assert result.state == "done", (fn.name, result.state)
        found[fn.name] = statistics.median(samples)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--module", default="module02_attention")
    parser.add_argument("--lang", default="en", choices=("en", "tr"))
    args = parser.parse_args()

    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD")}
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])  # nbgrader needs alembic
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    source = REPO / "solutions" / "notebooks" / args.lang / f"{args.module}.ipynb"
    print(f"notebook: completed {args.module}.ipynb ({args.lang}), median of {args.runs} runs")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        notebook = work / "exercises" / args.lang / f"{args.module}.ipynb"
        notebook.parent.mkdir(parents=True)
        shutil.copy(source, notebook)
        relative = str(notebook.relative_to(work))
        pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", relative]

        pytest_s, codes = median_of(args.runs, pytest_cmd, work, env)
        print(f"pytest <notebook>          {pytest_s:6.2f} s  (exit {sorted(codes)})")
        full_s, codes = median_of(args.runs, [*pytest_cmd, "--full"], work, env)
        print(f"pytest --full <notebook>   {full_s:6.2f} s  (exit {sorted(codes)})")
        floor_s, _ = median_of(args.runs, [sys.executable, "-m", "pytest", "--version"], work, env)
        print(f"pytest --version (floor)   {floor_s:6.2f} s")

        nbgrader = shutil.which("nbgrader", path=env["PATH"])
        if nbgrader:
            validate_s, codes = median_of(args.runs, [nbgrader, "validate", relative], work, env)
            print(f"nbgrader validate          {validate_s:6.2f} s  (exit {sorted(codes)})")
            print(f"ratio pytest / nbgrader    {pytest_s / validate_s:6.2f}  "
                  f"(goal: well under 1; nbgrader baseline 3.2 s on the reference machine)")
        else:
            print("nbgrader validate          not installed; baseline 3.2 s on the reference "
                  f"machine, ratio {pytest_s / 3.2:.2f}")

    print("check(\"...\") in the kernel, per function (median seconds):")
    for name, seconds in check_cell_times(args.module, args.lang, args.runs).items():
        print(f"  {name:<32} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
