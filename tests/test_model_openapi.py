"""The model stage on the real specs (and on small documents for the cases they lack):
resources, method names, argument order, Python names beside wire names, bodies, envelope
unwrapping, pagination, hidden method aliases, auth, servers and warnings. Everything a
template renders is decided here, so it is checked here, without rendering."""

from __future__ import annotations

import ast
import textwrap
from functools import cache
from pathlib import Path

import pytest
from gen_support import SPECS, TEST_SPECS

from generator.load import load
from generator.load._documents import iter_operations
from generator.model import Api, build
from generator.model._types import Import, Operation, flavour_names
from generator.problems import SpecError, format_pointer
from generator.render._render import render_templates
from generator.validate import validate


@cache
def real(name: str) -> Api:
    """The REST half of a real spec's model (its OpenAPI document only)."""
    specs = load([SPECS / name / "openapi.yaml"])
    assert validate(specs) == []
    return build(specs, name)


@cache
def generality(name: str) -> Api:
    specs = load([TEST_SPECS / "generality" / name / "openapi.yaml"])
    return build(specs, name)


def op(api: Api, operation_id: str) -> Operation:
    found = [o for o in api.operations if o.operation_id == operation_id]
    assert found, f"{operation_id} is not a client operation"
    return found[0]


def small(tmp_path: Path, yaml: str, version: str = "3.1.0", validated: bool = True) -> Api:
    """The model of a small OpenAPI document (paths and components given as YAML), which
    must pass validation unless `validated` is False."""
    path = tmp_path / "openapi.yaml"
    path.write_text(
        f'openapi: {version}\ninfo: {{title: Small, version: "1"}}\n' + textwrap.dedent(yaml),
        encoding="utf-8",
    )
    specs = load([path])
    if validated:
        assert validate(specs) == [], [str(p) for p in validate(specs)]
    return build(specs, "small")


def refused(tmp_path: Path, yaml: str) -> str:
    with pytest.raises(SpecError) as caught:
        small(tmp_path, yaml)
    return "\n".join(str(p) for p in caught.value.problems)


GET_X = """
paths:
  /x:
    get:
      operationId: getX
      summary: Get x
      responses:
        "204": {description: Done}
"""


# -- resources and methods -------------------------------------------------------------------


def test_operations_are_grouped_by_first_tag_in_the_documents_tag_order() -> None:
    assert [(r.name, r.class_name) for r in real("kook").resources] == [("user", "UserResource")]
    assert [r.name for r in real("qqbot").resources] == ["groups", "gateway", "auth"]


def test_method_names_are_snake_case_operation_ids_in_spec_order() -> None:
    assert [o.method_name for o in real("kook").operations] == [
        "me",
        "view",
        "offline",
        "online",
        "get_online_status",
    ]
    assert op(real("lanying"), "registerUser").method_name == "register_user"
    assert op(real("qqbot"), "getAppAccessToken").method_name == "get_app_access_token"


def test_method_aliases_are_hidden_and_named_in_the_canonical_docstring() -> None:
    api = real("lanying")
    ids = {o.operation_id for o in api.operations}
    documented = list(iter_operations(load([SPECS / "lanying" / "openapi.yaml"]).roots[0].data))
    aliased = [raw for *_, raw in documented if raw.get("x-alias-of")]
    assert (len(documented), len(aliased), len(api.operations)) == (62, 23, 39)
    assert not any(i.endswith("ViaPost") for i in ids)
    delete = op(api, "deleteUser")
    assert (delete.http_method, delete.also_documented_as) == ("DELETE", ("POST /user/delete",))
    assert "Also documented as POST /user/delete." in delete.doc
    assert op(api, "setUsername").also_documented_as == ("POST /user/username",)


def test_every_operation_has_a_distinct_method_and_constant() -> None:
    for name in ("kook", "lanying", "qqbot"):
        api = real(name)
        constants = [o.constant for o in api.operations]
        assert len(constants) == len(set(constants)), name
        for resource in api.resources:
            methods = [o.method_name for o in resource.operations]
            assert len(methods) == len(set(methods)), name


def test_idempotent_flag_follows_the_method_or_x_idempotent() -> None:
    api = real("lanying")
    assert op(api, "deleteUser").idempotent and op(api, "setUsername").idempotent
    assert not op(api, "registerUser").idempotent
    assert op(real("kook"), "me").idempotent and not op(real("kook"), "offline").idempotent
    # A POST is idempotent when its operation says `x-idempotent: true`.
    marked = build(load([TEST_SPECS / "pagination" / "openapi.yaml"]), "pagination")
    search = op(marked, "searchGuilds")
    assert search.http_method == "POST" and search.idempotent


# -- arguments -------------------------------------------------------------------------------------


def test_required_arguments_come_first_in_spec_order() -> None:
    view = op(real("kook"), "view")
    assert [(a.python_name, a.required) for a in view.arguments] == [
        ("user_id", True),
        ("guild_id", False),
        ("accept_language", False),
    ]
    username = op(real("lanying"), "setUsername")
    assert username.arguments[0].python_name == "username"
    assert [a.required for a in username.arguments] == [True, False, False]


def test_arguments_keep_their_wire_name_and_location_beside_the_python_name() -> None:
    language = op(real("kook"), "me").arguments[0]
    assert (language.name, language.python_name, language.location) == (
        "Accept-Language",
        "accept_language",
        "header",
    )
    unbind = op(real("lanying"), "unbindPushToken")
    sn = next(a for a in unbind.arguments if a.name == "deviceSn")
    assert (sn.python_name, sn.location, sn.type, sn.required) == (
        "device_sn",
        "query",
        "int",
        True,
    )
    members = op(real("qqbot"), "listMembers")
    group = next(a for a in members.arguments if a.location == "path")
    assert (group.name, group.python_name, group.required) == ("group_openid", "group_openid", True)


def test_argument_docs_say_the_wire_name_when_it_differs_in_a_sentence_of_its_own() -> None:
    doc = op(real("kook"), "me").doc
    assert "accept_language:" in doc and ". Sent as `Accept-Language`." in doc
    devices = op(real("lanying"), "listDevices").doc
    assert "Sent as `user_id`." in op(real("lanying"), "updateSettings").doc
    assert "(sent as" not in devices


