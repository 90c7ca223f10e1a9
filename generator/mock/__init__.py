"""`botspec mock`: a spec-driven HTTP server for testing bots without the real platform.

Entry point: `create_app(spec_dir)` -> an ASGI app; `serve(...)` runs it under uvicorn.
It checks every request against the spec and answers with the spec's examples (or values
made up from the schemas, checked against them) in the platform's envelope. Control endpoints under `/__botspec__/` queue faults and show
what was received.
"""

from generator.mock._app import MockApp, create_app, serve, uvicorn_server

__all__ = ["MockApp", "create_app", "serve", "uvicorn_server"]
