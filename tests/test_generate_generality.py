"""The generator works on any spec inside botspec's supported subset, not only on the three
platforms': spec documents of the project's own (tests/specs/generality/) are generated,
type-checked with mypy --strict, imported and called against a real HTTP server on
127.0.0.1, and what went over the wire is checked. Constructs outside the subset are
refused with a clear error naming the construct and where it is.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import inspect
import pickle
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

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
    pyright_strict,
    snapshot,
    write_package,
)

from generator.load import load
from generator.model import _schemas as schemas_module
from generator.model import build
from generator.pipeline import CacheUse, generate_package
from generator.problems import Problem, SpecError, format_pointer
from generator.render._models import models_file
from generator.validate import validate

GENERALITY = TEST_SPECS / "generality"
SUPPORTED = ("openapi30", "openapi31")
UNSUPPORTED = GENERALITY / "unsupported"
_EXPECT = re.compile(r"^# expect: (?P<line>\d+): (?P<pointer>\S*): (?P<message>.+)$")


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both generality packages, generated into one folder outside the repository."""
    parent = tmp_path_factory.mktemp("generality")
    for name in SUPPORTED:
        generate_to(GENERALITY / name, parent)
    return parent


@pytest.fixture(scope="module")
def api31(packages: Path) -> Iterator[ModuleType]:
    with imported(packages, "openapi31") as module:
        yield module


@pytest.fixture(scope="module")
def api30(packages: Path) -> Iterator[ModuleType]:
    with imported(packages, "openapi30") as module:
        yield module


@pytest.fixture
def client31(api31: ModuleType, wire: RecordingServer) -> Iterator[Any]:
    with api31.Client(token="tok-31", api_key="key-31", base_url=wire.url + "/v1") as client:
        yield client


@pytest.fixture
def client30(api30: ModuleType, wire: RecordingServer) -> Iterator[Any]:
    with api30.Client(token="tok-30", base_url=wire.url) as client:
        yield client


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Parts of a multipart/form-data body: name -> (filename, payload)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    assert message.is_multipart()
    parts = {}
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        parts[name] = (part.get_filename(), part.get_payload(decode=True))
    return parts


# -- generated code quality ------------------------------------------------------------------


@pytest.fixture(scope="module")
def mypy_report(packages: Path) -> dict[str, list[str]]:
    return mypy_strict(packages, SUPPORTED)


@pytest.fixture(scope="module")
def pyright_report(packages: Path) -> dict[str, list[str]]:
    return pyright_strict(packages, SUPPORTED)


@pytest.mark.parametrize("name", SUPPORTED)
def test_generality_package_passes_mypy_strict(
    name: str, mypy_report: dict[str, list[str]]
) -> None:
    assert mypy_report[name] == []


@pytest.mark.parametrize("name", SUPPORTED)
def test_generality_package_passes_pyright_strict(
    name: str, pyright_report: dict[str, list[str]]
) -> None:
    assert not pyright_report[name], "\n".join(pyright_report[name])


# -- OpenAPI 3.1: parameters, auth, servers ---------------------------------------------------


def test_path_query_and_header_parameters_go_where_the_spec_says(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"name": "Tom", "petType": "cat", "livesLeft": 9})
    pet = client31.pets.get_pet(pet_id="a/b c", fields=["name", "petType"], x_request_id="r-1")
    request = wire.last
    assert (request.method, request.path) == ("GET", "/v1/pets/a%2Fb%20c")
    assert request.query == {"fields": ["name", "petType"]}
    assert request.headers["x-request-id"] == "r-1"
    assert request.body == b""
    assert isinstance(pet, api31.Pet) and isinstance(pet.root, api31.Cat)
    assert (pet.root.name, pet.root.lives_left) == ("Tom", 9)


def test_optional_arguments_not_given_are_not_sent(client31: Any, wire: RecordingServer) -> None:
    wire.reply({"items": []})
    client31.pets.list_pets()
    assert wire.last.query == {}
    assert "x-request-id" not in wire.last.headers


