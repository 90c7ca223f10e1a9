"""Strings a `pattern` may match, for a schema that shows no example of it: written from
the expression's parse (literals, character classes, repeats, groups, the first of its
alternatives). Lookarounds are not followed, so the caller checks what comes out."""

from __future__ import annotations

import importlib
import re
from typing import Any

# CPython's own regular expression parser (what `re` compiles from); no stubs describe it.
_parser: Any = importlib.import_module("re._parser")

# A class's member for each category, and what tells whether a character is one of it.
_CATEGORIES = {
    "CATEGORY_DIGIT": ("0", r"\d"),
    "CATEGORY_NOT_DIGIT": ("a", r"\D"),
    "CATEGORY_SPACE": (" ", r"\s"),
    "CATEGORY_NOT_SPACE": ("a", r"\S"),
    "CATEGORY_WORD": ("a", r"\w"),
    "CATEGORY_NOT_WORD": (" ", r"\W"),
}
# Characters tried, in order, for a negated class (`[^...]`).
_ALPHABET = "a0A_ -.x9Z~"
# Anchors, and lookarounds (not followed): they write nothing.
_SILENT = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


class _Unfollowed(Exception):
    """A construct the writer does not follow (a conditional group)."""


def candidates(pattern: str, length: int = 0) -> list[str]:
    """Strings `pattern` may match: with each repeat as short as it may be, then stretched
    toward `length` characters (a `minLength`). Empty for an expression not followed."""
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return []
    out: list[str] = []
    for stretch in (0, length):
        try:
            text = _Writer(stretch).text(parsed)
        except _Unfollowed:
            return []
        if text not in out:
            out.append(text)
    return out


class _Writer:
    def __init__(self, stretch: int) -> None:
        self.stretch = stretch  # how many times an open-ended repeat goes round, at least
        self.groups: dict[int, str] = {}

    def text(self, items: Any) -> str:
        return "".join(self._item(str(op), value) for op, value in items)

    def _item(self, op: str, value: Any) -> str:
        if op == "LITERAL":
            return chr(value)
        if op == "NOT_LITERAL":
            return "a" if value != ord("a") else "b"
        if op == "ANY":
            return "a"
        if op == "IN":
            return _member(value)
        if op in _REPEATS:
            least, most, body = value
            return "".join(self.text(body) for _ in range(max(least, min(most, self.stretch))))
        if op == "SUBPATTERN":
            group, _, _, body = value
            text = self.text(body)
            if group is not None:
                self.groups[group] = text
            return text
        if op == "ATOMIC_GROUP":
            return self.text(value)
        if op == "BRANCH":
            return self.text(value[1][0])
        if op == "GROUPREF":
            return self.groups.get(value, "")
        if op in _SILENT:
            return ""
        raise _Unfollowed(op)


def _member(items: list[tuple[Any, Any]]) -> str:
    """A character of the class `items` (a parsed `[...]`)."""
    if items and str(items[0][0]) == "NEGATE":
        return next((c for c in _ALPHABET if not _within(items[1:], c)), "")
    op, value = str(items[0][0]), items[0][1]
    if op == "LITERAL":
        return chr(value)
    if op == "RANGE":
        return chr(value[0])
    return _CATEGORIES[str(value)][0]


def _within(items: list[tuple[Any, Any]], char: str) -> bool:
    for op, value in items:
        kind = str(op)
        if kind == "LITERAL" and ord(char) == value:
            return True
        if kind == "RANGE" and value[0] <= ord(char) <= value[1]:
            return True
        if kind == "CATEGORY" and re.fullmatch(_CATEGORIES[str(value)][1], char):
            return True
    return False
