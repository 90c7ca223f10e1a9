"""Hostile input: spec names that are Python keywords, builtins, dunders, start with a digit
or hold '-', '.', spaces or Chinese, and descriptions holding quotes, backslashes, template
syntax, control characters and code, still give valid, importable, type-checked Python that
puts the spec's wire names on the wire; spec text is never evaluated or executed.

`tests/specs/hostile/hostile/` is a hand-made worst case; a property-based test generates
more such specs and checks that the pipeline either produces code that compiles (and
imports) or refuses the spec with a SpecError, never anything else.
"""

from __future__ import annotations

import json
import keyword
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from itertools import count
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import black
import pydantic
import pytest
from gen_support import (
    TEST_SPECS,
    RecordingServer,
    generate_to,
    imported,
    mypy_strict,
    pyright_strict,
    spec_folder,
)
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from mockserver import MockServer

from generator.format import MODE
from generator.load import load
from generator.pipeline import generate_package
from generator.problems import SpecError, format_pointer
from generator.validate import validate

HOSTILE = TEST_SPECS / "hostile" / "hostile"
TEMPLATE_PROBE = "{{ 6*7*1000003 }}"
TEMPLATE_RESULT = "42000126"  # what the probe evaluates to
MARKER = "botspec_pwned"  # the file the spec's code would create


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("hostile")
    generate_to(HOSTILE, parent)
    return parent


@pytest.fixture(scope="module")
def hostile(generated: Path) -> Iterator[ModuleType]:
    with ExitStack() as stack:
        cwd = Path.cwd()
        os.chdir(generated)  # were spec text executed on import, the marker would appear here
        try:
            module = stack.enter_context(imported(generated, "hostile"))
        finally:
            os.chdir(cwd)
        yield module


def _sources(generated: Path) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((generated / "hostile").iterdir())
        if path.is_file()
    }


# -- the hand-made worst case ---------------------------------------------------------------------


def test_hostile_package_passes_mypy_strict(generated: Path) -> None:
    assert mypy_strict(generated, ["hostile"]) == {"hostile": []}


def test_hostile_package_passes_pyright_strict(generated: Path) -> None:
    # Enum values `value` and `name` among them: members are upper case, not Enum's own.
    assert pyright_strict(generated, ["hostile"]) == {"hostile": []}


def test_hostile_package_imports_and_exports_every_public_name(hostile: ModuleType) -> None:
    missing = [name for name in hostile.__all__ if not hasattr(hostile, name)]
    assert missing == []
    assert all(name.isidentifier() and not keyword.iskeyword(name) for name in hostile.__all__)


def test_spec_text_is_never_evaluated_as_a_template(generated: Path, hostile: ModuleType) -> None:
    sources = _sources(generated)
    assert all(TEMPLATE_RESULT not in text for text in sources.values())
    holding = [name for name, text in sources.items() if "EVALUATED" in text]
    assert {"_client.py", "_models.py", "_resources.py", "README.md"} <= set(holding)
    for name in holding:  # (docstrings are wrapped: compare with whitespace collapsed)
        assert "{% if True %}EVALUATED{% endif %}" in " ".join(sources[name].split()), name
    assert TEMPLATE_PROBE in " ".join(sources["__init__.py"].split())
    assert TEMPLATE_PROBE in (hostile.Class.__doc__ or "")
    assert "{# hidden #}" in (hostile.Client.__doc__ or "")


def test_spec_text_is_never_executed(generated: Path, hostile: ModuleType) -> None:
    with hostile.Client(x_key="k", base_url="http://127.0.0.1:9") as client:
        client.class_.class_  # noqa: B018  (resources and methods exist; nothing runs)
    assert not (generated / MARKER).exists()
    assert not (Path.cwd() / MARKER).exists()
    assert "__import__('os').system('touch botspec_pwned')" in (hostile.Class.__doc__ or "")


