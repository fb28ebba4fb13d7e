"""What ``grade-all`` shows: a rich progress bar while it runs, a summary at the end."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from autograder.classroom import batch
from autograder.classroom.batch import BatchSummary


class RichProgress(batch.Progress):
    """The batch's progress reporter, drawn on standard error."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._bar = Progress(
            TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
            console=Console(stderr=True), transient=False, disable=not enabled,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.stop()

    def start(self, total: int) -> None:
        self._task = self._bar.add_task("grading", total=total, last="")

    def advance(self, student: str) -> None:
        if self._task is not None:
            self._bar.update(self._task, advance=1, last=student)


def print_batch_summary(summary: BatchSummary, results_dir: Path) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message
    console.print(
        f"{len(summary.students)} students: {len(summary.graded)} graded now, "
        f"{len(summary.skipped)} unchanged since the last run (skipped), "
        f"{len(summary.failed)} grader failures", markup=False)
    console.print(f"isolation: {', '.join(summary.layers)}", markup=False)
    if summary.missing_layers:
        console.print(f"warning: graded WITHOUT {', '.join(summary.missing_layers)} "
                      "(--allow-weak-sandbox)", markup=False)
    for note in summary.notes:
        console.print(f"note: {note}", markup=False)
    for student, error in summary.failed.items():
        console.print(f"grader failed on {student}: {error}", markup=False)
    if summary.interrupted:
        done = len(summary.graded) + len(summary.skipped)
        console.print(f"interrupted: {done} of {len(summary.students)} students are graded; "
                      "run the same command again to grade the rest", markup=False)
    if summary.write_error:
        console.print(f"error: the results could not be written: {summary.write_error}. "
                      f"Every report written so far is kept and recorded; free the space (or "
                      "fix the folder) and run the same command again to continue.", markup=False)
    console.print(f"reports: {results_dir / 'students'}", markup=False)
    if summary.gradebook:
        console.print(f"gradebook: {summary.gradebook}", markup=False)
