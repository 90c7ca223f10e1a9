"""Python names for spec names: valid identifiers, never keywords, stable for a given input."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Container

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9]|\b|_|$)|[A-Z]?[a-z0-9]+|[A-Z]+|\d+")

# Fixed here rather than read from `keyword`, so output does not depend on the Python running.
KEYWORDS = frozenset(
    [
        "False",
        "None",
        "True",
        "and",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "class",
        "continue",
        "def",
        "del",
        "elif",
        "else",
        "except",
        "finally",
        "for",
        "from",
        "global",
        "if",
        "import",
        "in",
        "is",
        "lambda",
        "nonlocal",
        "not",
        "or",
        "pass",
        "raise",
        "return",
        "try",
        "while",
        "with",
        "yield",
    ]
)
# Builtins that generated annotations use, plus method receivers: a field or argument with
# one of these names would shadow it.
SHADOWING = frozenset(
    [
        "bool",
        "bytes",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "object",
        "set",
        "str",
        "tuple",
        "self",
        "cls",
    ]
)

# Names a generated module imports, defines or exports beside the model classes; a spec
# class named so gets a suffix.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated", "Any", "AwareDatetime", "BaseModel", "ConfigDict", "Enum", "Field",
        "IntEnum", "Literal", "Optional", "RootModel", "StrEnum", "Union", "annotations",
        # what a union's `_best_fit` uses, and the sent classes' `_SentModel`
        "TypeAdapter", "ValidationError", "ValidatorFunctionWrapHandler", "WrapValidator",
        "ClassVar", "SerializerFunctionWrapHandler",
        "Dict",  # datamodel-code-generator's own models import it for typed extra fields
        "TypeAliasType",  # and this for a constrained type it names (a map's values)
        # _endpoints.py, _resources.py, _client.py, __init__.py
        "Argument", "AsyncApiClient", "AsyncClient", "AsyncIterator", "Client", "Endpoint",
        "Iterator", "Mapping", "Pagination", "RawResponse", "SyncApiClient", "TYPE_CHECKING",
        # _exceptions.py
        "ApiConnectionError", "ApiError", "ApiTimeoutError", "BadRequestError",
        "ClientClosedError", "ConfigurationError", "DecodeError", "ForbiddenError",
        "InvalidArgument", "NotFoundError", "RateLimitError", "ServerError", "UnauthorizedError",
    }
)  # fmt: skip


def _ascii_words(text: str) -> list[str]:
    """Words of `text`; characters outside ASCII become their code point in hex."""
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if char.isascii():
            out.append(char if char.isalnum() else " ")
        else:
            out.append(f" u{ord(char):04x} ")
    spaced = "".join(out)
    words: list[str] = []
    for chunk in spaced.split():
        words += _WORD.findall(chunk) or [chunk]
    return words


def snake_case(text: str) -> str:
    """`getOnlineStatus` -> `get_online_status`; `X-Rate-Limit` -> `x_rate_limit`."""
    name = "_".join(word.lower() for word in _ascii_words(text))
    return safe_identifier(name or "value")


def pascal_case(text: str) -> str:
    """`user settings` -> `UserSettings`; keeps inner capitals (`OAuthToken`)."""
    name = "".join(word[:1].upper() + word[1:] for word in _ascii_words(text))
    if not name:
        name = "Model"
    if name[0].isdigit():
        name = "Model" + name
    return name + "Model" if name in RESERVED_CLASS_NAMES or name in KEYWORDS else name


def constant_case(text: str) -> str:
    return snake_case(text).upper().lstrip("_") or "VALUE"


def safe_identifier(name: str) -> str:
    """A valid, non-keyword, non-builtin, non-dunder identifier for `name`."""
    if name[:1].isdigit():
        name = "field_" + name
    if name.startswith("__"):
        name = "field" + name.rstrip("_")
    if name in KEYWORDS or name in SHADOWING:
        name += "_"
    return name


_PACKAGE_SEPARATORS = re.compile(r"[-. ]+")
_PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def package_name(folder: str) -> str:
    """The Python package a spec folder generates: runs of `-`, `.` and spaces become `_`
    (`my-api` -> `my_api`), a keyword gets a trailing `_` (`class_`); ValueError if what is
    left is not ASCII letters, digits and `_` starting with a letter (`1api`, `中文`), or is
    the name of a module the package would hide (`http`, `httpx`: `_hidden_by`)."""
    name = _PACKAGE_SEPARATORS.sub("_", folder)
    if not _PACKAGE_NAME.fullmatch(name):
        raise ValueError(
            f"spec folder '{folder}' gives no Python package name: rename it with ASCII letters,"
            " digits, '_' or '-', starting with a letter"
        )
    hidden = _hidden_by(name)
    if hidden:
        raise ValueError(
            f"spec folder '{folder}' would give package '{name}', the name of {hidden}, which"
            " the package would hide: rename the folder"
        )
    return name + "_" if name in KEYWORDS else name


# What the generated packages import beyond the standard library: their runtime dependencies
# and theirs. A package so named, found first on sys.path, would be imported in its place.
RUNTIME_IMPORTS = frozenset(
    {"httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna", "websockets"}
    | {"pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection"}
    | {"cryptography", "cffi", "pycparser"}
)


def _hidden_by(name: str) -> str:
    """What a package `name` would hide (empty: nothing)."""
    if name in sys.stdlib_module_names:
        return "a module of Python's standard library"
    if name in RUNTIME_IMPORTS:
        return "a module the generated packages import"
    return ""


def field_name(wire: str) -> str:
    """Python attribute / argument name for a wire field name; wire names that are
    already plain snake_case identifiers stay as they are."""
    if wire.isidentifier() and wire.isascii() and wire == wire.lower() and not wire.startswith("_"):
        return safe_identifier(wire)
    return snake_case(wire)


# Attributes of pydantic's BaseModel: a model field of that name would hide (or break) it
# (`mro`, every class's, too: pydantic warns that a field shadows it).
BASE_MODEL_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj", "parse_raw",
        "schema", "schema_json", "update_forward_refs", "validate", "mro",
    }
)  # fmt: skip


def model_field_name(wire: str) -> str:
    """Python attribute of a pydantic model field: `field_name`, and never a BaseModel
    attribute (`json` -> `json_`) or a name in pydantic's protected `model_` namespace
    (`model_dump` -> `field_model_dump`: a suffix would still start with `model_dump`)."""
    name = field_name(wire)
    if name.startswith("model_"):
        return "field_" + name
    return name + "_" if name in BASE_MODEL_ATTRIBUTES else name


def unique(name: str, taken: set[str], reserved: Container[str] = frozenset()) -> str:
    """`name`, or `name2`, `name3`... whichever is in neither `taken` nor `reserved`; records
    the result in `taken`."""
    candidate, counter = name, 2
    while candidate in taken or candidate in reserved:
        candidate, counter = f"{name}{counter}", counter + 1
    taken.add(candidate)
    return candidate