def test_docstrings_keep_quotes_backslashes_and_control_characters(hostile: ModuleType) -> None:
    doc = hostile.Class.__doc__ or ""
    for fragment in ("'''", '"""', "a backslash \\ and \\N{BULLET} \\u0041 \\x00", "NUL \0 ESC"):
        assert fragment in doc
    assert doc.rstrip().endswith('a trailing quote "')
    method = hostile._resources.ClassResource.class_.__doc__ or ""
    assert "Operation 'class'" in method and '"""' in method


def test_keywords_builtins_and_dunders_become_safe_attribute_names(hostile: ModuleType) -> None:
    fields = hostile.Class.model_fields
    for name in fields:
        assert name.isidentifier() and not keyword.iskeyword(name), name
        assert not (name.startswith("__") and name.endswith("__")), name
        assert name not in dir(pydantic.BaseModel), name
    aliases = {(name if field.alias is None else field.alias) for name, field in fields.items()}
    assert {"class", "def", "None", "True", "self", "list", "__init__", "__class__"} <= aliases
    assert {"1abc", "a-b", "a.b", "a b", "中文", "json", "model_config", "", "_private"} <= aliases


def test_every_wire_name_round_trips_through_its_alias(hostile: ModuleType) -> None:
    wire = {
        (name if field.alias is None else field.alias): f"v{i}"
        for i, (name, field) in enumerate(hostile.Class.model_fields.items())
    }
    model = hostile.Class.model_validate(wire)
    assert model.model_dump(by_alias=True, exclude_unset=True) == wire
    assert model.field_1abc == wire["1abc"]
    assert model.class_ == wire["class"] and model.class_2 == wire["__class__"]
    assert hostile.Class.model_validate(model.model_dump(by_alias=True)) == model


_VALUE_AND_EMPTY = """\
openapi: 3.1.0
info: {title: Named, version: "1"}
servers: [{url: "https://api.example.test"}]
paths:
  /v:
    put:
      operationId: setV
      summary: Set v
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pair"}
      responses:
        "200":
          description: The pair kept
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pair"}
components:
  schemas:
    Pair:
      type: object
      properties:
        "": {type: string}
        value: {type: object}
"""


def test_a_field_left_out_never_takes_a_field_sent_under_a_wire_name_that_is_its_python_name(
    tmp_path: Path,
) -> None:
    # The wire name "" becomes `value`: the models, populated by name too, gave a `value`
    # sent alone to that field, not to the field whose wire name it is.
    generate_to(spec_folder(tmp_path, "named", _VALUE_AND_EMPTY), tmp_path / "out")
    with (
        imported(tmp_path / "out", "named") as module,
        RecordingServer() as server,
        module.Client(base_url=server.url) as client,
    ):
        server.reply({"value": {"a": 1}})
        answer = client.default.set_v(value={"b": 2})
        assert server.last.json() == {"value": {"b": 2}}
    assert answer.model_dump(by_alias=True, exclude_unset=True) == {"value": {"a": 1}}


def test_schema_names_that_clash_with_python_or_the_package_get_distinct_class_names(
    hostile: ModuleType,
) -> None:
    assert hostile.NoneModel is not None and hostile.Client is not hostile.ClientModel
    assert issubclass(hostile.Client, object) and hasattr(hostile.Client, "close")
    assert issubclass(hostile.NotFound, pydantic.BaseModel)  # the exception is NotFoundError
    assert issubclass(hostile.NotFoundError, Exception)
    assert issubclass(hostile.BaseModelModel, pydantic.BaseModel)


def test_enum_members_from_hostile_values_and_varnames_are_identifiers(hostile: ModuleType) -> None:
    for enum in (hostile.NoneModel, hostile.Model1Model):
        assert all(m.isidentifier() and not keyword.iskeyword(m) for m in enum.__members__)
    values = [m.value for m in hostile.NoneModel]
    assert values == ["class", "None", "1x", "a-b", "中文", "", "mro", "value", "name", "_sunder_"]
    assert [m.value for m in hostile.Model1Model] == [1, 2, 3, 4, 5, 6]


