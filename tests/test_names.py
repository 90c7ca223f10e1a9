"""Python names for spec names (generator/model/_names.py): always valid identifiers, never
keywords, builtins the generated code uses, dunders or pydantic's own attributes, and the
same for the same input."""

from __future__ import annotations

import builtins
import keyword

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model._names import (
    BASE_MODEL_ATTRIBUTES,
    KEYWORDS,
    RESERVED_CLASS_NAMES,
    SHADOWING,
    constant_case,
    field_name,
    model_field_name,
    pascal_case,
    safe_identifier,
    snake_case,
    unique,
)

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)


@pytest.mark.parametrize(
    ("spec_name", "python"),
    [
        ("getOnlineStatus", "get_online_status"),
        ("X-Rate-Limit", "x_rate_limit"),
        ("HTTPServer", "http_server"),
        ("userID", "user_id"),
        ("groupOpenid", "group_openid"),
        ("a.b c-d", "a_b_c_d"),
        ("getAppAccessToken", "get_app_access_token"),
    ],
)
def test_snake_case_splits_camel_case_and_punctuation_into_words(
    spec_name: str, python: str
) -> None:
    assert snake_case(spec_name) == python


@pytest.mark.parametrize(
    ("spec_name", "python"),
    [
        ("class", "class_"),
        ("None", "none"),
        ("import", "import_"),
        ("self", "self_"),
        ("list", "list_"),
        ("str", "str_"),
        ("1abc", "field_1abc"),
        ("__init__", "init"),
        ("中文", "u4e2d_u6587"),
        ("", "value"),
        ("---", "value"),
    ],
)
def test_snake_case_makes_keywords_builtins_digits_and_non_ascii_safe(
    spec_name: str, python: str
) -> None:
    assert snake_case(spec_name) == python


@pytest.mark.parametrize(
    ("spec_name", "python"),
    [
        ("user settings", "UserSettings"),
        ("OAuthToken", "OAuthToken"),
        ("user", "User"),
        ("1st tag", "Model1stTag"),
        ("None", "NoneModel"),
        ("True", "TrueModel"),
        ("BaseModel", "BaseModelModel"),
        ("Client", "ClientModel"),
        ("NotFound", "NotFound"),
        ("NotFoundError", "NotFoundErrorModel"),
        ("Endpoint", "EndpointModel"),
        ("", "Model"),
        ("数据", "U6570U636e"),
    ],
)
def test_pascal_case_gives_class_names_that_clash_with_nothing_generated(
    spec_name: str, python: str
) -> None:
    assert pascal_case(spec_name) == python


def test_constant_case_is_upper_snake_case() -> None:
    assert constant_case("getOnlineStatus") == "GET_ONLINE_STATUS"
    assert constant_case("class") == "CLASS_"
    assert constant_case("__init__") == "INIT"


def test_field_name_keeps_plain_snake_case_wire_names_as_they_are() -> None:
    for wire in ("user_id", "page_size", "x", "a1_b2", "x__y"):
        assert field_name(wire) == wire


def test_field_name_renames_wire_names_that_are_not_plain_identifiers() -> None:
    assert field_name("userId") == "user_id"
    assert field_name("_private") == "private"
    assert field_name("list") == "list_"
    assert field_name("1abc") == "field_1abc"
    assert field_name("a-b") == "a_b"


def test_model_field_name_avoids_pydantic_attributes_and_protected_namespace() -> None:
    assert model_field_name("json") == "json_"
    assert model_field_name("copy") == "copy_"
    assert model_field_name("schema") == "schema_"
    assert model_field_name("model_config") == "field_model_config"
    assert model_field_name("model_dump") == "field_model_dump"
    assert model_field_name("name") == "name"


def test_base_model_attribute_list_covers_pydantic_public_non_model_attributes() -> None:
    public = {n for n in dir(pydantic.BaseModel) if not n.startswith("_")}
    assert {n for n in public if not n.startswith("model_")} <= BASE_MODEL_ATTRIBUTES


def test_safe_identifier_suffixes_keywords_and_shadowing_builtins() -> None:
    assert safe_identifier("class") == "class_"
    assert safe_identifier("int") == "int_"
    assert safe_identifier("cls") == "cls_"
    assert safe_identifier("value") == "value"


def test_safe_identifier_prefixes_digits_and_defuses_dunders() -> None:
    assert safe_identifier("1abc") == "field_1abc"
    assert safe_identifier("__init__") == "field__init"


def test_unique_counts_up_from_two_and_records_what_it_gives() -> None:
    taken: set[str] = {"a"}
    assert [unique("a", taken), unique("a", taken), unique("b", taken)] == ["a2", "a3", "b"]
    assert taken == {"a", "a2", "a3", "b"}


def test_keyword_list_covers_the_running_python_and_the_soft_keywords_are_not_renamed() -> None:
    assert set(keyword.kwlist) <= KEYWORDS
    assert snake_case("match") == "match" and snake_case("type") == "type"


def test_shadowing_names_are_builtins_or_method_receivers() -> None:
    assert all(hasattr(builtins, name) for name in SHADOWING - {"self", "cls"})


def test_reserved_class_names_are_pascal_case_identifiers() -> None:
    assert all(name.isidentifier() for name in RESERVED_CLASS_NAMES)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(any_text)
def test_snake_case_of_any_text_is_a_safe_identifier(text: str) -> None:
    name = snake_case(text)
    assert name.isidentifier() and name.isascii()
    assert not keyword.iskeyword(name) and name not in SHADOWING
    assert not name.startswith("__")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(any_text)
def test_pascal_case_of_any_text_is_a_class_name_clashing_with_nothing(text: str) -> None:
    name = pascal_case(text)
    assert name.isidentifier() and name.isascii() and name[0].isupper()
    assert not keyword.iskeyword(name) and name not in RESERVED_CLASS_NAMES


@settings(max_examples=300, derandomize=True, deadline=None)
@given(any_text)
def test_model_field_name_of_any_text_is_usable_as_a_pydantic_field(text: str) -> None:
    name = model_field_name(text)
    assert name.isidentifier() and not keyword.iskeyword(name)
    assert not name.startswith("_") and not name.startswith("model_")
    assert name not in dir(pydantic.BaseModel)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(any_text)
def test_a_name_already_made_safe_stays_as_it_is(text: str) -> None:
    name = snake_case(text)
    assert snake_case(name) == name
    assert field_name(field_name(text)) == field_name(text)
    assert pascal_case(pascal_case(text)) == pascal_case(text)
