"""Publishing an output folder all at once, safely against kills and concurrent runs.

An output folder such as ``data/processed`` is a symbolic link to a versioned folder beside it
(``.processed-v-<id>``). A run writes a new version into a temporary folder, then points the
link at it with one ``os.replace``, which is atomic: a reader (a web server, a notebook, a
second run) sees the old version or the new one, never a mix and never nothing. A run killed at
any moment leaves the link and the version it points to whole; the folders it left behind are
removed by the next run. Runs on one folder take turns under an exclusive lock (``filelock``),
and the version before the current one is kept until the next run, so a reader that opened it
just before a swap can finish.

Published folders are world-readable (0755, files 0644), whatever the umask, so that a web
server running as another user can serve them.
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

from .errors import SolieuError

__all__ = ["replaced_atomically", "recover", "publish_permissions", "output_lock"]

_DIR_MODE = 0o755
_FILE_MODE = 0o644


def _names(out: Path) -> tuple[str, str, str]:
    """Prefixes of the versions, temporary folders and temporary links of ``out``."""
    return f".{out.name}-v-", f".{out.name}-tmp-", f".{out.name}-link-"


def output_lock(out: Path) -> FileLock:
    """The lock that runs writing ``out`` take turns under (a file beside it, git-ignored)."""
    return FileLock(str(out.parent / f".{out.name}.lock"))


@contextmanager
def replaced_atomically(out: Path) -> Iterator[Path]:
    """Yield a fresh, empty folder; when the block succeeds it becomes ``out`` at once (see the
    module docstring); when it raises, it is removed and ``out`` is left as it was.

    Raises :class:`SolieuError` when the folder beside ``out`` cannot be written (read-only,
    disk full), naming it; nothing is half-written then either."""
    out = Path(out)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        lock = output_lock(out)
        lock.acquire()
    except OSError as exc:
        raise SolieuError(f"cannot write the output folder: {_reason(exc)}", parent) from None
    try:
        _clean_leftovers(out)
        version_prefix, tmp_prefix, link_prefix = _names(out)
        tag = uuid.uuid4().hex[:12]
        tmp = parent / f"{tmp_prefix}{tag}"
        try:
            tmp.mkdir(mode=_DIR_MODE)
        except OSError as exc:
            raise SolieuError(f"cannot write the output folder: {_reason(exc)}", parent) from None
        try:
            yield tmp
            publish_permissions(tmp)
            version = parent / f"{version_prefix}{tag}"
            tmp.rename(version)
            _point(out, version, parent / f"{link_prefix}{tag}")
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise SolieuError(f"cannot write the output: {_reason(exc)}", out) from None
        except SolieuError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if exc.where and exc.where.startswith(str(tmp)):  # name the output, not the temp
                raise SolieuError(exc.what, out) from None
            raise
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _clean_leftovers(out)
    finally:
        lock.release()


def recover(out: Path) -> None:
    """Bring ``out`` back after an interrupted run and remove what such runs left (waits for a
    run in progress). Any run that writes ``out`` calls it first."""
    if not out.parent.is_dir():
        return
    lock = output_lock(out)
    try:
        lock.acquire()
    except OSError:  # a read-only place: no run of ours can have left anything there
        return
    try:
        _clean_leftovers(out)
    finally:
        lock.release()


def _point(out: Path, version: Path, tmp_link: Path) -> None:
    """Make ``out`` a link to ``version`` with one atomic rename. An ``out`` that is still a
    real folder (made before versions were used, or by another tool) becomes a version first."""
    if out.exists() and not out.is_symlink():
        prefix = _names(out)[0]
        out.rename(out.parent / f"{prefix}{uuid.uuid4().hex[:12]}")
    os.symlink(version.name, tmp_link)  # relative: the project folder can be moved
    os.replace(tmp_link, out)


def _current(out: Path) -> str | None:
    """Name of the version ``out`` points to."""
    try:
        return os.readlink(out) if out.is_symlink() else None
    except OSError:
        return None


def _clean_leftovers(out: Path) -> None:
    """Remove what earlier runs left beside ``out`` (called under the lock): temporary folders
    and links of killed runs, and every version but the current one and the one before it."""
    version_prefix, tmp_prefix, link_prefix = _names(out)
    current = _current(out)
    if out.is_symlink() and not out.exists():  # the version it pointed to is gone
        out.unlink()
        current = None
    versions = []
    for p in out.parent.iterdir():
        name = p.name
        if name.startswith((tmp_prefix, link_prefix)):
            _remove(p)
        elif name.startswith(version_prefix) and name != current:
            versions.append(p)
    if not out.exists() and not out.is_symlink() and versions:
        # a swap interrupted before the link was made: the newest version becomes current
        newest = max(versions, key=lambda p: p.stat().st_mtime)
        os.symlink(newest.name, out)
        versions.remove(newest)
    versions.sort(key=lambda p: p.stat().st_mtime)
    for p in versions[:-1]:  # keep the one before the current version for open readers
        _remove(p)


def _remove(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink(missing_ok=True)
    else:
        shutil.rmtree(p, ignore_errors=True)


def publish_permissions(folder: Path) -> None:
    """Folders 0755 and files 0644 below (and including) ``folder``."""
    os.chmod(folder, _DIR_MODE)
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(root, d), _DIR_MODE)
        for f in files:
            path = os.path.join(root, f)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                os.chmod(path, _FILE_MODE)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
