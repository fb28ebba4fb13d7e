"""The quiz bank compiled for the student package: no YAML, no generators, no solutions.

Anything installed where students work is readable by them, answer keys included.
``course.yaml`` (``quiz_mode``) says what the student package ships:

- ``practice``: the whole bank with its keys and every variant of every parametrised
  item precomputed (values, answer, the known mistakes' values), so ``quiz take`` gives
  instant feedback and ``progress`` scores attempts, without the reference solutions.
- ``graded``: the questions only. Each choice (option, step, right-hand side) is named
  by a fingerprint of its text (:func:`autograder.quiz.view.fingerprint`) and listed in
  fingerprint order, which says nothing of which option is right or of the correct
  order; variants carry the values a prompt shows (and a choice item's numbers), never
  the answer. ``quiz take`` records answers for the instructor, whose grader (a clone of
  the repository) maps fingerprints back to the bank's letters.

:func:`compile_bank` runs when the package is built (``student-package``); the rest
runs in the installed package.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder.quiz.item_types import ByItemType
from autograder.quiz.schema import (
    Item,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Section,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from autograder.quiz.view import QuestionView, fingerprint

COMPILED_FILE = Path(__file__).with_name("bank.json")
FORMAT = 1
MODES = ("practice", "graded")


# ------------------------------------------------------------------ building (instructor side)


def compile_bank(bank, mode: str) -> dict:
    """The bank as the student package ships it in ``mode`` (see the module's docstring)."""
    from autograder.quiz.variants import VARIANTS_PER_ITEM, draw

    if mode not in MODES:
        raise ValueError(f"quiz mode {mode!r}: expected one of {MODES}")
    variants = {}
    for item in bank.items:
        if item.parametrised:
            drawn = [draw(item, k) for k in range(VARIANTS_PER_ITEM)]
            if mode == "graded":  # what the prompt shows, never the answer or a mistake
                drawn = [{"values": d["values"], "choices": _shuffled_numbers(d)} for d in drawn]
            variants[item.id] = drawn
    items = [item.model_dump(mode="json") if mode == "practice" else _question_only(item)
             for item in bank.items]
    data = {
        "format": FORMAT,
        "mode": mode,
        "sections": [section.model_dump(mode="json") for section in bank.sections.values()],
        "module_of": dict(bank.module_of),
        "items": items,
        "variants": variants,
    }
    json.dumps(data)  # plain data only
    return data


def _shuffled_numbers(drawn: dict) -> list[float]:
    """A choice item's numbers in the order shown (already shuffled: the answer is one)."""
    return list(drawn["choices"])


def _question_only(item: Item) -> dict:
    """What a student may see of ``item``: its texts, with choices named by fingerprints."""
    entry = {"id": item.id, "section": item.section, "type": item.type,
             "points": float(item.points), "prompt": item.prompt.model_dump(),
             "parametrised": item.parametrised}
    return {**entry, **QUESTIONS_ONLY.of(item)(item)}


def _options_only(item: SingleChoice | MultipleResponse) -> dict:
    return {"choices": _named(item.id, [option.text for option in item.options])}


def _steps_only(item: Ordering) -> dict:
    return {"choices": _named(item.id, [step.text for step in item.steps])}


def _pairs_only(item: Matching) -> dict:
    return {"lefts": [pair.left.model_dump() for pair in item.pairs],
            "choices": _named(item.id, [pair.right for pair in item.pairs])}


def _decimals_only(item: Numeric) -> dict:
    return {"decimals": item.decimals}


def _prompt_only(item: Item) -> dict:
    return {}


# item type -> the fields of its entry besides those every entry has
QUESTIONS_ONLY: ByItemType[Callable[..., dict]] = ByItemType("questions only", {
    SingleChoice: _options_only,
    MultipleResponse: _options_only,
    TrueFalse: _prompt_only,
    Numeric: _decimals_only,
    Ordering: _steps_only,
    Matching: _pairs_only,
    ShortAnswer: _prompt_only,
})

# item type -> whether its shipped questions list choices
LISTS_CHOICES: ByItemType[bool] = ByItemType("lists choices", {
    SingleChoice: True,
    MultipleResponse: True,
    TrueFalse: False,
    Numeric: False,
    Ordering: True,
    Matching: True,
    ShortAnswer: False,
})


def _named(item_id: str, texts: list) -> list[dict]:
    named = [{"key": fingerprint(item_id, text.en), "text": text.model_dump()} for text in texts]
    return sorted(named, key=lambda entry: entry["key"])


def write_compiled(bank, mode: str, path: Path = COMPILED_FILE) -> Path:
    path.write_text(json.dumps(compile_bank(bank, mode), ensure_ascii=False), encoding="utf-8")
    return path


# ------------------------------------------------------------------ in the student package


@cache
def shipped() -> dict | None:
    """The compiled bank this package ships, or None (a clone of the repository)."""
    if not COMPILED_FILE.is_file():
        return None
    return json.loads(COMPILED_FILE.read_text(encoding="utf-8"))


def mode() -> str | None:
    """``practice`` or ``graded`` for the student package, None for a clone."""
    data = shipped()
    return data["mode"] if data else None


def practice_bank():
    """The shipped practice bank, with its variants precomputed (remembered between runs).

    Raises:
        BankError: this package ships the questions only (a graded course).
    """
    from autograder.quiz.bank import BankError, Issue

    if mode() != "practice":
        raise BankError([Issue("quiz bank", None, None, "this copy of the course has no answer "
                               "keys: its quizzes are graded by the instructor")])
    from autograder.quiz import variants

    data = shipped()
    if data is None:  # mode() is "practice": there is a compiled bank
        raise BankError([Issue("quiz bank", None, None, "no compiled quiz bank here")])
    variants.PRECOMPUTED.update(data["variants"])
    return remembered_bank(lambda: _practice_bank(data), sources=[COMPILED_FILE])


def _practice_bank(data: dict):
    from autograder.quiz.bank import Bank, item_adapter

    sections = {s["id"]: Section.model_validate(s) for s in data["sections"]}
    items = [item_adapter().validate_python(raw) for raw in data["items"]]
    return Bank(sections=sections, items=items, module_of=dict(data["module_of"]),
                location={item.id: ("bank.json", None) for item in items})


def remembered_bank(build: Callable, sources: list[Path] | None = None):
    """``build()`` (a validated Bank), remembered between runs under its sources' content."""
    from autograder import compiled as cache
    from autograder.config import COURSE_FILE, course
    from autograder.paths import REPO_ROOT, SOLUTIONS_DIR

    here = Path(__file__).parent
    if sources is None:
        sources = [COURSE_FILE, REPO_ROOT / "quizzes" / "sections.yaml",
                   *(REPO_ROOT / f for m in course().modules for f in m.quizzes),
                   *sorted(SOLUTIONS_DIR.glob("*.py"))]
    code = [here / name for name in ("schema.py", "bank.py", "variants.py", "generators.py",
                                     "compiled.py")]
    package = Path(cache.__file__).parent
    code += [package / name for name in ("config.py", "yamlfile.py", "yamlfast.py")]
    return cache.remembered("quiz-bank", [*sources, *code, cache.package_file(
        "pydantic", "version.py")], build)


@dataclass
class QuestionsOnly:
    """A graded course's shipped bank: what ``quiz take`` shows, no key."""

    data: dict

    @property
    def items(self) -> list[dict]:
        return self.data["items"]

    @property
    def sections(self) -> dict[str, dict]:
        return {s["id"]: s for s in self.data["sections"]}

    def select(self, modules: list[str] | None = None, sections: list[str] | None = None
               ) -> list[dict]:
        """Items of the given modules and sections (all when None), in bank order."""
        module_of = self.data["module_of"]
        return [item for item in self.items
                if (not modules or module_of[item["id"]] in modules)
                and (not sections or item["section"] in sections)]

    def section_title(self, section: str, lang: str) -> str:
        return self.sections[section]["title"][lang]

    def view(self, item: dict, seed: int, lang: str) -> QuestionView:
        """``item`` as the student sees it for ``seed`` (its variant's values filled in)."""
        from autograder.quiz.variants import format_number, variant_index

        variant = (self.data["variants"][item["id"]][variant_index(seed)]
                   if item["parametrised"] else {"values": {}, "choices": []})

        def text(bilingual: dict) -> str:
            raw = bilingual[lang]
            return raw.format(**variant["values"]) if item["parametrised"] else raw

        numbers = tuple(format_number(v, item.get("decimals", 3)) for v in variant["choices"])
        return QuestionView(
            id=item["id"], section=item["section"], type=item["type"],
            prompt=text(item["prompt"]), seed=seed,
            choices=tuple((c["key"], text(c["text"])) for c in item.get("choices", [])),
            lefts=tuple(text(left) for left in item.get("lefts", [])),
            numbers=numbers, values=tuple(variant["choices"]),
        )


def questions_only() -> QuestionsOnly | None:
    """The shipped questions of a graded course, else None."""
    data = shipped()
    return QuestionsOnly(data) if data is not None and data["mode"] == "graded" else None


# What a graded package must never hold: the names under which keys live in a bank item.
KEY_FIELDS = frozenset({"correct", "answer", "accept", "feedback", "feedback_true",
                        "feedback_false", "explanation", "distractors", "wrong_answers",
                        "misconception", "tolerance", "relative_tolerance", "mistakes",
                        "generator", "params"})


def check_questions(questions: QuestionsOnly) -> list[str]:
    """Problems of a shipped question-only bank (empty when it is usable and keyless)."""
    from autograder.config import LANGUAGES
    from autograder.quiz.variants import VARIANTS_PER_ITEM

    problems = []
    variants = questions.data.get("variants", {})
    for item in questions.items:
        where = f"bank.json: {item.get('id', '?')}"
        leaked = _key_fields(item) | {f for v in variants.get(item.get("id"), [])
                                       for f in _key_fields(v)}
        if leaked:
            problems.append(f"{where}: holds answer keys ({', '.join(sorted(leaked))})")
        if item.get("section") not in questions.sections:
            problems.append(f"{where}: unknown section {item.get('section')!r}")
        if LISTS_CHOICES.named(item.get("type")) and not item.get("choices"):
            problems.append(f"{where}: no choices")
        if item.get("parametrised") and len(variants.get(item["id"], [])) != VARIANTS_PER_ITEM:
            problems.append(f"{where}: expected {VARIANTS_PER_ITEM} variants")
        for lang in LANGUAGES:
            try:
                for seed in range(VARIANTS_PER_ITEM if item.get("parametrised") else 1):
                    questions.view(item, seed, lang)
            except Exception as exc:
                problems.append(f"{where}: cannot be shown in {lang}: {type(exc).__name__}: "
                                f"{exc}")
                break
    return problems


def _key_fields(value) -> set[str]:
    if isinstance(value, dict):
        found = {k for k in value if k in KEY_FIELDS}
        for inner in value.values():
            found |= _key_fields(inner)
        return found
    if isinstance(value, list):
        return set().union(*(_key_fields(v) for v in value)) if value else set()
    return set()
