"""The committed packages in generated/ are good code: they pass `mypy --strict` and
pyright's strict mode (Pylance's checker, which VS Code users read them with), are
black-formatted, need nothing but the standard library, httpx and pydantic, and work from
a vendored copy outside the repository, where the specs' own examples are run through them.

The checks on a vendored copy run in a separate interpreter whose only addition to
sys.path is the copy's folder (`_VENDORED_CHECKS` below); it answers with a JSON report
that the tests read, one behaviour per test.
"""

from __future__ import annotations

import ast
import json
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import black
import pytest
from black.strings import str_width
from gen_support import (
    GENERATED,
    REPO_ROOT,
    SPECS,
    committed_packages,
    mypy_strict,
    package_params,
    pyright_strict,
    ruff_findings,
    run_isolated,
)

from generator.format import MODE
from generator.load import Document, SpecSet, load
from generator.load._documents import iter_operations
from generator.model import Api, build
from generator.pipeline import spec_files_in

ALLOWED_IMPORTS = frozenset({"httpx", "pydantic", "pydantic_core", "websockets"})
UNKNOWN_FIELD = "botspec_unknown_field"
TOKEN_HOST = "token.example.test"
UNKNOWN_VALUE = {"nested": [1, "two", None]}


# -- mypy, pyright and black ---------------------------------------------------------------


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every committed package, copied into one folder outside the repo."""
    parent = tmp_path_factory.mktemp("typecheck")
    for name in committed_packages():
        shutil.copytree(GENERATED / name, parent / name)
    return parent


@pytest.fixture(scope="module")
def mypy_report(copies: Path) -> dict[str, list[str]]:
    """One `mypy --strict` run over the copies of every committed package."""
    return mypy_strict(copies, committed_packages())


@pytest.mark.parametrize("name", package_params())
def test_generated_package_passes_mypy_strict(name: str, mypy_report: dict[str, list[str]]) -> None:
    assert name in mypy_report, f"generated/{name} is missing"
    assert mypy_report[name] == []


@pytest.fixture(scope="module")
def pyright_report(copies: Path) -> dict[str, list[str]]:
    """One strict pyright run over the copies of every committed package."""
    return pyright_strict(copies, committed_packages())


@pytest.mark.parametrize("name", package_params())
def test_generated_package_passes_pyright_strict(
    name: str, pyright_report: dict[str, list[str]]
) -> None:
    assert name in pyright_report, f"generated/{name} is missing"
    diagnostics = pyright_report[name]
    assert not diagnostics, f"{len(diagnostics)} from pyright:\n" + "\n".join(diagnostics)


def _python_files(name: str) -> list[Path]:
    files = sorted((GENERATED / name).glob("*.py"))
    assert files, f"generated/{name} has no Python files"
    return files


@pytest.mark.parametrize("name", package_params())
def test_generated_python_is_black_formatted_as_the_pipeline_formats_it(name: str) -> None:
    unformatted = [
        path.name
        for path in _python_files(name)
        if black.format_str(text := path.read_text(encoding="utf-8"), mode=MODE) != text
    ]
    assert unformatted == []


@pytest.mark.parametrize("name", package_params())
def test_rendered_python_is_already_black_clean_so_black_needs_one_pass(name: str) -> None:
    # black formats a file twice whenever its first pass changes anything: the templates
    # and the models' post-processing emit black's layout, which halves the format stage.
    from generator.load import load
    from generator.model import build
    from generator.pipeline import spec_files_in
    from generator.render import render

    rendered = render(build(load(spec_files_in(REPO_ROOT / "specs" / name)), name))
    changed = [
        file_name
        for file_name, text in rendered.items()
        if file_name.endswith(".py")
        and text != (GENERATED / name / file_name).read_text(encoding="utf-8")
    ]
    assert changed == []


def _import_time_imports(statements: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements that run when the module is imported: top level, and inside
    top-level `if`/`try` blocks, but not under `if TYPE_CHECKING:` nor in functions (lazy
    imports of optional extras)."""
    for node in statements:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                yield from _import_time_imports(node.body)
            yield from _import_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _import_time_imports(block)
            for handler in node.handlers:
                yield from _import_time_imports(handler.body)


