"""Benchmark: grading a whole class with ``grade-all``, and with ``nbgrader autograde``.

Builds a synthetic class of module-02 notebooks from the released notebook and
the instructor's solutions: complete, partial (some functions not started),
buggy (a realistic mistake from tests/catalog), untouched stubs, and a few
hangs (one per 50 students). Grades it with ``python -m autograder grade-all``
at each size (the curve should be linear) and, when nbgrader is installed,
runs stock ``nbgrader autograde`` (in-kernel execution, its default 30 s cell
timeout) on the same notebooks in the same run. Prints wall time,
per-submission time and peak memory (whole process tree, sampled) and the ratio.

Goals (issue 6): at least 20x nbgrader's throughput on ordinary notebooks
(at most 0.05 s per notebook), under 500 MB for the whole grader, linear cost.

    PATH=.venv/bin:$PATH .venv/bin/python benchmarks/grade_class.py [--sizes 50,100,200]
        [--nbgrader-size 50] [--jobs N]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ASSIGNMENT = "module02_attention"
CATALOG = REPO / "tests" / "catalog" / "submissions"
HANG = "def softmax(x, axis=-1, temperature=1.0):\n    while True:\n        pass\n"


def _solutions(lang: str) -> dict[str, str]:
    import nbformat

    from autograder.notebooks.build import notebook_path, strip_solution_markers

    nb = nbformat.read(notebook_path(ASSIGNMENT, lang), as_version=4)
    return {c.id.removeprefix("solution-"): strip_solution_markers(c.source)
            for c in nb.cells if c.id.startswith("solution-")}


def _filled(released, sources: dict[str, str]):
    nb = copy.deepcopy(released)
    for cell in nb.cells:
        name = cell.id.removeprefix("solution-")
        if cell.id.startswith("solution-") and name in sources:
            cell.source = sources[name]
    return nb


def build_class(released, solutions: dict[str, str], size: int, seed: int = 0) -> dict:
    """``{student: notebook}``: 1 hang per 50, then complete/partial/buggy/stub in 5:2:2:1."""
    rng = random.Random(seed)
    wrong = {fn: sorted((CATALOG / fn).glob("wrong_*.py")) for fn in solutions
             if (CATALOG / fn).is_dir()}
    wrong = {fn: files for fn, files in wrong.items() if files}
    students = {}
    for i in range(size):
        kind = "hang" if i % 50 == 25 else ["complete"] * 5 + ["partial"] * 2 + [
            "buggy"] * 2 + ["stub"]
        kind = kind if isinstance(kind, str) else rng.choice(kind)
        sources = dict(solutions)
        if kind == "partial":
            for fn in rng.sample(sorted(sources), 3):
                del sources[fn]  # the released stub stays: raise NotImplementedError
        elif kind == "buggy":
            fn = rng.choice(sorted(wrong))
            sources[fn] = rng.choice(wrong[fn]).read_text(encoding="utf-8")
        elif kind == "hang":
            sources["softmax"] = HANG
        elif kind == "stub":
            sources = {}
        students[f"s{i:04d}_{kind}"] = _filled(released, sources)
    return students


class PeakMemory:
    """Peak memory of a process and all its descendants, sampled every 50 ms.

    ``peak`` sums PSS (a page shared by N forked processes counts 1/N in each),
    the honest total for a tree of forked workers; ``peak_rss`` sums RSS, which
    counts shared pages once per process (an upper bound)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
                pss = rss = 0
                for proc in procs:
                    try:
                        info = proc.memory_full_info()
                    except psutil.Error:
                        continue
                    pss += getattr(info, "pss", info.rss)
                    rss += info.rss
                self.peak = max(self.peak, pss)
                self.peak_rss = max(self.peak_rss, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20, self.peak_rss / 2**20


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, tuple, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(proc.pid)
    output, _ = proc.communicate()
    wall = time.perf_counter() - started
    peak = memory.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{output[-3000:]}")
    return wall, peak, output


def write_flat(students: dict, folder: Path) -> None:
    import nbformat

    folder.mkdir(parents=True)
    for student, nb in students.items():
        nbformat.write(nb, folder / f"{student}.ipynb")


def run_grade_all(students: dict, work: Path, jobs: int) -> tuple[float, tuple]:
    subs, out = work / "submissions", work / "results"
    write_flat(students, subs)
    wall, peak, _ = timed([sys.executable, "-m", "autograder", "grade-all", str(subs), "--out",
                           str(out), "--jobs", str(jobs), "--no-progress", "--lang", "en"], REPO)
    return wall, peak


def run_nbgrader(students: dict, work: Path) -> tuple[float, tuple]:
    """Stock ``nbgrader autograde`` (kernel execution) on the same notebooks."""
    import nbformat

    from autograder.notebooks.course_dir import scaffold_course
    from autograder.notebooks.release import nbgrader_env, run_nbgrader

    root = work / "course"
    scaffold_course(root, "en")
    (root / "nbgrader_config.py").write_text(  # nbgrader's own defaults: Execute in a kernel
        "c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = 'benchmark'\n")
    run_nbgrader(["generate_assignment", ASSIGNMENT, "--force"], root)
    for student, nb in students.items():
        dest = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        dest.parent.mkdir(parents=True)
        nbformat.write(nb, dest)
    command = [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--create"]
    wall, peak, _ = timed(command, root, env=nbgrader_env())
    return wall, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,100,200")
    parser.add_argument("--nbgrader-size", type=int, default=50,
                        help="class size given to nbgrader (0: skip); about 1 s per notebook "
                        "plus 30 s per hang")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import nbformat

    released = nbformat.read(REPO / "exercises" / args.lang / f"{ASSIGNMENT}.ipynb",
                             as_version=4)
    solutions = _solutions(args.lang)
    biggest = build_class(released, solutions, max([*sizes, args.nbgrader_size]))
    names = list(biggest)
    print(f"machine: {os.cpu_count()} cores; grade-all --jobs {args.jobs}")
    print(f"{'grader':<22}{'students':>9}{'hangs':>7}{'wall s':>9}{'s/sub':>9}"
          f"{'peak PSS MB':>13}{'peak RSS-sum MB':>17}")
    rows = {}
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        for size in sizes:
            students = {n: biggest[n] for n in names[:size]}
            wall, peak = run_grade_all(students, Path(tmp) / f"ga{size}", args.jobs)
            rows[("grade-all", size)] = (wall, peak)
            hangs = sum(n.endswith("hang") for n in students)
            print(f"{'grade-all':<22}{size:>9}{hangs:>7}{wall:>9.1f}{wall / size:>9.3f}"
                  f"{peak[0]:>13.0f}{peak[1]:>17.0f}", flush=True)
        have_nbgrader = shutil.which("alembic") and args.nbgrader_size > 0
        try:
            import nbgrader  # noqa: F401
        except ImportError:
            have_nbgrader = False
        if have_nbgrader:
            size = args.nbgrader_size
            students = {n: biggest[n] for n in names[:size]}
            wall, peak = run_nbgrader(students, Path(tmp) / "nbgrader")
            hangs = sum(n.endswith("hang") for n in students)
            print(f"{'nbgrader autograde':<22}{size:>9}{hangs:>7}{wall:>9.1f}{wall / size:>9.3f}"
                  f"{peak[0]:>13.0f}{peak[1]:>17.0f}", flush=True)
            if ("grade-all", size) not in rows:
                rows[("grade-all", size)] = run_grade_all(students, Path(tmp) / "ga-nb", args.jobs)
            ga_wall = rows[("grade-all", size)][0]
            print(f"\nthroughput ratio on the same {size} notebooks: "
                  f"{wall / ga_wall:.1f}x (goal: 20x)")
        else:
            print("\nnbgrader not run (not installed, alembic not on PATH, or --nbgrader-size 0)")
    if len(sizes) > 1:
        base = rows[("grade-all", sizes[0])][0] / sizes[0]
        curve = ", ".join(f"{s}: {rows[('grade-all', s)][0] / s / base:.2f}" for s in sizes)
        print(f"grade-all cost per submission relative to {sizes[0]} students: {curve} "
              "(1.00 everywhere = linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
