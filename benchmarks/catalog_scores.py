"""The points each catalog entry earns on its function, by kind of entry.

Grades every entry of ``tests/catalog/submissions/`` (behind the reference
solutions, as the catalog test does) and prints, per graded function, the most
and the least any no-effort entry earned, how many wrong entries lost points
and how many right entries got full points. ``--json FILE`` also writes every
entry's score, checks and feedback keys, so that two versions of the suite can
be compared entry by entry (``--compare OLD.json``).

    .venv/bin/python benchmarks/catalog_scores.py [--json out.json] [--compare old.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder.config import course  # noqa: E402
from autograder.engine import grade_path  # noqa: E402
from tests.conftest import reference_source  # noqa: E402

SUBMISSIONS = REPO / "tests" / "catalog" / "submissions"
KINDS = ("noeffort", "wrong", "right")


def grade_entry(path: Path, workdir: Path) -> dict:
    """One entry's score on its function, its failed checks and their feedback keys."""
    function = path.parent.name
    graded = workdir / path.name
    graded.write_text(reference_source() + "\n\n" + path.read_text(encoding="utf-8"),
                      encoding="utf-8")
    report = grade_path(graded, functions=[function], lang="en")
    failed = [t for t in report.tests if t.status != "passed"]
    return {
        "function": function,
        "kind": path.stem.split("_", 1)[0],
        "score": round(report.score, 4),
        "max_score": round(report.max_score, 4),
        "earned_from": [t.name for t in report.tests if t.score > 0],
        "failed_keys": sorted({t.feedback_key for t in failed}),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write every entry's result to this file")
    parser.add_argument("--compare", type=Path, help="an earlier --json file to compare with")
    args = parser.parse_args(argv)
    entries = sorted(p for p in SUBMISSIONS.glob("*/*.py") if p.stem.startswith(KINDS))
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in entries:
            results[f"{path.parent.name}/{path.stem}"] = grade_entry(path, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    print_table(results)
    if args.compare:
        print_comparison(json.loads(args.compare.read_text(encoding="utf-8")), results)


def print_table(results: dict[str, dict]) -> None:
    print(f"{'function':32} {'points':>6} {'no-effort max':>13} {'min':>5} {'n':>3} "
          f"{'wrong lose':>10} {'right full':>10}")
    for fn in course().functions():
        mine = [r for r in results.values() if r["function"] == fn.name]
        noeffort = [r["score"] for r in mine if r["kind"] == "noeffort"]
        wrong = [r for r in mine if r["kind"] == "wrong"]
        right = [r for r in mine if r["kind"] == "right"]
        print(f"{fn.name:32} {fn.points:>6g} {max(noeffort, default=0):>13.3g} "
              f"{min(noeffort, default=0):>5.3g} {len(noeffort):>3} "
              f"{sum(r['score'] < r['max_score'] for r in wrong):>5}/{len(wrong):<4} "
              f"{sum(r['score'] == r['max_score'] for r in right):>5}/{len(right):<4}")
    print("\nno-effort entries that earn points:")
    for name, r in results.items():
        if r["kind"] == "noeffort" and r["score"] > 0:
            earned = ", ".join(r["earned_from"])
            print(f"  {name}: {r['score']:.3g}/{r['max_score']:g} from {earned}")


def print_comparison(old: dict[str, dict], new: dict[str, dict]) -> None:
    print("\nentries whose verdict changed (wrong: loses points; right: full points):")
    for name in sorted(set(old) & set(new)):
        before, after = old[name], new[name]
        if before["kind"] == "noeffort":
            continue
        full_before = before["score"] == before["max_score"]
        full_after = after["score"] == after["max_score"]
        if full_before != full_after:
            print(f"  {name}: {before['score']:.3g} -> {after['score']:.3g}")
    print("\nwrong entries, points before -> after:")
    for name in sorted(set(old) & set(new)):
        if old[name]["kind"] == "wrong" and old[name]["score"] != new[name]["score"]:
            print(f"  {name}: {old[name]['score']:.3g} -> {new[name]['score']:.3g}"
                  f" of {new[name]['max_score']:g}")


if __name__ == "__main__":
    main()
