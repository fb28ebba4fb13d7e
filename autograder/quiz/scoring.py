"""Scoring rules for every item type, in plain standard-library Python.

This module is deliberately self-contained: the nbgrader quiz notebook embeds
its source, so a notebook and ``quiz grade`` score an answer identically.
Every ``score_*`` function returns the fraction of the item's points earned,
in ``[0, 1]``; ``parse_*`` functions turn a raw answer (from YAML, JSON, a
notebook or the terminal) into the form scored, or raise ``AnswerFormatError``.
"""

from __future__ import annotations

import math
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " \t\n.,;:!?\"'`()[]{}"


class AnswerFormatError(ValueError):
    """An answer that cannot be read as this item type's answer."""


def normalise(text: str, lang: str) -> str:
    """Case- and space-insensitive form of a short answer, with Turkish casing for ``tr``.

    Python's ``"KİP".lower()`` is ``"ki̇p"`` (an i with a combining dot) and
    ``"ISI".lower()`` is ``"isi"``; in Turkish the lower case of ``I`` is ``ı``
    and that of ``İ`` is ``i``.
    """
    text = unicodedata.normalize("NFC", str(text))
    if lang == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    text = text.lower().replace("\u0307", "")  # drop a dot left over from İ
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCTUATION)
    return text


def short_answer_matches(response: str, accepted: list[str], lang: str) -> bool:
    """True if ``response`` equals an accepted answer after normalisation.

    Both casing rules are tried, so a Turkish student who types an English
    term in capitals (``ATTENTION``) is not failed by the dotless-ı rule.
    """
    for rule in (lang, "en" if lang == "tr" else "tr"):
        if normalise(response, rule) in {normalise(a, rule) for a in accepted}:
            return True
    return False


def shown(raw, limit: int = 60) -> str:
    """``raw`` as quoted in a message: its repr, cut to ``limit`` characters."""
    if isinstance(raw, (list, dict, tuple, set)) and len(raw) >= 50:
        return f"<{type(raw).__name__} of {len(raw)} entries>"
    try:
        text = repr(raw)
    except ValueError:  # an integer too long to print
        return "<a very large number>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_key(raw, n_options: int) -> str:
    """One option key such as ``"b"`` (case-insensitive)."""
    key = str(raw).strip().lower()
    valid = "abcdefghij"[:n_options]
    if len(key) != 1 or key not in valid:
        raise AnswerFormatError(f"expected one of {', '.join(valid)}; got {shown(raw)}")
    return key


def parse_keys(raw, n_options: int) -> set[str]:
    """A set of option keys: a list, or a string such as ``"a, c"`` or ``"ac"``."""
    if isinstance(raw, str):
        parts = [p for p in re.split(r"[\s,;]+", raw.strip()) if p]
        if len(parts) == 1 and len(parts[0]) > 1:
            parts = list(parts[0])
    elif isinstance(raw, (list, tuple, set)):
        parts = list(raw)
    else:
        raise AnswerFormatError(f"expected a list of option keys; got {shown(raw)}")
    keys = [parse_key(p, n_options) for p in parts]
    if len(set(keys)) != len(keys):
        raise AnswerFormatError(f"an option is chosen twice in {shown(raw)}")
    return set(keys)


def parse_bool(raw) -> bool:
    """``true``/``false`` and their Turkish words ``doğru``/``yanlış``."""
    if isinstance(raw, bool):
        return raw
    word = normalise(str(raw), "tr")
    if word in {"true", "t", "doğru", "d", "dogru"}:
        return True
    if word in {"false", "f", "yanlış", "y", "yanlis"}:
        return False
    raise AnswerFormatError(f"expected true or false (doğru or yanlış); got {shown(raw)}")


def parse_number(raw) -> float:
    """A finite number; a decimal comma (``0,25``) is accepted."""
    if isinstance(raw, bool):
        raise AnswerFormatError(f"expected a number; got {shown(raw)}")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:
            raise AnswerFormatError(f"expected a number; got {shown(raw)}") from None
    else:
        text = str(raw).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except (ValueError, OverflowError):
            raise AnswerFormatError(f"expected a number; got {shown(raw)}") from None
    if not math.isfinite(value):
        raise AnswerFormatError(f"expected a finite number; got {shown(raw)}")
    return value


def parse_order(raw, n_steps: int) -> list[str]:
    """A permutation of the step keys, e.g. ``["c", "a", "b"]`` or ``"c a b"``."""
    if isinstance(raw, str):
        parts = [p for p in re.split(r"[\s,;>]+", raw.strip()) if p]
        if len(parts) == 1 and len(parts[0]) == n_steps:
            parts = list(parts[0])
    elif isinstance(raw, (list, tuple)):
        parts = list(raw)
    else:
        raise AnswerFormatError(f"expected a list of step keys; got {shown(raw)}")
    keys = [parse_key(p, n_steps) for p in parts]
    if sorted(keys) != list("abcdefghij"[:n_steps]):
        raise AnswerFormatError(
            f"expected each of {', '.join('abcdefghij'[:n_steps])} exactly once; got {shown(raw)}"
        )
    return keys


