"""The README each generated package ships: a quickstart for what the package has (REST
client, events, gateway, webhook app), the packages only some modules need, tables whose
cells are escaped, and examples that compile and import only what the package exports."""

from __future__ import annotations

import ast
import re
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from gen_support import (
    GENERATED,
    REPO_ROOT,
    SPECS,
    committed_packages,
    run_isolated,
    write_package,
)
from mockserver import MockServer

from generator.load import load
from generator.model import Api, Parameter, build
from generator.pipeline import generate_package, spec_files_in
from generator.render import render_templates

EVENTS_ONLY = REPO_ROOT / "tests" / "specs" / "events"  # one AsyncAPI document, no REST
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


@cache
def _qqbot() -> Api:
    return build(load(spec_files_in(SPECS / "qqbot")), "qqbot")


def _readme(api: Api) -> str:
    return render_templates(api)["README.md"]


def _without(session: bool = True, webhook: bool = True) -> str:
    """qqbot's README with its gateway and/or webhook taken out of the model."""
    api = _qqbot()
    assert api.events is not None
    events = replace(
        api.events,
        session=api.events.session if session else None,
        webhook=api.events.webhook if webhook else None,
    )
    return _readme(replace(api, events=events))


@cache
def _events_only_readme() -> str:
    return generate_package(EVENTS_ONLY, jobs=1).files["README.md"]


def _needs(readme: str) -> str:
    """The sentence saying what the package needs."""
    return readme.split("It needs", 1)[1].split(".\n", 1)[0]


def test_a_rest_only_package_gets_the_client_quickstart_and_nothing_about_events() -> None:
    readme = (GENERATED / "kook" / "README.md").read_text(encoding="utf-8")
    assert "\n## Quickstart\n" in readme
    for absent in ("## Events", "Dispatcher", "GatewayClient", "WebhookApp"):
        assert absent not in readme
    assert _needs(readme) == "\nPython 3.11+, `httpx` and `pydantic` 2"


def test_an_events_only_package_gets_a_dispatcher_quickstart_and_needs_no_httpx() -> None:
    readme = _events_only_readme()
    assert "\n## Events quickstart\n" in readme
    assert "\n## Quickstart\n" not in readme
    assert "from events import Dispatcher, MessageCreatedEvent\n" in readme
    assert "@dispatcher.on(MessageCreatedEvent)" in readme
    assert "Client(" not in readme and "## Operations" not in readme
    assert _needs(readme) == "\nPython 3.11+ and `pydantic` 2"


def test_a_package_with_gateway_and_webhook_gets_a_quickstart_for_each() -> None:
    readme = _readme(_qqbot())
    sections = re.findall(r"^##+ .*$", readme, re.M)
    assert sections[:7] == [
        "## Quickstart",
        "### Raw responses",
        "### Pagination",
        "## Events quickstart",
        "### Over the gateway",
        "### Over webhooks",
        "## Operations",
    ]
    assert "gateway = GatewayClient(client, intents=Intents.GROUP_AND_C2C_EVENT)" in readme
    assert 'app = WebhookApp(secret="...")' in readme


@pytest.mark.parametrize(
    ("session", "webhook", "needed", "sections"),
    [
        (True, True, ["websockets", "cryptography"], ["Over the gateway", "Over webhooks"]),
        (True, False, ["websockets"], ["Over the gateway"]),
        (False, True, ["cryptography"], ["Over webhooks"]),
        (False, False, [], []),
    ],
)
def test_websockets_and_cryptography_are_named_only_with_the_module_needing_them(
    session: bool, webhook: bool, needed: list[str], sections: list[str]
) -> None:
    readme = _without(session=session, webhook=webhook)
    needs = _needs(readme)
    assert [p for p in ("websockets", "cryptography") if p in needs] == needed
    assert re.findall(r"^### (Over .*)$", readme, re.M) == sections
    assert "## Events quickstart" in readme


