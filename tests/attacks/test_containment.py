"""Containment: no student can touch the grader, another student or the machine.

Each test runs the real command line in a separate grader process, as the
user running the tests (root in CI, as on Gradescope and in containers); where
the machine allows it, as an unprivileged user (``unshare --user`` maps uid 1000
onto ours, so the grader runs without any privilege); and where no namespace
can be created at all, as in a default Docker container (``no_namespaces.py``
makes ``unshare`` fail), which must cost only the layers the report says. Probes
are harmless forms (see each submission's docstring); every test also checks
that the machine is as it was: host name, SysV segments, no process left
with a sandbox uid, no sandbox folder left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from autograder.config import REQUIRED_LAYERS
from autograder.paths import COURSE_FILE, REPO_ROOT
from autograder.sandbox.cleanup import remove_tree
from tests.conftest import reference_source

SUBMISSIONS = Path(__file__).parent / "submissions"
SHM_KEY = 0x7A51_0001
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="containment is built on Linux kernel features")


def _unprivileged_prefix() -> list[str] | None:
    """``unshare`` arguments that run a command as an unprivileged user, if possible."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    prefix = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    try:
        done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return prefix if done.returncode == 0 else None


UNPRIVILEGED = _unprivileged_prefix()
NO_NAMESPACES = [sys.executable, str(Path(__file__).with_name("no_namespaces.py"))]
NO_UNPRIVILEGED = pytest.mark.skipif(UNPRIVILEGED is None,
                                     reason="no way to run as an unprivileged user here")
USERS = ["invoker", pytest.param("unprivileged", marks=NO_UNPRIVILEGED), "no-namespaces"]
# The whole matrix of attacks (and the class) by user runs in `make test`; `make test-fast`
# runs every attack as the invoker and, through test_every_required_layer_is_in_force, every
# user's sandbox with one attack.
USERS_MATRIX = ["invoker", pytest.param("unprivileged", marks=[NO_UNPRIVILEGED, pytest.mark.slow]),
                pytest.param("no-namespaces", marks=pytest.mark.slow)]
# The tests that check the machine (machine_intact) run on one worker under pytest-xdist: an
# attack graded without namespaces leaves its shared-memory segment (a fixed key) on the host
# until it is removed, which another such test would see.
ONE_WORKER = pytest.mark.xdist_group("containment")


# Each test's grader keeps its sandbox folders here (TMPDIR), so that what it leaves
# behind can be told apart from what other programs on the machine do.
SANDBOX_TMP: dict[str, str] = {}


def cli(user: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """``python -m autograder ARGS`` as ``user``, printing the grader's peak memory last."""
    # VmHWM is this process's own peak (ru_maxrss would keep the forking parent's)
    launcher = ("import atexit, runpy, sys; atexit.register(lambda: print('PEAK_RSS_KB', "
                "[line.split()[1] for line in open('/proc/self/status') "
                "if line.startswith('VmHWM')][0], file=sys.stderr)); "
                "sys.argv = ['autograder', *sys.argv[1:]]; "
                "runpy.run_module('autograder', run_name='__main__')")
    command = [sys.executable, "-c", launcher, *args]
    if user == "unprivileged":
        command = [*UNPRIVILEGED, *command]
    elif user == "no-namespaces":
        command = [*NO_NAMESPACES, *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          cwd=REPO_ROOT, errors="surrogateescape",
                          env={**os.environ, **SANDBOX_TMP})


def grade(user: str, path: Path, course: Path,
          *extra: str) -> tuple[dict, subprocess.CompletedProcess]:
    done = cli(user, "grade", str(path), "--json", "--lang", "en", "--course", str(course),
               "--function", "softmax", "--function", "causal_mask", *extra)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout), done


def scores(report: dict) -> dict[str, float]:
    totals: dict[str, float] = {}
    for test in report["tests"]:
        totals[test["function"]] = totals.get(test["function"], 0.0) + test["score"]
    return totals


