"""Recursive schemas, as chat APIs have them (a message quoting a message, a comment tree, a
category with child categories): tests/specs/recursive/ is generated outside the repository,
type-checked with mypy --strict, imported, and called against a local HTTP server on
127.0.0.1 and against `botspec mock`.

The spec holds a self-referencing object (`Node`: children and an optional parent), mutually
recursive objects (`Message.quote` -> `Quote`, `Quote.message` -> `Message`), a tree only
answered (`Node`), one only sent (`Category`) and one both (`Comment`, whose request twin
`CommentParam` must refer to itself), recursion through `allOf` (`Thread`), a discriminated
`oneOf` (`Expr`), unions without a discriminator (`RichText`, `Content`, `Block`), and across
two files (`Folder` in shared/folders.yaml <-> `File`).

Every value below nests DEPTH levels deep and gives every field (null where the spec leaves it
out), so a model dumps back to exactly the value it read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest
from gen_support import (
    TEST_SPECS,
    RecordingServer,
    botspec,
    generate_to,
    imported,
    mypy_strict,
    one_schema_package,
    run_isolated,
    snapshot,
    spec_folder,
)
from mockserver import MockServer

from generator.load import load

SPEC = TEST_SPECS / "recursive"
# Nesting levels of the values below: deep, yet within what pydantic reads from JSON (200
# nested arrays and objects; a Node level is two).
DEPTH = 40
Json = Any
Builder = Callable[[int, bool], Json]


# -- deeply nested values, one builder per recursive schema ---------------------------------


def _seen(level: int, unknown: bool) -> dict[str, int]:
    """The field the spec does not know, given at every level of an answer."""
    return {"seen": level} if unknown else {}


def node_tree(depth: int, unknown: bool = True) -> Json:
    node = {"id": "leaf", "children": [], "parent": None, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        parent = {"id": f"up{level}", "children": [], "parent": None, **_seen(level, unknown)}
        node = {"id": f"n{level}", "children": [node], "parent": parent, **_seen(level, unknown)}
    return node


def category_tree(depth: int, unknown: bool = False) -> Json:
    category = {"name": "leaf", "children": None, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        category = {"name": f"c{level}", "children": [category], **_seen(level, unknown)}
    return category


def comment_tree(depth: int, unknown: bool = True) -> Json:
    comment = {"text": "leaf", "replies": None, "inReplyTo": None, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        answered = {"text": f"q{level}", "replies": [], "inReplyTo": None, **_seen(level, unknown)}
        comment = {
            "text": f"c{level}",
            "replies": [comment] if level % 2 else None,
            "inReplyTo": None if level % 2 else {**answered, "replies": [comment]},
            **_seen(level, unknown),
        }
    return comment


def message_chain(depth: int, unknown: bool = True) -> Json:
    message = {"text": "first", "quote": None, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        quote = {"author": f"a{level}", "message": message, **_seen(level, unknown)}
        message = {"text": f"m{level}", "quote": quote, **_seen(level, unknown)}
    return message


def thread_tree(depth: int, unknown: bool = True) -> Json:
    thread = {"text": "leaf", "replies": None, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        thread = {"text": f"t{level}", "replies": [thread], **_seen(level, unknown)}
    return thread


def expression(depth: int, unknown: bool = True) -> Json:
    expr = {"kind": "literal", "value": 0, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        literal = {"kind": "literal", "value": level, **_seen(level, unknown)}
        expr = {"kind": "sum", "terms": [literal, expr], **_seen(level, unknown)}
    return expr


def document(depth: int, unknown: bool = True) -> Json:
    text: Json = "plain"
    content: Json = "leaf"
    block: Json = "leaf"
    for level in range(1, depth + 1):
        text = {"style": f"s{level}", "parts": [f"p{level}", text], **_seen(level, unknown)}
        content = [f"c{level}", content]
        block = {"blocks": [f"b{level}", block], **_seen(level, unknown)}
    return {
        "title": "doc",
        "text": text,
        "content": content,
        "blocks": [block],
        **_seen(0, unknown),
    }


def folder_tree(depth: int, unknown: bool = True) -> Json:
    """Folders in folders, and every other level a folder reached through one of its files
    (File, in openapi.yaml, and Folder, in shared/folders.yaml, refer to each other)."""
    folder = {"name": "leaf", "folders": None, "files": None, **_seen(0, unknown)}
    for level in range(1, depth + 1):
        if level % 2:
            file = {"name": f"file{level}", "folder": folder, **_seen(level, unknown)}
            folder = {"name": f"f{level}", "folders": [], "files": [file], **_seen(level, unknown)}
        else:
            folder = {
                "name": f"f{level}",
                "folders": [folder],
                "files": [],
                **_seen(level, unknown),
            }
    return folder


# response class -> the builder of its values
ANSWERS: dict[str, Builder] = {
    "Node": node_tree,
    "Message": message_chain,
    "Comment": comment_tree,
    "Thread": thread_tree,
    "Expr": expression,
    "Document": document,
    "Folder": folder_tree,
}
# class a request body is -> the builder of its values: the closed twins of the classes both
# sent and answered, and the request-only Category itself
SENT: dict[str, Builder] = {
    "Category": category_tree,
    "CommentParam": comment_tree,
    "MessageParam": message_chain,
    "ThreadParam": thread_tree,
    "ExprParam": expression,
    "DocumentParam": document,
    "FolderParam": folder_tree,
}


def _models_in(value: Any) -> Iterator[pydantic.BaseModel]:
    """Every model instance in a decoded value, at every depth (root models included)."""
    if isinstance(value, pydantic.BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _models_in(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _models_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _models_in(item)


def _objects_in(value: Json) -> int:
    """How many JSON objects `value` holds, itself included."""
    if isinstance(value, dict):
        return 1 + sum(_objects_in(v) for v in value.values())
    if isinstance(value, list):
        return sum(_objects_in(v) for v in value)
    return 0


def _object_models(model: pydantic.BaseModel) -> list[pydantic.BaseModel]:
    return [m for m in _models_in(model) if not isinstance(m, pydantic.RootModel)]


def _deepest_object(value: Json) -> tuple[int, dict[str, Any]]:
    """(depth, object) of the most deeply nested JSON object in `value`."""
    found: tuple[int, dict[str, Any]] = (-1, {})
    todo: list[tuple[int, Json]] = [(0, value)]
    while todo:
        depth, item = todo.pop()
        if isinstance(item, dict):
            found = max(found, (depth, item), key=lambda pair: pair[0])
            todo += [(depth + 1, v) for v in item.values()]
        elif isinstance(item, list):
            todo += [(depth + 1, v) for v in item]
    return found


def _assert_answer_decoded(model: Any, value: Json) -> None:
    """Every object of `value`, at every depth, became a response model (never a request
    twin, never a dict) that kept the field the spec does not know."""
    assert model.model_dump(by_alias=True) == value
    objects = _object_models(model)
    assert len(objects) == _objects_in(value) >= DEPTH
    assert all(m.model_extra and set(m.model_extra) == {"seen"} for m in objects)
    assert not [m for m in _models_in(model) if type(m).__name__.endswith("Param")]


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/specs/recursive generated into a folder outside the repository, beside a
    typed caller of it (the package `caller`) for mypy."""
    folder = tmp_path_factory.mktemp("recursive")
    generate_to(SPEC, folder)
    (folder / "caller").mkdir()
    (folder / "caller" / "__init__.py").write_text(_CALLER, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def api(parent: Path) -> Iterator[ModuleType]:
    with imported(parent, "recursive") as module:
        yield module


@pytest.fixture
def client(api: ModuleType, wire: RecordingServer) -> Iterator[Any]:
    with api.Client(token="tok", base_url=wire.url) as client:
        yield client


# -- the generated package -----------------------------------------------------------------


# Code a user writes against the package, checked by mypy --strict beside it. A line mypy must
# refuse carries `# type: ignore[...]`: --strict reports an ignore that ignores nothing.
_CALLER = """\
from recursive import Client, Comment, CommentParam, Folder, MessageParam, Node, QuoteParam


def height(node: Node) -> int:
    return 1 + max((height(child) for child in node.children), default=0)


def root_of(node: Node) -> Node:
    return node if node.parent is None else root_of(node.parent)


def quoted_texts(client: Client) -> list[str]:
    message = client.messages.get_message(message_id="m")
    texts = []
    while message.quote is not None:
        message = message.quote.message
        texts.append(message.text)
    return texts


def files_below(folder: Folder) -> int:
    own = len(folder.files or [])
    deeper = sum(1 + (files_below(f.folder) if f.folder else 0) for f in folder.files or [])
    return own + deeper + sum(files_below(sub) for sub in folder.folders or [])


def reply(client: Client, answer: Comment) -> Comment:
    client.messages.send_message(
        text="a", quote=QuoteParam(message=MessageParam(text="b", quote=None))
    )
    client.trees.post_comment(text="a", replies=[answer])  # type: ignore[list-item]
    return client.trees.post_comment(
        text="a", replies=[CommentParam(text="b", replies=[CommentParam(text="c")])]
    )
"""


@pytest.fixture(scope="module")
def mypy_report(parent: Path) -> dict[str, list[str]]:
    return mypy_strict(parent, ["recursive", "caller"])


def test_recursive_package_passes_mypy_strict(mypy_report: dict[str, list[str]]) -> None:
    assert mypy_report["recursive"] == []


def test_typed_caller_sees_the_recursive_types_and_may_not_send_an_answer_back(
    mypy_report: dict[str, list[str]],
) -> None:
    # Clean: the recursive fields are typed (not Any) as far as the caller walks them, and
    # passing an answer (Comment) where its closed twin (CommentParam) goes is a type error.
    assert mypy_report["caller"] == []


def test_recursive_package_imports_alone_from_a_copy_outside_the_repository(
    parent: Path,
) -> None:
    code = (
        "import json, sys, recursive\n"
        "value = json.load(sys.stdin)\n"
        "print(recursive.Folder.model_validate(value).model_dump(by_alias=True) == value)\n"
    )
    result = run_isolated(code, parent, stdin=json.dumps(folder_tree(DEPTH)))
    assert (result.returncode, result.stdout, result.stderr) == (0, "True\n", "")


def test_recursive_package_is_byte_identical_across_generations(
    parent: Path, tmp_path: Path
) -> None:
    # Two cold runs of the command line, in processes hashing strings differently (set order),
    # and the in-process run the other tests use: the same bytes.
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        result = botspec("generate", SPEC, "--out", out, "--no-cache", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stdout + result.stderr
        runs.append(snapshot(out / "recursive"))
    assert runs[0] and runs[0] == runs[1] == snapshot(parent / "recursive")


# -- which classes exist -------------------------------------------------------------------


def test_only_classes_both_sent_and_answered_get_a_closed_twin(api: ModuleType) -> None:
    twins = {name.removesuffix("Param") for name in api.__all__ if name.endswith("Param")}
    assert {"Comment", "Message", "Quote", "Thread", "Expr", "Folder", "File"} <= twins
    assert "Node" not in twins  # only answered
    assert "Category" not in twins  # only sent: closed itself
    assert api.Node.model_config["extra"] == "allow"
    assert api.Category.model_config["extra"] == "forbid"


def test_a_union_that_holds_itself_with_no_class_between_becomes_a_root_model(
    api: ModuleType,
) -> None:
    # Content: oneOf [string, array of Content]; Block: anyOf [string, {blocks: [Block]}].
    assert issubclass(api.Content, pydantic.RootModel)
    assert issubclass(api.Block, pydantic.RootModel)
    assert api.Content.model_validate(["a", ["b", []]]).root[1].root[0].root == "b"


def test_a_union_that_holds_itself_through_a_class_stays_written_out(api: ModuleType) -> None:
    # RichText: anyOf [string, Span], Span.parts: [RichText]: the cycle ends at Span.
    assert not hasattr(api, "RichText") and not hasattr(api, "RichTextParam")
    document_ = api.Document.model_validate({"title": "t", "text": {"parts": ["a", "b"]}})
    assert type(document_.text) is api.Span and document_.text.parts == ["a", "b"]
    assert api.Document.model_validate({"title": "t", "text": "plain"}).text == "plain"


def test_inheritance_through_all_of_holds_the_subclass_itself(api: ModuleType) -> None:
    assert issubclass(api.Thread, api.Post) and issubclass(api.ThreadParam, api.Post)
    thread = api.ThreadParam.model_validate({"text": "a", "replies": [{"text": "b"}]})
    assert type(thread.replies[0]) is api.ThreadParam


# -- answers: deep values through the response models --------------------------------------


@pytest.mark.parametrize("name", ANSWERS)
def test_deeply_nested_answer_round_trips_keeping_unknown_fields_at_every_level(
    api: ModuleType, name: str
) -> None:
    value = ANSWERS[name](DEPTH, True)
    _assert_answer_decoded(getattr(api, name).model_validate(value), value)


# -- requests: deep values through the closed models ---------------------------------------


@pytest.mark.parametrize("name", SENT)
def test_request_model_is_its_closed_self_at_every_level(api: ModuleType, name: str) -> None:
    value = SENT[name](DEPTH, False)
    model = getattr(api, name).model_validate(value)
    assert model.model_dump(by_alias=True) == value
    objects = _object_models(model)
    assert len(objects) == _objects_in(value) >= DEPTH
    assert all(m.model_config["extra"] == "forbid" for m in objects)
    classes = {type(m).__name__ for m in _models_in(model)}
    assert all(c == "Category" or c.endswith("Param") for c in classes), classes


@pytest.mark.parametrize("name", SENT)
def test_request_model_rejects_an_unknown_field_at_the_deepest_level(
    api: ModuleType, name: str
) -> None:
    value = SENT[name](DEPTH, False)
    depth, deepest = _deepest_object(value)
    deepest["typo"] = 1
    with pytest.raises(pydantic.ValidationError) as caught:
        getattr(api, name).model_validate(value)
    refused = [e for e in caught.value.errors() if e["type"] == "extra_forbidden"]
    assert refused and all(e["loc"][-1] == "typo" for e in refused)
    assert max(len(e["loc"]) for e in refused) > depth >= DEPTH


# -- the client against a local HTTP server -------------------------------------------------


# (resource, method, arguments, class answered)
CALLS = [
    ("trees", "get_node", {"node_id": "n"}, "Node"),
    ("trees", "post_comment", {"text": "t"}, "Comment"),
    ("messages", "get_message", {"message_id": "m"}, "Message"),
    ("messages", "send_message", {"text": "t"}, "Message"),
    ("threads", "post_thread", {"text": "t"}, "Thread"),
    ("threads", "evaluate", {"body": {"kind": "literal", "value": 1}}, "Expr"),
    ("threads", "post_document", {"title": "t"}, "Document"),
    ("folders", "put_folder", {"name": "f"}, "Folder"),
]


@pytest.mark.parametrize(
    ("resource", "method", "arguments", "name"), CALLS, ids=[c[1] for c in CALLS]
)
def test_client_call_decodes_a_deeply_nested_answer(
    api: ModuleType,
    client: Any,
    wire: RecordingServer,
    resource: str,
    method: str,
    arguments: dict[str, Any],
    name: str,
) -> None:
    value = ANSWERS[name](DEPTH, True)
    wire.reply(value)
    result = getattr(getattr(client, resource), method)(**arguments)
    assert type(result) is getattr(api, name)
    _assert_answer_decoded(result, value)


# (resource, method, the other required arguments, argument, builder of its value)
SENDS = [
    ("trees", "put_categories", {"name": "k"}, "children", lambda: [category_tree(DEPTH)]),
    ("trees", "post_comment", {"text": "t"}, "replies", lambda: [comment_tree(DEPTH, False)]),
    ("trees", "post_comment", {"text": "t"}, "in_reply_to", lambda: comment_tree(DEPTH, False)),
    ("messages", "send_message", {"text": "t"}, "quote", lambda: _quote(DEPTH)),
    ("threads", "post_thread", {"text": "t"}, "replies", lambda: [thread_tree(DEPTH, False)]),
    ("threads", "evaluate", {}, "body", lambda: expression(DEPTH, False)),
    (
        "threads",
        "post_document",
        {"title": "t"},
        "blocks",
        lambda: document(DEPTH, False)["blocks"],
    ),
    ("threads", "post_document", {"title": "t"}, "text", lambda: document(DEPTH, False)["text"]),
    ("folders", "put_folder", {"name": "f"}, "folders", lambda: [folder_tree(DEPTH, False)]),
    ("folders", "put_folder", {"name": "f"}, "files", lambda: _files(DEPTH)),
]
each_send = pytest.mark.parametrize(
    ("resource", "method", "arguments", "argument", "build"),
    SENDS,
    ids=[f"{s[1]}-{s[3]}" for s in SENDS],
)
_WIRE_NAMES = {"in_reply_to": "inReplyTo"}
# The fields of the values sent above whose schemas admit null.
_NULLABLE = {"inReplyTo"}
_SMALL_ANSWERS = {
    "put_categories": None,
    "post_comment": {"text": "a"},
    "send_message": {"text": "a"},
    "post_thread": {"text": "a"},
    "evaluate": {"kind": "literal", "value": 1},
    "post_document": {"title": "a"},
    "put_folder": {"name": "a"},
}


def _files(depth: int) -> Json:
    """Files whose folders nest `depth` levels deep (through files, every other level)."""
    return folder_tree(depth + 1 - depth % 2, False)["files"]


def _quote(depth: int) -> Json:
    return {"author": "a", "message": message_chain(depth, False)}


@each_send
def test_deeply_nested_argument_is_sent_as_given(
    client: Any,
    wire: RecordingServer,
    resource: str,
    method: str,
    arguments: dict[str, Any],
    argument: str,
    build: Callable[[], Json],
) -> None:
    value = build()
    answer = _SMALL_ANSWERS[method]
    wire.reply(answer, status=200 if answer else 204)
    getattr(getattr(client, resource), method)(**arguments, **{argument: value})
    sent = wire.last.json()
    if argument == "body":
        assert sent == _as_sent(value)
    else:
        assert sent == {**arguments, _WIRE_NAMES.get(argument, argument): _as_sent(value)}


def _as_sent(value: Json) -> Json:
    """`value` as a request carries it: a None in a field admitting no null left out, as an
    argument given None is."""
    if isinstance(value, dict):
        return {k: _as_sent(v) for k, v in value.items() if v is not None or k in _NULLABLE}
    if isinstance(value, list):
        return [_as_sent(item) for item in value]
    return value


@each_send
def test_unknown_field_deep_in_an_argument_is_refused_before_sending(
    api: ModuleType,
    client: Any,
    wire: RecordingServer,
    resource: str,
    method: str,
    arguments: dict[str, Any],
    argument: str,
    build: Callable[[], Json],
) -> None:
    value = build()
    depth, deepest = _deepest_object(value)
    assert depth >= DEPTH
    deepest["typo"] = 1
    with pytest.raises(api.InvalidArgument) as caught:
        getattr(getattr(client, resource), method)(**arguments, **{argument: value})
    assert f"argument '{argument}'" in str(caught.value)
    # The typo itself, also inside a union whose other members report problems of their own
    assert str(caught.value).endswith(".typo: Extra inputs are not permitted")
    assert wire.requests == []


def test_nested_twins_built_in_code_are_sent_with_wire_names_at_every_level(
    api: ModuleType, client: Any, wire: RecordingServer
) -> None:
    wire.reply({"text": "a"})
    innermost = api.CommentParam(text="d", in_reply_to=None)
    middle = api.CommentParam(text="c", replies=[innermost])
    client.trees.post_comment(text="a", replies=[api.CommentParam(text="b", in_reply_to=middle)])
    assert wire.last.json() == {
        "text": "a",
        "replies": [
            {"text": "b", "inReplyTo": {"text": "c", "replies": [{"text": "d", "inReplyTo": None}]}}
        ],
    }


# -- the client against `botspec mock` -----------------------------------------------------


@pytest.fixture(scope="module")
def _mock_server() -> Iterator[MockServer]:
    with MockServer(SPEC) as server:
        yield server


@pytest.fixture
def mock(_mock_server: MockServer) -> MockServer:
    _mock_server.reset()
    return _mock_server


def test_mock_server_checks_a_nested_body_and_the_client_decodes_its_nested_examples(
    api: ModuleType, mock: MockServer
) -> None:
    with api.Client(token="tok", base_url=mock.url) as client:
        node = client.trees.get_node(node_id="root")
        assert node.model_dump(by_alias=True, exclude_unset=True) == _example("/nodes/{nodeId}")
        assert type(node.children[0].children[0]) is api.Node
        assert type(node.children[0].parent) is api.Node

        sent = document(DEPTH, False)  # its wire names are its arguments' names
        answer = client.threads.post_document(**sent)
        assert json.loads(mock.last("postDocument")["body"]) == sent
        assert answer.model_dump(by_alias=True, exclude_unset=True) == _example("/documents")
        assert type(answer.blocks[1].root.blocks[1].root) is api.BlockVariant2

        wrong = {"title": "t", "blocks": [{"blocks": ["a", {"blocks": [1]}]}]}
        bearer = {"Authorization": "Bearer tok"}
        assert httpx.post(mock.url + "/documents", json=wrong, headers=bearer).status_code == 400
        assert httpx.post(mock.url + "/documents", json=sent, headers=bearer).status_code == 200


# Operations whose answers the spec gives no example of: the mock makes one from the schema.
UNEXAMPLED = [c for c in CALLS if c[1] not in ("get_node", "post_document")]


@pytest.mark.parametrize(
    ("resource", "method", "arguments", "name"), UNEXAMPLED, ids=[c[1] for c in UNEXAMPLED]
)
def test_mock_server_answers_a_recursive_schema_without_example_with_a_value_it_admits(
    api: ModuleType,
    mock: MockServer,
    resource: str,
    method: str,
    arguments: dict[str, Any],
    name: str,
) -> None:
    # The made-up value stops recursing where the spec lets it (an optional field left out,
    # an empty array), so the client decodes it.
    with api.Client(token="tok", base_url=mock.url) as client:
        result = getattr(getattr(client, resource), method)(**arguments)
    assert type(result) is getattr(api, name)


def _example(path: str) -> Json:
    """The example answer of the operation at `path` in the spec."""
    spec = load([SPEC / "openapi.yaml"]).roots[0].data
    [operation] = spec["paths"][path].values()
    return operation["responses"]["200"]["content"]["application/json"]["example"]


# -- a union, a map or an array that holds itself, alone -----------------------------------


ONE_SCHEMA_CASES = {
    # Any JSON value: holds itself through an array and a map, with no class between.
    "json_value": (
        "{oneOf: [{type: string}, {type: integer}, {type: array, items: {$ref: X}},"
        " {type: object, additionalProperties: {$ref: X}}]}",
        {"a": [1, {"b": ["c", []]}]},
        {"a": [1.5]},
    ),
    "list_of_itself": (
        "{type: array, items: {anyOf: [{type: string}, {$ref: X}]}}",
        ["a", ["b", [], ["c"]]],
        ["a", [1.5]],
    ),
    "map": (
        "{type: object, additionalProperties: {$ref: X}}",
        {"a": {"b": {"c": {}}}, "d": {}},
        {"a": {"b": 1}},
    ),
}


@pytest.mark.parametrize("case", ONE_SCHEMA_CASES)
def test_schema_holding_itself_with_no_class_between_is_a_root_model_of_itself(
    tmp_path: Path, case: str
) -> None:
    schema, good, bad = ONE_SCHEMA_CASES[case]
    one_schema_package(tmp_path, case, schema.replace("$ref: X", "$ref: '#/components/schemas/X'"))
    with imported(tmp_path / "out", case) as package:
        assert issubclass(package.X, pydantic.RootModel)
        model = package.X.model_validate(good)
        assert model.model_dump() == good
        with pytest.raises(pydantic.ValidationError):
            package.X.model_validate(bad)


# -- the order of the classes of a cycle -----------------------------------------------------

_REF = "{$ref: '#/components/schemas/%s'}"
# Cycles entered by the class whose definition the other's names (the answer is that class):
# X, a variant of Expr, holds Exprs, and `class Expr(RootModel[Lit | X])` names X; X, the
# base of Thread, holds a Thread, and `class Thread(X)` names X.
ENTERED_BY_THE_NAMED_CLASS = {
    "variant_first": (
        "{type: object, required: [kind, terms], properties: {kind: {const: X},"
        f" terms: {{type: array, items: {_REF % 'Expr'}}}}}}}",
        {
            "Expr": f"{{oneOf: [{_REF % 'Lit'}, {_REF % 'X'}], discriminator: {{propertyName: kind}}}}",
            "Lit": "{type: object, required: [kind], properties: {kind: {const: Lit}}}",
        },
        {"kind": "X", "terms": [{"kind": "Lit"}, {"kind": "X", "terms": []}]},
    ),
    "base_first": (
        f"{{type: object, properties: {{text: {{type: string}}, thread: {_REF % 'Thread'}}}}}",
        {"Thread": f"{{allOf: [{_REF % 'X'}, {{properties: {{n: {{type: integer}}}}}}]}}"},
        {"text": "a", "thread": {"text": "b", "n": 1, "thread": {"n": 2}}},
    ),
}


@pytest.mark.parametrize("case", ENTERED_BY_THE_NAMED_CLASS)
def test_a_class_comes_after_the_classes_its_statement_names_whichever_way_a_cycle_is_entered(
    tmp_path: Path, case: str
) -> None:
    schema, others, value = ENTERED_BY_THE_NAMED_CLASS[case]
    one_schema_package(tmp_path, case, schema, others=others)
    with imported(tmp_path / "out", case) as package:
        assert package.X.model_validate(value).model_dump(exclude_unset=True) == value


_NULLABLE_TREE = """\
openapi: 3.1.0
info: {title: Trees, version: "1"}
servers: [{url: "https://api.example.test"}]
paths:
  /tree:
    put:
      operationId: setTree
      summary: Set the tree
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Tree"}
      responses:
        "200":
          description: The tree kept
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Tree"}
components:
  schemas:
    Tree:
      type: [array, "null"]
      items: {type: array, items: {$ref: "#/components/schemas/Tree"}}
"""


def test_a_schema_holding_itself_that_admits_null_takes_none_outside_its_root_model(
    tmp_path: Path,
) -> None:
    # The null stayed inside the root model `Tree`, so a required body of it refused None as
    # missing; it is `Tree | None` now, at the top and inside.
    out = generate_to(spec_folder(tmp_path, "trees", _NULLABLE_TREE), tmp_path / "out")
    assert mypy_strict(out.parent, ["trees"])["trees"] == []
    with (
        imported(out.parent, "trees") as module,
        RecordingServer() as wire,
        module.Client(base_url=wire.url) as client,
    ):
        wire.reply(b"null", content_type="application/json")
        assert client.default.set_tree(body=None) is None
        assert wire.last.body == b"null"
        wire.reply([[None, [[]]]])
        answer = client.default.set_tree(body=[[None, [[]]]])
        assert wire.last.json() == [[None, [[]]]]
    assert answer.model_dump() == [[None, [[]]]]