@pytest.mark.parametrize("name", package_params())
def test_generated_package_imports_only_itself_the_stdlib_httpx_and_pydantic(name: str) -> None:
    foreign = []
    for path in _python_files(name):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _import_time_imports(tree.body):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                continue
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                modules = [node.module or ""]
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ALLOWED_IMPORTS:
                    foreign.append(f"{path.name}:{node.lineno}: {module}")
    assert foreign == []


@pytest.mark.parametrize("name", package_params())
def test_generated_package_marks_itself_typed(name: str) -> None:
    assert (GENERATED / name / "py.typed").is_file()


@pytest.mark.parametrize("name", package_params())
def test_modules_import_only_what_they_use_sorted_as_isort_sorts_and_all_sorted(
    name: str,
) -> None:
    # At black's line length, which the generator wraps imports at (isort's default, 88,
    # would wrap a 98-column import black keeps on one line).
    options = ("--select", "F401,I001,RUF022", "--line-length", "100", "--target-version", "py311")
    assert ruff_findings(GENERATED / name, *options) == ""


@pytest.mark.parametrize("name", package_params())
def test_every_line_fits_the_line_length_with_wide_characters_counted_twice(name: str) -> None:
    # As ruff counts (and editors show) them: a CJK character takes two columns.
    assert ruff_findings(GENERATED / name, "--select", "E501", "--line-length", "100") == ""


@pytest.mark.parametrize("name", package_params())
def test_model_docstrings_that_fit_one_line_are_one_line(name: str) -> None:
    # As the templates write them: `"""text"""` whenever it fits the docstring width (88
    # columns, a wide character taking two).
    source = (GENERATED / name / "_models.py").read_text(encoding="utf-8")
    spread = [
        node.value.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and node.end_lineno != node.lineno
        and "\n" not in node.value.value.strip()
        and node.col_offset + str_width(node.value.value.strip()) + 6 <= 88
    ]
    assert spread == []


# -- the specs' examples ---------------------------------------------------------------------


@dataclass
class Checks:
    """What the vendored interpreter is asked to check for one package."""

    responses: list[dict[str, Any]]
    requests: list[dict[str, Any]]
    calls: list[dict[str, Any]]
    closed: list[str]
    open: list[str]
    wire_names: dict[str, list[str]]


def _examples(doc: Document, specs: SpecSet, media: dict[str, Any]) -> list[Any]:
    found = [media["example"]] if "example" in media else []
    for example in (media.get("examples") or {}).values():
        _, value = specs.deref(doc, example)
        if isinstance(value, dict) and "value" in value:
            found.append(value["value"])
    return found


def _checks(name: str) -> tuple[Api, Checks]:
    """The package's model, and every example its spec gives, paired with what to check."""
    specs = load(spec_files_in(SPECS / name))
    api = build(specs, name)
    doc = next(d for d in specs.roots if d.kind == "openapi")
    envelope = doc.data.get("x-envelope")
    by_id = {op.operation_id: op for op in api.operations}
    resource_of = {op.operation_id: r.name for r in api.resources for op in r.operations}
    checks = Checks([], [], [], [], [], {})
    for _, path, method, raw in iter_operations(doc.data):
        canonical = by_id[raw.get("x-alias-of") or raw["operationId"]]
        where = f"{method.upper()} {path}"
        for status, response in (raw.get("responses") or {}).items():
            if not status.startswith("2") or canonical.response.type == "None":
                continue
            response_doc, response = specs.deref(doc, response)
            media = (response.get("content") or {}).get("application/json")
            for example in _examples(response_doc, specs, media or {}):
                data = example.get(envelope["data"]) if canonical.response.unwrap else example
                checks.responses.append(
                    {
                        "where": f"{where} {status}",
                        "endpoint": canonical.constant,
                        "type": canonical.response.type,
                        "data": data,
                    }
                )
                if not any(a.required for a in canonical.arguments) and not raw.get("x-alias-of"):
                    checks.calls.append(
                        {
                            "where": where,
                            "resource": resource_of[canonical.operation_id],
                            "method": canonical.method_name,
                            "body": example,
                            "data": data,
                            "endpoint": canonical.constant,
                        }
                    )
        body = canonical.body
        if body is not None and body.model is not None and "requestBody" in raw:
            body_doc, request = specs.deref(doc, raw["requestBody"])
            for example in _examples(body_doc, specs, request["content"][body.media_type]):
                checks.requests.append({"where": where, "model": body.model, "data": example})
    for model, schema in api.models_schema["$defs"].items():
        if schema.get("additionalProperties") is False:
            checks.closed.append(model)
        elif schema.get("additionalProperties") is True:
            checks.open.append(model)
        if isinstance(schema.get("properties"), dict):
            checks.wire_names[model] = sorted(schema["properties"])
    return api, checks


