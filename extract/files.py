"""Write output files atomically: through a temporary file beside each target, renamed over it when
complete, so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicOutputs:
    """Several output files written as streams: all replaced at ``commit()``, none if anything fails first.

    Each file is written to a temporary file beside it; ``commit`` renames them all, ``abort`` (or leaving
    the ``with`` block by an exception, Ctrl-C included) deletes them, so earlier outputs stay as they were.
    """

    def __init__(self, paths: list[Path]) -> None:
        self._handles: dict[Path, tuple[str, Any]] = {}
        self._made: list[Path] = []  # folders created here, removed again on abort if left empty
        try:
            for path in paths:
                path = Path(path)
                try:
                    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self._made.extend(missing)
                    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                except OSError as exc:
                    raise InputError(f"{path.parent}: cannot write there ({exc.strerror})") from None
                try:
                    self._handles[path] = (tmp, os.fdopen(fd, "wb"))
                except BaseException:
                    os.close(fd)
                    Path(tmp).unlink(missing_ok=True)
                    raise
        except BaseException:
            self.abort()
            raise

    def write(self, path: Path, data: bytes) -> None:
        self._handles[Path(path)][1].write(data)

    def commit(self) -> None:
        """Replace every output. A target that cannot take a file is found before anything is replaced; an
        OS error during the renames (disk full, permission) puts the earlier files back, from hard links
        kept of them, so the outputs are the old set or the new set, not a mix."""
        for tmp, fh in self._handles.values():
            fh.close()
            os.chmod(tmp, 0o666 & ~_umask())
        for path in self._handles:
            if path.is_dir():
                raise InputError(f"{path}: is a folder where dckg writes a file; nothing was replaced")
        backups: dict[Path, str] = {}
        done: list[Path] = []
        try:
            for path in self._handles:
                if path.exists():
                    backup = f"{path.parent}/.{path.name}.{os.getpid()}.old"
                    try:
                        os.link(path, backup)
                        backups[path] = backup
                    except OSError:
                        pass  # no hard links here: the renames below are still each atomic
            for path, (tmp, _) in self._handles.items():
                os.replace(tmp, path)
                done.append(path)
        except OSError:
            for path in done:
                if path in backups:
                    os.replace(backups.pop(path), path)
                else:
                    path.unlink(missing_ok=True)
            raise
        finally:
            for backup in backups.values():
                Path(backup).unlink(missing_ok=True)
        self._handles = {}
        self._made = []

    def abort(self) -> None:
        for tmp, fh in self._handles.values():
            fh.close()
            Path(tmp).unlink(missing_ok=True)
        self._handles = {}
        for folder in self._made:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break
        self._made = []

    def __enter__(self) -> AtomicOutputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()  # after commit() there is nothing left to abort


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary file in the same folder, renamed over the target when complete."""
    with AtomicOutputs([path]) as out:
        out.write(path, data)
        out.commit()
