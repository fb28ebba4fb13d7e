"""``quiz take``: answer questions in the terminal.

Choices are shuffled for display (per seed, reproducibly) and recorded with the
keys the answers file uses. With a bank that has its keys, each answer gets its
feedback at once; without keys (a graded course's student package) answers are only
recorded, for the instructor to grade. With ``--save FILE`` every answer is written
as soon as it is given (:mod:`autograder.quiz.answers_store`); Ctrl-C or the end of
the input stop the quiz with a summary of what was saved. Bank texts are printed
literally: ``[p, 2i]`` is text, not terminal markup.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from autograder.languages import Language
from autograder.quiz.answers_store import AnswersStore
from autograder.quiz.item_types import ByItemType
from autograder.quiz.messages import message, plural
from autograder.quiz.schema import (
    OPTION_KEYS,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from autograder.quiz.view import QuestionView

STYLE = {
    "passed": "green",
    "partial": "yellow",
    "failed": "red",
    "invalid": "red",
    "unanswered": "dim",
}
FINISHED, END_OF_INPUT, INTERRUPTED = "finished", "end_of_input", "interrupted"


class AnswerFormatError(ValueError):
    """What was typed cannot be read as an answer to this question."""


@dataclass
class Asked:
    """One question to ask: its view, and how to grade an answer (None: record only)."""

    view: QuestionView
    grade: Callable[[object], object] | None = None  # answer -> ItemResult
    points: float = 1.0


@dataclass
class TakeOutcome:
    """How a session ended: what was answered, graded and saved."""

    stopped: str  # FINISHED, END_OF_INPUT or INTERRUPTED
    total: int
    answered: list[str] = field(default_factory=list)  # item ids, in order
    results: list = field(default_factory=list)  # ItemResult of graded answers
    saved: int = 0  # answers in the saved file (all sessions)


class TerminalQuiz:
    """One quiz session's input and output; ``stream`` replaces standard input in tests."""

    def __init__(self, console: Console, lang: Language, stream: TextIO | None = None):
        self.console = console
        self.lang = lang
        self.stream = stream

    def ask(self, prompt: str) -> str:
        """One line of input after ``prompt``.

        Raises:
            EOFError: the input ended.
        """
        self.console.print(Text(f"{prompt}: ", style="bold"), end="")
        stream = self.stream or sys.stdin
        if self.stream is None and stream.isatty():
            return input()  # line editing; the terminal shows what is typed
        line = stream.readline()
        if not line:
            raise EOFError
        self.console.print(Text(line.rstrip("\n")), highlight=False)  # show scripted input
        return line

    def show(self, view: QuestionView, number: int, total: int) -> None:
        body = Text(view.prompt)
        if view.type == "multiple_response":
            body.append("\n" + message("multiple_response_hint", self.lang))
        self.console.print(Panel(body, title=Text(f"{number}/{total} · {view.id}"),
                                 title_align="left"))

    def _option_line(self, label: str, text: str) -> None:
        self.console.print(Text.assemble("  ", (label, "bold"), ") ", text), highlight=False)

    def read_answer(self, view: QuestionView):
        """Ask until the answer can be read; return it in answers-file form."""
        from_line = FROM_LINE.of(view)
        if from_line is None:
            return self._read_matching(view)
        kind = "numeric_choice" if view.numbers else view.type
        order = view.display_order(len(view.choices))
        for shown, index in enumerate(order, start=1):
            self._option_line(str(shown), view.choices[index][1])
        for shown, number in enumerate(view.numbers):
            self._option_line(OPTION_KEYS[shown], number)
        while True:
            raw = self.ask(message(f"take_prompt.{kind}", self.lang))
            try:
                return from_line(view, raw, order)
            except AnswerFormatError:
                expected = message(f"typed.{kind}", self.lang)
                self.console.print(Text(message("try_again", self.lang, expected=expected),
                                        style="yellow"))

    def _read_matching(self, view: QuestionView) -> dict[str, object]:
        order = view.display_order(len(view.choices))  # right-hand sides, shuffled
        for shown, index in enumerate(order, start=1):
            self._option_line(str(shown), view.choices[index][1])
        answer: dict[str, object] = {}
        for i, left in enumerate(view.lefts):
            while True:
                raw = self.ask(message("take_prompt.matching", self.lang,
                                       left=f"{OPTION_KEYS[i]}) {left}"))
                try:
                    shown = int(raw.strip())
                    if not 1 <= shown <= len(order):
                        raise ValueError
                except ValueError:
                    self.console.print(Text(message("try_again", self.lang,
                                                    expected=message("typed.matching",
                                                                     self.lang)),
                                            style="yellow"))
                    continue
                key = view.choices[order[shown - 1]][0]
                answer[OPTION_KEYS[i]] = int(key) if key.isdigit() else key
                break
        return answer

    def feedback(self, result) -> None:
        self.console.print(Text(result.output, style=STYLE[result.status]))
        self.console.print(Text(message("points", self.lang, score=result.score,
                                        max_score=result.max_score)))
        self.console.print()

    def recorded(self) -> None:
        self.console.print(Text(message("recorded", self.lang), style="dim"))
        self.console.print()

    def summary(self, results: list, section_title: Callable[[str], str]) -> None:
        lang = self.lang
        by_section: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for r in results:
            by_section[r.section][0] += r.score
            by_section[r.section][1] += r.max_score
        table = Table(title=message("summary_title", lang))
        table.add_column(message("summary_section", lang))
        table.add_column(message("summary_score", lang), justify="right")
        for section, (score, max_score) in by_section.items():
            table.add_row(Text(section_title(section)), f"{score:g} / {max_score:g}")
        total = sum(r.score for r in results), sum(r.max_score for r in results)
        table.add_row(Text(message("summary_total", lang), style="bold"),
                      Text(f"{total[0]:g} / {total[1]:g}", style="bold"))
        self.console.print(table)


