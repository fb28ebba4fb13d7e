"""Every Turkish text of the repository follows docs/glossary.tr.yaml.

Turkish texts are the values under a ``tr`` key of every tracked YAML file
(notebook sources with their code_text pairs, quiz bank and sections, feedback,
interface and notebook strings, course.yaml, test fixtures) and the string
literals with Turkish letters in the package's Python code. Answer keys
(``accept``, ``answers``: what a student may type) are not prose and are left
out. A failure names the file, the line and the term to use.
"""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from autograder.paths import REPO_ROOT

GLOSSARY = REPO_ROOT / "docs" / "glossary.tr.yaml"
SKIPPED_DIRS = ("tests/catalog/submissions/", "tests/attacks/submissions/")
ANSWER_KEYS = {"accept", "answers"}
TURKISH_LETTERS = re.compile(r"[çğıöşüÇĞİÖŞÜ]")
# Inline code, math and web addresses are not prose: `np.exp(1000.0)`, $e^{0.5}$, $$...$$.
NOT_PROSE = re.compile(
    r"\$\$.*?\$\$|\$[^$\n]+\$|``.*?``|`[^`\n]+`|https?://\S+", re.DOTALL
)


@dataclass(frozen=True)
class Rule:
    what: str  # the term to use, or the style rule
    forbidden: tuple[re.Pattern, ...]
    allow: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class TurkishText:
    path: str  # relative to the repository
    line: int  # of the text's start in the file (1-based)
    text: str
    line_of: object  # offset in text -> line in the file


def load_rules(path: Path = GLOSSARY) -> list[Rule]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for entry in data["terms"] + data["style"]:
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        what = f"use {entry['tr']!r} for {entry['en']!r}" if "en" in entry else entry["rule"]
        rules.append(Rule(
            what=what,
            forbidden=tuple(re.compile(p, flags) for p in entry["forbidden"]),
            allow=tuple(re.compile(p, re.IGNORECASE) for p in entry.get("allow", [])),
        ))
    return rules


def tracked(pattern: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", pattern], cwd=REPO_ROOT, capture_output=True,
                         text=True, check=True).stdout
    return [REPO_ROOT / p for p in out.splitlines() if not p.startswith(SKIPPED_DIRS)]


def _mask(text: str) -> str:
    """``text`` with code and math replaced by spaces (offsets and lines are kept)."""
    return NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _scalar_text(name: str, raw: str, node: yaml.ScalarNode) -> TurkishText:
    first = node.start_mark.line + 1
    if node.style in ("|", ">"):
        # block scalar: the text starts on the line after the indicator
        def line_of(offset, value=node.value, style=node.style, start=first):
            if style == "|":
                return start + 1 + value.count("\n", 0, offset)
            return start + 1
    else:
        segment = raw[node.start_mark.index:node.end_mark.index]

        def line_of(offset, value=node.value, segment=segment, start=first):
            word = re.escape(value[offset:offset + 12].split()[0]) if value[offset:].strip() else ""
            nth = len(re.findall(word, value[:offset])) if word else 0
            hits = list(re.finditer(word, segment)) if word else []
            if nth < len(hits):
                return start + segment.count("\n", 0, hits[nth].start())
            return start
    return TurkishText(name, first, node.value, line_of)


def yaml_turkish_texts(path: Path, name: str | None = None) -> list[TurkishText]:
    """The Turkish texts of one YAML file; ``name`` shows in failures (default: repo path)."""
    name = name or str(path.relative_to(REPO_ROOT))
    raw = path.read_text(encoding="utf-8")
    found: list[TurkishText] = []

    def walk(node, under_tr=False):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value in ANSWER_KEYS:
                    continue
                walk(value, under_tr or key.value == "tr")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, under_tr)
        elif isinstance(node, yaml.ScalarNode) and under_tr and node.tag.endswith(":str"):
            found.append(_scalar_text(name, raw, node))

    for document in yaml.compose_all(raw, Loader=yaml.SafeLoader):
        walk(document)
    return found


def python_turkish_texts(path: Path) -> list[TurkishText]:
    rel = str(path.relative_to(REPO_ROOT))
    found = []
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    for token in tokens:
        if token.type != tokenize.STRING:
            continue
        # a string may be a template of code: only its lines with Turkish letters are prose
        for index, line in enumerate(token.string.split("\n")):
            if TURKISH_LETTERS.search(line):
                row = token.start[0] + index
                found.append(TurkishText(rel, row, line, lambda offset, row=row: row))
    return found


