"""botspec: turns chat-platform API documentation into typed Python clients.

The pipeline, one package per stage, data flowing one way:
load -> validate -> model -> render -> format -> write.
"""

__version__ = "0.1.0"