def test_tags_and_operation_ids_become_safe_unique_attributes(hostile: ModuleType) -> None:
    with hostile.Client(x_key="k", base_url="http://127.0.0.1:9") as client:
        resources = {n for n in vars(client) if not n.startswith("_")}
        assert callable(client.close) and callable(client.request)
        assert client.with_raw_response.__class__.__name__ == "ClientWithRawResponse"
        assert {"class_", "init", "self_", "close2", "with_raw_response2"} <= resources
        methods = [m for m in dir(type(client.class_)) if not m.startswith("_")]
        assert all(m.isidentifier() and not keyword.iskeyword(m) for m in methods)


def test_hostile_argument_names_go_on_the_wire_under_their_spec_names(
    hostile: ModuleType,
) -> None:
    with RecordingServer() as server, hostile.Client(x_key="key", base_url=server.url) as client:
        server.reply({"class": "c", "__class__": "d", "1abc": "e", "中文": "f", "json": "g"})
        result = client.class_.wire(
            class_path="p/1",
            self_query="s",
            timeout_query="t",
            extra_headers_="x",
            field_1abc_query="q",
            u4e2d_u6587_query="z",
            a_b_query="dot",
            none="n",
            a_b_header="h",
            class_="body class",
            class_2="body dunder",
            a_b="body dash",
            a_b2="body dot",
            a_b3="body space",
            field_1abc="body digit",
            u4e2d_u6587="body chinese",
            self_="body self",
            json_="body json",
            timeout_="body timeout",
            kind=hostile.U679aU4e3e(2),
            timeout=5,
        )
        request = server.last
    assert request.method == "POST" and request.path == "/wire/p%2F1"
    assert request.query == {
        "self": ["s"],
        "timeout": ["t"],
        "extra_headers": ["x"],
        "1abc": ["q"],
        "中文": ["z"],
        "a.b": ["dot"],
        "None": ["n"],
    }
    assert request.headers["a-b"] == "h"
    assert request.headers["x-key"] == "key"
    assert request.json() == {
        "class": "body class",
        "__class__": "body dunder",
        "a-b": "body dash",
        "a.b": "body dot",
        "a b": "body space",
        "1abc": "body digit",
        "中文": "body chinese",
        "self": "body self",
        "json": "body json",
        "timeout": "body timeout",
        "kind": 2,
    }
    assert isinstance(result, hostile.YourModel)
    assert (result.class_, result.class_2, result.field_1abc, result.json_) == ("c", "d", "e", "g")
    assert result.u4e2d_u6587 == "f"


# -- property-based: generated hostile specs ---------------------------------------------------

HOSTILE_NAMES = (
    "class", "def", "import", "None", "True", "False", "match", "type", "self", "list", "dict",
    "str", "id", "__init__", "__class__", "1abc", "a-b", "a.b", "a b", "中文", "json", "copy",
    "model_config", "model_dump", "with_raw_response", "close", "timeout", "extra_headers", "_",
    "__", "0", "Client", "BaseModel", "Field", "Endpoint", "value", "mro", "name", "Args:",
)  # fmt: skip
NASTY_FRAGMENTS = (
    "'''", '"""', '""""', "\\", '"', "\\\\", TEMPLATE_PROBE, "{% if True %}x{% endif %}",
    "{# c #}", "{%", "%}", "{{", "}}", "\0", "\x1b[0m", "\r", "\x0c", "\u2028", "\x85",
    "__import__('os').system('touch botspec_pwned')", "\\N{BULLET}", "\\u0041", "\\x00",
    "\n\n", "Args:\n", "    ", "`", "|", "<!--",
)  # fmt: skip
# Any character but lone surrogates (not UTF-8) and the raw controls and non-characters YAML
# refuses (they give a "malformed YAML" SpecError, tried once below); control characters
# come in through NASTY_FRAGMENTS, which json.dumps escapes.
_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")

names = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.text(_CHARACTERS, min_size=1, max_size=8),
    st.text("aZ1_-. 中文", min_size=1, max_size=6),
)
# OpenAPI allows only these characters in component names.
component_names = st.one_of(
    st.sampled_from(
        [
            n
            for n in HOSTILE_NAMES
            if n and all(c.isascii() and (c.isalnum() or c in "._-") for c in n)
        ]
    ),
    st.text("aZ09._-", min_size=1, max_size=8),
)
path_names = names.filter(lambda n: not set(n) & set("{}/?#%"))
texts = st.one_of(
    st.sampled_from(NASTY_FRAGMENTS),  # alone: a short text becomes a one-line docstring
    st.lists(
        st.one_of(st.sampled_from(NASTY_FRAGMENTS), st.text(_CHARACTERS, max_size=6)), max_size=6
    ).map("".join),
)
QUOTED_ENDINGS = ('"""', '"', 'a""', "x\\", '\\"', "'''", '""""', "\\\\")


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A small OpenAPI document whose every name and text is drawn from the strategies above."""
    schemas: dict[str, Any] = {}
    enum_name = draw(component_names)
    if draw(st.booleans()):
        values = draw(st.lists(names, min_size=1, max_size=4, unique=True))
        schemas[enum_name] = {"type": "string", "enum": values, "description": draw(texts)}
    else:
        varnames = draw(st.lists(names, min_size=1, max_size=4, unique=True))
        schemas[enum_name] = {
            "type": "integer",
            "enum": list(range(len(varnames))),
            "x-enum-varnames": varnames,
            "description": draw(texts),
        }
    kinds = st.sampled_from(
        [{"type": "string"}, {"type": "integer"}, {"type": ["boolean", "null"]},
         {"type": "array", "items": {"type": "string"}}, {"$ref": f"#/components/schemas/{enum_name}"},
         {"type": "object", "additionalProperties": {"type": "integer"}}]
    )  # fmt: skip
    objects = draw(st.lists(component_names, min_size=1, max_size=3, unique=True))
    objects = [n for n in objects if n != enum_name] or [enum_name + "x"]
    for name in objects:
        properties = draw(st.dictionaries(names | st.just(""), kinds, min_size=1, max_size=4))
        schemas[name] = {
            "type": "object",
            "description": draw(texts),
            "properties": {k: {**v, "description": draw(texts)} for k, v in properties.items()},
        }
    tags = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    paths: dict[str, Any] = {}
    for index, operation_id in enumerate(
        draw(st.lists(names, min_size=1, max_size=3, unique=True))
    ):
        parameters = [
            {"name": n, "in": where, "description": draw(texts), "schema": {"type": "string"}}
            for where in ("query", "header")
            for n in draw(st.lists(names, max_size=2, unique=True))
        ]
        path = f"/p{index}"
        if draw(st.booleans()):
            path_name = draw(path_names)
            path += "/{" + path_name + "}"
            parameters.append(
                {"name": path_name, "in": "path", "required": True, "schema": {"type": "integer"}}
            )
        operation: dict[str, Any] = {
            "operationId": operation_id,
            "summary": draw(texts) or "s",
            "description": draw(texts),
            "tags": [draw(st.sampled_from(tags))],
            "parameters": parameters,
            # (the first one never: see test_spec_whose_every_operation_is_deprecated_...)
            "deprecated": index > 0 and draw(st.booleans()),
            "responses": {
                "200": {
                    "description": draw(texts),
                    "content": {
                        "application/json": {
                            "schema": {
                                "$ref": f"#/components/schemas/{draw(st.sampled_from(objects))}"
                            }
                        }
                    },
                }
            },
        }
        if draw(st.booleans()):
            media = draw(st.sampled_from(["application/json", "application/x-www-form-urlencoded"]))
            body = {"$ref": f"#/components/schemas/{draw(st.sampled_from(objects))}"}
            operation["requestBody"] = {"content": {media: {"schema": body}}}
        paths[path] = {draw(st.sampled_from(["get", "post", "put"])): operation}
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": draw(texts) or "t", "version": "1", "description": draw(texts)},
        "servers": [{"url": "https://api.example.test", "description": draw(texts)}],
        "tags": [{"name": t, "description": draw(texts)} for t in tags],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    if draw(st.booleans()):
        spec["components"]["securitySchemes"] = {
            "key": {
                "type": "apiKey",
                "in": "header",
                "name": draw(names),
                "description": draw(texts),
            }
        }
        spec["security"] = [{"key": []}]
    return spec


def _quoted_endings_spec() -> dict[str, Any]:
    """Always tried: short texts (one-line docstrings) ending in quotes and backslashes."""
    return {
        "openapi": "3.1.0",
        "info": {"title": '"""', "version": "1", "description": "\\"},
        "servers": [{"url": "https://api.example.test"}],
        "tags": [{"name": f"t{i}", "description": text} for i, text in enumerate(QUOTED_ENDINGS)],
        "paths": {
            f"/p{i}": {
                "get": {
                    "operationId": f"op{i}",
                    "summary": text,
                    "tags": [f"t{i}"],
                    "responses": {"204": {"description": text}},
                }
            }
            for i, text in enumerate(QUOTED_ENDINGS)
        },
    }


