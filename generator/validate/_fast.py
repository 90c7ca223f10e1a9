"""jsonschema-rs answers to "is this valid?", given only where python jsonschema's is the same.

python jsonschema's errors are what botspec reports (their messages, their locations), but it
is slow; jsonschema-rs tells whether there is any error at all in a fraction of the time. It
checks a copy of the schema made to answer as python jsonschema does:

* each `pattern` becomes a format whose check is python's `re.search`, so strings are matched
  by Python's regular expressions, as python jsonschema matches them;
* every other format is checked as python jsonschema checks it (by the same function) or not
  at all, as python jsonschema does without a format checker;
* the meta-schemas it refers to are copies under other addresses (jsonschema-rs would use
  its own copies of the standard ones, with their patterns).

What remains Rust's is the matching of object keys against `patternProperties`: the schema's
must be in a syntax both engines read alike on printable ASCII, and any other key is matched
by both first. Besides, the schema must use no keyword the two evaluate differently
(`multipleOf` on floats...), numbers must be finite and fit in 64 bits, and the data must be
nested shallowly enough for python jsonschema not to run out of stack (it raises there
instead of answering).

Anything else, and any exception from jsonschema-rs, reads as "not known to be valid": the
caller then asks python jsonschema, which gives the errors to report.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

import jsonschema_rs

# Deeper data goes to python jsonschema (a check of ~100 nested levels exhausts its stack).
MAX_DEPTH = 40
_MIN_RECURSION_LIMIT = 1000
_INT_RANGE = range(-(1 << 63), 1 << 63)

# Keywords the two libraries evaluate differently (jsonschema-rs computes `multipleOf`
# exactly where python divides floats; content keywords assert in some drafts).
_UNTRUSTED_KEYWORDS = frozenset(
    {"multipleOf", "contentMediaType", "contentEncoding", "contentSchema", "$recursiveRef"}
)
# Where a schema holds further schemas: maps of them, single ones, lists of them.
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
_SCHEMA_VALUES = frozenset(
    {
        "items",
        "additionalItems",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_REFERENCES = ("$ref", "$dynamicRef", "$id", "id")
_EMPTY_SCHEMA: dict[str, Any] = {}
# Where the copies of meta-schemas live (no such host exists: nothing is ever fetched).
_COPIES = "https://botspec.invalid/"
_META_SCHEMAS_HOST = "json-schema.org"
_LEGACY_DRAFTS = (  # where `$ref` hides the keywords beside it
    jsonschema_rs.Draft4Validator,
    jsonschema_rs.Draft6Validator,
    jsonschema_rs.Draft7Validator,
)
_PATTERN_FORMAT = "botspec-pattern-{}"

# Regular expressions both engines read alike on printable ASCII: literals, `.`, anchors,
# groups, alternation, greedy or lazy quantifiers, classes of literals and ranges, and the
# escapes \d \w \s (ASCII on both sides for ASCII text) or of ASCII punctuation.
_ESCAPE = r"\\(?:[dDwWsS]|x[0-9A-Fa-f]{2}|[!-/:-@\[-`{-~])"
_CLASS_CHAR = r"[^\\\[\]-]"
_CLASS = rf"\[\^?-?(?:{_ESCAPE}|{_CLASS_CHAR}(?:-{_CLASS_CHAR})?)+-?\]"
_QUANTIFIER = r"(?:[*+?]|\{[0-9]+(?:,[0-9]*)?\})\??"
_TOKEN = re.compile(
    rf"(?P<escape>{_ESCAPE})|(?P<cls>{_CLASS})|(?P<open>\(\?:|\()|(?P<close>\))"
    rf"|(?P<quantifier>{_QUANTIFIER})|(?P<other>[|^$.]|[^\\\[\](){{}}*+?|^$.])"
)
_CLASS_ESCAPE = re.compile(r"\\[dDwWsS]")


def safe_pattern(pattern: str) -> bool:
    """Whether `pattern` is in the syntax both engines read alike on printable ASCII."""
    position = 0
    depth = 0
    repeatable = False  # the previous token can take a quantifier
    while position < len(pattern):
        match = _TOKEN.match(pattern, position)
        if match is None:
            return False
        kind = match.lastgroup
        if kind == "quantifier":
            if not repeatable:
                return False  # nothing to repeat, or a quantifier of a quantifier
            repeatable = False
        elif kind == "cls" and ("&&" in match.group() or "~~" in match.group()):
            return False  # set operations in Rust's regex syntax, plain characters in Python's
        elif kind == "open":
            depth += 1
            repeatable = False
        elif kind == "close":
            depth -= 1
            if depth < 0:
                return False
            repeatable = True
        else:
            repeatable = match.group() not in ("|", "^", "$")
        position = match.end()
    return depth == 0


def _may_differ(pattern: str, key: str) -> bool:
    """Whether the engines can match `key` (not printable ASCII) differently against a safe
    `pattern`: with \\d \\w \\s (Unicode in Python, ASCII in Rust), or when Python's `$`
    accepts a final newline."""
    return _CLASS_ESCAPE.search(pattern) is not None or (
        key.endswith("\n") and "$" in pattern.replace("\\$", "")
    )


@dataclass
class Scan:
    """What of some data the engines might read differently."""

    keys: set[str]  # of the objects
    odd_keys: set[str]  # the keys that are not printable ASCII
    usable: bool  # numbers finite and within 64 bits, nesting shallow, JSON types only
    has_id: bool  # an object has an `$id` key


def scan(data: Any) -> Scan:
    keys: set[str] = set()
    has_id = False
    usable = sys.getrecursionlimit() >= _MIN_RECURSION_LIMIT
    stack: list[tuple[Any, int]] = [(data, 0)]
    pop = stack.pop
    push = stack.append
    add_keys = keys.update
    while stack and usable:
        node, depth = pop()
        kind = type(node)
        if kind is dict:
            if depth >= MAX_DEPTH:
                usable = False
            add_keys(node)
            if "$id" in node:
                has_id = True
            for value in node.values():
                if type(value) is not str:
                    push((value, depth + 1))
        elif kind is list:
            if depth >= MAX_DEPTH:
                usable = False
            for value in node:
                if type(value) is not str:
                    push((value, depth + 1))
        elif kind is int:
            usable = node in _INT_RANGE
        elif kind is float:
            usable = node - node == 0.0  # not inf or nan
        elif not (kind is bool or kind is str or node is None):
            usable = False
    odd_keys = {
        key for key in keys if not (type(key) is str and key.isascii() and key.isprintable())
    }
    usable = usable and all(type(key) is str for key in odd_keys)
    return Scan(keys, odd_keys, usable, has_id)


@dataclass
class _Copy:
    """The copy of some schemas jsonschema-rs checks, and what it needs to check it."""

    formats: set[str] = field(default_factory=set)
    patterns: dict[str, str] = field(default_factory=dict)  # pattern -> its format's name
    key_patterns: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)  # renamed resources there are copies of
    referred: set[str] = field(default_factory=set)  # renamed resources referred to
    trusted: bool = True

    def schema(self, schema: Any, legacy: bool) -> Any:
        """`schema` with its patterns made formats and its references renamed (`legacy`: a
        draft in which `$ref` hides the keywords beside it)."""
        if not isinstance(schema, Mapping):
            return schema
        copy: dict[str, Any] = {}
        for key, value in schema.items():
            if key in _UNTRUSTED_KEYWORDS:
                self.trusted = False
            if key in _SCHEMA_MAPS and isinstance(value, Mapping):
                if key == "patternProperties":
                    self.key_patterns.update(value)
                value = {name: self.schema(sub, legacy) for name, sub in value.items()}
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                value = [self.schema(sub, legacy) for sub in value]
            elif key in _SCHEMA_VALUES:
                value = self.schema(value, legacy)
            elif key in _REFERENCES and isinstance(value, str):
                value = self.rename(value)
                (self.defined if key in ("$id", "id") else self.referred).add(urldefrag(value)[0])
            elif key == "format" and isinstance(value, str):
                self.formats.add(value)
            copy[key] = value
        pattern = copy.get("pattern")
        if isinstance(pattern, str) and not (legacy and "$ref" in copy):
            name = self.patterns.setdefault(pattern, _PATTERN_FORMAT.format(len(self.patterns)))
            del copy["pattern"]
            if "format" not in copy:
                copy["format"] = name
            elif isinstance(copy.get("allOf", []), list):
                copy["allOf"] = [*copy.get("allOf", []), {"format": name}]
            else:
                self.trusted = False
        return copy

    def rename(self, uri: str) -> str:
        """The URI of the copy `uri` is in (the meta-schemas jsonschema-rs has its own copies
        of are all renamed: python jsonschema may use the schema's copies of them)."""
        base, fragment = urldefrag(uri)
        if base not in self.renamed and urlsplit(base).netloc == _META_SCHEMAS_HOST:
            self.rename_as_copies([base])
        if base in self.renamed:
            return self.renamed[base] + (f"#{fragment}" if fragment else "")
        return uri

    def rename_as_copies(self, uris: Iterable[str]) -> None:
        for uri in uris:
            uri, _ = urldefrag(uri)
            parts = urlsplit(uri)
            self.renamed[uri] = f"{_COPIES}{parts.netloc}{parts.path}"

    def missing(self) -> set[str]:
        """Copies referred to that there are none of (jsonschema-rs would use its own)."""
        return {uri for uri in self.referred - self.defined if uri.startswith(_COPIES)}


def _search(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)

    def search(string: str) -> bool:
        return compiled.search(string) is not None

    return search


def _any_value(value: Any) -> bool:
    return True


class FastValidator:
    """A jsonschema-rs validator whose True means python jsonschema finds no error either."""

    def __init__(
        self,
        schema: Mapping[str, Any],
        cls: type[jsonschema_rs.Validator],
        *,
        references: Mapping[str, Any] | None = None,
        format_check: Callable[[str], Callable[[Any], bool]] | None = None,
    ) -> None:
        """A validator of `schema`, in the draft of `cls`, which refers to `references`
        (schemas by URI); `format_check(name)` is python's check of a format (else formats
        are not checked). Given `references`, `schema` and they are checked as copies under
        other URIs (for meta-schemas, which jsonschema-rs knows its own copies of).
        ValueError if its answers could differ from python jsonschema's."""
        legacy = cls in _LEGACY_DRAFTS
        copy = _Copy()
        if references is not None:
            own = schema.get("$id", schema.get("id"))
            copy.rename_as_copies([*references, *([own] if isinstance(own, str) else [])])
        root = copy.schema(schema, legacy)
        references = references or {}
        resources = [
            (copy.rename(uri), copy.schema(ref, legacy)) for uri, ref in references.items()
        ]
        copy.defined.update(uri for uri, _ in resources)
        if copy.missing() or not (copy.trusted and all(safe_pattern(p) for p in copy.key_patterns)):
            raise ValueError("jsonschema-rs could answer otherwise than python jsonschema")
        formats: dict[str, Callable[[Any], bool]] = {
            name: format_check(name) if format_check else _any_value for name in copy.formats
        }
        formats.update({name: _search(pattern) for pattern, name in copy.patterns.items()})
        self._key_patterns = sorted(copy.key_patterns)
        self._cls = cls
        self._agreed: set[str] = set()
        self._matchers: dict[str, jsonschema_rs.Validator] = {}
        self._rust = cls(
            root,
            registry=jsonschema_rs.Registry(resources) if resources else None,
            formats=formats,
            validate_formats=True,
            offline=True,
        )

    def is_valid(self, instance: Any, scanned: Scan | None = None) -> bool:
        """True only when python jsonschema finds no error in `instance` (scanned, if given:
        the scan of data that holds it)."""
        scanned = scanned if scanned is not None else scan(instance)
        try:
            return (
                scanned.usable
                and self._keys_agree(scanned.odd_keys)
                and self._rust.is_valid(instance)
            )
        except Exception:  # a pattern or a format check that raises: python jsonschema's call
            return False

    def _keys_agree(self, keys: set[str]) -> bool:
        """Whether both engines match each of `keys` alike against every patternProperties."""
        for key in keys - self._agreed:
            for pattern in self._key_patterns:
                if _may_differ(pattern, key) and (re.search(pattern, key) is not None) != (
                    self._matcher(pattern).is_valid(key)
                ):
                    return False
            self._agreed.add(key)
        return True

    def _matcher(self, pattern: str) -> jsonschema_rs.Validator:
        matcher = self._matchers.get(pattern)
        if matcher is None:
            matcher = self._matchers[pattern] = self._cls({"pattern": pattern}, offline=True)
        return matcher


def build(
    schema: Mapping[str, Any],
    cls: type[jsonschema_rs.Validator],
    *,
    references: Mapping[str, Any] | None = None,
    format_check: Callable[[str], Callable[[Any], bool]] | None = None,
) -> FastValidator | None:
    """A FastValidator (see there), or None when there cannot be one."""
    try:
        return FastValidator(schema, cls, references=references, format_check=format_check)
    except Exception:  # answers could differ, or jsonschema-rs cannot read the schema
        return None


def prune(schema: Any, keys: set[str], patterns: Callable[[str], bool]) -> Any:
    """`schema` with the subschemas of the properties no object of the data has (it has
    `keys`) and of the patternProperties none matches (`patterns(pattern)` says) made empty.

    A property's subschema applies to the values of that property only: without any, the
    data is valid against the pruned schema exactly when it is against `schema` (and the
    pruned schema is much quicker to build a jsonschema-rs validator of).
    """
    if not isinstance(schema, Mapping):
        return schema
    pruned: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties" and isinstance(value, Mapping):
            value = {
                name: prune(sub, keys, patterns) if name in keys else _EMPTY_SCHEMA
                for name, sub in value.items()
            }
        elif key == "patternProperties" and isinstance(value, Mapping):
            value = {
                name: prune(sub, keys, patterns) if patterns(name) else _EMPTY_SCHEMA
                for name, sub in value.items()
            }
        elif key in _SCHEMA_MAPS and isinstance(value, Mapping):
            value = {name: prune(sub, keys, patterns) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            value = [prune(sub, keys, patterns) for sub in value]
        elif key in _SCHEMA_VALUES:
            value = prune(value, keys, patterns)
        pruned[key] = value
    return pruned
