"""``quiz export``: Moodle XML, Canvas QTI or an nbgrader notebook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.commands._common import OK, USAGE_ERROR, error
from autograder.commands.quiz._common import add_scope_options, language, scoped_bank
from autograder.languages import Language

if TYPE_CHECKING:
    from autograder.quiz.bank import Bank
    from autograder.quiz.export_common import ExportReport
    from autograder.quiz.schema import Item


def register(quiz) -> None:
    export = quiz.add_parser("export", help="Moodle XML, Canvas QTI or an nbgrader notebook")
    export.add_argument("format", choices=tuple(WRITERS))
    export.add_argument("--out", type=Path, required=True, help=".xml, .zip or .ipynb file")
    add_scope_options(export)
    export.add_argument("--variants", type=int, default=5, help="variants per parametrised item")
    export.add_argument("--seed", type=int, default=0, help="variant seed (notebook)")
    export.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    bank = scoped_bank(args)
    if isinstance(bank, int):
        return bank
    if args.variants < 1:
        error("--variants must be at least 1")
        return USAGE_ERROR
    items = bank.select(args.module, args.section)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = WRITERS[args.format](bank, items, language(args), args)
    if report is None:
        return USAGE_ERROR
    print(f"wrote {args.out}")
    for line in report.lines():
        print(line)
    return OK


def _moodle(bank: Bank, items: list[Item], lang: Language,
            args: argparse.Namespace) -> ExportReport:
    from autograder.quiz.export_moodle import export_moodle

    xml, report = export_moodle(bank, items, lang, args.variants)
    args.out.write_text(xml, encoding="utf-8")
    return report


def _qti(bank: Bank, items: list[Item], lang: Language,
         args: argparse.Namespace) -> ExportReport | None:
    """The QTI zip; None after saying that text2qti is missing."""
    from autograder.quiz.export_qti import export_qti

    try:
        return export_qti(bank, items, lang, args.out, args.variants)
    except ModuleNotFoundError:
        error("the QTI export needs text2qti: pip install 'transformer-course[notebooks]'")
        return None


def _notebook(bank: Bank, items: list[Item], lang: Language,
              args: argparse.Namespace) -> ExportReport:
    import nbformat

    from autograder.quiz.export_notebook import build_notebook

    notebook, report = build_notebook(bank, items, lang, args.seed)
    nbformat.write(notebook, args.out)
    return report


# format -> write the file; the report of what was exported (None: could not, said why)
WRITERS = {"moodle": _moodle, "qti": _qti, "notebook": _notebook}
