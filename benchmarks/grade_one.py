"""Benchmark: grading one complete ``.py`` submission (all graded functions).

Prints wall time and peak memory, median of several runs, with the breakdown
(start-up, sandbox start, loading the code, running the hidden suite), next to
baselines measured in the same run on the same machine: the Python floor
(``python -c pass``, ``import numpy``) and, when Jupyter is installed, executing
the same code as a notebook with ``jupyter nbconvert --execute``.

Goals (issue 2): under 1 s and under 300 MB peak for a full submission.

    .venv/bin/python benchmarks/grade_one.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # tests.conftest; never tests/ itself, whose solutions/ would
# shadow the reference solutions


def one_run(path: Path) -> dict:
    """Grade once in this process, timing each phase (run in a fresh interpreter)."""
    t0 = time.perf_counter()
    from autograder.config import course
    from autograder.outcomes import ExpectedSignatures, Recorder
    from autograder.student import StudentProgram
    from autograder.submission import read_submission
    from autograder.suite import collect

    t1 = time.perf_counter()
    config = course()
    program = StudentProgram(read_submission(path), config.sandbox)
    program._start_process()
    t2 = time.perf_counter()
    for index in range(len(program.submission.chunks)):
        program._run_chunk(index)
    t3 = time.perf_counter()
    cases = collect(REPO / "autograder" / "hidden")
    t4 = time.perf_counter()
    recorder = Recorder("en", ExpectedSignatures())  # as grade_path makes it
    recorder.run(cases, program)
    results = recorder.results(config.points)
    t5 = time.perf_counter()
    sandbox_mb = program.peak_memory_mb()
    program.close()
    from autograder.sandbox import zygote

    zygote_mb = zygote.get().peak_memory_mb() if zygote.supported() else 0.0
    score = sum(r.score for r in results)
    return {
        "imports": t1 - t0, "sandbox_start": t2 - t1, "load": t3 - t2, "collect": t4 - t3,
        "tests": t5 - t4, "checks": len(results), "cases": len(cases), "score": score,
        "grader_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "zygote_rss_mb": zygote_mb,
        "sandbox_rss_mb": sandbox_mb,
    }


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def median_time(command: list[str], runs: int) -> float:
    return statistics.median(timed(command) for _ in range(runs))


def notebook_of(source: str, path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nbformat.write(nb, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run)))
        return

    from tests.conftest import reference_source

    workdir = Path(tempfile.mkdtemp())
    submission = workdir / "complete.py"
    submission.write_text(reference_source(), encoding="utf-8")
    python = sys.executable

    cli = [python, "-m", "autograder", "grade", str(submission), "--json"]
    timed(cli)  # warm the file cache once
    walls = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
    phases = [json.loads(subprocess.run([python, __file__, "--one-run", str(submission)],
                                        check=True, capture_output=True, text=True).stdout)
              for _ in range(args.runs)]

    def med(key: str) -> float:
        return statistics.median(p[key] for p in phases)

    wall = statistics.median(walls)
    floor = median_time([python, "-c", "pass"], args.runs)
    numpy_floor = median_time([python, "-c", "import numpy"], args.runs)
    print(f"grading one complete .py submission ({phases[0]['checks']} checks, "
          f"score {phases[0]['score']:g}), median of {args.runs} runs")
    print(f"  wall time, whole command          {wall:6.3f} s   (goal < 1 s)")
    print(f"    imports (grader start-up)       {med('imports'):6.3f} s")
    print(f"    sandbox process start           {med('sandbox_start'):6.3f} s")
    print(f"    loading the submission          {med('load'):6.3f} s")
    print(f"    collecting the hidden suite     {med('collect'):6.3f} s   "
          f"({phases[0]['cases']} cases, once per grader process)")
    print(f"    running the checks              {med('tests'):6.3f} s")
    grader_mb, sandbox_mb = med("grader_rss_mb"), med("sandbox_rss_mb")
    print(f"  peak memory: grader {grader_mb:.0f} MB + sandbox {sandbox_mb:.0f} MB "
          f"= {grader_mb + sandbox_mb:.0f} MB   (goal < 300 MB; the fork server's "
          f"{med('zygote_rss_mb'):.0f} MB are mostly shared with the sandbox)")
    print("baselines measured now, same machine:")
    print(f"  python -c pass                    {floor:6.3f} s   ({wall / floor:5.1f}x)")
    print(f"  python -c 'import numpy'          {numpy_floor:6.3f} s   "
          f"({wall / numpy_floor:5.1f}x)")
    jupyter = shutil.which("jupyter", path=str(Path(python).parent))
    if jupyter:
        nb = notebook_of(submission.read_text(encoding="utf-8"), workdir / "complete.ipynb")
        execute = [jupyter, "nbconvert", "--to", "notebook", "--execute", "--output",
                   str(workdir / "executed.ipynb"), str(nb)]
        nbconvert = median_time(execute, max(2, args.runs // 2))
        print(f"  jupyter nbconvert --execute       {nbconvert:6.3f} s   "
              f"(grading is {nbconvert / wall:4.1f}x faster than just running it in Jupyter)")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
