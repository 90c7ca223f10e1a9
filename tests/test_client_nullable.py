"""Null on the wire, and path parameters that must not be empty: tests/specs/nullable,
generated outside the repository and called over real HTTP against `botspec mock` on
127.0.0.1 (the mock checks each body against the spec, so a null it refuses fails the call).

None sends JSON null where the value is a JSON body (field) whose schema admits null; such
an optional argument defaults to NOT_GIVEN, which sends nothing. Everywhere else None
leaves the argument out (or is refused, for a required one)."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gen_support import mypy_strict, spec_folder
from mockserver import TEST_SPECS, MockServer, generate_into, generated_package, served

SPEC = TEST_SPECS / "nullable"


generated, api = generated_package(SPEC)
_server, mock = served(SPEC, "mock")


@pytest.fixture
def client(api: ModuleType, mock: MockServer) -> Iterator[Any]:
    with api.Client(token="tok", base_url=mock.url) as client:
        yield client


def sent_json(mock: MockServer, operation: str) -> Any:
    return json.loads(mock.last(operation)["body"])


# -- the generated surface ---------------------------------------------------------------


def test_nullable_package_passes_mypy_strict(api: ModuleType, generated: Path) -> None:
    assert mypy_strict(generated, ["nullable"]) == {"nullable": []}


def test_only_optional_nullable_body_fields_default_to_not_given(api: ModuleType) -> None:
    parameters = inspect.signature(api.Client(token="t").items.update_item).parameters
    assert parameters["nick"].default is inspect.Parameter.empty  # required, may be None
    assert parameters["bio"].default is api.NOT_GIVEN
    assert parameters["name"].default is None  # not nullable: None still means "leave out"
    members = inspect.signature(api.Client(token="t").groups.list_members).parameters
    assert members["after"].default is None  # a query has no null


def test_not_given_is_exported_falsy_and_reads_as_its_name(api: ModuleType) -> None:
    assert isinstance(api.NOT_GIVEN, api.NotGiven)
    assert not api.NOT_GIVEN
    assert repr(api.NOT_GIVEN) == "NOT_GIVEN"
    assert {"NOT_GIVEN", "NotGiven"} <= set(api.__all__)


def test_docstrings_say_what_none_does(api: ModuleType) -> None:
    update = " ".join(api.Client(token="t").items.update_item.__doc__.split())
    assert "nick: Nickname; null for none. None sends null." in update
    assert "None sends null; leave it out to send nothing." in update
    members = " ".join(api.Client(token="t").groups.list_members.__doc__.split())
    assert "None: not sent (a query value cannot be null)." in members


# -- JSON bodies: None is null, not given is nothing -----------------------------------------


def test_optional_nullable_field_given_none_is_sent_as_null(client: Any, mock: MockServer) -> None:
    item = client.items.update_item(id="7", nick="Tom", bio=None)
    assert sent_json(mock, "updateItem") == {"nick": "Tom", "bio": None}
    assert item.id == "7"  # the mock accepted the null


def test_optional_nullable_field_not_given_is_left_out(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    client.items.update_item(id="7", nick="Tom")
    client.items.update_item(id="7", nick="Tom", bio=api.NOT_GIVEN)
    first, second = (json.loads(r["body"]) for r in mock.requests("updateItem"))
    assert first == second == {"nick": "Tom"}


def test_required_nullable_field_accepts_none_and_sends_null(client: Any, mock: MockServer) -> None:
    client.items.update_item(id="7", nick=None)
    assert sent_json(mock, "updateItem") == {"nick": None}


def test_non_nullable_optional_field_given_none_is_left_out(client: Any, mock: MockServer) -> None:
    client.items.update_item(id="7", nick="Tom", name=None)
    assert sent_json(mock, "updateItem") == {"nick": "Tom"}


def test_nullable_whole_json_body_given_none_is_a_null_body(client: Any, mock: MockServer) -> None:
    client.items.set_item_note(id="7", body=None)
    sent = mock.last("setItemNote")
    assert (sent["body"], sent["headers"]["content-type"]) == ("null", "application/json")


def test_async_client_sends_null_and_leaves_out_not_given(
    api: ModuleType, mock: MockServer
) -> None:
    async def run() -> None:
        async with api.AsyncClient(token="tok", base_url=mock.url) as client:
            await client.items.update_item(id="7", nick=None, bio=None)
            await client.items.update_item(id="7", nick="Tom")

    asyncio.run(run())
    bodies = [json.loads(r["body"]) for r in mock.requests("updateItem")]
    assert bodies == [{"nick": None, "bio": None}, {"nick": "Tom"}]


# -- models passed as arguments: their fields, at any depth, as the arguments ---------------


def test_a_nested_models_none_is_left_out_unless_its_field_admits_null(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    # A None in a field admitting no null was sent as null, which the mock refused (400).
    replies = [api.Note(text=None, tag=None), api.Note(text="b")]
    client.items.post_notes(
        inner=api.Note(text=None, replies=replies),
        notes=[api.Note(text=None), {"text": None, "tag": None}],
        by_key={"k": {"text": None, "replies": [{"text": None}]}},
    )
    assert sent_json(mock, "postNotes") == {
        "inner": {"replies": [{"tag": None}, {"text": "b"}]},
        "notes": [{}, {"tag": None}],
        "by_key": {"k": {"replies": [{}]}},
    }


def test_a_none_put_in_by_model_copy_or_model_construct_is_left_out_too(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    # Neither builds nor sets the model as the constructor and assignment do: their None
    # was sent as null, which the mock refused (400).
    copied = api.Note(text="a").model_copy(update={"text": None, "tag": None})
    built = api.Note.model_construct(text=None, replies=[api.Note.model_construct(text=None)])
    client.items.post_notes(inner=copied, notes=[built, copied])
    assert sent_json(mock, "postNotes") == {
        "inner": {"tag": None},
        "notes": [{"replies": [{}]}, {"tag": None}],
    }


def test_sending_a_model_leaves_the_model_as_it_was(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    # The None is left out of what is sent, not out of the model: a dump has no side effects.
    note = api.Note(text="a").model_copy(update={"text": None})
    client.items.post_notes(inner=note)
    assert sent_json(mock, "postNotes") == {"inner": {}}
    assert note.model_fields_set == {"text"}
    assert note.model_dump(exclude_unset=True) == {}
    assert note.model_dump()["text"] is None  # a dump keeping unset fields keeps it


def test_a_none_in_an_aliased_field_is_left_out_under_its_alias_and_its_name(
    lanying: ModuleType,
) -> None:
    sent = lanying.BatchUpdateProfilesRequest(list_=[lanying.ProfileUpdate(user_id=1)])
    cleared = sent.model_copy(update={"list_": None})
    assert cleared.model_dump(by_alias=True, exclude_unset=True) == {}
    assert cleared.model_dump(exclude_unset=True) == {}
    assert sent.model_dump(by_alias=True, exclude_unset=True) == {"list": [{"user_id": 1}]}


def test_a_sent_subclass_of_a_received_class_leaves_out_none_as_its_fields_say(
    api: ModuleType, client: Any, mock: MockServer
) -> None:
    # `SignedItem` inherits `Item`'s fields, nullable `nick` and `name` admitting no null.
    signed = api.SignedItem(id="7", nick=None, name=None, signature=None)
    client.items.post_notes(signed=signed)
    assert sent_json(mock, "postNotes") == {"signed": {"id": "7", "nick": None}}


# -- where null has no wire form, None leaves the argument out --------------------------------


def test_form_field_given_none_is_left_out(client: Any, mock: MockServer) -> None:
    client.items.label_item(id="7", label=None)
    client.items.label_item(id="7", label="red")
    assert [r["body"] for r in mock.requests("labelItem")] == ["", "label=red"]


def test_nullable_query_parameter_given_none_is_left_out(client: Any, mock: MockServer) -> None:
    assert client.groups.list_members(id="g1", after=None) == ["ann", "bob"]
    client.groups.list_members(id="g1", after="ann")
    assert [r["query"] for r in mock.requests("listMembers")] == [[], [["after", "ann"]]]


NULLABLE_ITEMS = """
openapi: 3.1.0
info: {title: Null items, version: "1"}
paths:
  /tags:
    post:
      operationId: tagItems
      summary: Tag items.
      parameters:
        - {name: ids, in: query, schema: {type: array, items: {type: [string, "null"]}}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                tags: {type: array, items: {type: [string, "null"]}}
      responses:
        "204": {description: Tagged.}
"""


def test_none_items_of_a_query_array_are_left_out_as_a_forms_are(tmp_path: Path) -> None:
    """A query string has no null: `?ids=a&ids=&ids=b` would send an empty id the caller
    never gave."""
    spec = spec_folder(tmp_path, "null_items", NULLABLE_ITEMS)
    module = generate_into(spec, tmp_path / "generated")
    with MockServer(spec) as server, module.Client(base_url=server.url) as client:
        client.default.tag_items(ids=["a", None, "b"], tags=["x", None, "y"])
        client.default.tag_items(ids=[None], tags=[None])
        first, second = server.requests("tagItems")
    assert (first["query"], first["body"]) == ([["ids", "a"], ["ids", "b"]], "tags=x&tags=y")
    assert (second["query"], second["body"]) == ([], "")


# -- path parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.items.update_item(id="", nick="Tom"), id="/items/"),
        pytest.param(lambda c: c.groups.list_members(id=""), id="/groups//members"),
    ],
)
def test_empty_path_parameter_is_refused_naming_it_and_nothing_is_sent(
    api: ModuleType, client: Any, mock: MockServer, call: Any
) -> None:
    with pytest.raises(api.InvalidArgument) as info:
        call(client)
    assert info.value.argument == "id"
    assert info.value.reason == "is empty, which would change the path"
    assert mock.requests() == []


@pytest.mark.parametrize("value", [None, "NOT_GIVEN"])
def test_path_parameter_none_or_not_given_is_refused_before_sending(
    api: ModuleType, client: Any, mock: MockServer, value: Any
) -> None:
    argument = api.NOT_GIVEN if value == "NOT_GIVEN" else value
    with pytest.raises(api.InvalidArgument) as info:
        client.groups.list_members(id=argument)
    assert (info.value.argument, info.value.reason) == ("id", f"is required, got {value}")
    assert mock.requests() == []
