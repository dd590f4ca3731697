"""Replacing an output folder all at once, so a failed run leaves the previous one whole."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["replaced_atomically"]


@contextmanager
def replaced_atomically(out: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``out``. When the block succeeds it takes the place
    of ``out`` (two renames on one file system); when it raises, it is removed and ``out`` is
    left as it was."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-tmp-", dir=out.parent))
    try:
        yield tmp
        old = None
        if out.exists():
            old = out.parent / f".{out.name}-old-{uuid.uuid4().hex[:8]}"
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
