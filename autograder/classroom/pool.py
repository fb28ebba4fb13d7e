"""Run one function over many items on all cores; nothing here knows about grading.

- Workers come from a fork server that has already imported ``preload``, so a
  new worker starts in milliseconds; each is replaced after ``tasks_per_worker``
  items, which bounds whatever a long run might leak.
- A worker that dies (killed, out of memory) breaks only the items it held:
  they are retried once in a fresh pool, then reported as failed.
- An item that runs longer than ``job_timeout`` is reported as failed; the
  workers are replaced (the others' items are retried).
- Workers ignore Ctrl-C. In the parent, the first Ctrl-C (or SIGTERM) stops
  handing out work and lets the items in progress finish and be reported; a
  second one stops the workers at once (SIGTERM, so that each unwinds its
  current call and stops its student process, then SIGKILL after 3 s).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

POLL_SECONDS = 0.2


@dataclass
class Outcome:
    item: Any
    result: Any = None
    error: str | None = None  # why the item has no result


class StopRequest:
    """While active, Ctrl-C and SIGTERM set ``requested``; a second one raises KeyboardInterrupt."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: dict[int, Any] = {}

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> StopRequest:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


def _exit_on_terminate(signum, frame) -> None:
    raise SystemExit(1)  # unwinds the grading call, whose cleanup stops the student process


_started_jobs = None  # in a worker: the queue on which each job announces that it started


def _init_worker(started_jobs, workers: int) -> None:
    global _started_jobs
    from autograder.classroom.parent_death import die_with_parent
    from autograder.sandbox.waiting import set_concurrent_gradings

    die_with_parent()  # a worker never outlives the fork server, which never outlives us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    _started_jobs = started_jobs
    set_concurrent_gradings(workers)  # no busy polling where it would take another's core


def _announced(function: Callable[[Any], Any], job: int, item: Any) -> Any:
    """Run ``function(item)`` in a worker, first telling the parent that job ``job`` began."""
    if _started_jobs is not None:
        _started_jobs.put(job)
    return function(item)


class _StartTimes:
    """When each job really began in a worker (not when it was queued), for its time-out."""

    def __init__(self, context) -> None:
        self.queue = context.Queue()
        self.times: dict[int, float] = {}

    def update(self) -> None:
        while True:
            try:
                self.times.setdefault(self.queue.get_nowait(), time.monotonic())
            except queue.Empty:
                return


# Imported first in the fork server: it dies with the process that started the pool.
PARENT_DEATH = "autograder.classroom.parent_death"


def _executor(workers: int, preload: list[str],
              tasks_per_worker: int | None) -> tuple[ProcessPoolExecutor, _StartTimes]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PARENT_DEATH, *preload])
    starts = _StartTimes(context)
    if sys.version_info >= (3, 11):
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                       initializer=_init_worker, initargs=(starts.queue, workers),
                                       max_tasks_per_child=tasks_per_worker)
    else:  # Python 3.10 cannot replace a worker: each lives as long as the pool
        executor = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                       initializer=_init_worker, initargs=(starts.queue, workers))
    return executor, starts