def test_enum_query_argument_is_sent_as_its_value(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"items": [], "next": None})
    client31.pets.list_pets(status=api31.PetStatus.SOLD, limit=5)
    assert wire.last.query == {"status": ["sold"], "limit": ["5"]}


def test_bearer_and_api_key_schemes_of_one_requirement_both_authenticate(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"items": []})
    client31.pets.list_pets()
    assert wire.last.headers["authorization"] == "Bearer tok-31"
    assert wire.last.headers["x-api-key"] == "key-31"


def test_first_server_is_the_default_and_sandbox_server_is_a_switch(api31: ModuleType) -> None:
    with api31.Client(token="t", api_key="k") as client:
        assert client.base_url == "https://api.example.test/v1"
    with api31.Client(token="t", api_key="k", sandbox=True) as client:
        assert client.base_url == "https://sandbox.example.test/v1"


# -- OpenAPI 3.1: schemas -----------------------------------------------------------------------


def test_one_of_with_discriminator_mapping_picks_the_mapped_member(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"name": "Rex", "petType": "dog", "goodBoy": True})
    pet = client31.pets.get_pet(pet_id="1")
    assert isinstance(pet.root, api31.Dog) and pet.root.good_boy is True


def test_any_of_without_discriminator_and_one_of_primitives_decode_each_member(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply(
        {
            "hits": [{"name": "Tom", "petType": "cat"}, {"code": 3, "text": "no such pet"}],
            "key": 12,
            "extra": {"a": [1, 2]},
        }
    )
    result = client31.store.search(q="tom")
    assert wire.last.query == {"q": ["tom"]}
    assert isinstance(result, api31.SearchResult)
    assert isinstance(result.hits[0], api31.Pet) and isinstance(result.hits[0].root, api31.Cat)
    assert isinstance(result.hits[1], api31.Problem) and result.hits[1].code == 3
    assert result.key == 12
    assert result.extra == {"a": [1, 2]}


def test_all_of_with_cross_file_ref_merges_the_base_fields(api31: ModuleType) -> None:
    assert issubclass(api31.Cat, api31.PetBase) and issubclass(api31.NewPet, api31.PetBase)
    assert {"name", "pet_type", "owner", "status"} <= set(api31.NewPet.model_fields)


def test_type_array_with_null_accepts_null(api31: ModuleType) -> None:
    page = api31.PetPage.model_validate({"items": [], "next": None})
    assert page.next is None
    owner = api31.Owner.model_validate({"name": "Ann", "email": None})
    assert owner.email is None
    with pytest.raises(pydantic.ValidationError):
        api31.Owner.model_validate({"name": None})


def test_type_array_keywords_constrain_only_values_of_their_own_type(api31: ModuleType) -> None:
    def takes(**fields: Any) -> bool:
        try:
            api31.Tally.model_validate({"code": 1, **fields})
        except pydantic.ValidationError:
            return False
        return True

    tally = api31.Tally.model_validate({"code": "12", "sizes": ["ab", 3], "counts": {"x": 5}})
    assert (tally.code, tally.sizes, tally.counts) == ("12", ["ab", 3], {"x": 5})
    assert api31.Tally.model_validate({"code": 7, "level": None}).code == 7
    assert api31.Tally.model_validate({"code": 1, "span": ["a"]}).span == ["a"]
    assert api31.Tally.model_validate({"code": 1, "shape": {"k": 1}}).shape == api31.TallyShape(k=1)
    assert api31.Tally(code=1).label == "ab"
    taken = [{"level": "abc"}, {"span": 10}, {"shape": "abc"}, {"pick": "12"}, {"pick": 3}]
    taken += [{"label": True}]
    refused = [{"code": "x1"}, {"code": None}, {"level": -1}, {"level": "abcd"}]
    refused += [{"sizes": ["abc"]}, {"sizes": [10]}, {"sizes": [None]}, {"counts": {"x": 6}}]
    refused += [{"counts": {"x": ""}}, {"counts": {"x": None}}, {"span": 11}, {"span": []}]
    refused += [{"shape": "abcd"}, {"pick": "1"}, {"pick": "ab"}, {"pick": 2}, {"label": ""}]
    assert [fields for fields in taken if not takes(**fields)] == []
    assert [fields for fields in refused if takes(**fields)] == []


def test_string_enum_without_varnames_keeps_the_wire_values(api31: ModuleType) -> None:
    assert [m.value for m in api31.PetStatus] == ["available", "pending", "sold"]
    assert api31.PetStatus("pending").value == "pending"


def test_integer_enums_take_varnames_when_given_and_keep_values_without(
    api31: ModuleType,
) -> None:
    assert {m.name: m.value for m in api31.OrderState} == {
        "PLACED": 0,
        "APPROVED": 1,
        "DELIVERED": 2,
    }
    assert [m.value for m in api31.Priority] == [1, 2, 3]
    assert all(m.name.isidentifier() for m in api31.Priority)


def test_maps_are_typed_from_additional_properties(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"id": 7, "state": 1, "priority": 2, "stock": {"apples": 3}, "meta": {"x": None}})
    order = client31.store.place_order(item="apple", quantity=1)
    assert order.state is api31.OrderState.APPROVED
    assert order.priority is api31.Priority(2)
    assert order.stock == {"apples": 3}
    assert order.meta == {"x": None}
    with pytest.raises(pydantic.ValidationError):
        api31.Order.model_validate({"id": 1, "state": 0, "stock": {"apples": "many"}})