def convert(view: QuestionView, raw: str, order: list[int]):
    """What was typed for ``view`` (numbers of the choices as shown), in answers-file form.

    Raises:
        AnswerFormatError: it cannot be read as an answer to this question.
        TypeError: a matching question is answered pair by pair, not with one line.
    """
    from_line = FROM_LINE.of(view)
    if from_line is None:
        raise TypeError("a matching question is answered pair by pair")
    return from_line(view, raw, order)


def _chosen_keys(view: QuestionView, raw: str, order: list[int]) -> list[str]:
    """The keys of the choices whose shown numbers were typed (each at most once)."""
    n = len(view.choices)
    try:
        shown = [int(p) for p in raw.replace(",", " ").split()]
    except ValueError:
        raise AnswerFormatError(raw) from None
    if any(not 1 <= s <= n for s in shown) or len(set(shown)) != len(shown):
        raise AnswerFormatError(raw)
    return [view.choices[order[s - 1]][0] for s in shown]


def _one_choice(view: QuestionView, raw: str, order: list[int]) -> str:
    keys = _chosen_keys(view, raw, order)
    if len(keys) != 1:
        raise AnswerFormatError(raw)
    return keys[0]


def _some_choices(view: QuestionView, raw: str, order: list[int]) -> list[str]:
    return sorted(_chosen_keys(view, raw, order))


def _every_step(view: QuestionView, raw: str, order: list[int]) -> list[str]:
    keys = _chosen_keys(view, raw, order)
    if len(keys) != len(view.choices):
        raise AnswerFormatError(raw)
    return keys


def _true_or_false(view: QuestionView, raw: str, order: list[int]) -> bool:
    from autograder.quiz import scoring

    try:
        return scoring.parse_bool(raw)
    except scoring.AnswerFormatError:
        raise AnswerFormatError(raw) from None