def _terminate(executor: ProcessPoolExecutor, grace_seconds: float = 3.0) -> None:
    """Stop the workers now: SIGTERM (they clean up their student processes), then SIGKILL."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(grace_seconds)
        if process.is_alive():
            process.kill()


class _Work:
    """The items still to run: those never started, and the suspects (running when a worker
    died), which are retried one at a time."""

    def __init__(self, items: Iterable[Any], retries: int) -> None:
        self.pending: deque = deque(items)
        self.suspects: deque = deque()
        self.retries = retries
        self.attempts: Counter[int] = Counter()

    def __bool__(self) -> bool:
        return bool(self.pending or self.suspects)

    def worker_died(self, item: Any) -> Outcome | None:
        """``item`` was running when its worker died: retry it alone, or (retried enough)
        its failure."""
        self.attempts[id(item)] += 1
        if self.attempts[id(item)] > self.retries:
            return Outcome(item, error="the grading process died (killed or out of memory) "
                           "on this submission")
        self.suspects.append(item)
        return None


class _Round:
    """One pool of workers and the jobs handed to it (a new round after workers died)."""

    def __init__(self, function: Callable[[Any], Any], workers: int, preload: list[str],
                 tasks_per_worker: int | None, job_ids: Iterator[int]) -> None:
        self.function, self.job_ids = function, job_ids
        self.executor, self.starts = _executor(workers, preload, tasks_per_worker)
        self.running: dict[Future, Any] = {}
        self.jobs: dict[Future, int] = {}
        self.broken = False  # a worker died or was stopped: no more work for this pool

    def submit(self, item: Any) -> None:
        job = next(self.job_ids)
        future = self.executor.submit(_announced, self.function, job, item)
        self.running[future], self.jobs[future] = item, job

    def take(self, future: Future) -> Any:
        """The item of a finished (or abandoned) future, no longer tracked."""
        self.jobs.pop(future, None)
        return self.running.pop(future)

    def late(self, done: set[Future], job_timeout: float | None) -> set[Future]:
        """Futures whose job began in a worker more than ``job_timeout`` seconds ago."""
        if job_timeout is None:
            return set()
        self.starts.update()
        now, times = time.monotonic(), self.starts.times
        return {future for future, job in self.jobs.items() if future not in done
                and job in times and now - times[job] > job_timeout}

    def shutdown(self, terminate: bool = False) -> None:
        """Wait for the workers to exit (stopping them first when ``terminate``)."""
        if terminate:
            _terminate(self.executor)
        self.executor.shutdown(wait=True, cancel_futures=True)


def run_pool(
    function: Callable[[Any], Any],
    items: Iterable[Any],
    *,
    workers: int | None = None,
    stop: StopRequest | None = None,
    preload: list[str] | None = None,
    tasks_per_worker: int | None = 100,
    retries: int = 1,
    job_timeout: float | None = None,
) -> Iterator[Outcome]:
    """Yield one :class:`Outcome` per item, in completion order.

    ``function`` and the items must be picklable. Items not started when a stop
    is requested are not yielded. An item still running ``job_timeout`` seconds
    after it started fails (it is not retried).
    """
    workers = max(1, workers or os.cpu_count() or 1)
    stop = stop or StopRequest()
    work = _Work(items, retries)
    job_ids = itertools.count()
    while work:
        round_ = _Round(function, workers, preload or [], tasks_per_worker, job_ids)
        yield from _run_round(round_, work, stop, 2 * workers, job_timeout)
        if stop.requested:
            return


def _run_round(round_: _Round, work: _Work, stop: StopRequest, queued: int,
               job_timeout: float | None) -> Iterator[Outcome]:
    """Hand ``work`` to ``round_``'s workers (at most ``queued`` items at a time) until it is
    done, a stop is requested or the pool breaks; then shut the pool down."""
    try:
        while round_.running or (not stop.requested and not round_.broken and work):
            if not round_.broken:
                _hand_out(round_, work, stop, queued)
            done, _ = wait(round_.running, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            yield from _stop_late(round_, done, job_timeout)
            yield from _collect(round_, done, work)
    except BaseException:
        round_.shutdown(terminate=True)
        raise
    round_.shutdown()


def _hand_out(round_: _Round, work: _Work, stop: StopRequest, queued: int) -> None:
    """Submit pending items until ``queued`` are in the pool; a suspect goes alone, into an
    idle pool, so that a second death names its culprit."""
    while not stop.requested:
        if work.suspects:
            if not round_.running:
                round_.submit(work.suspects.popleft())
            return
        if not work.pending or len(round_.running) >= queued:
            return
        round_.submit(work.pending.popleft())


def _stop_late(round_: _Round, done: set[Future], job_timeout: float | None
               ) -> Iterator[Outcome]:
    """Fail the jobs running longer than ``job_timeout``; their workers are stuck, so stop
    them all and break the round (the other items running are retried)."""
    late = round_.late(done, job_timeout)
    for future in late:
        yield Outcome(round_.take(future), error=f"grading took longer than "
                      f"{job_timeout:.0f} s and was stopped")
    if late:
        _terminate(round_.executor)
        round_.broken = True


def _collect(round_: _Round, done: set[Future], work: _Work) -> Iterator[Outcome]:
    """The outcomes of the finished futures ``done``; an item whose worker died goes back to
    ``work`` (or fails, when retried enough)."""
    for future in done:
        item = round_.take(future)
        try:
            yield Outcome(item, result=future.result())
        except BrokenProcessPool:
            round_.broken = True
            failed = work.worker_died(item)
            if failed is not None:
                yield failed
        except Exception as exc:  # the function itself failed on this item
            yield Outcome(item, error=f"{type(exc).__name__}: {exc}")
