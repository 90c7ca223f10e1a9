"""Stage 2: check loaded documents against their specification and botspec's own rules.

Entry point: `validate(specs)`, the list of problems (empty when every document is usable).
`SchemaValidators` serves the mock server too: it checks requests as validation checks
examples.
"""

from generator.validate._discriminators import variant_tags
from generator.validate._rules import HTTP_TOKEN, NOT_AN_HTTP_TOKEN
from generator.validate._schemas import EndlessSchema, SchemaValidators
from generator.validate._structure import SchemaNotInstalled
from generator.validate._validate import validate

__all__ = [
    "HTTP_TOKEN",
    "NOT_AN_HTTP_TOKEN",
    "EndlessSchema",
    "SchemaNotInstalled",
    "SchemaValidators",
    "validate",
    "variant_tags",
]