def test_type_array_arguments_are_checked_per_type_before_sending(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"code": 7})
    client31.store.put_tally(code=12, body="34", level="abc", x_batch=5)
    assert (wire.last.path, wire.last.query, wire.last.json()) == (
        "/v1/tallies/12",
        {"level": ["abc"]},
        "34",
    )
    assert wire.last.headers["x-batch"] == "5"
    refused = ({"code": "x"}, {"body": 10}, {"body": "x"}, {"level": -1}, {"x_batch": "A"})
    for arguments in refused:
        with pytest.raises(api31.InvalidArgument):
            client31.store.put_tally(**{"code": 1, "body": 1, **arguments})
    with pytest.raises(api31.ConfigurationError):
        api31.Client(token="t", api_key="k", x_batch="A")
    assert len(wire.requests) == 1


# -- OpenAPI 3.1: request bodies --------------------------------------------------------------


def test_json_object_body_is_spread_into_arguments_and_sent_with_wire_names(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"name": "Rex", "petType": "dog"}, status=201)
    pet = client31.pets.create_pet(
        name="Rex", pet_type="dog", owner=api31.Owner(name="Ann"), status=api31.PetStatus.PENDING
    )
    request = wire.last
    assert (request.method, request.path) == ("POST", "/v1/pets")
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {
        "name": "Rex",
        "petType": "dog",
        "owner": {"name": "Ann"},
        "status": "pending",
    }
    assert isinstance(pet.root, api31.Dog)


