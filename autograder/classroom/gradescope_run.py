"""What ``run_autograder`` runs on Gradescope: grade the submission, write results.json.

The grading runs in a child process on a private copy of the submission; the
parent only writes ``results.json``, also when the child hangs or dies. The
student's code runs in the grader's sandbox, which, when started as root
(Gradescope's default), gives each student process an unprivileged uid of its
own, no capabilities and namespaces of its own where the container allows
them; the layers in force are printed for the instructor. To run the grader
itself as an unprivileged user too, name it in ``AUTOGRADER_GRADE_USER``
(its interpreter and this folder must then be readable by that user).

    python -m autograder.classroom.gradescope_run --root /autograder
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.classroom.bundle import SETTINGS_NAME
from autograder.classroom.discover import _files_under, is_code
from autograder.classroom.state import atomic_write_text
from autograder.config import course
from autograder.feedback import message
from autograder.paths import REPO_ROOT
from autograder.report import GradingReport

GRADE_USER_ENV = "AUTOGRADER_GRADE_USER"
DEFAULT_GRADE_USER = ""  # the grader stays root; each student process gets its own uid


def settings() -> dict:
    path = REPO_ROOT / SETTINGS_NAME
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {"lang": data.get("lang") or course().default_language,
            "functions": data.get("functions") or None,
            "visibility": data.get("visibility") or "after_published"}


def submission_files(submission_dir: Path) -> list[Path]:
    if not submission_dir.is_dir():
        return []
    return [p for p in _files_under(submission_dir) if is_code(p)]


def grade_files(files: list[Path], out: Path, work: Path, lang: str,
                functions: list[str] | None) -> None:
    """Grade ``files`` together and write the report JSON to ``out`` (the child's job)."""
    from autograder.classroom.grading import GradingJob, grade_student

    job = GradingJob(student="submission", code=tuple(str(p) for p in files), quiz=(),
                     lang=lang, course_config=course(), work_dir=str(work),
                     functions=tuple(functions) if functions else None)
    out.write_text(grade_student(job).report.to_json(), encoding="utf-8")


def _demote(user: str) -> dict:
    """``subprocess`` arguments that run the child as ``user`` when we are root."""
    if os.geteuid() != 0:
        return {}
    if not user or user == "root":
        return {}
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        print(f"warning: no user {user!r}; grading as root", file=sys.stderr)
        return {}
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _run_child(command: list[str], env: dict, work: Path, timeout: float,
               demote: dict) -> subprocess.CompletedProcess:
    """Run the grading child, as the unprivileged user when possible."""
    try:
        return subprocess.run(command, env=env, cwd=work, timeout=timeout,
                              capture_output=True, text=True, **demote)
    except PermissionError as exc:
        if not demote:
            raise
        print(f"warning: cannot run the grader as uid {demote['user']} ({exc}); grading as "
              "root (the sandbox still isolates the student's code)")
        return subprocess.run(command, env=env, cwd=work, timeout=timeout,
                              capture_output=True, text=True)


def results_json(report: GradingReport | None, visibility: str, lang: str,
                 no_files: bool) -> dict:
    """Gradescope's schema; the hidden checks get ``visibility``."""
    if report is None:
        return {"score": 0, "output": message("classroom.gradescope_grader_failed", lang),
                "tests": []}
    results = report.to_gradescope()
    for test in results["tests"]:
        test["visibility"] = visibility
    if no_files:
        results["output"] = message("classroom.gradescope_no_submission", lang)
    return results


def run(root: Path) -> int:
    config = settings()
    lang = config["lang"]
    files = submission_files(root / "submission")
    results_path = root / "results" / "results.json"
    timeout = course().sandbox.total_timeout_seconds * 2 + 60
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        work = Path(tmp)
        copies = []
        for index, path in enumerate(files):  # a private copy the unprivileged child can read
            copy = work / "submission" / f"{index:03d}" / path.name
            copy.parent.mkdir(parents=True)
            shutil.copyfile(path, copy)
            copies.append(copy)
        out = work / "report.json"
        os.chmod(work, 0o777)  # the child writes its report and scratch files here
        for folder in [work / "submission", *(c.parent for c in copies)]:
            if folder.exists():
                os.chmod(folder, 0o755)
        for copy in copies:
            os.chmod(copy, 0o644)
        command = [sys.executable, "-m", "autograder.classroom.gradescope_run", "--grade-only",
                   str(out), "--lang", lang, "--work", str(work / "scratch"),
                   *(f"--function={f}" for f in config["functions"] or []),
                   "--", *map(str, copies)]
        env = {**os.environ, "HOME": str(work), "PYTHONPATH": str(REPO_ROOT)}
        report = None
        user = os.environ.get(GRADE_USER_ENV, DEFAULT_GRADE_USER)
        demote = _demote(user)
        if demote:
            print(f"grading as user {user} (uid {demote['user']})")
        try:
            child = _run_child(command, env, work, timeout, demote)
            sys.stdout.write(child.stdout + child.stderr)  # instructors see this; students do not
            if child.returncode == 0 and out.is_file():
                report = GradingReport.model_validate_json(out.read_text(encoding="utf-8"))
                print(f"isolation: {', '.join(report.isolation)}")
                if report.missing_layers:
                    print(f"warning: graded without {', '.join(report.missing_layers)}")
            else:
                print(f"grading failed with exit status {child.returncode}")
        except subprocess.TimeoutExpired:
            print(f"grading did not finish within {timeout:.0f} s")
    atomic_write_text(results_path, json.dumps(
        results_json(report, config["visibility"], lang, not files), indent=2,
        ensure_ascii=False) + "\n")
    if report is not None:
        print(f"score {report.score:g}/{report.max_score:g}; wrote {results_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--grade-only", type=Path, default=None, metavar="REPORT_JSON",
                        help="internal: grade FILES and write the report (the child's job)")
    parser.add_argument("--lang", default=None)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--function", action="append", dest="functions")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.grade_only:
        grade_files(args.files, args.grade_only, args.work, args.lang, args.functions)
        return 0
    return run(args.root)


if __name__ == "__main__":
    raise SystemExit(main())
