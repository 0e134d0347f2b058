"""Write output files atomically: through a temporary file beside each target, renamed over it when
complete, so a reader sees the old file or the new one, never half of one.

A set of outputs is committed through a journal: before the first rename, the list of renames is written
(atomically) beside the first output; it is removed after the last. A run killed between two renames
(kill -9, power loss) leaves the journal and the complete new temporaries, and the next dckg that writes
into that folder finishes the renames before anything else (roll forward), so the set ends as the new
one, never a mix that stays. Temporaries of dead processes (their pid is in the name) are removed then too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .errors import InputError
from .processes import alive

JOURNAL = ".dckg-commit.json"
_STALE = re.compile(r"^\..+\.(?P<pid>[0-9]+)\.(?:[^.]+\.tmp|old)$")


def recover(folder: Path) -> None:
    """Finish a commit a dead process left half done in ``folder``, then remove dead processes'
    temporaries. A live process's journal or temporaries are left alone."""
    journal = folder / JOURNAL
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    if isinstance(record, dict) and not alive(int(record.get("pid", 0))):
        for tmp, target in record.get("renames", []):
            if Path(tmp).exists():
                os.replace(tmp, target)
        journal.unlink(missing_ok=True)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _STALE.match(name)
        if m and not alive(int(m.group("pid"))):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


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
                    recover(path.parent)
                    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                               dir=path.parent)
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
        journal = next(iter(self._handles)).parent / JOURNAL if len(self._handles) > 1 else None
        if journal is not None:
            renames = [[os.path.abspath(tmp), str(path.resolve())] for path, (tmp, _) in self._handles.items()]
            record = {"pid": os.getpid(), "renames": renames}
            write_file = journal.with_name(f"{JOURNAL}.{os.getpid()}.j.tmp")
            write_file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            os.replace(write_file, journal)
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
        except BaseException:  # an OS error, or being told to stop (Ctrl-C, SIGTERM) between two renames
            for path in done:
                if path in backups:
                    os.replace(backups.pop(path), path)
                else:
                    path.unlink(missing_ok=True)
            raise
        finally:
            if journal is not None:
                journal.unlink(missing_ok=True)
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