def _credentials(api: Api) -> dict[str, str]:
    arguments = {c.name: "secret-value" for c in api.auth.credentials}
    if api.needs_base_url:
        arguments["base_url"] = "https://api.example.test"
    if api.auth.token_exchange:
        arguments["token_url"] = f"https://{TOKEN_HOST}/token"
    return arguments


def _token_reply(api: Api) -> dict[str, Any]:
    exchange = api.auth.token_exchange
    if exchange is None:
        return {}
    reply: dict[str, Any] = {exchange.token_field: "bought-token"}
    if exchange.expires_in_field:
        reply[exchange.expires_in_field] = 7200
    return reply


_VENDORED_CHECKS = r"""
import importlib, inspect, json, sys, traceback

job = json.load(sys.stdin)
report = {"results": [], "sys_path": list(sys.path)}


def check(kind, where, test):
    try:
        test()
        error = None
    except Exception as exc:  # reported to the test, which fails on it
        error = f"{type(exc).__name__}: {exc}"[:2000]
    report["results"].append({"kind": kind, "where": where, "error": error})


package = importlib.import_module(job["module"])
endpoints = importlib.import_module(job["module"] + "._endpoints")
models = importlib.import_module(job["module"] + "._models")
resources = importlib.import_module(job["module"] + "._resources")
import httpx
import pydantic

report["package_file"] = package.__file__
report["repository_modules"] = sorted(
    name
    for name, module in list(sys.modules.items())
    if (getattr(module, "__file__", None) or "").startswith(job["repo"])
)
report["generator_imported"] = "generator" in sys.modules


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def response_example(case):
    endpoint = getattr(endpoints, case["endpoint"])
    adapter = pydantic.TypeAdapter(endpoint.response)
    value = adapter.validate_python(case["data"])
    model = getattr(models, case["type"], None)
    if isinstance(model, type):
        expect(isinstance(value, model), f"decoded as {type(value).__name__}, not {case['type']}")
    again = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True)
    expect(again == case["data"], f"round trip changed it: {again!r}")


def unknown_kept(case):
    endpoint = getattr(endpoints, case["endpoint"])
    adapter = pydantic.TypeAdapter(endpoint.response)
    value = adapter.validate_python({**case["data"], job["unknown"]: job["unknown_value"]})
    dumped = adapter.dump_python(value, mode="json", by_alias=True)
    expect(dumped.get(job["unknown"]) == job["unknown_value"], f"unknown field lost: {dumped!r}")


def request_example(case):
    model = getattr(models, case["model"])
    value = model.model_validate(case["data"])
    again = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    expect(again == case["data"], f"round trip changed it: {again!r}")


def unknown_refused(case):
    model = getattr(models, case["model"])
    try:
        model.model_validate({**case["data"], job["unknown"]: 1})
    except pydantic.ValidationError as exc:
        kinds = {e["type"] for e in exc.errors()}
        expect(kinds == {"extra_forbidden"}, f"refused for another reason: {kinds}")
    else:
        raise AssertionError("an unknown field was accepted")


def extra_setting(name, wanted):
    def test():
        actual = getattr(models, name).model_config.get("extra")
        expect(actual == wanted, f"extra={actual!r}, wanted {wanted!r}")
    return test


def wire_names(name, wanted):
    def test():
        model = getattr(models, name)
        fields = model.model_fields
        sample = model.model_construct(**{python: 0 for python in fields})
        written = set(sample.model_dump(by_alias=True))
        read = {(python if field.alias is None else field.alias) for python, field in fields.items()}
        expect(written == read, f"writes {sorted(written)} but reads {sorted(read)}")
        expect(set(wanted) <= read, f"wire names {sorted(set(wanted) - read)} are not fields")
        for python, field in fields.items():
            expect(python.isidentifier(), f"{python!r} is not an identifier")
            if field.alias:
                value = model.model_construct(**{python: 1})
                expect(getattr(value, python) == 1, python)
    return test


def call(case):
    bodies = []

    def handler(request):
        if request.url.host == job["token_host"]:  # the token exchange, if any
            return httpx.Response(200, json=job["token_reply"])
        bodies.append(request)
        return httpx.Response(200, json=case["body"])

    client = package.Client(**job["credentials"], transport=httpx.MockTransport(handler))
    try:
        value = getattr(getattr(client, case["resource"]), case["method"])()
    finally:
        client.close()
    expect(len(bodies) == 1, f"{len(bodies)} requests sent")
    endpoint = getattr(endpoints, case["endpoint"])
    expected = pydantic.TypeAdapter(endpoint.response).validate_python(case["data"])
    expect(value == expected, f"returned {value!r}")


def same_signatures():
    classes = {
        name: cls
        for name, cls in vars(resources).items()
        if isinstance(cls, type) and cls.__module__ == resources.__name__
    }
    pairs = [(c, classes["Async" + n]) for n, c in classes.items() if "Async" + n in classes]
    expect(pairs, "no sync and async resource classes to compare")
    paired = {cls.__name__ for pair in pairs for cls in pair}
    expect(paired == set(classes), f"without a twin: {sorted(set(classes) - paired)}")
    for cls, twin in pairs:
        name = cls.__name__
        methods = sorted(m for m in vars(cls) if not m.startswith("_"))
        expect(methods == sorted(m for m in vars(twin) if not m.startswith("_")), name)
        for method in methods:
            a = inspect.signature(getattr(cls, method)).parameters
            b = inspect.signature(getattr(twin, method)).parameters
            expect(list(a.values()) == list(b.values()), f"{name}.{method}")


def public_names():
    missing = [n for n in package.__all__ if not hasattr(package, n)]
    expect(not missing, f"__all__ names missing: {missing}")
    expect(len(package.__all__) == len(set(package.__all__)), "duplicates in __all__")


for case in job["responses"]:
    check("response_example", case["where"], lambda: response_example(case))
    if isinstance(case["data"], dict):
        check("unknown_kept", case["where"], lambda: unknown_kept(case))
for case in job["requests"]:
    check("request_example", case["where"], lambda: request_example(case))
    check("unknown_refused", case["where"], lambda: unknown_refused(case))
for name in job["closed"]:
    check("extra", name, extra_setting(name, "forbid"))
for name in job["open"]:
    check("extra", name, extra_setting(name, "allow"))
for name, wanted in job["wire_names"].items():
    check("wire_names", name, wire_names(name, wanted))
for case in job["calls"]:
    check("call", case["where"], lambda: call(case))
check("signatures", "resources", same_signatures)
check("public_names", "__all__", public_names)
print(json.dumps(report))
"""