def all_turkish_texts() -> list[TurkishText]:
    texts = []
    for path in tracked("*.yaml"):
        if path != GLOSSARY:
            texts += yaml_turkish_texts(path)
    for path in tracked("autograder/*.py") + tracked("solutions/*.py"):
        texts += python_turkish_texts(path)
    return texts


def violations(texts: list[TurkishText], rules: list[Rule]) -> list[str]:
    found = []
    for item in texts:
        prose = _mask(item.text)
        for rule in rules:
            allowed = [m.span() for a in rule.allow for m in a.finditer(prose)]
            for pattern in rule.forbidden:
                for match in pattern.finditer(prose):
                    if any(s <= match.start() and match.end() <= e for s, e in allowed):
                        continue
                    found.append(f"{item.path}:{item.line_of(match.start())}: "
                                 f"{match.group(0)!r}: {rule.what}")
    return found


def test_every_turkish_text_follows_the_glossary():
    problems = violations(all_turkish_texts(), load_rules())
    assert not problems, f"{len(problems)} glossary violation(s):\n" + "\n".join(problems)


def test_the_scan_reaches_every_kind_of_turkish_text():
    by_file = {t.path for t in all_turkish_texts()}
    for expected in (
        "solutions/source/module01_seq2seq.yaml",
        "solutions/source/module02_attention.yaml",
        "quizzes/module01.yaml",
        "quizzes/module02.yaml",
        "quizzes/module03.yaml",
        "solutions/source/module03_decoder.yaml",
        "autograder/messages/functions/greedy_decode.yaml",
        "quizzes/sections.yaml",
        "autograder/messages/functions/softmax.yaml",
        "autograder/messages/public/module02.yaml",
        "autograder/quiz/messages.yaml",
        "autograder/notebooks/strings.yaml",
        "course.yaml",
        "autograder/quiz/scoring.py",  # Turkish in Python code is scanned too
    ):
        assert expected in by_file, expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her baş kendi softmax'ını hesaplar.", "'baş'"),
        ("d_model = 512 ve 8 başlı bir model", "'başlı'"),
        ("Bu simgeler dolgu değildir.", "'simgeler'"),
        ("benzerlik puanı", "'benzerlik puanı'"),
        ("tamsayı girdiler", "'tamsayı'"),
        ("Dikkat: bölme skorları sınırlamaz.", "'Dikkat:'"),
        ("skor 0.25 olur", "'0.2'"),
        ("RNN'in döngüsü", "\"RNN'in\""),
        ("bir (T, d) şeklinde dizi", "'şeklinde'"),
    ],
)
def test_when_a_text_breaks_the_glossary_then_the_failure_names_file_line_and_term(
    text, expected, tmp_path
):
    path = tmp_path / "bad.yaml"
    path.write_text(f"first:\n  en: x\n  tr: \"{text}\"\n", encoding="utf-8")
    problems = violations(yaml_turkish_texts(path, "bad.yaml"), load_rules())
    assert problems, text
    assert problems[0].startswith("bad.yaml:3: " + expected), problems


@pytest.mark.parametrize(
    "text",
    [
        "Anahtar, her videonun başlığı ve etiketleridir.",
        "çekti tek başına belirsizdir; üretim <bos> ile başlar.",
        "Her kafa kendi skorlarını hesaplar; `np.exp(1000.0)` taşar.",
        "Gömme (embedding) vektörleri, $e^{0.5}$ ve %17,9 bu şekilde kalır.",
        "Çapraz dikkat: sorgular kod çözücüden gelir.",
    ],
)
def test_when_a_text_uses_the_glossary_terms_then_nothing_is_reported(text, tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(f"first:\n  en: x\n  tr: \"{text}\"\n", encoding="utf-8")
    assert violations(yaml_turkish_texts(path, path.name), load_rules()) == []


def test_a_block_scalar_violation_is_reported_on_its_own_line(tmp_path):
    path = tmp_path / "block.yaml"
    path.write_text("cell:\n  tr: |\n    Birinci satır.\n    İkinci satırda simge var.\n  en: x\n",
                    encoding="utf-8")
    problems = violations(yaml_turkish_texts(path, path.name), load_rules())
    assert [p.split(":")[1] for p in problems] == ["4"]

