"""Jinja templates for the client and events, datamodel-code-generator for the models."""

from __future__ import annotations

import ast
import contextlib
import hashlib
import inspect
import json
import platform
import re
import sys
import warnings
from collections.abc import Callable, Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path
from typing import Any

import jinja2

from generator._gc import paused_collection
from generator.cache import cache_key
from generator.model import Api
from generator.problems import Pointer, Problem, SpecError
from generator.render import _filters as _filters_module
from generator.render._filters import (
    FILTERS,
    STRING_OR_COMMENT,
    black_quotes,
    docstring,
    from_import,
)
from generator.write import HEADER as _HEADER  # marks the folder as a generated package

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
_ROOT_CLASS = "BotspecUnusedRoot"  # datamodel-code-generator insists on a root model; dropped

_REST_FILES = ("_client.py", "_endpoints.py", "_resources.py")
# Runtime modules the same for every API, kept in templates/ as they ship: no Jinja and
# already black-formatted (tests prove it), so the format stage may leave them alone.
VERBATIM_FILES = frozenset({"_base_client.py"})


_OPTIONS: dict[str, object] = {
    "undefined": jinja2.StrictUndefined,
    "autoescape": False,  # Python source, not HTML: spec text goes through filters
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


@cache
def environment() -> jinja2.Environment:
    fingerprint = repr((jinja2.__version__, sorted(_OPTIONS.items()), sorted(FILTERS)))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=CompiledTemplates(TEMPLATE_DIR / "__pycache__", fingerprint),
        **_OPTIONS,  # type: ignore[arg-type]
    )
    env.filters.update(FILTERS)
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in `directory`, as Python keeps its bytecode in __pycache__.

    Compiling the templates costs more than rendering them. A template is compiled again
    when its text changes (Jinja keeps a checksum of it), and every template when
    `fingerprint` (Jinja's version, the environment's options and filters) does. Nothing
    is written where Python is told not to write bytecode, nor where it cannot be.
    """

    def __init__(self, directory: Path, fingerprint: str) -> None:
        super().__init__(str(directory))
        self._fingerprint = fingerprint

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._fingerprint}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged: compiled again, and stored over it
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(exist_ok=True)
            super().dump_bytecode(bucket)


MODELS_FILE = "_models.py"


def render(api: Api) -> dict[str, str]:
    """Every file of the package, unformatted."""
    files = render_templates(api)
    files[MODELS_FILE] = models_source(api)
    return dict(sorted(files.items()))


def render_templates(api: Api) -> dict[str, str]:
    """Every file but the models (`models_source`), which a parallel driver makes elsewhere."""
    files = {
        "__init__.py": _template("__init__.py", api),
        "_exceptions.py": _template("_exceptions.py", api),
    }
    if api.resources:
        files.update({name: _verbatim(name) for name in sorted(VERBATIM_FILES)})
        for name in _REST_FILES:
            files[name] = _template(name, api)
    if api.events:
        files["_events.py"] = _template("_events.py", api)
    if api.gateway_exports:
        files["_gateway.py"] = _template("_gateway.py", api)
    if api.webhook_exports:
        files["_webhook.py"] = _template("_webhook.py", api)
    files["README.md"] = _template("README.md", api)
    files["py.typed"] = ""
    return dict(sorted(files.items()))


def _template(name: str, api: Api) -> str:
    return environment().get_template(name + ".jinja").render(api=api)


@cache
def _verbatim(name: str) -> str:
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")


def models_source(api: Api) -> str:
    """Pydantic v2 models for every class the model stage named, in process."""
    return models_file(api.models_schema, api.field_aliases, api.model_origins)


def models_key(api: Api) -> str:
    """The cache key (`generator.cache`) of `models_source(api)`: the schema, the aliases,
    the versions of Python, datamodel-code-generator and what it needs, and the code here
    that calls it and edits its output."""
    return cache_key(
        _models_step(),
        json.dumps(api.models_schema, ensure_ascii=False),
        json.dumps(api.field_aliases, ensure_ascii=False),
    )


@cache
def _models_step() -> str:
    code = hashlib.blake2b(digest_size=20)
    for module in (Path(__file__), Path(_filters_module.__file__ or "")):
        code.update(module.read_bytes())
    return f"models {' '.join(_models_tools())} {platform.python_version()} {code.hexdigest()}"


def _models_tools() -> list[str]:
    """datamodel-code-generator's version and those of what it needs (not its extras)."""
    names = ["datamodel-code-generator"]
    for requirement in requires("datamodel-code-generator") or []:
        if "extra ==" not in requirement:
            names.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    found = []
    for name in dict.fromkeys(names):
        with contextlib.suppress(PackageNotFoundError):  # needed on another platform only
            found.append(f"{name} {version(name)}")
    return found


Origins = Mapping[str, tuple[str, int, Pointer]]  # class -> file, line, pointer; "": the spec
# Warnings about the tools themselves, not about the schema they are given.
_TOOL_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, ResourceWarning)


