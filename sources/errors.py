"""Errors that ``sources/`` raises for input it cannot use.

Each carries a one-line, user-facing reason; the CLI prints it and exits
non-zero instead of showing a traceback.
"""


class SourceError(Exception):
    """A document could not be read or yielded nothing usable."""


class UnreadableDocument(SourceError):
    """The file is missing, a directory, binary, empty, corrupt or encrypted."""


class NoTasksFound(SourceError):
    """A document read as a task list holds no recognisable tasks."""
