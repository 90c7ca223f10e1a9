"""The render stage's own machinery: runtime files shipped as they are kept, and compiled
templates kept between runs the way Python keeps bytecode."""

from __future__ import annotations

import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import black
import jinja2
import pytest
from gen_support import ruff_findings
from hypothesis import given
from hypothesis import strategies as st

from generator.format import MODE
from generator.render import _render as _render_module
from generator.render._render import TEMPLATE_DIR, VERBATIM_FILES, CompiledTemplates


def test_every_template_without_jinja_suffix_is_a_verbatim_file() -> None:
    kept_as_is = {p.name for p in TEMPLATE_DIR.iterdir() if p.is_file() and p.suffix != ".jinja"}
    assert kept_as_is == set(VERBATIM_FILES)


@pytest.mark.parametrize("name", sorted(VERBATIM_FILES))
def test_verbatim_files_are_already_black_formatted(name: str) -> None:
    # The pipeline does not format them: they must already be what black would make.
    text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    assert black.format_str(text, mode=MODE) == text


# -- compiled templates --------------------------------------------------------------------


class _Counting(jinja2.Environment):
    compiled = 0

    def compile(self, *args: Any, **kwargs: Any) -> Any:
        type(self).compiled += 1
        return super().compile(*args, **kwargs)


def _render(templates: Path, cache: Path, fingerprint: str = "options-1") -> tuple[str, int]:
    """What `page.jinja` renders to in a fresh environment, and how many compilations it took."""
    _Counting.compiled = 0
    env = _Counting(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=CompiledTemplates(cache, fingerprint),
    )
    return env.get_template("page.jinja").render(name="botspec"), _Counting.compiled


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.jinja").write_text("hello {{ name }}", encoding="utf-8")
    return folder


def test_a_compiled_template_is_stored_and_the_next_run_does_not_compile_it(
    templates: Path,
) -> None:
    cache = templates / "__pycache__"
    assert _render(templates, cache) == ("hello botspec", 1)
    assert len(list(cache.iterdir())) == 1
    assert _render(templates, cache) == ("hello botspec", 0)


def test_a_changed_template_is_compiled_again(templates: Path) -> None:
    cache = templates / "__pycache__"
    _render(templates, cache)
    (templates / "page.jinja").write_text("bye {{ name }}", encoding="utf-8")
    assert _render(templates, cache) == ("bye botspec", 1)


def test_another_fingerprint_does_not_reuse_the_compiled_template(templates: Path) -> None:
    cache = templates / "__pycache__"
    _render(templates, cache, "options-1")
    assert _render(templates, cache, "options-2") == ("hello botspec", 1)


@pytest.fixture
def page(templates: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Any]]:
    """What `page.jinja` renders to in a fresh `environment()` (the render stage's own, its
    templates in `templates`), and how many compilations it took."""
    monkeypatch.setattr(_render_module, "TEMPLATE_DIR", templates)
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, *args: Any, **kwargs: Any) -> Any:
        _Counting.compiled += 1
        return real(self, *args, **kwargs)

    def render_page() -> tuple[str, int]:
        _Counting.compiled = 0
        _render_module.environment.cache_clear()
        template = _render_module.environment().get_template("page.jinja")
        return template.render(name="botspec"), _Counting.compiled

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    yield render_page
    _render_module.environment.cache_clear()