def peak_rss_mb(done: subprocess.CompletedProcess) -> float:
    line = next(line for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB"))
    return int(line.split()[1]) / 1024


# ---------------------------------------------------------------- the machine stays intact


def _shm_keys() -> set[int]:
    try:
        lines = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
    except OSError:
        return set()
    return {int(line.split()[0]) & 0xFFFFFFFF for line in lines if line.strip()}


def _sandbox_processes(tmpdir: str) -> list[str]:
    """Student processes of this test's grader: those working in a sandbox folder of ``tmpdir``
    (whatever their uid; as root each has a uid of its own)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if cwd.startswith(tmpdir) and cwd.endswith("/work"):
            found.append(proc.name)
    return found


@pytest.fixture
def machine_intact(tmp_path_factory):
    """After the test: the host name and SysV IPC are as before; no sandbox process or
    folder of this test's grader is left."""
    tmpdir = str(tmp_path_factory.mktemp("sandboxes"))
    SANDBOX_TMP["TMPDIR"] = tmpdir
    hostname = socket.gethostname()
    yield
    SANDBOX_TMP.clear()
    try:
        _assert_intact(tmpdir, hostname)
    finally:  # whatever is left: pytest's own clean-up recurses once per folder level
        remove_tree(tmpdir)


def _assert_intact(tmpdir: str, hostname: str) -> None:
    assert socket.gethostname() == hostname
    assert SHM_KEY not in _shm_keys(), "a student's shared-memory segment outlived grading"
    deadline = time.monotonic() + 5
    while _sandbox_processes(tmpdir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _sandbox_processes(tmpdir), "a student process outlived grading"
    left = [p.name for p in Path(tmpdir).glob("autograder-*")
            if not p.name.startswith("autograder-cache")]
    assert not left, f"sandbox folders left behind: {left}"


# ---------------------------------------------------------------- single submissions


@ONE_WORKER
@pytest.mark.parametrize("user", USERS)
def test_every_required_layer_is_in_force(user, fast_course, machine_intact):
    report, _ = grade(user, SUBMISSIONS / "root_powers.py", fast_course)
    layers = report["isolation"]
    if user == "no-namespaces":  # as in Docker: said in the report, the rest still holds
        assert report["missing_layers"] == ["pidns"]
        assert {"no-capabilities", "rlimits", "seccomp"} <= set(layers)
        assert any(layer.startswith("landlock") for layer in layers)
        return
    assert report["missing_layers"] == []
    for required in REQUIRED_LAYERS:
        assert any(layer == required or (required.endswith("*") and layer.startswith(
            required[:-1])) for layer in layers), (required, layers)
    assert {"mntns", "ipcns", "utsns", "netns", "pidns", "fs-view"} <= set(layers)
    if user == "invoker" and os.geteuid() == 0:
        assert "uid" in layers  # root hands each student process a uid of its own
    if user == "unprivileged":
        assert "userns" in layers


@ONE_WORKER
@pytest.mark.parametrize("user", USERS_MATRIX)
@pytest.mark.parametrize("attack", ["cripple_fork_server", "root_powers", "shm_writer",
                                    "deep_folders", "forbidden_torch", "huge_reply",
                                    "hostile_text"])
def test_contained_attack_earns_nothing(attack, user, fast_course, machine_intact):
    report, done = grade(user, SUBMISSIONS / f"{attack}.py", fast_course)
    assert scores(report) == {"softmax": 0.0, "causal_mask": pytest.approx(4.0)}, report
    assert "reached: []" in report["student_output"] or attack != "cripple_fork_server"
    assert "worked: []" in report["student_output"] or attack != "root_powers"
    assert peak_rss_mb(done) < 300, "the grader took the student's data into memory"


def test_forbidden_library_is_named_in_the_feedback(fast_course):
    pytest.importorskip("torch")
    report, _ = grade("invoker", SUBMISSIONS / "forbidden_torch.py", fast_course)
    softmax = [t for t in report["tests"] if t["function"] == "softmax"]
    assert any("`torch`" in t["output"] and "not allowed in this course" in t["output"]
               for t in softmax), softmax


def test_huge_reply_is_refused_from_its_header(fast_course):
    report, done = grade("invoker", SUBMISSIONS / "huge_reply.py", fast_course)
    assert any("too large" in t["output"] for t in report["tests"])
    assert peak_rss_mb(done) < 300


def _assert_safe(text: str) -> None:
    for bad in ("\x1b", "\x00", "\u202e", "\x07"):
        assert bad not in text, repr(bad)
    text.encode("utf-8")  # no lone surrogate


@pytest.mark.parametrize("fmt", ["json", "gradescope", "text"])
def test_hostile_text_cannot_break_a_report(fmt, fast_course, tmp_path):
    out = tmp_path / "report.out"
    done = cli("invoker", "grade", str(SUBMISSIONS / "hostile_text.py"), "--format", fmt,
               "--lang", "en", "--course", str(fast_course), "--out", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    _assert_safe(text)
    if fmt != "text":
        data = json.loads(text)
        outputs = [t["output"] for t in data["tests"]]
        assert any("lone surrogate" in o for o in outputs)
        assert all(len(o) < 6000 for o in outputs)


# ---------------------------------------------------------------- input the grader reads itself


def _notebook(cells: list[str], metadata: dict | None = None) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {},
                       "cells": [{"cell_type": "code", "metadata": {}, "source": c,
                                  "outputs": [], "execution_count": None} for c in cells]})


@pytest.mark.parametrize("shape", ["one_big_cell", "many_cells"])
def test_a_flood_of_magic_lines_is_rewritten_within_the_time_limit(shape, fast_course, tmp_path):
    line = "!echo 'a shell escape that IPython rewrites'\n"
    if shape == "one_big_cell":
        cells = [line * 12_000]  # 528 KB in one cell
    else:
        cells = [line * 45] * 300  # just under the per-cell threshold, many times
    path = tmp_path / "magic.ipynb"
    path.write_text(_notebook([reference_source(), *cells]), encoding="utf-8")
    started = time.monotonic()
    report, _ = grade("invoker", path, fast_course)
    assert time.monotonic() - started < 25
    assert scores(report) == {"softmax": pytest.approx(10.0), "causal_mask": pytest.approx(4.0)}


def test_deeply_nested_notebook_json_gets_a_report(fast_course, tmp_path):
    path = tmp_path / "deep.ipynb"
    path.write_text('{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    report, done = grade("invoker", path, fast_course)
    assert report["score"] == 0
    assert "nested too deeply" in report["load_notes"][0]
    assert "Traceback" not in done.stderr


def test_the_assignment_decides_the_module_not_the_notebook(fast_course, tmp_path):
    claims_module01 = {"course": {"module": "module01"}}
    named = tmp_path / "module02_attention.ipynb"
    named.write_text(_notebook([reference_source()], claims_module01), encoding="utf-8")
    anonymous = tmp_path / "my_work.ipynb"
    anonymous.write_text(_notebook([reference_source()], claims_module01), encoding="utf-8")
    for path, extra in ((named, []), (anonymous, ["--module", "module02"])):
        done = cli("invoker", "grade", str(path), "--json", "--lang", "en",
                   "--course", str(fast_course), *extra)
        report = json.loads(done.stdout)
        assert report["max_score"] == pytest.approx(80.0), path.name
        assert any("module01" in note and "module02" in note for note in report["load_notes"])


def test_a_quiz_answers_file_cannot_choose_its_student_seed_or_items(tmp_path):
    answers = tmp_path / "mallory.yaml"
    answers.write_text(yaml.safe_dump({"student": "alice", "seed": 7, "items": ["m01-s2s-01"],
                                       "answers": {"m01-s2s-01": "a"}}), encoding="utf-8")
    done = cli("invoker", "quiz", "grade", str(answers), "--module", "module01", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["student"] == "mallory"
    assert len(report["items"]) > 1  # the instructor's scope, not the file's one item
    from autograder.quiz.variants import seed_for_student

    assert report["seed"] == seed_for_student("mallory")
    assert any("alice" in w for w in report["warnings"])


# ---------------------------------------------------------------- a whole class


def _class(folder: Path) -> dict[str, str]:
    """Attackers first (graded before the others with one job), then honest students."""
    folder.mkdir()
    wrong = (REPO_ROOT / "tests" / "catalog" / "submissions" / "softmax" /
             "wrong_no_max_subtraction.py").read_text(encoding="utf-8")
    honest = {"zz_honest": reference_source(), "zz_buggy": reference_source() + "\n" + wrong}
    files = {f"a{index}_{name}": (SUBMISSIONS / f"{name}.py").read_text(encoding="utf-8")
             for index, name in enumerate(["cripple_fork_server", "root_powers", "shm_writer",
                                           "shm_reader", "hostile_text", "huge_reply"])}
    files.update(honest)
    for name, source in files.items():
        (folder / f"{name}.py").write_text(source, encoding="utf-8")
    mallory = folder / "mallory"
    mallory.mkdir()
    (mallory / "module02_attention.py").symlink_to(REPO_ROOT / "solutions" / "transformer.py")
    (folder / "eve.py").symlink_to(REPO_ROOT / "solutions" / "transformer.py")
    return files


@ONE_WORKER
@pytest.mark.parametrize("user", USERS_MATRIX)
def test_no_student_changes_another_students_grade(user, fast_course, tmp_path, machine_intact):
    files = _class(tmp_path / "class")
    args = ["--course", str(fast_course), "--lang", "en", "--module", "module02"]
    weak = ["--allow-weak-sandbox"] if user == "no-namespaces" else []
    done = cli(user, "grade-all", str(tmp_path / "class"), "--out", str(tmp_path / "out"),
               "--jobs", "1", "--no-progress", *args, *weak, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = {p.stem: json.loads(p.read_text(encoding="utf-8"))
               for p in (tmp_path / "out" / "students").glob("*.json")
               if not p.name.endswith(".quiz.json")}
    for name in files:
        if not name.startswith("zz_"):
            assert scores(results[name])["softmax"] == 0, name
            assert scores(results[name])["causal_mask"] == pytest.approx(4.0), name
    for name in ("zz_honest", "zz_buggy"):  # the same as when graded alone
        alone = json.loads(cli(user, "grade", str(tmp_path / "class" / f"{name}.py"),
                               "--json", *args).stdout)
        assert scores(results[name]) == scores(alone), name
        assert results[name]["score"] == pytest.approx(alone["score"])
    assert results["zz_honest"]["score"] == pytest.approx(80.0)
    assert results["mallory"]["score"] == 0, "a symbolic link was followed"
    assert "eve" not in results
    assert "symbolic link" in done.stderr
    assert "isolation: process" in done.stderr


def test_grade_all_refuses_a_weak_sandbox_unless_allowed(tmp_path):
    config = yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))
    config["sandbox"]["required_layers"] = ["process", "a-layer-no-kernel-has"]
    course = tmp_path / "course.yaml"
    course.write_text(yaml.safe_dump(config), encoding="utf-8")
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.py").write_text(reference_source(), encoding="utf-8")
    args = ["grade-all", str(folder), "--out", str(tmp_path / "out"), "--course", str(course),
            "--function", "causal_mask", "--no-progress"]
    refused = cli("invoker", *args)
    assert refused.returncode == 2
    assert "a-layer-no-kernel-has" in refused.stderr and "--allow-weak-sandbox" in refused.stderr
    allowed = cli("invoker", *args, "--allow-weak-sandbox")
    assert allowed.returncode == 0, allowed.stderr
    assert "graded WITHOUT a-layer-no-kernel-has" in allowed.stderr

