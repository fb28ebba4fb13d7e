"""Command line: ``python -m autograder COMMAND ...``.

A thin layer. Each command lives in its own module that exposes
``register(subparsers)``; the module's heavy imports happen only when its
command runs, so ``grade`` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from autograder.commands._common import FAILED, USAGE_ERROR
from autograder.yamlfile import YamlFileError

# Modules that each add one or more sub-commands, in the order --help lists them.
COMMAND_MODULES = [
    "autograder.commands.grade",
    "autograder.commands.package",
    "autograder.commands.quiz",
    "autograder.commands.notebooks",
    "autograder.commands.classroom",
    "autograder.commands.progress",
]

# Commands that grade in the sandbox: its fork server starts before anything else is
# imported, and boots on the other core meanwhile.
SANDBOX_COMMANDS = frozenset({"grade", "progress"})

# The learner's commands, each with the one module that adds it: when one of them is run,
# only its module is imported (the others cost a few hundredths of a second per command).
LEARNER_COMMANDS = {
    "grade": "autograder.commands.grade",
    "progress": "autograder.commands.progress",
    "quiz": "autograder.commands.quiz",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only ``command``'s part when it is a learner's command
    (its options, help and errors are the same either way)."""
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description="Grade Transformer-course submissions and quizzes.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = LEARNER_COMMANDS.get(command or "")
    for name in [only] if only else COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    # The grader uses no pydantic plugin; looking for them scans every installed package's
    # metadata at the first model (about 20 ms of every command).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    words = sys.argv[1:] if argv is None else argv
    if words and words[0] in SANDBOX_COMMANDS:
        from autograder.sandbox import zygote

        if zygote.supported():
            zygote.get()
    parser = build_parser(words[0] if words else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    try:
        status = int(args.run(args) or 0)
    except YamlFileError as exc:  # a data file the command did not expect to be broken
        print(f"error: {exc}", file=sys.stderr)
        return FAILED
    # The command is done: what is left lives until the interpreter exits, so the garbage
    # collection Python runs at exit need not walk it (about 0.1 s of every command).
    gc.freeze()
    return status