def test_json_body_argument_of_the_wrong_type_is_refused_before_sending(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    with pytest.raises(api31.InvalidArgument) as caught:
        client31.pets.create_pet(name="Rex", pet_type=["not", "a", "string"])
    assert "pet_type" in str(caught.value)
    assert wire.requests == []


def test_request_models_reject_unknown_fields_and_response_models_keep_them(
    api31: ModuleType,
) -> None:
    with pytest.raises(pydantic.ValidationError, match="extra"):
        api31.NewPet.model_validate({"name": "Rex", "petType": "dog", "color": "brown"})
    with pytest.raises(pydantic.ValidationError, match="extra"):
        api31.Owner.model_validate({"name": "Ann", "phone": "1"})  # only used in requests
    cat = api31.Cat.model_validate({"name": "Tom", "petType": "cat", "color": "grey"})
    assert cat.model_dump(by_alias=True)["color"] == "grey"


def test_json_array_body_is_sent_as_the_body_argument(client31: Any, wire: RecordingServer) -> None:
    wire.reply(status=204)
    assert client31.pets.set_pet_tags(pet_id=3, body=["a", "b"]) is None
    request = wire.last
    assert (request.method, request.path) == ("PUT", "/v1/pets/3/tags")
    assert request.headers["content-type"] == "application/json"
    assert request.json() == ["a", "b"]


def test_text_plain_body_is_sent_as_utf_8_and_response_read_as_plain_strings(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply("stored: héllo")
    note = client31.pets.note_pet(pet_id="7", body="héllo {json: not}")
    request = wire.last
    assert request.headers["content-type"] == "text/plain; charset=utf-8"
    assert request.body == "héllo {json: not}".encode()
    assert note == "stored: héllo"


def test_a_raw_text_body_is_sent_as_its_text_under_its_json_media_type(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply(status=204)
    assert client31.pets.set_pet_nickname(pet_id="7", body="Rex the 2nd") is None
    request = wire.last
    assert (request.method, request.path) == ("PUT", "/v1/pets/7/nickname")
    assert request.headers["content-type"] == "application/json"
    assert request.body == b"Rex the 2nd"  # the string itself: no JSON quotes


def test_form_body_is_url_encoded_with_repeated_lists_and_json_booleans(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"id": 1, "state": 0})
    client31.store.place_order(item="apple pie & cream", quantity=2, gift=True, labels=["a", "b"])
    request = wire.last
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body.decode("ascii"), strict_parsing=True) == {
        "item": ["apple pie & cream"],
        "quantity": ["2"],
        "gift": ["true"],
        "labels": ["a", "b"],
    }


def test_form_body_leaves_out_optional_fields_not_given(
    client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"id": 1, "state": 0})
    client31.store.place_order(item="pie", quantity=1)
    assert parse_qs(wire.last.body.decode("ascii")) == {"item": ["pie"], "quantity": ["1"]}


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda c: c.store.place_order(item="a\ud83d", quantity=1), "item"),
        (lambda c: c.store.upload_photo(photo=b"x", caption="a\ud83d"), "caption"),
    ],
)
def test_a_form_field_utf_8_cannot_carry_raises_invalid_argument_naming_it(
    api31: ModuleType, client31: Any, wire: RecordingServer, call: Any, argument: str
) -> None:
    with pytest.raises(api31.InvalidArgument) as info:
        call(client31)
    assert info.value.argument == argument
    assert info.value.reason == "holds '\\ud83d' at 1, a lone surrogate, which UTF-8 cannot encode"
    assert wire.requests == []


def test_multipart_body_sends_bytes_as_a_file_part_and_text_as_fields(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    photo = b"\x89PNG\r\n\x1a\n\x00\xff binary --boundary-- data"
    wire.reply({"size": len(photo), "caption": None})
    result = client31.store.upload_photo(photo=photo, caption="at the beach")
    request = wire.last
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    parts = _multipart(content_type, request.body)
    assert parts["photo"] == ("photo", photo)
    assert parts["caption"] == (None, b"at the beach")
    assert isinstance(result, api31.UploadPhotoResponse)
    assert result.size == len(photo) and result.caption is None


def test_async_client_sends_the_same_request_as_the_sync_one(
    api31: ModuleType, wire: RecordingServer
) -> None:
    async def call() -> Any:
        async with api31.AsyncClient(token="t", api_key="k", base_url=wire.url + "/v1") as client:
            return await client.store.place_order(item="pie", quantity=3, labels=["x"])

    wire.reply({"id": 9, "state": 2})
    order = asyncio.run(call())
    assert order.state is api31.OrderState.DELIVERED
    assert wire.last.path == "/v1/store/orders"
    assert parse_qs(wire.last.body.decode()) == {
        "item": ["pie"],
        "quantity": ["3"],
        "labels": ["x"],
    }


def test_cursor_pagination_follows_the_next_cursor_until_it_is_null(
    api31: ModuleType, client31: Any, wire: RecordingServer
) -> None:
    wire.reply({"items": [{"name": "A", "petType": "cat"}], "next": "c2"})
    wire.reply({"items": [{"name": "B", "petType": "dog"}], "next": None})
    pets = list(client31.pets.iter_pets(limit=1))
    assert [p.root.name for p in pets] == ["A", "B"]
    assert [r.query for r in wire.requests] == [
        {"limit": ["1"]},
        {"limit": ["1"], "cursor": ["c2"]},
    ]


# -- OpenAPI 3.0: envelope, nullable, custom scheme, server variables -----------------------------


def test_server_with_variables_makes_base_url_a_required_argument(api30: ModuleType) -> None:
    parameter = inspect.signature(api30.Client).parameters["base_url"]
    assert parameter.default is inspect.Parameter.empty


def test_custom_http_scheme_is_sent_with_its_own_prefix(
    client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"code": 0, "msg": "ok", "data": {"id": 1, "name": "A"}})
    client30.users.get_user(user_id=1)
    assert wire.last.headers["authorization"] == "Bot tok-30"


