"""README.md's claims, checked against what they describe: the command lines and options it
gives, the names it says the packages export, the environment variables it says are read,
the files it says a package holds, the paths it names, and its examples, run as written.

The generated packages' own READMEs are checked in test_generated_readme.py; here only the
list of errors their quickstart names is (it must stay the list the package exports).
"""

from __future__ import annotations

import argparse
import ast
import builtins
import functools
import inspect
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from mockserver import TEST_SPECS, MockServer, generated_package, served

from generator.cli import build_parser
from generator.mock import create_app
from generator.parallel import default_jobs

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GENERATED = ROOT / "generated"
SCHEMAS = ROOT / "generator" / "schemas" / "node_modules" / "@asyncapi" / "specs" / "schemas"
PACKAGES = sorted(p.name for p in GENERATED.iterdir() if (p / "__init__.py").is_file())

# The package and mock of tests/specs/nullable, which README's nullable example names.
generated, api = generated_package(TEST_SPECS / "nullable")
_nullable_server, nullable_mock = served(TEST_SPECS / "nullable", "nullable_mock")


def _section(heading: str) -> str:
    """The text under the `## ` heading starting with `heading`, up to the next `## `."""
    start = README.index("\n## " + heading)
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else len(README)]


def _spans(text: str) -> list[str]:
    """Inline code spans (`...`) outside fenced blocks."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.findall(r"`([^`\n]+)`", prose)


def _python_blocks(text: str = README) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, re.S)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def _botspec_command_lines() -> list[str]:
    """Every `botspec ...` command line README gives: in headings, code spans and sh blocks."""
    lines = [span for span in _spans(README) if span.startswith("botspec ")]
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for command in re.split(r"&&|\n", block):
            if command.strip().startswith("botspec "):
                lines.append(command.strip())
    return lines


# -- the botspec command line -------------------------------------------------------------


def test_readme_gives_a_command_line_for_each_botspec_command() -> None:
    named = {line.split()[1] for line in _botspec_command_lines()}
    assert {word for word in named if not word.startswith("-")} == set(_subparsers())


@pytest.mark.parametrize("line", sorted(set(_botspec_command_lines())))
def test_every_option_of_a_readme_command_line_is_one_the_command_accepts(line: str) -> None:
    words = line.split()
    if words[1].startswith("-"):  # an option of botspec itself, `botspec --version`
        assert words[1] in _options(build_parser()), line
        return
    parser = _subparsers()[words[1]]
    given = {word.strip("[]") for word in words[2:] if word.strip("[]").startswith("--")}
    assert given <= _options(parser), f"{line}: {sorted(given - _options(parser))}"


def test_the_defaults_the_mock_heading_shows_are_the_commands_defaults() -> None:
    heading = next(line for line in README.splitlines() if line.startswith("## Mock server:"))
    shown = dict(re.findall(r"\[(--[a-z-]+) ([^\]]+)\]", heading))
    actions = _subparsers()["mock"]._actions
    defaults = {a.option_strings[-1]: a.default for a in actions if a.option_strings}
    assert shown == {"--host": "127.0.0.1", "--port": "8080"}
    assert {option: str(defaults[option]) for option in shown} == shown


def test_every_generate_option_the_cli_has_is_in_the_readme_heading() -> None:
    heading = next(line for line in README.splitlines() if line.startswith("## `botspec generate"))
    documented = set(re.findall(r"--[a-z-]+", heading))
    assert documented == _options(_subparsers()["generate"]) - {"-h", "--help"}


# -- benchmarks ---------------------------------------------------------------------------


def _script_strings(script: str) -> set[str]:
    tree = ast.parse((ROOT / "bench" / script).read_text(encoding="utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _bench_flags() -> list[tuple[str, str]]:
    """(script, flag) for every flag the Benchmarks section gives, credited to the last
    `python bench/<script>.py` named before it in the section."""
    section = _section("Benchmarks")
    found: list[tuple[str, str]] = []
    script = None
    for span in _spans(section):
        named = re.match(r"python bench/(\w+\.py)", span)
        if named:
            script = named.group(1)
        if named or span.startswith("--"):
            assert script is not None, span
            found += [(script, flag) for flag in re.findall(r"(?<!\S)--[a-z][a-z-]*", span)]
    return found


def test_the_benchmarks_section_names_flags_of_every_benchmark_script() -> None:
    scripts = {script for script, _ in _bench_flags()}
    assert scripts == {p.name for p in (ROOT / "bench").glob("*.py")}


@pytest.mark.parametrize(("script", "flag"), sorted(set(_bench_flags())))
def test_every_benchmark_flag_readme_gives_is_one_its_script_knows(script: str, flag: str) -> None:
    assert flag in _script_strings(script)


# -- names the packages export -------------------------------------------------------------


def _exports() -> dict[str, set[str]]:
    exports: dict[str, set[str]] = {}
    for package in PACKAGES:
        init = (GENERATED / package / "__init__.py").read_text(encoding="utf-8")
        [names] = re.findall(r"__all__ = \[(.*?)\]", init, re.S)
        exports[package] = set(re.findall(r'"(\w+)"', names))
    return exports


def _error_names_in(text: str) -> set[str]:
    named = set(re.findall(r"`([A-Z]\w*(?:Error|Closed|Argument))`", text))
    return {name for name in named if not hasattr(builtins, name)} - {"CancelledError"}


def test_every_error_class_readme_names_is_exported_by_a_generated_package() -> None:
    named = _error_names_in(README)
    assert {"InvalidArgument", "RateLimitError", "GatewayClosed", "EventDecodeError"} <= named
    exported = set().union(*_exports().values())
    assert named - exported == set()


@pytest.mark.parametrize(
    "name",
    [
        "NOT_GIVEN",
        "NotGiven",
        "RawResponse",
        "Dispatcher",
        "UnknownEvent",
        "parse_event",
        "EVENTS",
        "GatewayClient",
        "WebhookApp",
        "Intents",
        "ResumedEvent",
    ],
)
def test_a_public_name_readme_describes_is_exported(name: str) -> None:
    assert re.search(rf"\b{name}\b", README)
    assert any(name in names for names in _exports().values())


@pytest.mark.parametrize("package", PACKAGES)
def test_the_errors_a_generated_readme_lists_are_every_error_its_package_exports(
    package: str,
) -> None:
    readme = (GENERATED / package / "README.md").read_text(encoding="utf-8")
    exported = {name for name in _exports()[package] if name.endswith(("Error", "Argument"))}
    if "EventDecodeError" in exported:  # the events quickstart names it
        assert "`EventDecodeError`" in readme.split("## Events quickstart", 1)[1]
        exported.remove("EventDecodeError")
    [listed] = re.findall(r"Errors raise subclasses of\n?(.*?)\n\n", readme, re.S)
    assert _error_names_in(listed) == exported


# -- environment variables -------------------------------------------------------------------


def test_every_botspec_environment_variable_readme_names_is_read_by_the_generator_or_tests() -> (
    None
):
    named = set(re.findall(r"\b(BOTSPEC_[A-Z_]+|XDG_CACHE_HOME)\b", README))
    assert named == {"BOTSPEC_ASYNCAPI_SCHEMAS", "BOTSPEC_CACHE_DIR", "BOTSPEC_JOBS"} | {
        "BOTSPEC_SEEDS",  # where the inventory tests find the source documents
        "XDG_CACHE_HOME",
    }
    readers = [p for p in (ROOT / "generator").rglob("*.py") if "node_modules" not in p.parts]
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [*readers, ROOT / "tests" / "seed_inventory.py"]
    )
    assert {name for name in named if f'"{name}"' not in source} == set()


def test_botspec_jobs_sets_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTSPEC_JOBS", "3")
    assert default_jobs() == 3
    monkeypatch.setenv("BOTSPEC_JOBS", "1")
    assert default_jobs() == 1


@pytest.mark.parametrize("jobs", ["abc", "0", "-2", "1.5"])
def test_a_botspec_jobs_that_is_no_number_of_workers_is_a_usage_error_naming_it(
    run_botspec: Any, tmp_path: Path, jobs: str
) -> None:
    result = run_botspec("generate", "--out", str(tmp_path / "out"), env={"BOTSPEC_JOBS": jobs})
    said = f"botspec: error: BOTSPEC_JOBS='{jobs}': must be a whole number of 1 or more\n"
    assert (result.returncode, result.stderr, result.stdout) == (2, said, "")
    assert not (tmp_path / "out").exists()


def test_botspec_asyncapi_schemas_names_the_schemas_folder_holding_the_versions_json(
    run_botspec: Any, tmp_path: Path
) -> None:
    # README: set it to the `schemas/` folder of a copy (the one holding 3.0.0.json).
    assert (SCHEMAS / "3.0.0.json").is_file()
    elsewhere = tmp_path / "copy" / "schemas"
    elsewhere.parent.mkdir()
    elsewhere.symlink_to(SCHEMAS, target_is_directory=True)
    valid = run_botspec("validate", "specs/qqbot", env={"BOTSPEC_ASYNCAPI_SCHEMAS": str(elsewhere)})
    assert valid.returncode == 0, valid.stdout + valid.stderr
    missing = run_botspec(
        "validate", "specs/qqbot", env={"BOTSPEC_ASYNCAPI_SCHEMAS": str(elsewhere.parent)}
    )
    assert missing.returncode == 2, "README: exit 2 when the schemas are not installed"
    assert "BOTSPEC_ASYNCAPI_SCHEMAS" in missing.stderr


# -- files and paths ---------------------------------------------------------------------------


def test_the_file_table_names_exactly_the_files_generated_packages_hold() -> None:
    table = README.split("| file | contents |", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"^\| `([^`]+)` \|", table, re.M))
    held = {path.name for package in PACKAGES for path in (GENERATED / package).iterdir()}
    assert listed == held - {"__pycache__"}


def test_every_repository_path_readme_names_exists() -> None:
    made_at_set_up_or_run = {"generator/schemas/node_modules/", "templates/__pycache__/"}
    roots = ("generator/", "tests/", "specs/", "templates/", "bench/", ".ci/")
    named = {
        span
        for span in _spans(README)
        if span.startswith(roots) and " " not in span and span not in made_at_set_up_or_run
    }
    assert len(named) > 15
    assert sorted(path for path in named if not any(ROOT.glob(path.rstrip("/")))) == []


# -- the mock server's control endpoints ---------------------------------------------------


def test_every_control_endpoint_readme_lists_is_served() -> None:
    table = _section("Mock server").split("| endpoint | what it does |", 1)[1].split("\n\n")[0]
    listed = re.findall(r"^\| `(GET|POST|PUT) (/__botspec__/\S+)` \|", table, re.M)
    assert len(listed) == 5
    routes = create_app(ROOT / "specs" / "kook").asgi.routes
    served = {(method, route.path) for route in routes for method in route.methods or ()}

    def shape(path: str) -> str:
        return re.sub(r"\{\w+\}", "{}", path)

    assert {(m, shape(p)) for m, p in listed} - {(m, shape(p)) for m, p in served} == set()


def test_every_fault_field_readme_lists_is_accepted_by_the_mock(kook_mock: MockServer) -> None:
    row = next(line for line in README.splitlines() if "POST /__botspec__/faults" in line)
    fields = set(re.findall(r"`(\w+)`", row.split("the next calls:", 1)[1]))
    assert fields == {"count", "operation", "status", "headers", "body"} | {
        "envelope_code",
        "message",
        "delay",
        "drop",
        "hold",
    }
    values = {"count": 1, "operation": "me", "status": 200, "headers": {}, "body": None}
    values |= {"envelope_code": None, "message": "x", "delay": 0, "drop": False, "hold": False}
    for field in sorted(fields):
        kook_mock.fault(**{field: values[field]})  # raises on 400 (an unknown field)
    with pytest.raises(Exception, match="400"):
        kook_mock.fault(colour="red")


# -- the examples, run as written ---------------------------------------------------------


@pytest.mark.parametrize("number", range(len(_python_blocks())))
def test_every_readme_python_example_is_valid_python(number: int) -> None:
    compile(_python_blocks()[number], f"README.md example {number}", "exec")


def _example(marker: str) -> str:
    [block] = [b for b in _python_blocks() if marker in b]
    return block


def test_the_readme_kook_example_runs_as_written_against_the_mock(
    kook: ModuleType, kook_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As written it calls the real platform: the client it builds is pointed at the mock.
    monkeypatch.setattr(kook, "Client", functools.partial(kook.Client, base_url=kook_mock.url))
    namespace: dict[str, Any] = {}
    exec(
        compile(_example('client.user.view(user_id="2418200000")'), "README.md", "exec"), namespace
    )
    assert type(namespace["me"]).__name__ == "CurrentUser"
    assert type(namespace["user"]).__name__ == "User"
    raw = namespace["raw"]
    assert isinstance(raw, kook.RawResponse) and raw.status_code == 200
    assert isinstance(raw.content, bytes) and raw.headers["content-type"]
    assert raw.parse() == namespace["me"]
    assert [r["operation"] for r in kook_mock.requests()] == ["me", "view", "me"]


def test_the_readme_bot_test_against_the_mock_passes(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    namespace: dict[str, Any] = {}
    exec(compile(_example("def test_bot_survives_a_rate_limit"), "README.md", "exec"), namespace)
    assert namespace["MOCK"] == "http://127.0.0.1:8080"  # `botspec mock`'s default port
    namespace["MOCK"] = kook_mock.url  # this test's mock, on a port of its own
    namespace["test_bot_survives_a_rate_limit"]()
    assert [r["operation"] for r in kook_mock.requests()] == ["me", "me"]


def test_the_readme_nullable_example_runs_against_its_spec_and_sends_the_bodies_it_shows(
    api: ModuleType, nullable_mock: MockServer
) -> None:
    block = _example("client.items.update_item(")
    shown = [json.loads(body) for body in re.findall(r"# (\{.*\}): ", block)]
    assert len(shown) == len(block.splitlines()) == 2
    with api.Client(token="t", base_url=nullable_mock.url) as client:
        exec(compile(block, "README.md", "exec"), {"client": client})
    sent = [json.loads(r["body"]) for r in nullable_mock.requests("updateItem")]
    assert sent == shown


def test_the_readme_examples_import_only_names_the_packages_export() -> None:
    exports = _exports()
    imported = [
        (node.module, alias.name)
        for block in _python_blocks()
        for node in ast.walk(ast.parse(block))
        if isinstance(node, ast.ImportFrom) and node.module in exports
        for alias in node.names
    ]
    assert len(imported) > 10
    assert [(m, n) for m, n in imported if n not in exports[str(m)]] == []


def test_the_python_api_readme_names_has_the_signatures_it_gives() -> None:
    from generator.format import format_files
    from generator.load import load
    from generator.model import build
    from generator.pipeline import CacheUse, generate_packages
    from generator.render import render
    from generator.validate import validate
    from generator.write import write

    table = README.split("| stage | package | entry point | what it does |", 1)[1]
    calls = re.findall(r"^\| \w+ \| `generator/\w+` \| `(\w+)\(([^)]*)\)` \|", table, re.M)
    functions = {f.__name__: f for f in (load, validate, build, render, format_files, write)}
    assert [name for name, _ in calls] == list(functions)
    for name, arguments in calls:
        parameters = list(inspect.signature(functions[name]).parameters)
        given = [a.strip() for a in arguments.split(",")]
        assert parameters[: len(given)] == given, name
    assert "cache" in inspect.signature(generate_packages).parameters
    assert CacheUse().folder is None, "README: the Python API uses no cache unless asked"


def test_the_asgi_app_readme_names_is_where_it_says() -> None:
    from starlette.applications import Starlette

    assert isinstance(create_app(ROOT / "specs" / "kook").asgi, Starlette)
    assert '`generator.mock.create_app(Path("specs/kook")).asgi`' in README


def test_python_version_readme_asks_for_is_the_projects() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11"' in pyproject
    assert "Python 3.11 or later" in _section("Set up")


@pytest.mark.parametrize("package", PACKAGES)
def test_with_raw_response_twins_every_method_the_generated_readme_says_it_does(
    package: str,
) -> None:
    source = GENERATED / package / "_resources.py"
    if not source.is_file():
        return
    classes = {
        node.name: node
        for node in ast.parse(source.read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    untwinned: set[str] = set()
    for name, node in classes.items():
        if not name.endswith("Resource"):
            continue
        methods = {
            f.name for f in node.body if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        methods = {m for m in methods if not m.startswith("_")}
        twins = {
            target.attr
            for target in ast.walk(classes[name + "WithRawResponse"])
            if isinstance(target, ast.Attribute) and isinstance(target.ctx, ast.Store)
        }
        assert twins <= methods, name
        untwinned |= methods - twins
    readme = (GENERATED / package / "README.md").read_text(encoding="utf-8")
    assert "`with_raw_response` gives every method a twin" in readme
    assert all(m.startswith("iter_") for m in untwinned), sorted(untwinned)
    assert ("(not the `iter_*` methods" in readme) == bool(untwinned)


def test_the_gateway_client_signature_readme_gives_is_the_generated_one(
    qqbot: ModuleType,
) -> None:
    [given] = re.findall(r"`GatewayClient\((client, \*, [^`]*)\)`", README.replace("\n", " "))
    actual = []
    for name, parameter in inspect.signature(qqbot.GatewayClient).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and "*" not in actual:
            actual.append("*")
        default = parameter.default
        actual.append(name if default is parameter.empty else f"{name}={default!r}")
    assert re.sub(r"\s+", " ", given) == ", ".join(actual)


def test_the_webhook_app_defaults_readme_gives_are_the_generated_ones(qqbot: ModuleType) -> None:
    [comment] = re.findall(r"WebhookApp\(secret=.*?\)  # (max_body=.*)", README)
    documented = dict(part.split("=") for part in comment.split(", "))
    parameters = inspect.signature(qqbot.WebhookApp).parameters
    assert {name: eval(value, {"__builtins__": {}}) for name, value in documented.items()} == {
        name: parameters[name].default for name in documented
    }
