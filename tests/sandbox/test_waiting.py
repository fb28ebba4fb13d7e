"""Waiting for the other side's message: a short poll first when a core is free for it."""

from __future__ import annotations

import os
import threading
import time

import pytest

from autograder.classroom.pool import run_pool
from autograder.sandbox import waiting, wire


@pytest.fixture
def cores(monkeypatch):
    def given(count: int) -> None:
        monkeypatch.setattr(waiting, "usable_cores", lambda: count)

    monkeypatch.delenv(waiting.GRADINGS_AT_ONCE, raising=False)
    yield given
    waiting.set_concurrent_gradings(None)


@pytest.mark.parametrize(("usable", "gradings", "polls"), [
    (2, 1, True),  # grade, pytest, Gradescope on a 2-core machine
    (1, 1, False),  # one core: polling would only delay the other side
    (2, 2, False),  # grade-all with a worker per core
    (8, 4, True),
    (8, 5, False),
])
def test_each_side_polls_only_when_every_grading_running_at_once_has_a_second_core(
        cores, usable, gradings, polls):
    cores(usable)
    waiting.set_concurrent_gradings(gradings)
    assert waiting.poll_seconds() == (waiting.POLL_SECONDS if polls else 0.0)


@pytest.mark.parametrize(("declared", "gradings"), [
    ("3", 3), ("1", 1), ("0", 1), ("-2", 1), ("two", 1), ("", 1)])
def test_graders_started_side_by_side_by_others_can_say_so_in_the_environment(
        cores, monkeypatch, declared, gradings):
    monkeypatch.setenv(waiting.GRADINGS_AT_ONCE, declared)
    assert waiting.concurrent_gradings() == gradings
    cores(4)
    assert waiting.poll_seconds() == (waiting.POLL_SECONDS if gradings <= 2 else 0.0)


POLL_SECONDS_IN_WORKER = "__import__('autograder.sandbox.waiting').sandbox.waiting.poll_seconds()"


def test_the_batch_graders_workers_poll_only_when_they_leave_a_core_for_it(monkeypatch):
    monkeypatch.delenv(waiting.GRADINGS_AT_ONCE, raising=False)  # what the pool declares
    everyone = waiting.usable_cores()
    [busy] = run_pool(eval, [POLL_SECONDS_IN_WORKER], workers=everyone)
    assert busy.result == 0.0  # a worker per core: none to spare
    [alone] = run_pool(eval, [POLL_SECONDS_IN_WORKER], workers=1)
    assert alone.result == (waiting.POLL_SECONDS if everyone >= 2 else 0.0)


def _write_later(fd: int, seconds: float, header: dict) -> threading.Thread:
    def write() -> None:
        time.sleep(seconds)
        wire.send(fd, header)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def _never() -> None:
    raise AssertionError("timed out")


def test_an_answer_that_comes_after_the_poll_is_still_read():
    read_fd, write_fd = os.pipe()
    writer = _write_later(write_fd, 0.05, {"ok": True})
    deadline = time.monotonic() + 10
    wire.poll(read_fd, 0.001, deadline)  # as the grader does before blocking for an answer
    header, _ = wire.receive(wire.DeadlineReader(read_fd, deadline, _never))
    writer.join()
    assert header["ok"] is True
    os.close(read_fd)
    os.close(write_fd)


def test_a_request_that_comes_after_the_student_side_polled_is_still_read():
    read_fd, write_fd = os.pipe()
    writer = _write_later(write_fd, 0.05, {"op": "call"})
    wire.poll(read_fd, 0.001)  # as the student process does before blocking for a request
    header, _ = wire.receive(wire.blocking_reader(read_fd))
    writer.join()
    assert header["op"] == "call"
    os.close(read_fd)
    os.close(write_fd)


class TimedOut(Exception):
    pass


def test_polling_never_outlasts_the_deadline():
    read_fd, write_fd = os.pipe()

    def timed_out():
        raise TimedOut

    started = time.monotonic()
    wire.poll(read_fd, 5.0, started + 0.05)
    with pytest.raises(TimedOut):
        wire.receive(wire.DeadlineReader(read_fd, started + 0.05, timed_out))
    assert time.monotonic() - started < 1.0
    os.close(read_fd)
    os.close(write_fd)


def _cgroup(tmp_path, membership: str, files: dict[str, str]) -> tuple[str, str]:
    for relative, text in files.items():
        path = tmp_path / "fs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "cgroup").write_text(membership)
    return str(tmp_path / "fs"), str(tmp_path / "cgroup")


@pytest.mark.parametrize(("membership", "files", "quota"), [
    ("0::/\n", {"cpu.max": "max 100000\n"}, None),  # cgroup v2, no limit
    ("0::/docker/abc\n", {"docker/abc/cpu.max": "150000 100000\n",
                          "docker/cpu.max": "max 100000\n"}, 1.5),  # docker run --cpus=1.5
    ("0::/a/b\n", {"a/b/cpu.max": "400000 100000\n", "a/cpu.max": "100000 100000\n"},
     1.0),  # the parent's quota is smaller
    ("4:memory:/x\n2:cpu,cpuacct:/x\n", {"cpu,cpuacct/x/cpu.cfs_quota_us": "200000\n",
                                        "cpu,cpuacct/x/cpu.cfs_period_us": "100000\n"},
     2.0),  # cgroup v1
    ("1:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"},
     None),  # v1, no limit (as on this project's CI machine)
    ("0::/\n", {"cpu.max": "garbage\n"}, None),
])
def test_a_containers_cpu_quota_is_read_from_its_control_group(tmp_path, membership, files,
                                                               quota):
    root, cgroup = _cgroup(tmp_path, membership, files)
    assert waiting.cpu_quota(root, cgroup) == quota


def test_a_quota_of_one_core_turns_polling_off_whatever_the_cores_the_host_shows(monkeypatch):
    monkeypatch.delenv(waiting.GRADINGS_AT_ONCE, raising=False)
    monkeypatch.setattr(waiting, "cpu_quota", lambda: 1.5)
    assert waiting.usable_cores() == 1 and waiting.poll_seconds() == 0.0
    monkeypatch.setattr(waiting, "cpu_quota", lambda: 2.0)
    if len(os.sched_getaffinity(0)) >= 2:
        assert waiting.usable_cores() == 2 and waiting.poll_seconds() == waiting.POLL_SECONDS
