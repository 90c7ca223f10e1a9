"""The render stage's own machinery: runtime files shipped as they are kept, and compiled
templates kept between runs the way Python keeps bytecode."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import black
import jinja2
import pytest

from generator.format import MODE
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


def test_other_environment_options_do_not_reuse_the_compiled_template(templates: Path) -> None:
    cache = templates / "__pycache__"
    _render(templates, cache, "options-1")
    assert _render(templates, cache, "options-2") == ("hello botspec", 1)


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