def parse_matching(raw, n_pairs: int) -> dict[str, int]:
    """A mapping from left keys (``a``...) to right numbers (``1``...)."""
    if not isinstance(raw, dict):
        raise AnswerFormatError(f"expected a mapping such as {{a: 2, b: 1}}; got {shown(raw)}")
    result: dict[str, int] = {}
    for left, right in raw.items():
        key = parse_key(left, n_pairs)
        try:
            number = int(str(right).strip())
        except ValueError:
            raise AnswerFormatError(
                f"{left}: expected a number 1..{n_pairs}; got {right!r}"
            ) from None
        if not 1 <= number <= n_pairs:
            raise AnswerFormatError(f"{left}: expected a number 1..{n_pairs}; got {right!r}")
        result[key] = number
    return result


def score_single(key: str, correct: str) -> float:
    return 1.0 if key == correct else 0.0


def score_multiple(chosen: set[str], correct: set[str]) -> float:
    """Each right choice earns ``1/len(correct)``, each wrong one costs as much; at least 0."""
    hits = len(chosen & correct)
    false_hits = len(chosen - correct)
    return max(0.0, (hits - false_hits) / len(correct))


def score_true_false(answer: bool, correct: bool) -> float:
    return 1.0 if answer == correct else 0.0


def score_numeric(value: float, correct: float, tolerance: float) -> float:
    return 1.0 if abs(value - correct) <= tolerance else 0.0


def score_ordering(order: list[str]) -> float:
    """Fraction of steps in their correct absolute position (the key order a, b, c...)."""
    return sum(k == "abcdefghij"[i] for i, k in enumerate(order)) / len(order)


def score_matching(mapping: dict[str, int], n_pairs: int) -> float:
    """Fraction of left items matched to their own right item (a→1, b→2, ...)."""
    right = sum(mapping.get("abcdefghij"[i]) == i + 1 for i in range(n_pairs))
    return right / n_pairs


def score_answer(kind: str, raw, key: dict) -> float:
    """Score ``raw`` against a JSON-able answer ``key`` (as written into the quiz notebook).

    ``key`` holds ``n`` (options, steps or pairs) and, by kind: ``correct``
    (a key or a list of keys), ``answer`` (bool or number) and ``tolerance``,
    or ``accept`` and ``lang`` for short answers.
    """
    if kind == "single_choice":
        return score_single(parse_key(raw, key["n"]), key["correct"])
    if kind == "multiple_response":
        return score_multiple(parse_keys(raw, key["n"]), set(key["correct"]))
    if kind == "true_false":
        return score_true_false(parse_bool(raw), key["answer"])
    if kind == "numeric":
        return score_numeric(parse_number(raw), key["answer"], key["tolerance"])
    if kind == "ordering":
        return score_ordering(parse_order(raw, key["n"]))
    if kind == "matching":
        return score_matching(parse_matching(raw, key["n"]), key["n"])
    if kind == "short_answer":
        if not isinstance(raw, str):
            raise AnswerFormatError(f"expected a text answer; got {shown(raw)}")
        return 1.0 if short_answer_matches(raw, key["accept"], key["lang"]) else 0.0
    raise ValueError(f"unknown item type {kind!r}")


def quiz_points(kind: str, raw, key: dict, points: float, mapping: dict | None = None) -> float:
    """Points an answer in an nbgrader quiz notebook earns (its test cell's value).

    ``mapping`` turns the letters (or numbers) the student saw into the bank's keys.
    The grader calls it with the answer read from the student's notebook; the quiz
    notebook carries this module's source too, for the student's own runs.
    """
    try:
        if raw is None or raw is Ellipsis:
            raise AnswerFormatError("no answer")
        if mapping is not None and kind in ("single_choice", "multiple_response", "ordering"):
            if kind == "single_choice":
                raw = mapping[parse_key(raw, len(mapping))]
            elif kind == "multiple_response":
                raw = [mapping[k] for k in parse_keys(raw, len(mapping))]
            else:
                raw = [mapping[k] for k in parse_order(raw, len(mapping))]
        if mapping is not None and kind == "matching":
            raw = {k: mapping[int(v)] for k, v in parse_matching(raw, len(mapping)).items()}
        if kind == "numeric_choice":
            raw = key["choices"][parse_key(raw, len(key["choices"]))]
            kind = "numeric"
        fraction = score_answer(kind, raw, key)
    except (AnswerFormatError, KeyError, ValueError, TypeError) as exc:
        print("Could not read the answer / Cevap okunamadı:", exc)
        fraction = 0.0
    return round(points * fraction, 4)
