"""Stage 2: check loaded documents against their specification and botspec's own rules.

Entry point: `validate(specs)`, the list of problems (empty when every document is usable).
"""

from generator.validate._validate import validate

__all__ = ["validate"]
