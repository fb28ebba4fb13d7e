"""The worker pool: results for every item, even when a worker dies or the function raises."""

from __future__ import annotations

from autograder.classroom.pool import run_pool


def test_when_a_worker_dies_or_raises_then_only_that_item_fails():
    items = ["1 + 1", "__import__('os')._exit(3)", "2 * 3", "1 / 0", "4 - 1"]
    outcomes = {o.item: o for o in run_pool(eval, items, workers=2)}
    assert set(outcomes) == set(items)
    assert [outcomes[i].result for i in ("1 + 1", "2 * 3", "4 - 1")] == [2, 6, 3]
    assert "died" in outcomes["__import__('os')._exit(3)"].error
    assert outcomes["1 / 0"].error.startswith("ZeroDivisionError")


def test_when_an_item_runs_past_the_job_timeout_then_it_alone_fails_and_the_rest_finish():
    items = ["1 + 1", "__import__('time').sleep(60)", "2 * 3", "4 - 1", "5 + 5"]
    outcomes = {o.item: o for o in run_pool(eval, items, workers=2, job_timeout=2)}
    assert set(outcomes) == set(items)
    assert "longer than 2 s" in outcomes["__import__('time').sleep(60)"].error
    assert [outcomes[i].result for i in ("1 + 1", "2 * 3", "4 - 1", "5 + 5")] == [2, 6, 3, 10]
