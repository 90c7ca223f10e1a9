"""The format stage: files formatted piece by piece come out exactly as black formats them
whole, and pieces formatted in an earlier run are taken from the cache, never changing a byte."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import black
import pytest
from gen_support import GENERATED, SPECS, committed_packages
from hypothesis import example, given, settings
from hypothesis import strategies as st

import generator.format as format_stage
from generator.cache import RunCache, _digest, cache_key, default_folder
from generator.format import MODE, format_files
from generator.format._pieces import cut, join_pieces, split_module
from generator.load import load
from generator.model import build
from generator.pipeline import CacheUse, generate_package, spec_files_in
from generator.render import VERBATIM_FILES, models_chunks, render

# -- pieces ------------------------------------------------------------------------------


def _rendered(name: str) -> dict[str, str]:
    """What the render stage hands to the format stage for a package of specs/."""
    return render(build(load(spec_files_in(SPECS / name)), name))


@pytest.mark.parametrize("name", committed_packages())
def test_rendered_files_formatted_piece_by_piece_are_what_black_makes_of_the_whole(
    name: str,
) -> None:
    python = {n: text for n, text in _rendered(name).items() if n.endswith(".py")}
    assert sum(len(cut(text)) for text in python.values()) > 2 * len(python)  # they are cut
    for file_name, text in python.items():
        whole = black.format_str(text, mode=MODE)
        assert format_files({file_name: text})[file_name] == whole, file_name


@pytest.mark.parametrize("name", committed_packages())
def test_committed_files_cut_into_pieces_join_back_unchanged(name: str) -> None:
    for path in sorted((GENERATED / name).glob("*.py")):
        text = path.read_text(encoding="utf-8")
        pieces = split_module(text)
        assert join_pieces(pieces, [piece.text for piece in pieces]) == text, path.name


def test_cuts_start_after_the_imports_the_module_starts_with() -> None:
    text = '"""Doc.\n\nimport fake\n"""\n\nimport os\nfrom a import (\n    b,\n)\n\n\ndef f():\n    pass\n'
    assert [piece.text.split("\n")[-2] for piece in cut(text)] == [")", "    pass"]


def test_a_module_that_does_not_start_with_imports_is_not_cut() -> None:
    # Black's blank lines after a module docstring or an import differ; a line of a string
    # reading "import x" is no import.
    for text in (
        '"""Doc."""\n\n\ndef early():\n    pass\n\n\nimport os\n\n\ndef late():\n    pass\n',
        'def f():\n    s = """\nimport x\na = 2"""\n    return s\n\n\ndef g():\n    pass\n',
    ):
        assert len(cut(text)) == 1


def test_a_function_is_formatted_with_its_decorator() -> None:
    text = "import x\n\n\n@x.wrap\n\ndef f():\n    pass\n\n\n@x.wrap(\n    1,\n)\n\ndef g():\n    pass\n"
    assert not any(piece.text.startswith("def f") for piece in cut(text))
    # Cut after a decorator spread over lines, the piece does not parse: the file is whole.
    assert format_files({"m.py": text})["m.py"] == black.format_str(text, mode=MODE)


def test_a_cut_inside_a_string_falls_back_to_formatting_the_whole_file() -> None:
    text = (
        'import x\n\nS = """\n\ndef not_code():\n\nclass Nope:\n"""\n\n\ndef real( a ):\n    pass\n'
    )
    assert any(piece.text.startswith("def not_code") for piece in cut(text))  # cut there
    assert format_files({"m.py": text})["m.py"] == black.format_str(text, mode=MODE)


def test_only_a_newline_ends_a_line_where_pieces_are_cut() -> None:
    # U+2028 ends a line for str.splitlines, not for Python: inside a string it is no place to
    # cut (a cut there would only cost formatting the whole file again).
    text = 'import os\n\nU = "a\u2028\u2028class X: pass"\n\n\ndef f():\n    pass\n'
    assert [piece.text.split("\n")[0] for piece in cut(text)] == ["import os", "def f():"]


def test_a_module_black_cannot_parse_is_a_format_error_naming_the_file() -> None:
    with pytest.raises(format_stage.FormatError, match=r"broken\.py"):
        format_files({"broken.py": "import x\n\n\ndef f(:\n    pass\n"})


def test_a_file_render_ships_as_kept_is_not_formatted() -> None:
    # `format_files` takes the steps the pipeline takes: a verbatim file is not theirs to touch.
    (kept,) = VERBATIM_FILES
    files = {kept: "x=1\n", "other.py": "x=1\n"}
    assert format_files(files) == {kept: "x=1\n", "other.py": "x = 1\n"}


# Top-level statements black treats differently by what comes before them, and strings
# whose contents look like code at column 0.
_STATEMENTS = [
    "class A:\n    x: int = 1\n",
    'class B(A):\n    """Doc."""\n',
    "class C: ...\n",
    "def f(a,b):\n    return a+b\n",
    "async def g():\n    await f( 1,2 )\n",
    "@decorator\ndef h(): ...\n",
    "@overload\ndef o(x: int) -> int: ...\n",
    "X = 1\n",
    "Y: int = foo(\n  1,\n  2)\n",
    'Z = {"a": 1,\n "b": 2}\n',
    "# a comment\n",
    "if TYPE_CHECKING:\n    import os\n",
    "if X:\n    def cond(): pass\nelse:\n    cond = None\n",
    "try:\n    pass\nexcept Exception:\n    pass\n",
    'S = """\ndef not_code():\n\nclass Nope:\n"""\n',
    'T = """\nfrom x import y\n\nW = 2\n"""\n',
    'def with_string():\n    return """\nx = 1"""\n',
    'U = "a\u2028\u2028class X: pass"\n',  # a line break to str.splitlines, not to Python
    'print("hello")\n',
    '"""A string statement."""\n',
    "else_ = 3\n",
    "lambda_: int\n",
    '__all__ = [\n"a",\n]\n',
    "import late\n",
    "from . import later\n",
    "x = 1; import sys\n",  # black splits it: the import ends the statement before
    "def skipped(): pass  # fmt:skip\n",
]
_HEADERS = [
    "",
    '"""Module doc."""\n',
    '"""Doc\nfrom a import b\n"""\n',
    "from __future__ import annotations\n",
    '"""Doc."""\n\nimport os\n',
    "# comment\nimport os\n",
    '"""Doc.\n\nimport os\n"""\n',  # not an import
]


@st.composite
def _modules(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(_HEADERS))]
    for _ in range(draw(st.integers(1, 12))):
        parts += ["\n" * draw(st.integers(0, 3)), draw(st.sampled_from(_STATEMENTS))]
    return "".join(parts)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=_modules())
# Each a rule of `_pieces` that, broken, fails here:
@example(text='"""Doc\nfrom a import b\n"""\n\n@decorator\ndef h(): ...\n')  # docstring
@example(text="import os\nX = 1\n\nY = 2\n\n\nZ = 3\n")  # blank lines kept
@example(text="import os\n\n\nX = 1\n\nY = 2\n")  # after imports, always one
@example(text='import os\n\ndef f():\n    return """\nx = 1"""\n\nY = 2\n')  # string, not code
@example(text='import os\nS = """\n\ndef not_code():\n"""\n\nT = 1\n')  # cut in a string
@example(text='def f():\n    s = """\nimport x\na = 2"""\n    return s\n\nc = 3\n')  # no imports
@example(text="import os\n# fmt:off\nx   =   0\n\ndef   f( ):  pass\n# fmt:on\n")  # black's switch
@example(text="import os\n# yapf: disable\nx   =   3\n\ndef   f( ):  pass\n")  # and yapf's
@example(text="import os\n\nx = 2\n\xa0\ny = 2\n")  # not a blank line to black
@example(text="")
@example(text="import os\n\nx = 1; import sys\n\n\ny = 2\n")  # black: one line after imports
def test_any_module_formatted_piece_by_piece_is_what_black_makes_of_the_whole(text: str) -> None:
    whole = black.format_str(text, mode=MODE)
    assert format_files({"m.py": text})["m.py"] == whole
    # Every cut, not only those between the runs `format_files` sends to black:
    pieces = cut(text)
    formatted = format_stage.format_pieces([piece.text for piece in pieces])
    if all(text is not None for text in formatted):  # else the whole file is formatted
        assert join_pieces(pieces, [text or "" for text in formatted]) == whole


# -- the cache ---------------------------------------------------------------------------


@pytest.fixture
def black_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts black is asked to format (in this process: the tests run with jobs=1)."""
    calls: list[str] = []
    real = black.format_str

    def counting(text: str, *, mode: black.Mode) -> str:
        calls.append(text)
        return real(text, mode=mode)

    monkeypatch.setattr(format_stage.black, "format_str", counting)
    yield calls