def test_envelope_is_unwrapped_and_nullable_fields_accept_null(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    wire.reply(
        {
            "code": 0,
            "msg": "ok",
            "data": {"id": 42, "name": "Ann", "email": None, "role": "power-user"},
        }
    )
    user = client30.users.get_user(user_id=42)
    assert wire.last.path == "/users/42"
    assert isinstance(user, api30.User)
    assert user.email is None
    assert user.role is api30.Role.POWER_USER


def test_described_nullable_reference_is_the_referenced_class_or_none(api30: ModuleType) -> None:
    user = api30.User.model_validate(
        {"id": 1, "name": "A", "manager": {"id": 2, "name": "B", "manager": None}}
    )
    assert type(user.manager) is api30.User and user.manager.manager is None


def test_envelope_code_outside_success_raises_the_api_error(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"code": 5, "msg": "no such user", "data": None})
    with pytest.raises(api30.ApiError) as caught:
        client30.users.get_user(user_id=5)
    assert caught.value.code == 5
    assert "no such user" in str(caught.value)


def test_string_enum_takes_varnames_for_values_that_are_not_identifiers(api30: ModuleType) -> None:
    assert {m.name: m.value for m in api30.Role} == {
        "ADMIN": "admin",
        "POWER_USER": "power-user",
        "GUEST": "guest",
    }


def test_json_body_with_header_parameter_beside_it(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"code": 0, "msg": "ok", "data": {"id": 3, "name": "Ann"}})
    user = client30.users.create_user(name="Ann", role=api30.Role.GUEST, x_trace="t-1")
    assert wire.last.headers["x-trace"] == "t-1"
    assert wire.last.json() == {"name": "Ann", "role": "guest"}
    assert user.id == 3


def test_operation_without_security_sends_no_credentials(
    client30: Any, wire: RecordingServer
) -> None:
    wire.reply("pong")
    assert client30.misc.ping() == "pong"
    assert "authorization" not in wire.last.headers


def test_deprecated_operation_warns_naming_the_method_as_called_and_says_so_in_its_docstring(
    client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"code": 0, "msg": "ok", "data": None})
    with pytest.warns(DeprecationWarning, match=r"^users\.delete_user\(\) is deprecated$"):
        client30.users.delete_user(user_id=1)
    assert wire.last.method == "DELETE"
    assert "Deprecated." in (type(client30.users).delete_user.__doc__ or "")


