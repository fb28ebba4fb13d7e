"""``demo``: grade the bundled sample submissions (the README's first command)."""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.paths import REPO_ROOT

SAMPLES_DIR = REPO_ROOT / "samples" / "submissions"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="grade the bundled sample submissions",
        description="Grade every file in samples/submissions and write the reports to --out.",
    )
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "out" / "demo",
                        help="folder for the reports (default: out/demo)")
    parser.add_argument("--lang", choices=("tr", "en"), default=None)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from autograder.engine import grade_path

    args.out.mkdir(parents=True, exist_ok=True)
    table = Table(title="Sample submissions")
    for column in ("submission", "score", "time (s)", "report"):
        table.add_column(column)
    for path in sorted(SAMPLES_DIR.iterdir()):
        report = grade_path(path, lang=args.lang)
        (args.out / f"{path.stem}.json").write_text(report.to_json() + "\n", encoding="utf-8")
        text_path = args.out / f"{path.stem}.txt"
        text_path.write_text(report.to_text(), encoding="utf-8")
        table.add_row(path.name, f"{report.score:.4g}/{report.max_score:.4g}",
                      f"{report.duration_seconds:.2f}", str(text_path.relative_to(Path.cwd())
                      if text_path.is_relative_to(Path.cwd()) else text_path))
    Console().print(table)
    return 0