def test_a_paged_method_says_it_returns_one_page_and_which_method_walks_them_all() -> None:
    devices = op(real("lanying"), "listDevices")
    assert "Returns one page; `iter_devices()` walks every page." in devices.doc
    assert "Returns one page" not in devices.iter_doc
    assert "cursor:" in devices.iter_doc
    assert "Returns one page" not in op(real("lanying"), "getProfile").doc


def test_enum_parameter_is_typed_with_its_enum_class() -> None:
    mode = op(real("lanying"), "setAuthMode")
    value = next(a for a in mode.arguments if a.name == "value")
    assert (value.type, value.location) == ("AuthMode", "query")


def test_parameter_defaults_are_documented_as_python_literals() -> None:
    users = op(real("lanying"), "listUsers")
    page = next(a for a in users.arguments if a.name == "page_num")
    assert page.default == "1" and not page.required


def test_client_default_headers_become_client_arguments() -> None:
    assert [(h.name, h.python_name, h.type) for h in real("lanying").client_headers] == [
        ("user_id", "user_id", "int"),
        ("group_id", "group_id", "int"),
    ]
    assert [h.python_name for h in real("kook").client_headers] == ["accept_language"]


def test_header_beside_a_body_field_of_the_same_name_gets_its_location_as_suffix(
    tmp_path: Path,
) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /x:
            post:
              operationId: postX
              summary: Post x
              parameters:
                - {name: user_id, in: header, schema: {type: string}}
                - {name: timeout, in: query, schema: {type: integer}}
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        user_id: {type: string}
              responses:
                "204": {description: Done}
        """,
    )
    names = {(a.name, a.location): a.python_name for a in api.operations[0].arguments}
    assert names == {
        ("user_id", "body"): "user_id",
        ("user_id", "header"): "user_id_header",
        ("timeout", "query"): "timeout_",  # `timeout` is every method's own option
    }


# -- bodies and responses ---------------------------------------------------------------------------


def test_json_object_body_is_spread_into_required_and_optional_fields() -> None:
    register = op(real("lanying"), "registerUser")
    assert register.body is not None
    assert (register.body.media_type, register.body.model) == (
        "application/json",
        "RegisterUserRequest",
    )
    assert [(f.name, f.required, f.location) for f in register.body.fields] == [
        ("username", True, "body"),
        ("password", True, "body"),
    ]


def test_body_field_python_names_are_the_model_field_names() -> None:
    batch = op(real("lanying"), "batchRegisterUsers")
    assert batch.body is not None
    assert [(f.name, f.python_name, f.type) for f in batch.body.fields] == [
        ("list", "list_", "list[RegisterUserRequest]")
    ]
    assert real("lanying").field_aliases["BatchRegisterUsersRequest.list"] == "list_"


def test_enum_field_without_its_own_description_is_documented_by_its_enum() -> None:
    api = real("lanying")
    update = op(api, "updateSettings")
    assert update.body is not None
    (auth_mode,) = (f for f in update.body.fields if f.name == "auth_mode")
    assert auth_mode.description.startswith("How others may add the user as a friend")
    model = api.models_schema["$defs"][update.body.model]
    assert model["properties"]["auth_mode"]["description"] == auth_mode.description


def test_object_field_without_its_own_description_is_documented_by_its_class() -> None:
    defs = real("qqbot").models_schema["$defs"]
    limit = defs["GatewayBot"]["properties"]["session_start_limit"]
    assert limit["description"] == defs["SessionStartLimit"]["description"]
    assert limit["description"].startswith("Limits on creating gateway sessions")
    models = (SPECS.parent / "generated" / "qqbot" / "_models.py").read_text(encoding="utf-8")
    limit_doc = '    session_start_limit: SessionStartLimit\n    """Limits on creating gateway'
    properties_doc = (
        '    properties: IdentifyProperties | None = None\n    """\n    Client properties'
    )
    assert limit_doc in models and properties_doc in models  # a frame's field too


