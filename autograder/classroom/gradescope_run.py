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
import traceback
from pathlib import Path

from autograder.classroom.bundle import SETTINGS_NAME
from autograder.classroom.discover import _files_under, is_code
from autograder.classroom.state import atomic_write_text
from autograder.config import course
from autograder.feedback import message
from autograder.languages import Language
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


def grade_files(files: list[Path], out: Path, work: Path, lang: Language,
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
    """Grade the upload in ``root``; ``results.json`` is written whatever happens."""
    config = settings()
    lang = config["lang"]
    results_path = root / "results" / "results.json"
    report, no_files = None, False
    notes: list[str] = []
    try:
        report, no_files, notes = _grade_upload(root, config)
    except Exception:  # the student still gets a results.json that says so
        traceback.print_exc(file=sys.stdout)
    results = results_json(report, config["visibility"], lang, no_files)
    if notes:
        results["output"] = "\n".join([results.get("output", ""), *notes]).strip()
    atomic_write_text(results_path, json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    if report is not None:
        print(f"score {report.score:g}/{report.max_score:g}; wrote {results_path}")
    return 0


def _private_copies(files: list[Path], work: Path, lang: Language) -> tuple[list[Path], list[str]]:
    """Copies of the uploaded code files that the grading child may read; notes on the rest."""
    from autograder.classroom.grading import _within_limits

    kept, notes = _within_limits(files, lang)
    copies = []
    for index, path in enumerate(kept):
        name = path.name if path.name.isprintable() and _encodable(path.name) else (
            f"file{index:03d}{path.suffix if _encodable(path.suffix) else ''}")
        copy = work / "submission" / f"{index:03d}" / name
        copy.parent.mkdir(parents=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies, notes


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _grade_upload(root: Path, config: dict) -> tuple[GradingReport | None, bool, list[str]]:
    lang = config["lang"]
    files = submission_files(root / "submission")
    timeout = course().sandbox.total_timeout_seconds * 2 + 60
    report = None
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        work = Path(tmp)
        copies, notes = _private_copies(files, work, lang)
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
        user = os.environ.get(GRADE_USER_ENV, DEFAULT_GRADE_USER)
        demote = _demote(user)
        if demote:
            print(f"grading as user {user} (uid {demote['user']})")
        try:
            child = _run_child(command, env, work, timeout, demote)
            sys.stdout.write(child.stdout + child.stderr)  # instructors see this; students do not
            if child.returncode == 0 and out.is_file():
                report = GradingReport.from_json(out.read_text(encoding="utf-8"))
                print(f"isolation: {', '.join(report.isolation)}")
                if report.missing_layers:
                    print(f"warning: graded without {', '.join(report.missing_layers)}")
            else:
                print(f"grading failed with exit status {child.returncode}")
        except subprocess.TimeoutExpired:
            print(f"grading did not finish within {timeout:.0f} s")
    return report, not files, notes


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
