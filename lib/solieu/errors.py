"""The one exception a user of solieu sees.

Every failure a user can cause (a bad file, a bad catalog, a full disk, an unreachable URL) is
raised as a :class:`SolieuError`, or a subclass, whose message says what went wrong and names
the file or source: ``<what> (<where>)``. The command line prints it as one line,
``solieu: error: <what> (<where>)``, and exits with status 2; nothing is half-written.
"""

from __future__ import annotations

import os

__all__ = ["SolieuError", "printable"]


class SolieuError(ValueError):
    """A failure caused by the input or the environment, with the file or source it concerns.

    ``what`` says what went wrong, ``where`` names the file, folder, URL or entry (or is None
    when there is none); ``str(err)`` is ``"<what> (<where>)"``. A subclass of ValueError, so
    code that catches ValueError keeps working."""

    def __init__(self, what: str, where: str | os.PathLike[str] | None = None) -> None:
        self.what = what
        self.where = None if where is None else printable(os.fspath(where))
        super().__init__(f"{what} ({self.where})" if self.where else what)

    def __reduce__(self):  # crosses process boundaries intact (a build's workers)
        return (type(self), (self.what, self.where))


def printable(name: str) -> str:
    """A file name as text that can always be printed: bytes that are not valid UTF-8 (kept by
    Python as lone surrogates) are shown as ``\\xNN`` escapes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name