def test_description_beside_a_ref_documents_the_field_and_argument(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /p:
            post:
              operationId: postP
              summary: Post p
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        mode: {$ref: '#/components/schemas/Mode', description: Own words.}
                        home: {$ref: '#/components/schemas/Home', description: Where.}
                        wrapped:
                          allOf: [{$ref: '#/components/schemas/Mode'}]
                          description: Wrapped words.
              responses:
                "204": {description: Done}
        components:
          schemas:
            Mode: {type: string, enum: [a, b], description: The enum's words.}
            Home: {type: object, description: A home., properties: {city: {type: string}}}
        """,
    )
    post = op(api, "postP")
    assert post.body is not None
    assert [f.description for f in post.body.fields] == ["Own words.", "Where.", "Wrapped words."]
    fields = api.models_schema["$defs"][post.body.model]["properties"]
    assert [f["description"] for f in fields.values()] == [
        "Own words.",
        "Where.",
        "Wrapped words.",
    ]


def test_a_raw_text_body_is_one_string_argument_sent_under_its_media_type() -> None:
    public = op(real("lanying"), "setPublicInfo")
    assert public.body is not None and public.body.value is not None
    assert (public.body.media_type, public.body.model, public.body.value.type) == (
        "application/json",
        None,
        "str",
    )
    assert public.body.raw_text and not public.body.value.nullable  # text has no null
    assert public.arguments[0].python_name == "body" and public.arguments[0].required


def test_enveloped_responses_return_the_unwrapped_data_type() -> None:
    kook = real("kook")
    assert (op(kook, "me").response.type, op(kook, "me").response.unwrap) == ("CurrentUser", True)
    assert op(kook, "getOnlineStatus").response.type == "OnlineStatus"
    assert op(kook, "offline").response.type == "dict[str, Any]"
    assert op(real("lanying"), "deleteUser").response.type == "bool"


def test_enveloped_data_a_success_may_lack_is_returned_as_its_type_or_none(
    tmp_path: Path,
) -> None:
    api = small(
        tmp_path,
        """
        x-envelope: {code: code, data: data, success: [0]}
        paths:
          /user:
            get:
              operationId: getUser
              summary: getUser
              responses:
                "200":
                  description: OK
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/UserAnswer'}
          /flag:
            get:
              operationId: getFlag
              summary: getFlag
              responses:
                "200":
                  description: OK
                  content:
                    application/json:
                      schema:
                        allOf:
                          - {$ref: '#/components/schemas/Envelope'}
                          - properties: {data: {type: [boolean, "null"]}}
          /count:
            get:
              operationId: getCount
              summary: getCount
              responses:
                "200":
                  description: OK
                  content:
                    application/json:
                      schema:
                        allOf:
                          - {$ref: '#/components/schemas/Envelope'}
                          - {required: [data], properties: {data: {type: integer}}}
        components:
          schemas:
            Envelope:
              type: object
              required: [code]
              properties: {code: {type: integer}, data: {}}
            User: {type: object, properties: {name: {type: string}}}
            UserAnswer:
              allOf:
                - {$ref: '#/components/schemas/Envelope'}
                - properties: {data: {$ref: '#/components/schemas/User'}}
        """,
    )
    assert op(api, "getUser").response.type == "User | None"
    assert op(api, "getFlag").response.type == "bool | None"  # not `bool | None | None`
    assert op(api, "getCount").response.type == "int"  # required in a part it merges


def test_responses_without_an_envelope_return_the_whole_body() -> None:
    gateway = op(real("qqbot"), "getGateway")
    assert gateway.response.unwrap is False
    assert gateway.response.type[0].isupper()  # a model class


def test_inline_response_object_becomes_a_named_class() -> None:
    upload = op(generality("openapi31"), "uploadPhoto")
    assert upload.response.type == "UploadPhotoResponse"
    assert "UploadPhotoResponse" in generality("openapi31").model_names


def test_request_only_models_are_closed_and_response_models_open() -> None:
    defs = real("lanying").models_schema["$defs"]
    assert defs["RegisterUserRequest"]["additionalProperties"] is False
    assert defs["BatchRegisterResult"]["additionalProperties"] is True
    kook = real("kook").models_schema["$defs"]
    assert all(kook[name]["additionalProperties"] is True for name in ("User", "CurrentUser"))


def test_json_response_without_schema_is_any_and_text_response_is_str(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /a:
            get:
              operationId: getA
              summary: A
              responses:
                "200": {description: Any JSON, content: {application/json: {}}}
          /b:
            get:
              operationId: getB
              summary: B
              responses:
                "200": {description: Text, content: {text/csv: {schema: {type: string}}}}
        """,
    )
    assert [o.response.type for o in api.operations] == ["Any", "str"]


# -- pagination --------------------------------------------------------------------------------------


def test_page_pagination_names_its_arguments_and_item_type() -> None:
    pagination = op(real("lanying"), "listUsers").pagination
    assert pagination is not None
    assert (pagination.style, pagination.page_param) == ("page", "page_num")
    assert (pagination.items, pagination.first_page, pagination.total_pages) == (("data",), 1, None)
    assert pagination.item_type[0].isupper()


def test_cursor_pagination_reads_the_next_cursor_pointer() -> None:
    devices = op(real("lanying"), "listDevices").pagination
    assert devices is not None
    assert (devices.style, devices.page_param, devices.next_cursor) == (
        "cursor",
        "cursor",
        ("cursor",),
    )
    members = op(real("qqbot"), "listMembers").pagination
    assert members is not None
    assert (members.page_param, members.next_cursor, members.items) == (
        "start_index",
        ("next_index",),
        ("members",),
    )
    assert members.item_type == "GroupMember"


_PAGED_ITEMS = """
paths:
  /notes:
    get:
      operationId: listNotes
      summary: List notes
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      x-pagination: {style: cursor, cursor-param: cursor, next-cursor: /next, items: /items}
      responses:
        "200":
          description: A page
          content: {application/json: {schema: {properties: {next: {type: string}, items: %s}}}}
"""


@pytest.mark.parametrize(
    ("items", "item_type"),
    [
        ("{type: [array, 'null'], items: {type: integer}}", "int"),
        ("{anyOf: [{type: array, items: {type: integer}}, {type: string}]}", "Any"),
    ],
)
def test_paged_items_that_may_be_null_or_another_value_are_typed_by_the_array_alone(
    tmp_path: Path, items: str, item_type: str
) -> None:
    # The items' type was cut out of `list[int] | None` as `int] | Non`: no parseable code.
    pagination = op(small(tmp_path, _PAGED_ITEMS % items), "listNotes").pagination
    assert pagination is not None and pagination.item_type == item_type


def test_an_answer_of_another_json_media_type_is_paged_as_the_client_reads_it(
    tmp_path: Path,
) -> None:
    # The client reads a `+json` answer as JSON, and validation checks the pointers against
    # its schema; the model looked for application/json only and refused to page it.
    paged = (_PAGED_ITEMS % "{type: array, items: {type: integer}}").replace(
        "application/json", "application/vnd.notes+json"
    )
    pagination = op(small(tmp_path, paged), "listNotes").pagination
    assert pagination is not None
    assert (pagination.item_type, pagination.next_cursor) == ("int", ("next",))


def test_operations_without_x_pagination_have_none() -> None:
    assert all(o.pagination is None for o in real("kook").operations)


# -- warnings and caveats ----------------------------------------------------------------------------


def test_invite_only_operation_warns_and_says_so_in_its_docstring() -> None:
    members = op(real("qqbot"), "listMembers")
    assert members.invite_only and members.deprecated
    assert members.warning == "is invite-only and no longer publicly documented"
    assert "Invite-only: open to invited bots only" in members.doc


def test_deprecated_operation_warns_and_says_so_in_its_docstring() -> None:
    delete = op(generality("openapi30"), "deleteUser")
    assert delete.warning == "is deprecated"
    assert "Deprecated." in delete.doc


def test_ordinary_operations_do_not_warn() -> None:
    assert all(o.warning is None for o in real("kook").operations)
    assert all(o.warning is None for o in real("lanying").operations)


def test_webhook_only_operations_say_so_in_their_docstring() -> None:
    assert op(real("kook"), "offline").webhook_only
    assert "Only for bots connected through webhook." in op(real("kook"), "offline").doc
    assert "webhook" not in op(real("kook"), "me").doc


# -- document level: auth, servers, envelope -----------------------------------------------------------


def test_auth_headers_and_credentials_come_from_the_security_schemes() -> None:
    kook = real("kook").auth
    assert [c.name for c in kook.credentials] == ["token"]
    assert [(h.header, h.credential, h.prefix) for h in kook.headers] == [
        ("Authorization", "token", "Bot ")
    ]
    lanying = real("lanying").auth
    assert [c.name for c in lanying.credentials] == ["access_token", "app_id"]
    assert [(h.header, h.credential) for h in lanying.headers] == [
        ("access-token", "access_token"),
        ("app_id", "app_id"),
    ]


def test_token_exchange_buys_the_header_token_with_its_credentials() -> None:
    auth = real("qqbot").auth
    assert auth.token_exchange is not None
    assert auth.token_exchange.operation_id == "getAppAccessToken"
    assert auth.token_exchange.credentials == (
        ("appId", "app_id"),
        ("clientSecret", "client_secret"),
    )
    assert {c.name for c in auth.credentials} == {"app_id", "client_secret"}
    assert [h.exchanged for h in auth.headers] == [True, False]
    assert not op(real("qqbot"), "getAppAccessToken").authenticated


def test_servers_give_default_sandbox_or_a_required_base_url() -> None:
    qqbot = real("qqbot")
    assert qqbot.default_server is not None and qqbot.sandbox_server is not None
    assert (qqbot.default_server.url, qqbot.sandbox_server.url) == (
        "https://api.sgroup.qq.com",
        "https://sandbox.api.sgroup.qq.com",
    )
    assert not qqbot.needs_base_url and real("lanying").needs_base_url


def test_document_without_servers_needs_a_base_url(tmp_path: Path) -> None:
    api = small(tmp_path, GET_X)
    assert api.servers == () and api.needs_base_url


def test_operation_and_path_servers_become_the_operations_base_url(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        servers: [{url: "https://api.example.test"}]
        paths:
          /a:
            servers: [{url: "https://{zone}.files.example.test", variables: {zone: {default: eu}}}]
            get:
              operationId: getA
              summary: A
              responses: {"204": {description: Done}}
          /b:
            get:
              operationId: getB
              summary: B
              servers: [{url: "https://b.example.test"}]
              responses: {"204": {description: Done}}
          /c:
            get:
              operationId: getC
              summary: C
              responses: {"204": {description: Done}}
        """,
    )
    assert [o.base_url for o in api.operations] == [
        "https://eu.files.example.test",
        "https://b.example.test",
        None,
    ]
    assert op(real("qqbot"), "getAppAccessToken").base_url == "https://bots.qq.com"


def test_envelope_and_rate_limit_headers_are_read_from_the_document() -> None:
    kook = real("kook")
    assert kook.envelope is not None and kook.envelope.success == (0,)
    assert (kook.envelope.code, kook.envelope.message, kook.envelope.data) == (
        "code",
        "message",
        "data",
    )
    assert real("lanying").envelope.success == (200,)  # type: ignore[union-attr]
    assert kook.rate_limit is not None and kook.rate_limit.reset == "X-Rate-Limit-Reset"
    assert real("qqbot").envelope is None
    assert real("qqbot").trace_id_header == "X-Tps-trace-ID"


# -- names the model keeps apart ---------------------------------------------------------------------


def test_fields_that_normalise_to_the_same_name_get_distinct_names(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /x:
            get:
              operationId: getX
              summary: Get x
              responses:
                "200":
                  description: OK
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          class: {type: string}
                          __class__: {type: string}
                          a-b: {type: string}
                          a.b: {type: string}
                          json: {type: string}
                          model_config: {type: string}
        """,
    )
    assert api.field_aliases == {
        "GetXResponse.class": "class_",
        "GetXResponse.__class__": "class_2",
        "GetXResponse.a-b": "a_b",
        "GetXResponse.a.b": "a_b2",
        "GetXResponse.json": "json_",
        "GetXResponse.model_config": "field_model_config",
    }


def test_tags_and_operation_ids_never_take_client_or_resource_attribute_names(
    tmp_path: Path,
) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /a:
            get:
              operationId: withRawResponse
              summary: A
              tags: [close]
              responses: {"204": {description: Done}}
          /b:
            get:
              operationId: close
              summary: B
              tags: [Close]
              responses: {"204": {description: Done}}
        """,
    )
    assert [(r.name, r.class_name) for r in api.resources] == [
        ("close2", "CloseResource"),
        ("close3", "Close2Resource"),
    ]
    assert [o.method_name for r in api.resources for o in r.operations] == [
        "with_raw_response2",
        "close",
    ]


def test_the_client_and_resource_modules_define_exactly_the_class_names_the_model_reserves(
    tmp_path: Path,
) -> None:
    # A resource class is named clear of the model classes by these names; a class the
    # templates named otherwise would escape that check.
    api = small(tmp_path, GET_X)
    files = render_templates(api)
    defined = {
        node.name
        for module in ("_client.py", "_resources.py")
        for node in ast.walk(ast.parse(files[module]))
        if isinstance(node, ast.ClassDef)
    }
    reserved = {name for r in api.resources for name in flavour_names(r.class_name)}
    assert defined == reserved | set(api.client_exports)
    assert api.resource_exports == ("DefaultResource", "AsyncDefaultResource")


def _imported(source: str) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(module, name) of each import of a module: at its top, and under `if TYPE_CHECKING`."""
    tree, top, checking = ast.parse(source), set(), set()
    for statement in tree.body:
        found = checking if isinstance(statement, ast.If) else top
        for node in ast.walk(statement):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                found |= {(module, alias.name) for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {(alias.name, "") for alias in node.names}
    return top - {("__future__", "annotations")}, checking


def _listed(imports: tuple[Import, ...]) -> set[tuple[str, str]]:
    return {(i.module, name) for i in imports for name in i.names or ("",)}


@pytest.mark.parametrize("name", ["kook", "lanying", "qqbot", "openapi30", "openapi31"])
def test_the_rest_modules_import_exactly_what_the_model_lists_for_them(name: str) -> None:
    api = generality(name) if name.startswith("openapi") else real(name)
    files = render_templates(api)
    for module, imports in [
        ("_client.py", api.client_imports),
        ("_endpoints.py", api.endpoint_imports),
        ("_resources.py", api.resource_imports),
    ]:
        listed = _listed(tuple(i for group in imports.groups for i in group))
        assert _imported(files[module]) == (listed, _listed(imports.type_checking)), module


def test_operation_ids_giving_the_same_python_name_are_refused(tmp_path: Path) -> None:
    message = refused(
        tmp_path,
        """
        paths:
          /a:
            get:
              operationId: get-thing
              summary: A
              responses: {"204": {description: Done}}
          /b:
            get:
              operationId: get_thing
              summary: B
              responses: {"204": {description: Done}}
        """,
    )
    assert "operationId 'get_thing' and operationId 'get-thing' both become" in message
    assert "GET_THING" in message and "openapi.yaml:" in message


def _answering(schema: str) -> str:
    """An operation's `responses` (flow YAML) whose 200 answer is JSON of `schema`."""
    content = "{application/json: {schema: " + schema + "}}"
    return "responses: {'200': {description: A, content: " + content + "}}"


_DETAIL_TWICE = f"""
paths:
  /a: {{get: {{operationId: getA, summary: A, {_answering("{$ref: 'parts.yaml#/Detail'}")}}}}}
  /b: {{get: {{operationId: getB, summary: B, {_answering("{$ref: '#/components/schemas/Detail'}")}}}}}
components:
  schemas:
    Detail: {{type: object, properties: {{reason: {{type: string}}}}}}
"""


def test_two_named_schemas_making_one_class_name_are_refused_naming_both(
    tmp_path: Path,
) -> None:
    # Numbering the later one would rename a public class whenever one is added before it.
    (tmp_path / "parts.yaml").write_text(
        "Detail:\n  type: object\n  properties: {status: {type: integer}}\n", encoding="utf-8"
    )
    message = refused(tmp_path, _DETAIL_TWICE)
    assert "openapi.yaml:" in message and "components.schemas.Detail" in message
    assert "parts.yaml:1 (Detail)" in message
    assert "both make the model class Detail; rename one of them" in message


def test_a_named_schema_keeps_its_class_name_beside_an_inline_one_the_generator_names_alike(
    tmp_path: Path,
) -> None:
    # The inline answer of getThing is met first; the schema the author named wins the name.
    inline = _answering("{type: object, properties: {a: {type: string}}}")
    named = _answering("{$ref: '#/components/schemas/GetThingResponse'}")
    api = small(
        tmp_path,
        f"""
        paths:
          /a: {{get: {{operationId: getThing, summary: A, {inline}}}}}
          /b: {{get: {{operationId: getOther, summary: B, {named}}}}}
        components:
          schemas:
            GetThingResponse: {{type: object, properties: {{b: {{type: string}}}}}}
        """,
    )
    assert op(api, "getOther").response.type == "GetThingResponse"
    assert op(api, "getThing").response.type == "GetThingResponse2"


def test_relative_server_url_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, 'servers: [{url: "/api"}]\n' + GET_X)
    assert "servers[0].url: relative server URL '/api' is outside" in message


def test_credential_name_that_is_not_an_argument_name_is_refused(tmp_path: Path) -> None:
    message = refused(
        tmp_path,
        textwrap.dedent("""
            security: [{k: []}]
            components:
              securitySchemes:
                k: {type: apiKey, in: header, name: X-Key, x-credential: my-key}
            """) + GET_X,
    )
    assert "credential name 'my-key' is not usable as a client argument" in message


def test_form_body_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    message = refused(
        tmp_path,
        """
        paths:
          /x:
            post:
              operationId: postX
              summary: Post x
              requestBody:
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: string}
              responses: {"204": {description: Done}}
        """,
    )
    assert "a application/x-www-form-urlencoded body that is not an object schema" in message


# -- null -------------------------------------------------------------------------------------


def _patch(tmp_path: Path, media: str, nullable: str, version: str = "3.1.0") -> Operation:
    api = small(
        tmp_path,
        f"""
        paths:
          /things/{{id}}:
            patch:
              operationId: patchThing
              summary: Patch
              parameters:
                - {{name: id, in: path, required: true, schema: {{type: string}}}}
                - {{name: after, in: query, schema: {nullable}}}
              requestBody:
                content:
                  {media}:
                    schema:
                      type: object
                      required: [nick]
                      properties:
                        nick: {nullable}
                        bio: {nullable}
                        name: {{type: string}}
              responses:
                "204": {{description: Done.}}
        """,
        version,
    )
    return op(api, "patchThing")


@pytest.mark.parametrize(
    ("version", "nullable"),
    [("3.1.0", '{type: [string, "null"]}'), ("3.0.3", "{type: string, nullable: true}")],
)
def test_json_body_fields_admitting_null_send_none_as_null(
    tmp_path: Path, version: str, nullable: str
) -> None:
    patch = _patch(tmp_path, "application/json", nullable, version)
    got = [(a.python_name, a.nullable, a.annotation, a.signature_default) for a in patch.arguments]
    assert got == [
        ("id", False, "str", None),
        ("nick", True, "str | None", None),
        ("after", False, "str | None", "None"),
        ("bio", True, "str | None | NotGiven", "NOT_GIVEN"),
        ("name", False, "str | None", "None"),
    ]


def test_form_fields_admitting_null_leave_none_out(tmp_path: Path) -> None:
    patch = _patch(tmp_path, "application/x-www-form-urlencoded", '{type: [string, "null"]}')
    assert not any(a.nullable for a in patch.arguments)
    assert "bio: bio None: not sent (a form or text body value cannot be null)." in patch.doc


def test_whole_json_body_admitting_null_sends_none_as_null(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /note:
            put:
              operationId: setNote
              summary: Set the note
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {type: [string, "null"]}
              responses:
                "204": {description: Done.}
        """,
    )
    body = op(api, "setNote").arguments[0]
    assert (body.python_name, body.nullable, body.annotation) == ("body", True, "str | None")


def test_docstring_says_what_none_does_where_the_type_admits_it(tmp_path: Path) -> None:
    doc = _patch(tmp_path, "application/json", '{type: [string, "null"]}').doc
    assert "id: id\n" in doc  # a string: a path parameter admitting null is refused
    assert "nick: nick None sends null." in doc
    assert "bio: bio None sends null; leave it out to send nothing." in doc
    assert "after: after None: not sent (a query value cannot be null)." in doc
    assert "name: name\nextra_headers:" in doc  # not nullable: nothing to say


SHARED = """
paths:
  /profile:
    put:
      operationId: putProfile
      summary: Put the profile
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                profile: {$ref: '#/components/schemas/Profile'}
                homes: {type: array, items: {$ref: '#/components/schemas/Address'}}
      responses:
        "200":
          description: The profile
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Profile'}
components:
  schemas:
    Profile:
      type: object
      description: A profile.
      properties:
        nick: {type: string}
        home: {$ref: '#/components/schemas/Address'}
    Address:
      type: object
      additionalProperties: false
      properties:
        city: {type: string}
"""


def test_response_models_stay_open_even_when_the_spec_closes_them(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /r:
            get:
              operationId: getR
              summary: Get r
              responses:
                "200":
                  description: R
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Receipt'}
        components:
          schemas:
            Receipt:
              type: object
              additionalProperties: false
              properties:
                lines: {type: array, items: {$ref: '#/components/schemas/Line'}}
                tags: {type: object, additionalProperties: {type: string}}
            Line:
              type: object
              unevaluatedProperties: false
              properties:
                text: {type: string}
        """,
    )
    defs = api.models_schema["$defs"]
    assert defs["Receipt"]["additionalProperties"] is True
    assert defs["Line"]["additionalProperties"] is True
    assert "unevaluatedProperties" not in defs["Line"]
    assert defs["Receipt"]["properties"]["tags"]["additionalProperties"] == {"type": "string"}


def test_received_enum_fields_also_take_their_base_type_tried_left_to_right() -> None:
    defs = real("lanying").models_schema["$defs"]
    platform = defs["Device"]["properties"]["platform"]
    assert platform["anyOf"] == [{"$ref": "#/$defs/DevicePlatform"}, {"type": "integer"}]
    assert platform["union_mode"] == "left_to_right"
    assert platform["description"].startswith("Device platform")
    sent = defs["UserSettingsUpdate"]["properties"]["auth_mode"]  # only sent: closed
    assert sent["$ref"] == "#/$defs/AuthMode" and "anyOf" not in sent


def test_request_models_stay_closed_unless_the_spec_opens_them(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /x:
            post:
              operationId: postX
              summary: Post x
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        open: {$ref: '#/components/schemas/Open'}
              responses:
                "204": {description: Done}
        components:
          schemas:
            Open:
              type: object
              additionalProperties: true
              properties:
                a: {type: string}
        """,
    )
    defs = api.models_schema["$defs"]
    assert defs["PostXRequest"]["additionalProperties"] is False
    assert defs["Open"]["additionalProperties"] is True


def test_class_sent_and_received_gets_a_closed_param_twin_for_requests(tmp_path: Path) -> None:
    api = small(tmp_path, SHARED)
    defs = api.models_schema["$defs"]
    assert api.model_names == (
        "Profile",
        "ProfileParam",
        "Address",
        "AddressParam",
        "PutProfileRequest",
    )
    assert defs["Profile"]["additionalProperties"] is True
    assert defs["Address"]["additionalProperties"] is True
    assert defs["ProfileParam"]["additionalProperties"] is False
    assert defs["AddressParam"]["additionalProperties"] is False
    assert defs["ProfileParam"]["description"] == "A profile."
    assert defs["Profile"]["properties"]["home"] == {"$ref": "#/$defs/Address"}
    assert defs["ProfileParam"]["properties"]["home"] == {"$ref": "#/$defs/AddressParam"}
    request = defs["PutProfileRequest"]["properties"]
    assert request["profile"] == {"$ref": "#/$defs/ProfileParam", "description": "A profile."}
    put = op(api, "putProfile")
    assert put.response.type == "Profile"
    assert [(a.python_name, a.type) for a in put.arguments] == [
        ("profile", "ProfileParam"),
        ("homes", "list[AddressParam]"),
    ]
    assert put.body is not None and put.body.model == "PutProfileRequest"


def test_body_model_sent_and_received_is_replaced_by_its_twin(tmp_path: Path) -> None:
    yaml = SHARED.replace(
        """            schema:
              type: object
              properties:
                profile: {$ref: '#/components/schemas/Profile'}
                homes: {type: array, items: {$ref: '#/components/schemas/Address'}}""",
        "            schema: {$ref: '#/components/schemas/Profile'}",
    )
    put = op(small(tmp_path, yaml), "putProfile")
    assert put.body is not None and put.body.model == "ProfileParam"
    assert [(a.python_name, a.type) for a in put.arguments] == [
        ("nick", "str"),
        ("home", "AddressParam"),
    ]


def test_classes_only_sent_or_only_received_get_no_twin() -> None:
    for name in ("kook", "lanying", "qqbot"):
        assert not [n for n in real(name).model_names if n.endswith("Param")], name


def test_received_base_gets_a_twin_only_when_its_fields_need_one(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /pets:
            post:
              operationId: addPet
              summary: Add a pet
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewPet'}
              responses:
                "200":
                  description: The pet
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Pet'}
        components:
          schemas:
            Named:
              type: object
              properties:
                name: {type: string}
            Homed:
              type: object
              properties:
                home: {$ref: '#/components/schemas/Place'}
            Place:
              type: object
              properties:
                city: {type: string}
            Pet:
              allOf:
                - $ref: '#/components/schemas/Named'
                - $ref: '#/components/schemas/Homed'
            NewPet:
              allOf:
                - $ref: '#/components/schemas/Named'
                - $ref: '#/components/schemas/Homed'
                - properties:
                    tag: {type: string}
        """,
    )
    defs = api.models_schema["$defs"]
    assert not {"NamedParam", "PetParam"} & set(api.model_names)
    assert {"HomedParam", "PlaceParam"} <= set(api.model_names)
    assert [m.get("$ref") for m in defs["NewPet"]["allOf"]][:2] == [
        "#/$defs/Named",
        "#/$defs/HomedParam",
    ]
    assert defs["NewPet"]["additionalProperties"] is False
    assert defs["HomedParam"]["properties"]["home"] == {"$ref": "#/$defs/PlaceParam"}


def test_union_twin_discriminates_between_twins() -> None:
    defs = build(load([TEST_SPECS / "openness" / "openapi.yaml"]), "openness").models_schema
    pet = defs["$defs"]["PetParam"]
    assert [m["$ref"] for m in pet["oneOf"]] == ["#/$defs/CatParam", "#/$defs/DogParam"]
    assert pet["discriminator"]["mapping"] == {"cat": "#/$defs/CatParam", "dog": "#/$defs/DogParam"}
    assert defs["$defs"]["Pet"]["discriminator"]["mapping"]["cat"] == "#/$defs/Cat"


LEVELS = """
paths:
  /x:
    get:
      operationId: getX
      summary: Get x
      parameters:
        - {name: level, in: query, schema: {$ref: '#/components/schemas/Level'}}
      responses:
        "204": {description: Done}
components:
  schemas:
    Level:
      type: integer
      enum: [1, 2, 3]
      x-enum-varnames: %s
"""


@pytest.mark.parametrize(
    "varnames",
    ["[LOW, MID]", "[LOW, MID, HIGH, EXTRA]", "LOW", '[LOW, "", HIGH]', "[LOW, 2, HIGH]"],
    ids=["short", "long", "not-a-list", "empty-name", "not-a-string"],
)
def test_enum_varnames_that_do_not_name_each_value_are_refused_at_their_place(
    tmp_path: Path, varnames: str
) -> None:
    message = refused(tmp_path, LEVELS % varnames)
    assert "openapi.yaml:18: components.schemas.Level.x-enum-varnames" in message
    assert "one name per enum value (3 values)" in message


def test_enum_varnames_name_the_members(tmp_path: Path) -> None:
    from generator.render import models_source

    source = models_source(small(tmp_path, LEVELS % "[LOW, MID, HIGH]"))
    assert "LOW = 1" in source and "HIGH = 3" in source


@pytest.mark.parametrize(
    ("listed", "returned"),
    [("", "GetXResponse"), ('"204": {description: Done}', "None")],
    ids=["only-default", "a-2xx-wins"],
)
def test_an_operation_answering_only_default_returns_its_body(
    tmp_path: Path, listed: str, returned: str
) -> None:
    api = small(
        tmp_path,
        f"""
        paths:
          /x:
            get:
              operationId: getX
              summary: Get x
              responses:
                {listed}
                default:
                  description: Any answer
                  content:
                    application/json:
                      schema: {{type: object, properties: {{n: {{type: integer}}}}}}
        """,
    )
    assert op(api, "getX").response.type == returned


BOOLEAN_SCHEMAS = """
servers: [{url: "https://x.example"}]
paths:
  /a/{id}:
    post:
      operationId: postA
      summary: Post A
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                anything: true
                many: {type: array, items: true}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  flag: %s
"""


def test_the_boolean_schema_true_admits_any_value_wherever_a_schema_stands(
    tmp_path: Path,
) -> None:
    from generator.render import models_source

    api = small(tmp_path, BOOLEAN_SCHEMAS % "true")
    post = op(api, "postA")
    types = {arg.python_name: arg.type for arg in post.arguments}
    assert (types["anything"], types["many"]) == ("Any", "list[Any]")
    assert "flag: Any | None = None" in models_source(api)


def test_the_boolean_schema_false_is_refused_at_its_place(tmp_path: Path) -> None:
    message = refused(tmp_path, BOOLEAN_SCHEMAS % "false")
    assert (
        "openapi.yaml:28: paths./a/{id}.post.responses.200.content.application/json.schema.properties.flag:"
        in message
    )
    assert "the schema false admits no value: outside botspec's supported subset" in message


def test_a_required_base_url_is_documented_with_what_fills_its_server_variables() -> None:
    doc = real("lanying").client_doc
    assert "base_url: The API's base URL, `{api_endpoint}`. `{api_endpoint}`: The app's own" in doc
    assert "应用信息" in doc


_COMPOSED_EXTRAS = """
paths:
  /r:
    get:
      operationId: getR
      summary: Get r
      responses:
        "200":
          description: R
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Reading'}
components:
  schemas:
    Meter:
      type: object
      properties:
        count: {type: integer}
        unit: {type: string, enum: [m, s]}
    Reading:
      allOf:
        - $ref: '#/components/schemas/Meter'
        - type: object
          properties:
            label: {type: string}
          additionalProperties: %s
"""


def test_a_members_extra_fields_type_is_the_composed_class_and_leaves_its_members_bare(
    tmp_path: Path,
) -> None:
    api = small(tmp_path, _COMPOSED_EXTRAS % "{type: [number, string]}")
    reading = api.models_schema["$defs"]["Reading"]
    assert reading["additionalProperties"] == {"type": ["number", "string"]}
    assert "additionalProperties" not in reading["allOf"][1]


def test_a_members_extra_fields_type_must_admit_every_other_members_property(
    tmp_path: Path,
) -> None:
    # `number` takes the integer `count` but not the enum of strings `unit`.
    message = refused(tmp_path, _COMPOSED_EXTRAS % "{type: number}")
    assert "Reading's property 'unit' falls under this additionalProperties too" in message
    assert "does not admit all its values (string)" in message


def test_a_parameter_of_a_union_holding_itself_is_refused_located_not_a_recursion_error(
    tmp_path: Path,
) -> None:
    problems = refused(
        tmp_path,
        """
        paths:
          /sizes:
            get: {operationId: getSizes, summary: Sizes, responses: {"204": {description: Done}},
              parameters: [{name: size, in: query, schema: {$ref: "#/components/schemas/S"}}]}
        components:
          schemas:
            S: {anyOf: [{type: integer}, {$ref: "#/components/schemas/S"}]}
        """,
    )
    assert (
        ":7: paths./sizes.get.parameters[0].schema: schemas that hold themselves in query"
        in problems
    )


def test_pagination_of_an_answer_without_a_json_body_is_refused_at_the_extension(
    tmp_path: Path,
) -> None:
    problems = refused(
        tmp_path,
        """
        paths:
          /notes:
            get:
              operationId: listNotes
              summary: List notes
              parameters:
                - {name: page, in: query, schema: {type: integer}}
              x-pagination: {style: page, page-param: page, items: /items}
              responses:
                "200": {description: OK}
        """,
    )
    assert ":11: paths./notes.get.x-pagination: x-pagination needs a JSON answer" in problems


# A union of Cat and Dog, its `mapping` of cat and Cat's schema given in the two `%s`.
_PET_UNION = """
paths:
  /pet:
    get:
      operationId: getPet
      summary: Get a pet
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: kind
        mapping: {cat: %s, dog: '#/components/schemas/Dog'}
    Cat: %s
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
"""


def test_a_discriminator_mapping_naming_no_object_schema_is_refused_at_the_entry(
    tmp_path: Path,
) -> None:
    problems = refused(
        tmp_path, _PET_UNION % ("'#/components/schemas/Cat'", "{$ref: '#/components/schemas'}")
    )
    assert (
        "components.schemas.Pet.discriminator.mapping.cat: '#/components/schemas/Cat'" in problems
    )
    assert "names no object schema" in problems


def test_a_discriminator_mapping_value_leading_nowhere_is_refused_at_the_entry_itself(
    tmp_path: Path,
) -> None:
    # Validation says so first; the model stage named a `$ref` key the entry does not have
    # (`mapping.cat.$ref: $ref 'Kat' does not resolve`).
    with pytest.raises(SpecError) as caught:
        small(tmp_path, _PET_UNION % ("Kat", "{type: object}"), validated=False)
    assert [f"{format_pointer(p.pointer)}: {p.message}" for p in caught.value.problems] == [
        "components.schemas.Pet.discriminator.mapping.cat: no schema named 'Kat' in this"
        " document's components.schemas"
    ]


def test_a_body_of_allof_nested_inline_spreads_every_field_into_arguments(tmp_path: Path) -> None:
    api = small(
        tmp_path,
        """
        paths:
          /notes:
            post:
              operationId: addNote
              summary: Add a note
              requestBody:
                content:
                  application/json:
                    schema:
                      allOf:
                        - allOf:
                            - type: object
                              required: [body-text]
                              properties:
                                body-text: {type: string}
                        - properties:
                            pinned: {type: boolean}
              responses:
                "204": {description: Added}
        """,
    )
    (op,) = api.operations
    assert [(a.name, a.python_name, a.type, a.required) for a in op.arguments] == [
        ("body-text", "body_text", "str", True),
        ("pinned", "pinned", "bool", False),
    ]


_ONE_VALUE = """
paths:
  /x:
    post:
      operationId: postX
      summary: Post x
      parameters:
        - {name: version, in: query, required: true, schema: {const: v2}}
        - {name: kind, in: query, required: true, schema: {$ref: "#/components/schemas/Kind"}}
        - {name: mode, in: query, schema: {const: fast}}
        - {name: count, in: query, required: true, schema: {type: integer, const: 3}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, grant_type, level]
              properties:
                name: {type: string}
                grant_type: {type: string, const: client_credentials}
                level: {$ref: "#/components/schemas/Level"}
      responses:
        "204": {description: Done}
components:
  schemas:
    Kind: {type: string, const: user}
    Level:
      type: integer
      enum: [1]
      x-enum-varnames: [ONE]
"""


def test_a_required_argument_admitting_one_value_defaults_to_it_and_follows_the_others(
    tmp_path: Path,
) -> None:
    args = op(small(tmp_path, _ONE_VALUE), "postX").arguments
    defaults = {a.python_name: (a.type, a.signature_default) for a in args}
    assert defaults == {
        "name": ("str", None),
        # An enum class of one member stays required: the member is the caller's to name.
        "level": ("Level", None),
        "version": ("Literal['v2']", "'v2'"),
        "kind": ("Literal['user']", "'user'"),
        "count": ("Literal[3]", "3"),
        "grant_type": ("Literal['client_credentials']", "'client_credentials'"),
        "mode": ("Literal['fast']", "None"),  # optional: sent only when given
    }
    assert [a.python_name for a in args][:2] == ["name", "level"]


def test_an_argument_admitting_one_value_says_so_in_the_docstring(tmp_path: Path) -> None:
    doc = op(small(tmp_path, _ONE_VALUE), "postX").doc
    assert "grant_type: grant_type. Always 'client_credentials', the default." in doc
    assert "count: count. Always 3, the default." in doc
    assert "Always 'fast'" not in doc  # optional: left out unless given


def test_every_method_docstring_ends_with_the_per_call_options(tmp_path: Path) -> None:
    for operation in real("kook").operations + small(tmp_path, GET_X).operations:
        lines = operation.doc.splitlines()
        assert lines[-2].startswith("extra_headers: Headers to send with this call")
        assert lines[-1].startswith("timeout: Seconds (or an `httpx.Timeout`)")
        assert "Args:" in lines


_BODY_BY_REF = """
paths:
  /notes:
    post:
      operationId: addNote
      summary: Add a note
      requestBody: {$ref: '#/components/requestBodies/%s'}
      responses:
        "204": {description: Done}
components:
  requestBodies:
    Note: {$ref: '#/components/requestBodies/Draft'}
    Draft: {$ref: '#/components/requestBodies/Note'}
"""


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (
            "Missing",
            "paths./notes.post.requestBody.$ref: $ref '#/components/requestBodies/Missing'"
            " does not resolve: no 'Missing' in components.requestBodies",
        ),
        (
            "Note",
            "components.requestBodies.Draft.$ref: $ref '#/components/requestBodies/Note'"
            " leads to a cycle of $refs",
        ),
    ],
    ids=["leading-nowhere", "cycle"],
)
def test_a_body_ref_the_model_cannot_follow_is_a_problem_at_that_ref_as_validation_says_it(
    tmp_path: Path, target: str, problem: str
) -> None:
    with pytest.raises(SpecError) as caught:
        small(tmp_path, _BODY_BY_REF % target, validated=False)
    assert [f"{format_pointer(p.pointer)}: {p.message}" for p in caught.value.problems] == [problem]
    assert problem in [
        f"{format_pointer(p.pointer)}: {p.message}"
        for p in validate(load([tmp_path / "openapi.yaml"]))
    ]
