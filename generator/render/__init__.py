"""Stage 4: render the model into source text. Entry point: `render(api)`.

Returns {relative path: text}; nothing is formatted or written here. The files named in
`VERBATIM_FILES` are shipped as they are kept in templates/, already black-formatted
(`LINE_LENGTH`: black's, which the format stage uses). A parallel driver may call its
halves in different processes: `render_templates`, and the models file, made in chunks
(`ModelsPlan`: the chunks the cache holds are taken from it, the `missing` ones made
with `make_chunks`, anywhere, and `finish` joins them as `render` does).
"""

from generator.render._filters import LINE_LENGTH
from generator.render._models import (
    HEADER,
    MODELS_FILE,
    ModelsChunk,
    ModelsPlan,
    make_chunks,
    models_chunks,
    models_source,
)
from generator.render._render import VERBATIM_FILES, render, render_templates

__all__ = [
    "HEADER",
    "LINE_LENGTH",
    "MODELS_FILE",
    "VERBATIM_FILES",
    "ModelsChunk",
    "ModelsPlan",
    "make_chunks",
    "models_chunks",
    "models_source",
    "render",
    "render_templates",
]
