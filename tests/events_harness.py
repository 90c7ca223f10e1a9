"""Renders an events-only package (events, models, one exception) from one AsyncAPI
document, with the render stage's own template environment and models step: the event
tests need packages of documents that hold no REST API and of chosen error names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.format import format_source
from generator.load import load
from generator.model._events import build_events
from generator.model._schemas import Schemas
from generator.model._types import EventSet
from generator.render._models import models_file
from generator.render._render import environment

ROOT = Path(__file__).resolve().parents[1]


def build(spec: Path) -> tuple[EventSet, Schemas]:
    specs = load([spec])
    schemas = Schemas(specs)
    return build_events(specs.roots[0], specs, schemas), schemas


def render_events(events: EventSet, package: str, error_base: str) -> str:
    api: dict[str, Any] = {"events": events, "package": package, "error_base": error_base}
    return environment().get_template("_events.py.jinja").render(api=api)


def models_source(schemas: Schemas) -> str:
    schemas.check()
    return models_file({"$defs": schemas.definitions()}, schemas.aliases)


def write_package(spec: Path, folder: Path, package: str, error_base: str) -> EventSet:
    """A package holding `_events.py` (black-formatted), `_models.py` and `_exceptions.py`."""
    events, schemas = build(spec)
    folder.mkdir(parents=True)
    events_source = render_events(events, package, error_base)
    (folder / "_events.py").write_text(format_source("_events.py", events_source))
    (folder / "_models.py").write_text(format_source("_models.py", models_source(schemas)))
    (folder / "_exceptions.py").write_text(f"class {error_base}(Exception):\n    pass\n")
    (folder / "__init__.py").write_text("")
    (folder / "py.typed").write_text("")
    return events