def models_file(
    schema: Mapping[str, Any], aliases: Mapping[str, str], origins: Origins | None = None
) -> str:
    """The models file for `schema`, whose `$defs` are the classes; `aliases` maps wire
    names to Python names. SpecError when datamodel-code-generator warns: its warnings
    say the models would not do what the schema says (a union that cannot decode a
    variant, a tuple typed as a list...), located through `origins`."""
    # Imported here: a parallel driver calls this in a worker, which then pays for it alone.
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType, UnionMode
    from datamodel_code_generator.format import PythonVersion

    # paused: it builds many small objects; collected afterwards
    with paused_collection(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = generate(
            _with_union_modes(schema, UnionMode),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            disable_timestamp=True,
            use_annotated=True,
            field_constraints=True,
            use_schema_description=True,
            use_field_description=True,
            use_standard_collections=True,
            use_union_operator=True,
            allow_population_by_field_name=True,
            aliases=dict(aliases),
            field_extra_keys={"union_mode"},
            class_name=_ROOT_CLASS,
            custom_file_header=_HEADER,
            formatters=[],
        )
    problems = [
        _warning_problem(str(w.message), origins or {})
        for w in caught
        if not issubclass(w.category, _TOOL_WARNINGS)
    ]
    if problems:
        raise SpecError(problems)
    assert isinstance(source, str)
    return _black_layout(_tidy_imports(_drop_root(source)))


def _with_union_modes(schema: Mapping[str, Any], mode: Callable[[str], Any]) -> dict[str, Any]:
    """`schema` with the `union_mode` the model stage gives some fields made the member
    datamodel-code-generator takes."""
    defs = schema.get("$defs") or {}
    return {**schema, "$defs": {name: _field_modes(d, mode) for name, d in defs.items()}}


def _field_modes(schema: Any, mode: Callable[[str], Any]) -> Any:
    """The fields of a class and of its inline `allOf` members, where the model stage puts
    `union_mode` (a spec's own is dropped there)."""
    if not isinstance(schema, dict):
        return schema
    out = dict(schema)
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {
            name: (
                {**prop, "union_mode": mode(prop["union_mode"])}
                if isinstance(prop, dict) and "union_mode" in prop
                else prop
            )
            for name, prop in schema["properties"].items()
        }
    if isinstance(schema.get("allOf"), list):
        out["allOf"] = [_field_modes(member, mode) for member in schema["allOf"]]
    return out


def _warning_problem(text: str, origins: Origins) -> Problem:
    """The warning located at the first model class it names, else at the spec's start."""
    named = (word for word in re.findall(r"[A-Za-z_]\w*", text) if word in origins)
    name = next(named, "")
    file, line, pointer = origins.get(name, ("<models>", 1, ()))
    about = f"model {name}: " if name else ""
    return Problem(file, line, pointer, f"{about}datamodel-code-generator cannot model it: {text}")


def _drop_root(source: str) -> str:
    """Remove the placeholder root class and the blank lines after it; the rest stays as is.

    Its body is ours (`root: Any`, from a schema with nothing but `$defs`), so it ends at the
    next line that is not indented: no parse of the whole file needed (one of a thousand
    classes cost more than half a second).
    """
    lines = source.splitlines(keepends=True)
    header = f"class {_ROOT_CLASS}("
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0].isspace()):
        end += 1
    if end == len(lines):  # the last class: drop the blank lines before it instead
        while start and not lines[start - 1].strip():
            start -= 1
    del lines[start:end]
    return "".join(lines)


_FUTURE = "from __future__ import annotations\n"
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def _tidy_imports(source: str) -> str:
    """The imports with only the names the models use (the dropped root class used some),
    stdlib before third party, each group sorted as isort sorts it."""
    head, future, rest = source.partition(_FUTURE)
    lines = rest.lstrip("\n").split("\n")
    count = next(i for i, line in enumerate(lines) if not line.startswith("from "))
    body = "\n".join(lines[count:])
    used = set(_IDENTIFIER.findall(STRING_OR_COMMENT.sub("", body)))
    modules: dict[str, set[str]] = {}
    for line in lines[:count]:
        module, _, names = line.removeprefix("from ").partition(" import ")
        kept = {name for name in names.split(", ") if name.split(" as ")[-1] in used}
        modules.setdefault(module, set()).update(kept)
    groups: tuple[list[str], list[str]] = ([], [])
    for module in sorted(m for m in modules if modules[m]):
        third_party = module.split(".")[0] not in sys.stdlib_module_names
        groups[third_party].append(from_import(module, sorted(modules[module], key=_isort_key)))
    imports = "\n\n".join("\n".join(group) for group in groups if group)
    return head + future + ("\n" + imports + "\n" if imports else "") + body


def _isort_key(name: str) -> tuple[int, str]:
    """Constants, then classes, then the rest (isort's and ruff's `order-by-type`)."""
    return (0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2), name


_CLASS_THEN_DOCSTRING = re.compile(r"\nclass \w[^\n]*:\n    \Z")


def _black_layout(source: str) -> str:
    """The models with docstrings wrapped as the templates wrap them, and what black would
    change that is cheap to do here: strings in black's quotes, a blank line after a class
    docstring. Black still formats the file; this only spares it work (black formats a file
    twice when its first pass changes anything).
    """
    out, end = [], 0
    for match in STRING_OR_COMMENT.finditer(source):
        token, start, after = match.group(), match.start(), match.end()
        indent = start - source.rfind("\n", 0, start) - 1
        if token[0] == "'":
            out += [source[end:start], black_quotes(token)]
        elif token.startswith('"""') and not source[start - indent : start].strip():
            out += [source[end:start], _docstring(token, indent)]
            if _blank_line_follows(source, start, after):
                out.append("\n")
        else:
            continue
        end = after
    return "".join(out) + source[end:].rstrip("\n") + "\n"


def _docstring(literal: str, indent: int) -> str:
    """A docstring as the templates write it (datamodel-code-generator leaves it unwrapped)."""
    return docstring(inspect.cleandoc(ast.literal_eval(literal)), indent)


def _blank_line_follows(source: str, start: int, after: int) -> bool:
    """Black puts a blank line after a class docstring followed by code."""
    return (
        source.startswith("\n    ", after)
        and not source[after + 5 : after + 6].isspace()
        and _CLASS_THEN_DOCSTRING.search(source, source.rfind("\n", 0, start - 5), start)
        is not None
    )