def _number(view: QuestionView, raw: str, order: list[int]) -> float:
    """A number, or the letter of a number shown as a choice."""
    from autograder.quiz import scoring

    letters = OPTION_KEYS[: len(view.numbers)]
    if view.numbers and raw.strip().lower() in letters:
        return view.values[letters.index(raw.strip().lower())]
    try:
        return scoring.parse_number(raw)
    except scoring.AnswerFormatError:
        raise AnswerFormatError(raw) from None


def _text(view: QuestionView, raw: str, order: list[int]) -> str:
    if not raw.strip():
        raise AnswerFormatError(raw)
    return raw.strip()


# item type -> how the line typed becomes an answer; None: asked pair by pair (matching)
FROM_LINE: ByItemType[Callable[[QuestionView, str, list[int]], object] | None] = ByItemType(
    "typed answers", {
        SingleChoice: _one_choice,
        MultipleResponse: _some_choices,
        TrueFalse: _true_or_false,
        Numeric: _number,
        Ordering: _every_step,
        Matching: None,
        ShortAnswer: _text,
    })


def choose_items(items: list, limit: int | None, seed: int) -> list:
    """A seeded random subset of ``limit`` items, kept in bank order."""
    if limit is None or limit >= len(items):
        return items
    picked = set(random.Random(seed).sample(range(len(items)), limit))
    return [item for i, item in enumerate(items) if i in picked]


def run_quiz(
    asked: list[Asked | Callable[[], Asked]],
    *,
    lang: Language,
    console: Console,
    section_title: Callable[[str], str],
    stream: TextIO | None = None,
    store: AnswersStore | None = None,
) -> TakeOutcome:
    """Ask every question; show feedback when it can be graded; save each answer at once.

    A question may be given as a function that makes it, called when its turn comes (a
    variant is drawn only then). Ctrl-C and the end of the input stop the quiz; the
    outcome says how it ended, and the summary printed says what was saved.
    """
    quiz = TerminalQuiz(console, lang, stream)
    outcome = TakeOutcome(FINISHED, len(asked))
    if not asked:
        console.print(Text(message("no_items", lang)))
        return outcome
    console.rule(Text(plural("take_title", len(asked), lang)))
    record_only = store is not None and all(isinstance(a, Asked) and a.grade is None
                                            for a in asked)
    if record_only and store is not None:
        console.print(Text(message("graded_intro", lang, path=store.path), style="bold"))
    try:
        for number, question in enumerate(asked, start=1):
            _ask(quiz, question if isinstance(question, Asked) else question(), number, outcome,
                 store)
    except EOFError:
        outcome.stopped = END_OF_INPUT
    except KeyboardInterrupt:
        outcome.stopped = INTERRUPTED
    _report_end(quiz, outcome, section_title, store)
    return outcome


def _ask(quiz: TerminalQuiz, question: Asked, number: int, outcome: TakeOutcome,
         store: AnswersStore | None) -> None:
    """Ask one question; save its answer, then grade it when it can be graded."""
    quiz.show(question.view, number, outcome.total)
    answer = quiz.read_answer(question.view)
    if store is not None:
        store.record(question.view.id, answer)
    outcome.answered.append(question.view.id)
    if question.grade is None:
        quiz.recorded()
        return
    result = question.grade(answer)
    outcome.results.append(result)
    quiz.feedback(result)


def _report_end(quiz: TerminalQuiz, outcome: TakeOutcome, section_title: Callable[[str], str],
                store: AnswersStore | None) -> None:
    """Say why the quiz stopped early (if it did), the scores, and what was saved."""
    console, lang = quiz.console, quiz.lang
    console.print()
    if outcome.stopped != FINISHED:
        console.print(Text(plural(f"stopped.{outcome.stopped}", outcome.total, lang,
                                  answered=len(outcome.answered)), style="yellow"))
    if outcome.results:
        quiz.summary(outcome.results, section_title)
    outcome.saved = store.count if store is not None else 0
    if store is not None:
        console.print(Text(plural("saved", outcome.saved, lang, path=store.path,
                                  session=len(store.session))))
    elif outcome.answered:
        console.print(Text(message("not_saved", lang), style="yellow"))
