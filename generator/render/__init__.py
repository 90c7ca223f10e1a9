"""Stage 4: render the model into source text. Entry point: `render(api)`.

Returns {relative path: text}; nothing is formatted or written here.
"""

from generator.render._render import render

__all__ = ["render"]