_package_numbers = count()

# The property tests' settings: the example count from the environment (CI keeps it small).
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("BOTSPEC_HYPOTHESIS_EXAMPLES", "25")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def generated_or_refused(
    spec: dict[str, Any], file_name: str, stem: str, folder: Path
) -> tuple[Path, str] | None:
    """Generate the package of `spec` (written as `file_name`) into `folder`/out, checking
    every file compiles, is black's layout and holds no evaluated template probe: its
    folder and name, or None when the spec was refused with located problems."""
    package_name = f"{stem}_{next(_package_numbers)}"
    spec_dir = folder / "spec"
    spec_dir.mkdir()
    text = json.dumps(spec, ensure_ascii=False, indent=1)
    (spec_dir / file_name).write_text(text, encoding="utf-8")
    try:
        package = generate_package(spec_dir, package_name, jobs=1)
    except SpecError as exc:  # refused: with at least one located, readable problem
        assert exc.problems and all(p.file and p.line >= 1 and p.message for p in exc.problems)
        event(f"refused: {exc.problems[0].message[:60]}")
        return None
    event("generated")
    for name, source in package.files.items():
        if name.endswith(".py"):
            compile(source, f"{package_name}/{name}", "exec")
            # Formatted in pieces, it must still be what black makes of the file.
            assert black.format_str(source, mode=MODE) == source, name
        assert TEMPLATE_RESULT not in source, name
    generate_to_files(package.files, folder / "out" / package_name)
    return folder / "out", package_name


@PROPERTY_SETTINGS
@given(spec=hostile_specs())
@example(spec=_quoted_endings_spec())
def test_generated_hostile_specs_give_compiling_importable_code_or_a_spec_error(
    spec: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        generated = generated_or_refused(spec, "openapi.json", "hostile", Path(folder))
        if generated is None:
            return
        parent, package_name = generated
        cwd = Path.cwd()
        os.chdir(parent)
        try:
            with imported(parent, package_name) as module:
                assert all(hasattr(module, name) for name in module.__all__)
        finally:
            os.chdir(cwd)
        assert not (parent / MARKER).exists()


def generate_to_files(files: dict[str, str], target: Path) -> None:
    for relative, source in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_python_version_has_the_keywords_the_generator_knows() -> None:
    from generator.model._names import KEYWORDS

    assert set(keyword.kwlist) <= KEYWORDS | {"__peg_parser__"}
    assert sys.version_info >= (3, 11)


# -- known failures found by the property-based test (owned by other stages) ------------------


def _write_json_spec(folder: Path, spec: dict[str, Any], ensure_ascii: bool) -> Path:
    spec_dir = folder / "spec"
    spec_dir.mkdir()
    text = json.dumps(spec, ensure_ascii=ensure_ascii)
    (spec_dir / "openapi.json").write_text(text, encoding="utf-8")
    return spec_dir


def _one_operation_spec(deprecated: bool, text: str = "s") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": text, "version": "1"},
        "servers": [{"url": "https://api.example.test"}],
        "paths": {
            "/a": {
                "get": {
                    "operationId": "getA",
                    "summary": text,
                    "deprecated": deprecated,
                    "responses": {"204": {"description": text}},
                }
            }
        },
    }