def test_other_environment_options_compile_the_templates_again(
    page: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page() == ("hello botspec", 1)
    assert page() == ("hello botspec", 0)
    monkeypatch.setitem(_render_module._OPTIONS, "trim_blocks", False)
    assert page() == ("hello botspec", 1)


def test_another_filter_compiles_the_templates_again(
    page: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page() == ("hello botspec", 1)
    monkeypatch.setitem(_render_module.FILTERS, "shout", str.upper)
    assert page() == ("hello botspec", 1)


def test_nothing_is_written_when_python_is_told_not_to_write_bytecode(
    templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = templates / "__pycache__"
    assert _render(templates, cache) == ("hello botspec", 1)
    assert not cache.exists()


def test_a_cache_folder_that_cannot_be_made_only_means_compiling_each_time(
    templates: Path,
) -> None:
    blocker = templates / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    cache = blocker / "__pycache__"
    assert _render(templates, cache) == ("hello botspec", 1)
    assert _render(templates, cache) == ("hello botspec", 1)


def test_a_damaged_cache_file_is_compiled_over(templates: Path) -> None:
    cache = templates / "__pycache__"
    _render(templates, cache)
    (stored,) = cache.iterdir()
    stored.write_bytes(stored.read_bytes()[:20])
    assert _render(templates, cache) == ("hello botspec", 1)
    assert _render(templates, cache) == ("hello botspec", 0)


# -- docstrings ----------------------------------------------------------------------------


_AT_THE_EDGE = "Call this API as an admin of the group with the ID that the access-token names."


def test_docstring_wrapping_never_splits_a_hyphenated_word() -> None:
    from generator.render._filters import docstring

    # "access-" would end the first line exactly at the width; "access-token" would not fit.
    wrapped = docstring(_AT_THE_EDGE, indent=0, width=68)
    assert "the\naccess-token names." in wrapped
    assert all(len(line) <= 68 for line in wrapped.splitlines())


def test_docstring_args_items_never_split_a_hyphenated_word() -> None:
    from generator.render._filters import docstring

    wrapped = docstring(f"Summary.\n\nArgs:\n    group_id: {_AT_THE_EDGE}", indent=0, width=81)
    assert "the\n        access-token names." in wrapped


# Wide (CJK) characters take two columns; lines may break beside them.
_WIDE_TEXT = st.text(
    st.sampled_from([*"ab Z-(),.", "用", "户", "\uff0c", "\u3002", "\uff08", "\uff09", "「", "」"]),
    max_size=80,
)


@given(_WIDE_TEXT, st.integers(8, 40))
def test_wrapped_lines_fit_their_width_in_columns_unless_one_piece_cannot_break(
    text: str, width: int
) -> None:
    from black.strings import str_width

    from generator.render._filters import _fill, _unbreakable

    for line in _fill(text, width, "  ", "    ").splitlines():
        assert str_width(line) <= width or len(_unbreakable(line.strip())) == 1


@given(_WIDE_TEXT, st.integers(8, 40))
def test_wrapping_loses_and_adds_nothing_but_line_breaks_and_indents(text: str, width: int) -> None:
    from generator.render._filters import _fill

    assert "".join(_fill(text, width, "  ", "    ").split()) == "".join(text.split())


@given(_WIDE_TEXT, st.integers(8, 40))
def test_inside_a_word_no_line_starts_with_closing_nor_ends_with_opening_punctuation(
    text: str, width: int
) -> None:
    from generator.render._filters import _fill

    words, at = " ".join(text.split()), 0
    for line in _fill(text, width).splitlines():
        assert words.startswith(line, at)
        at += len(line)
        if at < len(words) and words[at] == " ":
            at += 1
        elif at < len(words):  # broken inside a word
            assert unicodedata.category(words[at]) not in ("Pe", "Pf", "Po")
            assert unicodedata.category(words[at - 1]) not in ("Ps", "Pi")
    assert at == len(words)


@given(st.text(st.sampled_from(list("abcé Zü-(),.")), max_size=120), st.integers(4, 40))
def test_text_without_wide_characters_wraps_exactly_as_textwrap_wraps_it(
    text: str, width: int
) -> None:
    from generator.render._filters import _fill

    expected = textwrap.fill(
        " ".join(text.split()),
        width=width,
        initial_indent="  ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    assert _fill(text, width, "  ", "    ") == expected


def test_chinese_text_breaks_between_characters_within_the_width() -> None:
    from generator.render._filters import docstring

    text = "Call as this user (仅当access-token为管理员token时,可以设置此字段,表示以此用户ID的身份来调用此接口)."
    wrapped = docstring(text, indent=0, width=60)
    assert wrapped.splitlines()[1:-1] == [
        "Call as this user (仅当access-token为管理员token时,可以设置",  # 59 columns
        "此字段,表示以此用户ID的身份来调用此接口).",
    ]


def test_names_imported_and_exported_are_in_the_order_ruff_wants(tmp_path: Path) -> None:
    from generator.render._filters import exports, from_import, pyrepr

    names = ["Item10", "Item2", "item_b", "ITEM_C", "Item_a", "AbD", "Abc", "AbcZ", "Abc_y"]
    names += ["Abd", "A1", "A", "_private", "_Private", "__dunder__", "C2cMsg", "C2CMsgEvent"]
    module = tmp_path / "ordered.py"
    listed = ", ".join(pyrepr(name) for name in exports(names))
    module.write_text(f"{from_import('x', names)}\n\n__all__ = [{listed}]\n", encoding="utf-8")
    assert ruff_findings(module, "--line-length", "100", "--select", "I001,RUF022") == ""