def test_non_deprecated_operation_does_not_warn(client30: Any, wire: RecordingServer) -> None:
    wire.reply({"code": 0, "msg": "ok", "data": {"id": 1, "name": "A"}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client30.users.get_user(user_id=1)


def test_discriminator_without_mapping_uses_the_schema_names(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    wire.reply({"code": 0, "msg": "ok", "data": {"kind": "Square", "side": 2}})
    shape = client30.misc.get_shape(shape_id=2**40)
    assert wire.last.path == f"/shapes/{2**40}"
    assert isinstance(shape.root, api30.Square) and shape.root.side == 2


def test_page_pagination_with_envelope_stops_at_total_pages(
    api30: ModuleType, client30: Any, wire: RecordingServer
) -> None:
    user = {"id": 1, "name": "A"}
    wire.reply({"code": 0, "msg": "ok", "data": {"items": [user, user], "pages": 2}})
    wire.reply({"code": 0, "msg": "ok", "data": {"items": [user], "pages": 2}})
    users = list(client30.users.iter_users(size=2))
    assert len(users) == 3 and all(isinstance(u, api30.User) for u in users)
    assert [r.query for r in wire.requests] == [
        {"size": ["2"]},
        {"size": ["2"], "page": ["2"]},
    ]


# -- outside the subset -------------------------------------------------------------------------


def _unsupported_cases() -> list[Path]:
    return sorted(UNSUPPORTED.glob("*.yaml"))


def _expectation(case: Path) -> tuple[int, str, str]:
    for line in case.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if match:
            return int(match["line"]), match["pointer"], match["message"]
    raise AssertionError(f"{case.name} declares no '# expect:' line")


@pytest.mark.parametrize("case", _unsupported_cases(), ids=lambda p: p.stem)
def test_construct_outside_the_subset_is_refused_naming_it_and_its_location(case: Path) -> None:
    line, pointer, message = _expectation(case)
    specs = load([case])
    assert validate(specs) == [], "the case must be valid OpenAPI: the generator refuses it"
    with pytest.raises(SpecError) as caught:
        build(specs, "case")
    problems = list(caught.value.problems)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert Path(problem.file).resolve() == case.resolve()
    assert (problem.line, format_pointer(problem.pointer)) == (line, pointer)
    assert message in problem.message
    assert "outside botspec's supported subset" in problem.message


def test_there_are_several_unsupported_cases() -> None:
    assert len(_unsupported_cases()) >= 8


def test_cli_reports_an_unsupported_construct_as_file_line_and_writes_nothing(
    tmp_path: Path,
) -> None:
    spec_dir = tmp_path / "notapi"
    spec_dir.mkdir()
    shutil.copy(UNSUPPORTED / "schema_not.yaml", spec_dir / "openapi.yaml")
    line, pointer, _ = _expectation(UNSUPPORTED / "schema_not.yaml")
    out = tmp_path / "out"
    result = botspec("generate", spec_dir, "--out", out, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"notapi/openapi.yaml:{line}: {pointer}: 'not' is outside botspec's supported subset"
    ]
    assert snapshot(out) == {}


def test_cli_unsupported_construct_exit_status_is_one_not_a_crash(tmp_path: Path) -> None:
    spec_dir = tmp_path / "cookies"
    spec_dir.mkdir()
    shutil.copy(UNSUPPORTED / "parameter_in_cookie.yaml", spec_dir / "openapi.yaml")
    result: subprocess.CompletedProcess[str] = botspec(
        "generate", spec_dir, "--out", tmp_path / "out", cwd=tmp_path
    )
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert "cookie parameters are outside botspec's supported subset" in result.stdout


# -- keywords the models keep or knowingly ignore --------------------------------------------


_NO_CACHE = CacheUse()


def test_unevaluated_properties_false_on_a_plain_object_closes_a_sent_model_only(
    tmp_path: Path,
) -> None:
    # Like additionalProperties: false. A model the client receives stays open (the
    # platform may add fields), one it sends is closed.
    schema = "{type: object, properties: {a: {type: string}}, unevaluatedProperties: false}"
    spec_dir = tmp_path / "closed"
    spec_dir.mkdir()
    (spec_dir / "openapi.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: Case, version: '1'}\n"
        "paths:\n  /x:\n    post:\n      operationId: postX\n      summary: Post x\n"
        "      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: '#/components/schemas/Sent'}\n"
        "      responses:\n        '200':\n          description: OK\n          content:\n"
        "            application/json:\n              schema: {$ref: '#/components/schemas/Got'}\n"
        f"components:\n  schemas:\n    Sent: {schema}\n    Got: {schema}\n",
        encoding="utf-8",
    )
    write_package(generate_package(spec_dir, jobs=1, cache=_NO_CACHE), tmp_path / "out")
    with imported(tmp_path / "out", "closed") as closed:
        assert closed.Sent.model_validate({"a": "x"}).a == "x"
        with pytest.raises(pydantic.ValidationError):
            closed.Sent.model_validate({"a": "x", "b": 1})
        assert closed.Got.model_validate({"a": "x", "b": 1}).model_extra == {"b": 1}


def test_property_names_on_a_map_constrain_its_keys(tmp_path: Path) -> None:
    keys = "{pattern: '^a'}"
    schema = f"{{properties: {{m: {{propertyNames: {keys}, additionalProperties: {{}}}}}}}}"
    one_schema_package(tmp_path, "keyed", schema)
    with imported(tmp_path / "out", "keyed") as keyed:
        assert keyed.X.model_validate({"m": {"ab": 1}}).m == {"ab": 1}
        with pytest.raises(pydantic.ValidationError):
            keyed.X.model_validate({"m": {"b": 1}})


def test_unique_items_is_documented_as_ignored_and_duplicates_decode(tmp_path: Path) -> None:
    schema = "{properties: {u: {type: array, uniqueItems: true, items: {type: string}}}}"
    one_schema_package(tmp_path, "uniq", schema)
    with imported(tmp_path / "out", "uniq") as uniq:
        assert uniq.X.model_validate({"u": ["a", "a"]}).u == ["a", "a"]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`uniqueItems` is ignored" in readme


def test_endpoints_of_operations_without_arguments_import_no_argument_class(
    tmp_path: Path,
) -> None:
    # ruff (F401) and pyright (reportUnusedImport) report an import nothing uses
    one_schema_package(tmp_path, "bare", "{type: object}")
    endpoints = (tmp_path / "out" / "bare" / "_endpoints.py").read_text(encoding="utf-8")
    assert "from ._base_client import Endpoint\n" in endpoints


# -- datamodel-code-generator's warnings -------------------------------------------------------


def test_datamodel_code_generator_warning_is_a_spec_error_at_the_schema_it_names() -> None:
    tuple_schema = {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}
    schema = {"$defs": {"M": {"type": "object", "properties": {"t": tuple_schema}}}}
    origins = {"": ("spec.yaml", 1, ()), "M": ("spec.yaml", 7, ("components", "schemas", "M"))}
    with pytest.raises(SpecError) as caught:
        models_file(schema, {}, origins)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.pointer) == origins["M"]
    assert "model M: datamodel-code-generator" in problem.message
    assert "prefixItems" in problem.message


def test_models_that_datamodel_code_generator_warns_about_are_refused_and_never_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The model stage refuses prefixItems itself; let it through to reach the last net.
    monkeypatch.setattr(schemas_module, "_UNSUPPORTED", ())
    schema = "{properties: {t: {type: array, prefixItems: [{type: string}, {type: integer}]}}}"
    cache = CacheUse(tmp_path / "cache")
    for _ in range(2):  # the second run would succeed from a cached file
        with pytest.raises(SpecError) as caught:
            one_schema_package(tmp_path, "tup", schema, cache)
        [problem] = caught.value.problems
        assert problem.file.endswith("openapi.yaml") and problem.line == 17
        assert format_pointer(problem.pointer) == "components.schemas.X"
        assert "model X: datamodel-code-generator" in problem.message
        assert "prefixItems" in problem.message
        shutil.rmtree(tmp_path / "tup")
    assert not (tmp_path / "out").exists()


def test_a_spec_error_pickles_so_a_worker_sends_it_back_as_it_is() -> None:
    error = SpecError([Problem("a.yaml", 3, ("paths",), "wrong"), Problem("a.yaml", 1, (), "x")])
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, SpecError)
    assert (copy.problems, str(copy)) == (error.problems, str(error))