@pytest.mark.parametrize(
    ("type_value", "cell"),
    [("A|B\nC", r"`A\|B C`"), ("A`B", "``A`B``"), ("`x``", "``` `x`` ```")],
    ids=["pipe-and-line-break", "backtick", "backticks-at-the-ends"],
)
def test_event_type_cells_are_escaped(type_value: str, cell: str) -> None:
    api = _qqbot()
    assert api.events is not None
    events = tuple(
        replace(e, type_value=type_value) if e.type_value == "FRIEND_ADD" else e
        for e in api.events.events
    )
    readme = _readme(replace(api, events=replace(api.events, events=events)))
    row = next(line for line in readme.splitlines() if line.startswith("| `FriendAddEvent`"))
    assert row.startswith(f"| `FriendAddEvent` | {cell} | ")
    assert row.count(" | ") == 2


def _exported(package: str) -> set[str]:
    tree = ast.parse((GENERATED / package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError(f"{package}/__init__.py has no __all__")


@pytest.mark.parametrize("name", committed_packages())
def test_readme_examples_compile_and_import_only_exported_names(name: str) -> None:
    readme = (GENERATED / name / "README.md").read_text(encoding="utf-8")
    blocks = CODE_BLOCK.findall(readme)
    assert blocks
    exported = _exported(name)
    for block in blocks:
        tree = ast.parse(block)
        compile(tree, "README.md", "exec")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == name:
                imported = [alias.name for alias in node.names]
                assert imported == sorted(imported)
                assert set(imported) <= exported, block


NEEDS_NETWORK = re.compile(r"\b(?:Async)?Client\(")  # a client example calls the API


@pytest.mark.parametrize("name", committed_packages())
def test_every_readme_example_compiles_and_those_needing_no_network_run_as_written(
    name: str, tmp_path: Path
) -> None:
    shutil.copytree(GENERATED / name, tmp_path / name)
    blocks = CODE_BLOCK.findall((GENERATED / name / "README.md").read_text(encoding="utf-8"))
    for block in blocks:
        compile(block, "README.md", "exec")
    offline = [block for block in blocks if not NEEDS_NETWORK.search(block)]
    assert bool(offline) == (name == "qqbot")  # its dispatcher and webhook examples
    for block in offline:
        result = run_isolated(block, tmp_path)
        assert result.returncode == 0, f"{block}\n{result.stderr}"


def test_the_events_quickstart_feeds_the_spec_example_of_its_event_to_the_handler(
    tmp_path: Path,
) -> None:
    shutil.copytree(GENERATED / "qqbot", tmp_path / "qqbot")
    readme = (GENERATED / "qqbot" / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in CODE_BLOCK.findall(readme) if "dispatcher.feed(frame)" in b]
    result = run_isolated(block, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("op=0 s=4 t='FRIEND_ADD'")


def test_the_quickstart_calls_a_read_only_operation_not_a_write() -> None:
    readme = (GENERATED / "lanying" / "README.md").read_text(encoding="utf-8")
    assert "    result = client.user.get_profile()\n" in readme
    assert "batch_register_users()\n" not in readme.split("## Operations")[0]


def test_a_read_only_call_with_required_arguments_beats_a_write_without_any() -> None:
    api = _qqbot()
    region = Parameter("region", "region", "query", "str", required=True, description="")
    resources = tuple(
        (
            replace(r, operations=tuple(replace(op, parameters=(region,)) for op in r.operations))
            if r.name == "gateway"
            else r
        )
        for r in api.resources
    )
    readme = _readme(replace(api, resources=resources))
    # Not auth.get_app_access_token(), a POST without required arguments.
    assert '    result = client.gateway.get_gateway(region="...")\n' in readme


def test_paged_operations_list_their_iter_method_and_the_readme_shows_raw_responses() -> None:
    readme = (GENERATED / "lanying" / "README.md").read_text(encoding="utf-8")
    rows = [line.split(" | ")[:2] for line in readme.splitlines() if line.startswith("| `client")]
    assert ["| `client.user.iter_devices()`", "`GET /user/device/list`"] in rows
    assert ["| `client.user.iter_users()`", "`GET /user/list`"] in rows
    assert "    for item in client.user.iter_devices():\n" in readme
    assert "client.user.with_raw_response.get_profile()" in readme
    qqbot = (GENERATED / "qqbot" / "README.md").read_text(encoding="utf-8")
    assert "| `client.groups.iter_members()` |" in qqbot


@pytest.mark.parametrize("name", committed_packages())
def test_the_heading_is_the_package_and_the_intro_reads_as_prose(name: str) -> None:
    readme = (GENERATED / name / "README.md").read_text(encoding="utf-8")
    heading, _, rest = readme.partition("\n\n")
    assert heading == f"# {name}"
    intro = rest.split("\n\n", 1)[0]
    assert all(len(line) <= 100 for line in intro.splitlines())
    assert ") (" not in intro and "Typed Python client for " in intro


CLIENT_CALL = re.compile(r"\bClient\((?:base_url=\"https://\.\.\.\", )?")


def _against(block: str, url: str, token: bool) -> str:
    """A README client example pointed at the mock: its URL in place of the placeholder."""
    extra = f'base_url="{url}", ' + (f'token_url="{url}/app/getAppAccessToken", ' * token)
    return CLIENT_CALL.sub(lambda m: "Client(" + extra, block)


@pytest.mark.parametrize("name", committed_packages())
def test_every_client_example_of_the_readme_runs_against_the_mock_server(
    name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    mock = request.getfixturevalue(f"{name}_mock")
    shutil.copytree(GENERATED / name, tmp_path / name)
    readme = (GENERATED / name / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in CODE_BLOCK.findall(readme) if "with Client(" in b]
    assert len(blocks) >= 2  # the quickstart and raw responses
    token = "token_url" in (GENERATED / name / "_client.py").read_text(encoding="utf-8")
    for block in blocks:
        mock.reset()
        result = run_isolated(_against(block, mock.url, token) + "\nprint('done')", tmp_path)
        assert result.returncode == 0, f"{block}\n{result.stderr}"
        assert result.stdout.endswith("done\n")
        assert mock.requests(), block


def _paged(name: str) -> list[str]:
    """The README's pagination example, if it has one."""
    readme = (GENERATED / name / "README.md").read_text(encoding="utf-8")
    return [b for b in CODE_BLOCK.findall(readme) if ".iter_" in b and "with Client(" in b]


@pytest.mark.parametrize("name", [name for name in committed_packages() if _paged(name)])
def test_a_pagination_example_that_warns_says_so_with_the_warning_it_gives(
    name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    readme = (GENERATED / name / "README.md").read_text(encoding="utf-8")
    blocks = _paged(name)
    mock = request.getfixturevalue(f"{name}_mock")
    shutil.copytree(GENERATED / name, tmp_path / name)
    token = "token_url" in (GENERATED / name / "_client.py").read_text(encoding="utf-8")
    code = "import warnings\nwarnings.simplefilter('always')\n" + _against(
        blocks[0], mock.url, token
    )
    result = run_isolated(code, tmp_path)
    assert result.returncode == 0, result.stderr
    said = re.search(r"\(`DeprecationWarning`: (.*?)\)\.", readme, re.S)
    warned = re.search(r"DeprecationWarning: (.*)", result.stderr)
    assert (said is None) == (warned is None), (said, result.stderr)
    if said and warned:
        assert " ".join(said[1].split()) == warned[1].strip()


_TYPED_ARGUMENTS = """\
openapi: 3.1.0
info: {title: Typed, version: '1'}
servers: [{url: 'https://api.example.test'}]
paths:
  /users/{user_id}/posts:
    get:
      operationId: listPosts
      summary: List a user's posts
      parameters:
        - {name: user_id, in: path, required: true, schema: {type: integer}, example: 7}
        - name: tags
          in: query
          required: true
          schema: {type: array, items: {type: string}, examples: [[news, "it's"]]}
        - {name: limit, in: query, required: true, schema: {type: integer, default: 20}}
        - {name: fresh, in: query, required: true, schema: {type: boolean}}
        - {name: since, in: query, required: true, schema: {type: string}, example: '2024'}
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"""


def test_required_arguments_that_are_not_strings_take_the_spec_example_or_default(
    tmp_path: Path,
) -> None:
    spec_dir = tmp_path / "typed"
    spec_dir.mkdir()
    (spec_dir / "openapi.yaml").write_text(_TYPED_ARGUMENTS, encoding="utf-8")
    readme = generate_package(spec_dir, jobs=1).files["README.md"]
    # No example and no default: a placeholder; a string keeps its placeholder.
    assert (
        '    result = client.default.list_posts(user_id=7, tags=["news", "it\'s"], limit=20,'
        ' fresh=..., since="...")\n' in readme
    )


def test_a_quickstart_with_typed_arguments_runs_against_the_mock_server(tmp_path: Path) -> None:
    spec_dir = tmp_path / "typed"
    spec_dir.mkdir()
    (spec_dir / "openapi.yaml").write_text(
        _TYPED_ARGUMENTS.replace(
            "schema: {type: boolean}", "schema: {type: boolean, default: false}"
        ),
        encoding="utf-8",
    )
    write_package(generate_package(spec_dir, jobs=1), tmp_path / "out")
    readme = (tmp_path / "out" / "typed" / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in CODE_BLOCK.findall(readme) if "result = client." in b]
    with MockServer(spec_dir) as mock:
        result = run_isolated(_against(block, mock.url, token=False), tmp_path / "out")
        assert result.returncode == 0, f"{block}\n{result.stderr}"
        [request] = mock.requests("listPosts")
    assert request["path"] == "/users/7/posts"


def test_the_gateway_quickstart_subscribes_to_the_intent_its_event_needs() -> None:
    api = _qqbot()
    assert api.events is not None
    events = tuple(
        replace(e, intent="FRIENDS") if e.class_name == "FriendAddEvent" else e
        for e in api.events.events
    )
    intents = (*api.events.intents, ("FRIENDS", 1 << 3))
    readme = _readme(replace(api, events=replace(api.events, events=events, intents=intents)))
    assert "gateway = GatewayClient(client, intents=Intents.FRIENDS)" in readme


def test_an_events_only_package_ships_no_http_errors_and_imports_without_httpx(
    tmp_path: Path,
) -> None:
    files = generate_package(EVENTS_ONLY, jobs=1).files
    assert "import httpx" not in files["_exceptions.py"]
    for never_raised in ("ApiError", "RateLimitError", "InvalidArgument", "ConfigurationError"):
        assert f"class {never_raised}(" not in files["_exceptions.py"]
    for relative, text in files.items():
        (tmp_path / "events" / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "events" / relative).write_text(text, encoding="utf-8")
    # httpx made unimportable: the package must not need it
    (tmp_path / "httpx.py").write_text("raise ImportError('no httpx here')\n", encoding="utf-8")
    result = run_isolated("import events; print(sorted(events.__all__))", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "'EventsError'" in result.stdout and "ApiError" not in result.stdout


def test_a_webhook_app_without_rest_operations_keeps_configuration_error_only() -> None:
    api = _qqbot()
    assert api.events is not None
    events_only = replace(api, resources=(), events=replace(api.events, session=None))
    assert events_only.exception_names == ("ConfigurationError", "QqbotError")
    files = render_templates(events_only)
    assert "import httpx" not in files["_exceptions.py"]
    assert "class ConfigurationError(QqbotError, ValueError):" in files["_exceptions.py"]
    assert _needs(files["README.md"]).startswith("\nPython 3.11+ and `pydantic` 2;")