@dataclass
class Report:
    api: Api
    checks: Checks
    vendor_dir: Path
    data: dict[str, Any]

    def results(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.data["results"] if r["kind"] == kind]

    def failures(self, kind: str) -> list[str]:
        return [f"{r['where']}: {r['error']}" for r in self.results(kind) if r["error"]]


@pytest.fixture(scope="module")
def _vendor_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vendoring")


_reports: dict[str, Report] = {}


@pytest.fixture
def report(name: str, _vendor_root: Path) -> Iterator[Report]:
    """generated/<name> copied to `<tmp>/app/_vendor/<name>` (another parent, another
    package path) and checked from a fresh interpreter with only `<tmp>/app` on sys.path."""
    if name not in _reports:
        assert (GENERATED / name).is_dir(), f"generated/{name} is missing"
        api, checks = _checks(name)
        app = _vendor_root / name / "app"
        shutil.copytree(GENERATED / name, app / "_vendor" / name)
        job = {
            "module": f"_vendor.{name}",
            "repo": str(REPO_ROOT),
            "unknown": UNKNOWN_FIELD,
            "unknown_value": UNKNOWN_VALUE,
            "credentials": _credentials(api),
            "token_host": TOKEN_HOST,
            "token_reply": _token_reply(api),
            **checks.__dict__,
        }
        result = run_isolated(_VENDORED_CHECKS, app, stdin=json.dumps(job))
        assert result.returncode == 0, result.stderr
        _reports[name] = Report(api, checks, app, json.loads(result.stdout))
    yield _reports[name]


