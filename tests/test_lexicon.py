"""The language as data: the lexicon is checked at load, every pattern and gate is built from it,
and a word added to it changes what the rules do. (docs/ARCHITECTURE.md)"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import jsonschema
import pytest
import yaml

import solieu
from solieu import classify as classify_mod
from solieu import figure as figure_mod
from solieu.errors import SolieuError
from solieu.lang import (
    LexiconError,
    _lexicon_path,
    check_schema,
    last_words,
    load_lexicon,
)
from solieu.text import last_word

from .conftest import ROOT

LEXICON = _lexicon_path("vi")
SCHEMA = json.loads((LEXICON.parent.parent / "lexicon.schema.json").read_text(encoding="utf-8"))
# an example of what each placeholder stands for
EXAMPLES = {"{roman}": "IV", "{num}": "5", "{year}": "2024"}


def _fill(phrase: str) -> str:
    for k, v in EXAMPLES.items():
        phrase = phrase.replace(k, v)
    return phrase


def _copy(tmp_path: Path, change) -> Path:
    doc = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    change(doc)
    out = tmp_path / "lexicon.yml"
    out.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_lexicon_fits_its_schema_by_jsonschema_too():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    doc = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc)) == []
    assert check_schema(doc, SCHEMA) == []


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["skip"].__setitem__("date_before", "ngày"), "skip.date_before"),
        (lambda d: d["skip"]["label_before"].append(""), "skip.label_before[26]"),
        (lambda d: d["rank"].pop("marker"), "rank.marker"),
        (lambda d: d["aspect"].__setitem__("dones", ["xong"]), "aspect.dones"),
        (lambda d: d["qualifiers"].__setitem__("cỡ", "about"), "qualifiers.cỡ"),
        (lambda d: d["scale"].__setitem__("vạn", "4"), "scale.vạn"),
        (lambda d: d["units"]["USD"].__setitem__("after", []), "units.USD.after"),
    ],
    ids=["not-a-list", "empty-word", "missing", "unknown", "bad-qualifier", "bad-scale", "empty"],
)
def test_schema_error_names_the_key(tmp_path, change, key):
    path = _copy(tmp_path, change)
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert isinstance(err.value, SolieuError)
    assert key in str(err.value) and str(path) in str(err.value)
    # jsonschema finds an error at the same place
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc))
    assert errors and check_schema(doc, SCHEMA)


def test_unreadable_lexicon_is_one_error(tmp_path):
    bad = tmp_path / "lexicon.yml"
    bad.write_text("skip: [", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon(bad)
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "missing.yml")


def _gate_cases():
    rules = classify_mod.RULES
    pats = rules.patterns
    pattern_of = {
        "date": [pats["date"]],
        "year": [pats["year"]],
        "doc": [pats["doc_anycase"], pats["doc_capital"]],
        "label": [pats["label"]],
        "rank": [pats["rank"]],
    }
    for name, (gate, phrases) in rules.gates.items():
        for phrase in phrases:
            yield name, gate, pattern_of[name], phrase
    lex = load_lexicon()
    for q in lex["qualifiers"]:
        for link in ("", *lex["qualifier_links"]):
            yield "qualifier", figure_mod._GATE_QUAL, [figure_mod._QUAL], f"{q} {link}".strip()
    for v in lex["change"]["verbs"]:
        for link in ("", *lex["change"]["links"]):
            yield (
                "change",
                figure_mod._GATE_CHANGE,
                [figure_mod._CHANGE_BEFORE],
                f"{v} {link}".strip(),
            )


@pytest.mark.parametrize(("name", "gate", "patterns", "phrase"), list(_gate_cases()))
def test_every_gate_covers_its_phrases(name, gate, patterns, phrase):
    # a rule looks for its phrases only when the word before the number is in its gate: every
    # phrase the rule can find must end with a word of the gate, or it would be skipped unseen
    before = f"Theo {_fill(phrase)} "
    assert any(p.search(before) or p.search(before[5:]) for p in patterns), phrase
    assert last_word(before) in gate, phrase


def test_gates_are_derived_from_phrases():
    rules = classify_mod.RULES
    for gate, phrases in rules.gates.values():
        assert last_words(phrases) <= gate


def test_a_word_added_to_a_copy_of_the_lexicon_changes_the_rules(tmp_path):
    text = "Thửa đất thuộc lô 12 đã được giao."
    s = text.index("12")
    assert "lô" not in load_lexicon()["skip"]["label_before"]
    assert classify_mod.classify(text, "num", s, s + 2, None) is None  # a figure

    path = _copy(tmp_path, lambda d: d["skip"]["label_before"].append("lô"))
    rules = classify_mod.build_rules(load_lexicon(path))
    assert classify_mod.classify(text, "num", s, s + 2, None, rules) == "label_or_ordinal"
    assert classify_mod.deciding_rule(text, "num", s, s + 2, None, rules) == "label_before"
    assert "lô" in rules.gates["label"][0]  # the gate followed the new phrase


def test_units_are_defined_once():
    units = solieu.UNITS
    assert units == tuple(load_lexicon()["units"])
    schema = json.loads(solieu.indicators.SCHEMA_PATH.read_text(encoding="utf-8"))
    props = schema["properties"]
    assert tuple(props["unit"]["enum"]) == units
    assert tuple(props["match"]["properties"]["units"]["items"]["enum"]) == units
    doc = (ROOT / "docs" / "FIGURES.md").read_text(encoding="utf-8")
    row = next(line for line in doc.splitlines() if line.startswith("| `unit` |"))
    assert tuple(re.findall(r"`([^`]+)`", row.split("|")[2])) == units
    from solieu.build import FIELD_DOCS

    assert all(u in FIELD_DOCS["unit"] for u in units)


_VI = re.compile(r"[À-ÃÈ-ÊÌÍÒ-ÕÙÚÝà-ãè-êìíò-õùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ]")
ENGINE = [
    "text", "numbers", "segment", "places", "time", "tokens", "classify", "units", "figure",
    "aspect", "context", "period", "extract", "lang/__init__",
]  # fmt: skip


@pytest.mark.parametrize("module", ENGINE)
def test_engine_modules_keep_no_words_of_the_language(module):
    # words belong in lang/<code>/lexicon.yml; comments and docstrings may quote examples
    src = (ROOT / "lib" / "solieu" / f"{module}.py").read_text(encoding="utf-8")
    docs = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docs.update(range(node.lineno, node.end_lineno + 1))
    found = [
        (tok.start[0], tok.string)
        for tok in tokenize.generate_tokens(io.StringIO(src).readline)
        if tok.type != tokenize.COMMENT and tok.start[0] not in docs and _VI.search(tok.string)
    ]
    assert found == []
    assert src.count("\n") <= 450


LAYERS = [
    "errors", "lang", "text", "corpus", "numbers", "units", "segment", "places", "time", "context",
    "period", "tokens", "classify", "aspect", "figure", "extract",
]  # fmt: skip


@pytest.mark.parametrize("module", LAYERS)
def test_imports_only_downward(module):
    # docs/ARCHITECTURE.md: each module imports only the modules listed above it
    name = "lang/__init__" if module == "lang" else module
    tree = ast.parse((ROOT / "lib" / "solieu" / f"{name}.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level
    }
    rank = LAYERS.index(module) if module in LAYERS else len(LAYERS)
    for dep in imported - {""}:
        assert dep in LAYERS[:rank], f"{module} imports {dep}"