@pytest.fixture
def models_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The classes of each chunk of models datamodel-code-generator is asked for."""
    from generator.render import _models

    calls: list[tuple[str, ...]] = []
    real = _models.make_chunk

    def counting(chunk: Any) -> str:
        calls.append(chunk.classes)
        return real(chunk)

    monkeypatch.setattr(_models, "make_chunk", counting)
    return calls


def _kook_copy(tmp_path: Path, edit: Callable[[str], str] = lambda text: text) -> Path:
    spec_dir = tmp_path / "specs" / "kook"
    shutil.rmtree(spec_dir, ignore_errors=True)
    shutil.copytree(SPECS / "kook", spec_dir)
    spec = next(spec_dir.glob("*.yaml"))
    spec.write_text(edit(spec.read_text(encoding="utf-8")), encoding="utf-8")
    return spec_dir


def test_a_regeneration_takes_every_piece_and_the_models_from_the_cache(
    tmp_path: Path, black_calls: list[str], models_calls: list[tuple[str, ...]]
) -> None:
    cache = CacheUse(tmp_path / "cache")
    first = generate_package(_kook_copy(tmp_path), jobs=1, cache=cache)
    assert black_calls and sorted(c for chunk in models_calls for c in chunk) == sorted(
        build(load(spec_files_in(SPECS / "kook")), "kook").model_names
    )
    black_calls.clear()
    models_calls.clear()
    again = generate_package(_kook_copy(tmp_path), jobs=1, cache=cache)
    assert (black_calls, models_calls) == ([], [])
    assert again.files == first.files == generate_package(SPECS / "kook", jobs=1).files


def test_after_an_edit_only_the_pieces_it_touched_are_formatted_again(
    tmp_path: Path, black_calls: list[str]
) -> None:
    cache = CacheUse(tmp_path / "cache")
    generate_package(_kook_copy(tmp_path), jobs=1, cache=cache)
    first = list(black_calls)
    black_calls.clear()
    old = "Get the current user's information"  # user.me's summary
    edited_dir = _kook_copy(tmp_path, lambda text: text.replace(old, old + " (edited)", 1))
    edited = generate_package(edited_dir, jobs=1, cache=cache)
    touched = [text for text in black_calls if "(edited)" in text]
    assert touched and not set(black_calls) & set(first)
    # Pieces end where a line's hash says, so an edited line may end its piece there, or no
    # longer: its neighbour is then a new piece too, one at most per edited piece.
    assert len(black_calls) <= 2 * len(touched) < len(first) / 2
    uncached = generate_package(edited_dir, jobs=1)
    assert edited.files == uncached.files
    assert any("(edited)" in text for text in edited.files.values())


def test_a_models_chunk_key_changes_with_its_classes_schemas_and_aliases_only() -> None:
    api = build(load(spec_files_in(SPECS / "kook")), "kook")
    again = build(load(spec_files_in(SPECS / "kook")), "kook")
    (chunk,) = models_chunks(api, spread=0)
    schema = json.loads(json.dumps(api.models_schema))
    first = next(iter(schema["$defs"].values()))
    first["description"] = "Reworded."
    assert models_chunks(again, spread=0)[0].key == chunk.key
    assert models_chunks(replace(api, models_schema=schema), spread=0)[0].key != chunk.key
    alias = {"User.id": "user_id"}
    assert models_chunks(replace(api, field_aliases=alias), spread=0)[0].key != chunk.key
    unused = {**api.field_aliases, "Elsewhere.id": "elsewhere_id"}
    assert models_chunks(replace(api, field_aliases=unused), spread=0)[0].key == chunk.key


def test_after_a_schema_edit_only_the_chunks_holding_it_are_made_again(
    tmp_path: Path, models_calls: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.render import _models

    monkeypatch.setattr(_models, "SPREAD", 2)  # Lanying's 25 classes in a dozen chunks
    spec_dir = tmp_path / "lanying"
    spec_dir.mkdir()
    spec = SPECS / "lanying" / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    (spec_dir / "openapi.yaml").write_text(text, encoding="utf-8")
    cache = CacheUse(tmp_path / "cache")
    generate_package(spec_dir, jobs=1, cache=cache)
    chunks = len(models_calls)
    assert chunks > 5
    models_calls.clear()
    old = "The push alias to bind (绑定别名)."
    assert text.count(old) == 1
    (spec_dir / "openapi.yaml").write_text(text.replace(old, "The alias."), encoding="utf-8")
    edited = generate_package(spec_dir, jobs=1, cache=cache)
    assert len(models_calls) == 1 and "BindPushAliasRequest" in models_calls[0]
    assert edited.files == generate_package(spec_dir, jobs=1).files
    assert '"""The alias."""' in edited.files["_models.py"]


def test_a_damaged_cache_file_is_an_empty_cache(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for damage in ('{"entries": {"k": ', '["not", "a", "cache"]', '{"entries": {"k": 1}}'):
        (folder / "kook.json").write_text(damage, encoding="utf-8")
        package = generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(folder))
        assert package.files == generate_package(SPECS / "kook", jobs=1).files
        assert json.loads((folder / "kook.json").read_text(encoding="utf-8"))["entries"]


def test_a_cache_entry_damaged_inside_a_valid_cache_file_is_not_used(tmp_path: Path) -> None:
    # A value cut short or edited (the file still JSON) must not reach the output, nor crash.
    folder = tmp_path / "cache"
    generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(folder))
    data = json.loads((folder / "kook.json").read_text(encoding="utf-8"))
    data["entries"] = {key: _cut_short(value) for key, value in data["entries"].items()}
    (folder / "kook.json").write_text(json.dumps(data), encoding="utf-8")
    package = generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(folder))
    assert package.files == generate_package(SPECS / "kook", jobs=1).files
    again = generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(folder))
    assert again.files == package.files


def _cut_short(value: Any) -> Any:
    """An entry's stored value with its text cut in half, whatever the entry's form."""
    if isinstance(value, str):
        return value[: len(value) // 2]
    return [_cut_short(value[0]), *value[1:]]


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    package = generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(blocked / "cache"))
    assert package.files == generate_package(SPECS / "kook", jobs=1).files


def test_a_cache_read_but_not_kept_is_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(folder, keep=False))
    assert not folder.exists()
    generate_package(_kook_copy(tmp_path), jobs=1, cache=CacheUse(folder))
    before = (folder / "kook.json").read_bytes()
    edited_dir = _kook_copy(
        tmp_path, lambda text: text.replace("Take the bot offline", "Take it offline", 1)
    )
    generate_package(edited_dir, jobs=1, cache=CacheUse(folder, keep=False))
    assert (folder / "kook.json").read_bytes() == before


def test_the_cache_keeps_only_what_the_last_run_used(tmp_path: Path) -> None:
    cache = RunCache(tmp_path / "c.json")
    cache.put("old", "A")
    cache.save()
    cache = RunCache(tmp_path / "c.json")
    cache.put("new", "B")
    cache.save()
    kept = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["entries"]
    assert list(kept) == ["new"]
    read = RunCache(tmp_path / "c.json")
    assert (read.get("new"), read.get("old")) == ("B", None)
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]  # no temporary file left


def test_the_cache_holds_text_utf8_cannot_encode() -> None:
    # A spec's text may carry a lone surrogate (JSON allows "\ud800"): it must not break a save.
    key = cache_key("step", "\ud800")
    assert key != cache_key("step", "\ud801")
    assert cache_key("a", "bc") != cache_key("ab", "c")  # parts are not just concatenated


def test_a_lone_surrogate_is_saved_and_read_back(tmp_path: Path) -> None:
    cache = RunCache(tmp_path / "c.json")
    cache.put("k", "x = '\ud800'\n")
    cache.save()
    assert RunCache(tmp_path / "c.json").get("k") == "x = '\ud800'\n"


def test_the_cache_folder_is_botspec_cache_dir_else_under_xdg_cache_home_else_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BOTSPEC_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "mine"
    monkeypatch.delenv("BOTSPEC_CACHE_DIR")
    assert default_folder() == tmp_path / "xdg" / "botspec"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / ".cache" / "botspec"


# -- the command line --------------------------------------------------------------------


def test_generate_keeps_a_cache_that_check_and_no_cache_never_write(
    tmp_path: Path, run_botspec: Any
) -> None:
    folder = tmp_path / "cache"
    env = {"BOTSPEC_CACHE_DIR": str(folder)}
    spec_dir = str(_kook_copy(tmp_path))
    out = str(tmp_path / "out")
    checked = run_botspec("generate", spec_dir, "--out", out, "--check", env=env)
    assert checked.returncode == 1 and not folder.exists()  # nothing there yet; none written
    assert run_botspec("generate", spec_dir, "--out", out, "--no-cache", env=env).returncode == 0
    assert not folder.exists()
    assert run_botspec("generate", spec_dir, "--out", out, env=env).returncode == 0
    assert (folder / "kook.json").is_file()
    kept = (folder / "kook.json").read_bytes()
    checked = run_botspec("generate", spec_dir, "--out", out, "--check", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (folder / "kook.json").read_bytes() == kept


def test_check_takes_what_it_finds_in_the_cache_and_no_cache_ignores_it(
    tmp_path: Path, run_botspec: Any
) -> None:
    # Entries doctored in place, their digests made to match: only a run that reads the
    # cache can bring their text into what it compares.
    folder = tmp_path / "cache"
    env = {"BOTSPEC_CACHE_DIR": str(folder)}
    spec_dir = str(_kook_copy(tmp_path))
    out = str(tmp_path / "out")
    assert run_botspec("generate", spec_dir, "--out", out, env=env).returncode == 0
    data = json.loads((folder / "kook.json").read_text(encoding="utf-8"))
    summary = "Get the current user's information"  # user.me's, in a formatted piece
    doctored = {
        key: text.replace(summary, "Doctored in the cache")
        for key, (text, _) in data["entries"].items()
        if summary in text
    }
    assert doctored
    data["entries"].update({key: [text, _digest(key, text)] for key, text in doctored.items()})
    (folder / "kook.json").write_text(json.dumps(data), encoding="utf-8")
    checked = run_botspec("generate", spec_dir, "--out", out, "--check", env=env)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Doctored in the cache" in checked.stdout
    uncached = run_botspec("generate", spec_dir, "--out", out, "--check", "--no-cache", env=env)
    assert uncached.returncode == 0, uncached.stdout + uncached.stderr