@pytest.mark.parametrize("name", package_params())
def test_vendored_copy_imports_with_only_its_own_folder_added(name: str, report: Report) -> None:
    assert report.data["package_file"].startswith(str(report.vendor_dir / "_vendor" / name))
    assert str(report.vendor_dir) in report.data["sys_path"]
    assert [p for p in report.data["sys_path"] if p.startswith(str(REPO_ROOT))] == []
    assert report.data["repository_modules"] == []
    assert report.data["generator_imported"] is False


@pytest.mark.parametrize("name", package_params())
def test_every_response_example_validates_into_the_operation_return_type(
    name: str, report: Report
) -> None:
    assert report.results("response_example"), "the spec has no response examples"
    assert report.failures("response_example") == []


@pytest.mark.parametrize("name", package_params())
def test_envelope_is_unwrapped_for_the_examples_of_enveloped_operations(
    name: str, report: Report
) -> None:
    enveloped = [op for op in report.api.operations if op.response.unwrap]
    assert bool(enveloped) == (report.api.envelope is not None)
    for case in report.checks.responses:
        if report.api.envelope is not None:
            assert not (
                isinstance(case["data"], dict) and report.api.envelope.code in case["data"]
            ), f"{case['where']}: the envelope was not unwrapped"


@pytest.mark.parametrize("name", package_params())
def test_response_models_keep_unknown_fields(name: str, report: Report) -> None:
    assert report.results("unknown_kept"), "no object response example to try"
    assert report.failures("unknown_kept") == []


@pytest.mark.parametrize("name", package_params())
def test_request_examples_validate_and_unknown_request_fields_are_refused(
    name: str, report: Report
) -> None:
    if not report.checks.requests:
        pytest.skip(f"{name} has no request body examples")
    assert report.failures("request_example") == []
    assert report.failures("unknown_refused") == []


@pytest.mark.parametrize("name", package_params())
def test_models_forbid_extra_fields_exactly_when_only_requests_use_them(
    name: str, report: Report
) -> None:
    assert report.results("extra")
    assert report.failures("extra") == []


@pytest.mark.parametrize("name", package_params())
def test_model_fields_read_and_write_their_wire_names(name: str, report: Report) -> None:
    assert report.results("wire_names")
    assert report.failures("wire_names") == []


@pytest.mark.parametrize("name", package_params())
def test_operations_without_arguments_return_the_typed_example_through_the_client(
    name: str, report: Report
) -> None:
    if not report.checks.calls:
        pytest.skip(f"{name} has no operation callable without arguments")
    assert report.failures("call") == []


@pytest.mark.parametrize("name", package_params())
def test_sync_and_async_resources_have_identical_signatures(name: str, report: Report) -> None:
    assert report.failures("signatures") == []


@pytest.mark.parametrize("name", package_params())
def test_every_public_name_is_importable_from_the_package(name: str, report: Report) -> None:
    assert report.failures("public_names") == []
