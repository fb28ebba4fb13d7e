"""``quiz take``: answer questions in the terminal with immediate feedback.

Options are shuffled for display (per seed, reproducibly) and mapped back to
the bank's keys, so a saved answers file grades exactly like the session did.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TextIO

import numpy as np
import yaml
from rich.console import Console
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table

from autograder.config import Language
from autograder.quiz import scoring
from autograder.quiz.bank import Bank
from autograder.quiz.grading import ItemResult, grade_response
from autograder.quiz.messages import message
from autograder.quiz.schema import (
    OPTION_KEYS,
    Item,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from autograder.quiz.variants import Question, make_question, variant_rng

STYLE = {
    "passed": "green",
    "partial": "yellow",
    "failed": "red",
    "invalid": "red",
    "unanswered": "dim",
}


def display_order(question: Question, n: int) -> list[int]:
    """Bank indices in the order they are shown (a seeded shuffle)."""
    rng = variant_rng(question.seed + 7919, question.id)
    return [int(i) for i in rng.permutation(n)]


def _options(question: Question) -> list[str]:
    """Texts shown as numbered options, in bank order (before shuffling)."""
    item = question.item
    if isinstance(item, SingleChoice | MultipleResponse):
        return [o.text for o in item.options]  # type: ignore[return-value]
    if isinstance(item, Ordering):
        return [s.text for s in item.steps]  # type: ignore[return-value]
    return []


class TerminalQuiz:
    """One quiz session; ``stream`` replaces stdin in tests."""

    def __init__(self, console: Console, lang: Language, stream: TextIO | None = None):
        self.console = console
        self.lang = lang
        self.stream = stream

    def ask(self, prompt: str) -> str:
        return Prompt.ask(prompt, console=self.console, stream=self.stream)

    def show(self, question: Question, number: int, total: int) -> None:
        item, lang = question.item, self.lang
        body = question.text(item.prompt, lang)
        if isinstance(item, MultipleResponse):
            body += "\n" + message("multiple_response_hint", lang)
        self.console.print(Panel(body, title=f"{number}/{total} · {item.id}", title_align="left"))

    def read_answer(self, question: Question):
        """Ask until the answer can be read; return it in answers-file form (bank keys)."""
        item, lang = question.item, self.lang
        if isinstance(item, Matching):
            return self._read_matching(question)
        kind = "numeric_choice" if isinstance(item, Numeric) and question.choices else item.type
        prompt = message(f"take_prompt.{kind}", lang)
        if isinstance(item, SingleChoice | MultipleResponse | Ordering):
            texts = _options(question)
            order = display_order(question, len(texts))
            for shown, index in enumerate(order, start=1):
                self.console.print(f"  [bold]{shown}[/bold]) {question.text(texts[index], lang)}")
        elif isinstance(item, Numeric) and question.choices:
            for shown, value in enumerate(question.choices):
                self.console.print(f"  [bold]{OPTION_KEYS[shown]}[/bold]) {question.number(value)}")
        while True:
            raw = self.ask(prompt)
            try:
                return self._convert(question, raw)
            except scoring.AnswerFormatError:
                expected = message(f"expected.{kind}", lang)
                self.console.print(message("try_again", lang, expected=expected), style="yellow")

    def _convert(self, question: Question, raw: str):
        item = question.item
        if isinstance(item, SingleChoice | MultipleResponse | Ordering):
            n = len(_options(question))
            order = display_order(question, n)
            numbers = [p for p in raw.replace(",", " ").split() if p]
            try:
                shown = [int(p) for p in numbers]
            except ValueError:
                raise scoring.AnswerFormatError(raw) from None
            if any(not 1 <= s <= n for s in shown) or len(set(shown)) != len(shown):
                raise scoring.AnswerFormatError(raw)
            keys = [OPTION_KEYS[order[s - 1]] for s in shown]
            if isinstance(item, SingleChoice):
                if len(keys) != 1:
                    raise scoring.AnswerFormatError(raw)
                return keys[0]
            if isinstance(item, Ordering):
                return scoring.parse_order(keys, n)
            return sorted(keys)
        if isinstance(item, TrueFalse):
            return scoring.parse_bool(raw)
        if isinstance(item, Numeric):
            letters = OPTION_KEYS[: len(question.choices)]
            if question.choices and raw.strip().lower() in letters:
                return question.choices[letters.index(raw.strip().lower())]
            return scoring.parse_number(raw)
        if not raw.strip():
            raise scoring.AnswerFormatError(raw)
        return raw.strip()

    def _read_matching(self, question: Question) -> dict[str, int]:
        item, lang = question.item, self.lang
        assert isinstance(item, Matching)
        n = len(item.pairs)
        order = display_order(question, n)  # right-hand sides, shuffled
        for shown, index in enumerate(order, start=1):
            self.console.print(
                f"  [bold]{shown}[/bold]) {question.text(item.pairs[index].right, lang)}"
            )
        answer: dict[str, int] = {}
        for i, pair in enumerate(item.pairs):
            left = question.text(pair.left, lang)
            while True:
                raw = self.ask(
                    message("take_prompt.matching", lang, left=f"{OPTION_KEYS[i]}) {left}")
                )
                try:
                    shown = int(raw.strip())
                    if not 1 <= shown <= n:
                        raise ValueError
                except ValueError:
                    expected = message("expected.matching", lang)
                    self.console.print(
                        message("try_again", lang, expected=expected), style="yellow"
                    )
                    continue
                answer[OPTION_KEYS[i]] = order[shown - 1] + 1
                break
        return answer

    def feedback(self, result: ItemResult) -> None:
        self.console.print(result.output, style=STYLE[result.status])
        self.console.print(
            message("points", self.lang, score=result.score, max_score=result.max_score)
        )
        self.console.print()

    def summary(self, results: list[ItemResult], bank: Bank) -> None:
        lang = self.lang
        by_section: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for r in results:
            by_section[r.section][0] += r.score
            by_section[r.section][1] += r.max_score
        table = Table(title=message("summary_title", lang))
        table.add_column(message("summary_section", lang))
        table.add_column(message("summary_score", lang), justify="right")
        for section, (score, max_score) in by_section.items():
            table.add_row(bank.sections[section].title(lang), f"{score:g} / {max_score:g}")
        total = sum(r.score for r in results), sum(r.max_score for r in results)
        table.add_row(
            f"[bold]{message('summary_total', lang)}[/bold]",
            f"[bold]{total[0]:g} / {total[1]:g}[/bold]",
        )
        self.console.print(table)


def choose_items(items: list[Item], limit: int | None, seed: int) -> list[Item]:
    """A seeded random subset of ``limit`` items, kept in bank order."""
    if limit is None or limit >= len(items):
        return items
    picked = set(np.random.default_rng(seed).choice(len(items), size=limit, replace=False).tolist())
    return [item for i, item in enumerate(items) if i in picked]


def run_quiz(
    bank: Bank,
    items: list[Item],
    *,
    lang: Language,
    seed: int,
    student: str,
    console: Console,
    stream: TextIO | None = None,
    save: Path | None = None,
) -> list[ItemResult]:
    """Ask every item, show feedback and a summary; optionally save an answers file."""
    quiz = TerminalQuiz(console, lang, stream)
    if not items:
        console.print(message("no_items", lang))
        return []
    console.rule(message("take_title", lang, count=len(items)))
    answers: dict[str, object] = {}
    results: list[ItemResult] = []
    for number, item in enumerate(items, start=1):
        question = make_question(item, seed)
        quiz.show(question, number, len(items))
        answer = quiz.read_answer(question)
        answers[item.id] = answer
        result = grade_response(question, answer, lang)
        results.append(result)
        quiz.feedback(result)
    quiz.summary(results, bank)
    if save is not None:
        document = {
            "student": student,
            "lang": lang,
            "seed": seed,
            "items": [item.id for item in items],
            "answers": answers,
        }
        save.write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        console.print(message("saved", lang, path=save))
    return results
