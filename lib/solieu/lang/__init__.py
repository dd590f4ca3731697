"""The words of a language, kept as data: ``lang/<code>/lexicon.yml``.

A lexicon lists every word and phrase the extraction rules read, grouped by the role it plays
(a date before a number, a unit after it, a qualifier, a change verb, a goal cue...). It is
checked against ``lang/lexicon.schema.json`` when loaded (an error names the key) and read once.
The engine never keeps a word list of its own: its patterns and gate sets are built from these
lists by the helpers below (:func:`alternation`, :func:`literal_trie`, :func:`last_words`).

Phrases are plain text. Three placeholders stand for numbers: ``{roman}`` (a Roman numeral of
up to four letters), ``{num}`` (one or two digits) and ``{year}`` (1900-2099); a placeholder is
separated from the words around it by any spacing.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import SolieuError

__all__ = [
    "LANGUAGE",
    "LexiconError",
    "load_lexicon",
    "check_schema",
    "phrase_regex",
    "alternation",
    "literal_trie",
    "last_word_of",
    "last_words",
]

#: The language of the reports (one lexicon per language, under ``lang/<code>/``).
LANGUAGE = "vi"

PLACEHOLDERS = {
    "{roman}": r"[IVX]{1,4}",
    "{num}": r"\d{1,2}",
    "{year}": r"(?:19|20)\d{2}",
}
# the words a placeholder can stand for, lower-cased (what the word before a number can be)
_PLACEHOLDER_WORDS = {
    "{roman}": frozenset(
        "".join(p) for n in range(1, 5) for p in itertools.product("ivx", repeat=n)
    ),
    "{num}": frozenset(str(n) for n in range(100)) | frozenset(f"0{n}" for n in range(10)),
    "{year}": frozenset(str(n) for n in range(1900, 2100)),
}
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))


class LexiconError(SolieuError):
    """A lexicon file that cannot be read or does not fit its schema; names the key."""


def _lexicon_path(language: str) -> Path:
    return Path(str(resources.files("solieu").joinpath(f"lang/{language}/lexicon.yml")))


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> dict[str, Any]:
    """The lexicon at ``path`` (by default the one of :data:`LANGUAGE`), checked against the
    lexicon schema. Raises :class:`LexiconError` naming the file and the bad key."""
    p = Path(path) if path is not None else _lexicon_path(LANGUAGE)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"cannot read lexicon ({exc.strerror or exc})", p) from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"lexicon is not valid YAML: {exc}", p) from None
    errors = check_schema(doc, _schema())
    if errors:
        raise LexiconError(f"lexicon: {errors[0]}", p)
    return doc


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("solieu").joinpath("lang/lexicon.schema.json").read_text("utf-8")
    return json.loads(text)


def check_schema(doc: Any, schema: dict[str, Any]) -> list[str]:
    """Errors of ``doc`` against ``schema`` as ``"<key path>: <what>"``, first error first.

    Checks the part of JSON Schema the lexicon schema uses (type, enum, required, properties,
    additionalProperties, items, minItems, minProperties, minLength, minimum, local $ref);
    the tests check the same files with ``jsonschema`` too, whose import (about two seconds)
    every worker process of a build would otherwise pay."""
    out: list[str] = []
    _check(doc, schema, schema, "", out)
    return out


_TYPES = {"object": dict, "array": list, "string": str, "integer": int}


def _check(v: Any, s: dict, root: dict, at: str, out: list[str]) -> None:
    if "$ref" in s:
        node: Any = root
        for part in s["$ref"].lstrip("#/").split("/"):
            node = node[part]
        s = node
    where = at or "(top)"
    t = s.get("type")
    if t and (not isinstance(v, _TYPES[t]) or (t == "integer" and isinstance(v, bool))):
        out.append(f"{where}: expected {t}, got {type(v).__name__}")
        return
    if "enum" in s and v not in s["enum"]:
        out.append(f"{where}: {v!r} is not one of {s['enum']}")
    if isinstance(v, str) and len(v) < s.get("minLength", 0):
        out.append(f"{where}: empty")
    if isinstance(v, int) and "minimum" in s and v < s["minimum"]:
        out.append(f"{where}: below {s['minimum']}")
    if isinstance(v, list):
        if len(v) < s.get("minItems", 0):
            out.append(f"{where}: needs at least {s['minItems']} item(s)")
        for i, item in enumerate(v):
            _check(item, s.get("items", {}), root, f"{at}[{i}]", out)
    if isinstance(v, dict):
        if len(v) < s.get("minProperties", 0):
            out.append(f"{where}: needs at least {s['minProperties']} entry(ies)")
        for key in s.get("required", ()):
            if key not in v:
                out.append(f"{at + '.' if at else ''}{key}: required key missing")
        props = s.get("properties", {})
        extra = s.get("additionalProperties", True)
        for key, item in v.items():
            name = f"{at}.{key}" if at else str(key)
            if key in props:
                _check(item, props[key], root, name, out)
            elif extra is False:
                out.append(f"{name}: unknown key")
            elif isinstance(extra, dict):
                _check(item, extra, root, name, out)


# ---------------------------------------------------------------------------------------------
# From phrases to patterns and gate sets
# ---------------------------------------------------------------------------------------------


def phrase_regex(phrase: str, space: str = " ") -> str:
    """The regex of one phrase: its words escaped and joined by ``space``; a placeholder
    becomes its pattern, set apart by any spacing."""
    out = []
    pos = 0
    for m in _PLACEHOLDER.finditer(phrase):
        words = phrase[pos : m.start()].strip()
        if words:
            out.append(space.join(re.escape(w) for w in words.split()))
        out.append(PLACEHOLDERS[m.group()])
        pos = m.end()
    words = phrase[pos:].strip()
    if words:
        out.append(space.join(re.escape(w) for w in words.split()))
    return r"\s+".join(out)


def alternation(phrases: Iterable[str], space: str = " ") -> str:
    """``(?:a|b|...)`` of the phrases in the order given (first match wins)."""
    return "(?:" + "|".join(phrase_regex(p, space) for p in phrases) + ")"


def first_letter_alternation(phrases: Iterable[str], ignore_case: int = True) -> str:
    """``a|b|...`` of the phrases, the same first match as their plain alternation in the
    order given, with the phrases that share a first letter (in any case when the pattern
    ignores case) grouped under it in their order: at a position the engine tries one group,
    not each phrase. (Phrases whose first letters differ cannot match at the same position.)
    Phrases with a placeholder or odd spacing are joined plainly."""
    phrases = list(phrases)
    if any(_PLACEHOLDER.search(p) or " ".join(p.split()) != p for p in phrases):
        return "|".join(phrase_regex(p) for p in phrases)
    groups: dict[str, list[str]] = {}
    for p in phrases:
        groups.setdefault(p[0].lower() if ignore_case else p[0], []).append(p)
    return "|".join(
        re.escape(ps[0][0]) + "(?:" + "|".join(re.escape(p[1:]) for p in ps) + ")"
        for ps in groups.values()
    )


def literal_trie(words: Iterable[str], tail: Iterable[str] = ()) -> str:
    """A regex matching any of ``words`` (the longest at a position), with common prefixes
    shared ("đ(?:ã|ang|ạt ...)"): at each position the engine follows one branch instead of
    trying every word in turn. ``tail``: regexes tried after the words, as branches of the same
    alternation; when every branch starts with a literal character, the engine skips at once
    to the places where one can start."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    tail = list(tail)
    if not tail:
        return build(trie)
    return "(?:" + "|".join([re.escape(ch) + build(trie[ch]) for ch in sorted(trie)] + tail) + ")"


def last_word_of(phrase: str) -> frozenset[str]:
    """What the last word of ``phrase`` can be, lower-cased (a placeholder: every word it
    stands for)."""
    last = phrase.split()[-1]
    return _PLACEHOLDER_WORDS.get(last) or frozenset((last.lower(),))


def last_words(*groups: Iterable[str]) -> frozenset[str]:
    """A gate set: every word a phrase of ``groups`` can end with, lower-cased. A rule that
    looks for one of these phrases right before a number needs testing only when the word
    before the number is in the gate (a set lookup instead of a regex search)."""
    return frozenset().union(*(last_word_of(p) for g in groups for p in g))