def test_spec_whose_every_operation_is_deprecated_still_generates(tmp_path: Path) -> None:
    spec_dir = _write_json_spec(tmp_path, _one_operation_spec(deprecated=True), False)
    package = generate_package(spec_dir, "all_deprecated", jobs=1)
    assert "get_a" in package.files["_resources.py"]


def test_json_spec_with_raw_astral_characters_generates(tmp_path: Path) -> None:
    spec_dir = _write_json_spec(tmp_path, _one_operation_spec(False, "smile 😀"), False)
    package = generate_package(spec_dir, "emoji_raw", jobs=1)
    assert "smile 😀" in package.files["_resources.py"]


def test_json_spec_with_escaped_astral_characters_generates(tmp_path: Path) -> None:
    spec_dir = _write_json_spec(tmp_path, _one_operation_spec(False, "smile 😀"), True)
    package = generate_package(spec_dir, "emoji_escaped", jobs=1)
    assert "smile 😀" in package.files["_resources.py"]


@pytest.mark.parametrize("lone", ["\ud800", "\udc00", "a\udfffb"], ids=["high", "low", "inside"])
def test_json_spec_with_a_lone_surrogate_escape_is_a_spec_error_at_its_string(
    tmp_path: Path, lone: str
) -> None:
    spec_dir = _write_json_spec(tmp_path, _one_operation_spec(False, lone), True)
    with pytest.raises(SpecError) as caught:
        generate_package(spec_dir, "lone", jobs=1)
    [problem] = caught.value.problems
    assert problem.file.endswith("openapi.json") and problem.pointer == ("info", "title")
    assert "escape without its pair" in problem.message


@pytest.mark.parametrize("version", ["2024 版本", '1\n"x', "v(1) ; é"])
def test_any_info_version_gives_a_client_whose_user_agent_goes_out(
    tmp_path: Path, version: str
) -> None:
    spec = _one_operation_spec(False)
    spec["info"]["version"] = version
    spec_dir = _write_json_spec(tmp_path, spec, False)
    generate_to(spec_dir, tmp_path / "out", "uaver")
    with imported(tmp_path / "out", "uaver") as uaver, MockServer(spec_dir) as mock:
        with uaver.Client(base_url=mock.url) as client:
            client.default.get_a()
        agent = mock.last("getA")["headers"]["user-agent"]
    assert agent == f"uaver/{quote(version, safe='')} (botspec; python-httpx)"


@pytest.mark.parametrize("name", ["a b", "中文", "x:y", ""])
def test_header_parameter_or_api_key_name_that_is_no_http_token_is_a_located_problem(
    tmp_path: Path, name: str
) -> None:
    spec = _one_operation_spec(False)
    spec["components"] = {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": name}}
    }
    spec["paths"]["/a"]["get"]["parameters"] = [{"name": name, "in": "header", "schema": {}}]
    spec_dir = _write_json_spec(tmp_path, spec, False)
    problems = validate(load([spec_dir / "openapi.json"]))
    pointers = {format_pointer(p.pointer) for p in problems if "is not an HTTP token" in p.message}
    assert pointers == {"components.securitySchemes.key.name", "paths./a.get.parameters[0].name"}
