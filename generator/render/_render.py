"""Jinja templates for the client and events; the models come from `_models`."""

from __future__ import annotations

import contextlib
import sys
from functools import cache
from pathlib import Path

import jinja2

from generator.model import Api
from generator.render._filters import FILTERS
from generator.render._models import MODELS_FILE, models_source


def _template_dir() -> Path:
    """The copy a regular install ships inside the package, else the repository's top-level
    templates/ (a checkout, an editable install)."""
    package = Path(__file__).resolve().parents[1]
    shipped = package / "templates"
    return shipped if shipped.is_dir() else package.parent / "templates"


TEMPLATE_DIR = _template_dir()

_REST_FILES = ("_client.py", "_endpoints.py", "_resources.py")
# Runtime modules the same for every API, kept in templates/ as they ship: no Jinja and
# already black-formatted (tests prove it), so the format stage may leave them alone.
VERBATIM_FILES = frozenset({"_base_client.py"})


_OPTIONS: dict[str, object] = {
    "undefined": jinja2.StrictUndefined,
    "autoescape": False,  # Python source, not HTML: spec text goes through filters
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


@cache
def environment() -> jinja2.Environment:
    fingerprint = repr((jinja2.__version__, sorted(_OPTIONS.items()), sorted(FILTERS)))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        bytecode_cache=CompiledTemplates(TEMPLATE_DIR / "__pycache__", fingerprint),
        **_OPTIONS,  # type: ignore[arg-type]
    )
    env.filters.update(FILTERS)
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in `directory`, as Python keeps its bytecode in __pycache__.

    Compiling the templates costs more than rendering them. A template is compiled again
    when its text changes (Jinja keeps a checksum of it), and every template when
    `fingerprint` (Jinja's version, the environment's options and filters) does. Nothing
    is written where Python is told not to write bytecode, nor where it cannot be.
    """

    def __init__(self, directory: Path, fingerprint: str) -> None:
        super().__init__(str(directory))
        self._fingerprint = fingerprint

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._fingerprint}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged: compiled again, and stored over it
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(exist_ok=True)
            super().dump_bytecode(bucket)


def render(api: Api) -> dict[str, str]:
    """Every file of the package, unformatted."""
    files = render_templates(api)
    files[MODELS_FILE] = models_source(api)
    return dict(sorted(files.items()))


def render_templates(api: Api) -> dict[str, str]:
    """Every file but the models (`models_source`), which a parallel driver makes elsewhere."""
    files = {
        "__init__.py": _template("__init__.py", api),
        "_exceptions.py": _template("_exceptions.py", api),
    }
    if api.resources:
        files.update({name: _verbatim(name) for name in sorted(VERBATIM_FILES)})
        for name in _REST_FILES:
            files[name] = _template(name, api)
    if api.events:
        files["_events.py"] = _template("_events.py", api)
    if api.gateway_exports:
        files["_gateway.py"] = _template("_gateway.py", api)
    if api.webhook_exports:
        files["_webhook.py"] = _template("_webhook.py", api)
    files["README.md"] = _template("README.md", api)
    files["py.typed"] = ""
    return dict(sorted(files.items()))


def _template(name: str, api: Api) -> str:
    return environment().get_template(name + ".jinja").render(api=api)


@cache
def _verbatim(name: str) -> str:
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")
