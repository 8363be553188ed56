"""Writing rendered manifests, and `--check`: is what is on disk what the render gives?

Three destinations:

* stdout (no `-o`, or `-o -`): the stream, as `helm template` prints it;
* a file (`-o manifests.yaml`): the same stream, written atomically;
* a directory (`-o DIR`): one file per object, `<kind>-<name>.yaml`.

A directory is replaced as a whole: the files are written into a new
directory next to it, which is then swapped in, so a failure leaves the old
one exactly as it was and objects the chart no longer renders disappear.
dslint only replaces a directory that holds nothing but files it wrote, never
follows a symbolic link inside it, and never writes outside it.

What is already at the destination is untrusted input (a pull request can
commit anything there): it is never opened unless it is a regular file, and
never read past a size limit.  Files holding a Secret are written 0600; a
replaced file or directory keeps its mode.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any, NamedTuple

from dslint import interrupts, secrets
from dslint.lazy import LazyPattern
from dslint.load.errors import InputError
from dslint.load.yaml_tree import DEFAULT_LIMITS, Limits
from dslint.render.generated import mask
from dslint.render.stream import HEADER_MARK, header
from dslint.secrets import printable

if TYPE_CHECKING:
    from dslint.manifests.documents import ManifestDocument
    from dslint.render.pipeline import Rendering

STDOUT, FILE, DIRECTORY = "stdout", "file", "directory"
_UNSAFE = LazyPattern(r"[^A-Za-z0-9.-]")
_MAX_STEM = 200


class Destination(NamedTuple):
    kind: str
    path: str = ""

    def describe(self) -> str:
        return "stdout" if self.kind == STDOUT else self.path


def destination(output: str | None) -> Destination:
    """`-o` as a destination: '-' or nothing is stdout, `*.yaml`/`*.yml` a file, anything else a directory."""
    if not output or output == "-":
        return Destination(STDOUT)
    if os.path.isdir(output) or not output.endswith((".yaml", ".yml")):
        return Destination(DIRECTORY, output)
    return Destination(FILE, output)


# --- what goes where ------------------------------------------------------------------


def directory_files(rendering: Rendering) -> dict[str, str]:
    """File name -> content for a directory: one object per file, each with the header."""
    names = object_file_names([o.manifest for o in rendering.objects])
    files = {}
    for name, obj in zip(names, rendering.objects, strict=True):
        text = obj.document.helm_text()
        generated = bool(rendering.generated) and mask(text) != text
        files[name] = header(rendering.chart.describe(), rendering.release_name, rendering.namespace, generated) + text
    return files


def secret_files(rendering: Rendering) -> set[str]:
    """The names in `directory_files` whose object is a Secret (or a list holding one)."""
    names = object_file_names([o.manifest for o in rendering.objects])
    return {name for name, obj in zip(names, rendering.objects, strict=True) if holds_secret(obj.manifest.data)}


def holds_secret(data: Any) -> bool:
    """A Secret, or a `List`/`SecretList` whose items hold one: written 0600."""
    if not isinstance(data, dict):
        return False
    kind = str(data.get("kind", ""))
    if kind == "Secret":
        return True
    items = data.get("items")
    return kind.endswith("List") and isinstance(items, list) and any(holds_secret(item) for item in items)


def object_file_names(manifests: list[ManifestDocument]) -> list[str]:
    """`<kind>-<name>.yaml`; objects sharing kind and name add `_<namespace>`, true duplicates `__<n>`.

    Kubernetes names and namespaces never contain `_`, so the suffixes cannot
    collide with another object's plain name.
    """
    stems = [f"{_part(m.kind.lower()) or 'object'}-{_part(m.name) or 'unnamed'}" for m in manifests]
    from collections import Counter

    shared = Counter(stems)
    stems = [f"{stem}_{_part(m.namespace)}" if shared[stem] > 1 and m.namespace else stem
             for stem, m in zip(stems, manifests, strict=True)]
    seen: Counter[str] = Counter()
    out = []
    for stem in stems:
        seen[stem] += 1
        unique = stem if seen[stem] == 1 else f"{stem}__{seen[stem]}"
        if len(unique) > _MAX_STEM:
            import hashlib

            unique = unique[:_MAX_STEM - 9] + "-" + hashlib.sha256(unique.encode()).hexdigest()[:8]
        out.append(unique + ".yaml")
    return out


def _part(text: str) -> str:
    return _UNSAFE.sub("-", text)


# --- writing ----------------------------------------------------------------------------


def write(rendering: Rendering, dest: Destination) -> str:
    """Write the manifests; returns what goes to stdout ('' unless the destination is stdout)."""
    if dest.kind == STDOUT:
        return rendering.text
    try:
        if dest.kind == FILE:
            private = any(holds_secret(o.manifest.data) for o in rendering.objects)
            _write_file(dest.path, rendering.text, private)
        else:
            _write_directory(dest.path, directory_files(rendering), secret_files(rendering))
    except OSError as err:
        raise InputError(_write_failure(err, dest.path), dest.path) from None
    return ""


def _write_failure(err: OSError, target: str) -> str:
    """One line on a failed write, naming the path in the way when it is not the output itself."""
    culprit = err.filename if isinstance(err.filename, str) else None
    if culprit is None or os.path.abspath(culprit) == os.path.abspath(target):
        return f"cannot write the manifests: {err.strerror or err}"
    if os.path.lexists(culprit) and not os.path.isdir(culprit):
        return f"cannot write the manifests: {culprit} is in the way (a file where a directory must be)"
    # A temporary name of dslint's own tells the user nothing.
    shown = "" if ".dslint-" in os.path.basename(culprit) else f" ({culprit})"
    return f"cannot write the manifests: {err.strerror or err}{shown}"


def _write_file(path: str, text: str, private: bool) -> None:
    from dslint.atomic_write import write_atomic

    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    write_atomic(path, text, private=private)


def _write_directory(directory: str, files: dict[str, str], private: set[str]) -> None:
    import shutil
    import tempfile

    target = os.path.abspath(directory)
    _refuse_foreign(directory, target)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    previous = _previous_directory(target)
    staging = None
    try:
        # A signal between creating the staging directory and naming it here would leak it.
        with interrupts.deferred():
            staging = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.dslint-", dir=parent)
        handle = os.open(staging, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
        try:
            _inherit_group(handle, previous)
            for name, text in files.items():
                _write_new_file(os.path.join(staging, name), text, name in private)
            _fsync(staging)
            # Private (mkdtemp's 0700) while it fills; the old directory's mode once complete.
            os.fchmod(handle, stat.S_IMODE(previous.st_mode) if previous else _new_directory_mode())
        finally:
            os.close(handle)
        with interrupts.deferred():  # the swap and its undo are one step
            _swap_in(staging, target)
            _fsync(parent)
    finally:
        # After the swap this holds the previous directory; after a failure, the partial new one.
        if staging is not None:
            with interrupts.deferred():
                shutil.rmtree(staging, ignore_errors=True)


def _previous_directory(target: str) -> os.stat_result | None:
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    return info if stat.S_ISDIR(info.st_mode) else None


def _new_directory_mode() -> int:
    from dslint.atomic_write import umask

    return 0o777 & ~umask()


def _inherit_group(handle: int, previous: os.stat_result | None) -> None:
    """A shared folder (`chgrp team out; chmod 2770 out`) stays the team's: its group, and its set-group-ID bit.

    Set before the files are written, so that they get the group too.  A
    group the user is not in cannot be given; the directory then has the user's.
    """
    if previous is None:
        return
    try:
        if os.fstat(handle).st_gid != previous.st_gid:
            os.fchown(handle, -1, previous.st_gid)
    except OSError:
        return
    if previous.st_mode & stat.S_ISGID:
        os.fchmod(handle, 0o700 | stat.S_ISGID)


def _refuse_foreign(shown: str, target: str) -> None:
    if os.path.islink(target):
        raise InputError("the output directory is a symbolic link; give the directory it points to", shown)
    if not os.path.lexists(target):
        return
    if not os.path.isdir(target):
        raise InputError("the output path exists and is not a directory (a stream goes to a .yaml file)", shown)
    foreign = sorted(name for name, text in _existing_entries(target, None).items() if text is None)
    if foreign:
        listed = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise InputError(f"the output directory holds files dslint did not write ({listed}); "
                         "render into an empty directory or one dslint owns", shown)


def _write_new_file(path: str, text: str, private: bool) -> None:
    from dslint.atomic_write import PRIVATE

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    # Created with its final mode (the umask applies), never widened afterwards.
    handle = os.open(path, flags, PRIVATE if private else 0o666)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync(directory: str) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _swap_in(staging: str, target: str) -> None:
    """Put `staging` at `target`; afterwards `staging` holds the old directory (if there was one)."""
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    # No atomic exchange (not Linux): two renames, undoing the first if the second fails.
    backup = staging + ".previous"
    os.rename(target, backup)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(backup, target)
        raise
    os.rename(backup, staging)


def _exchange(first: str, second: str) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one step."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0)


# --- --check ------------------------------------------------------------------------------


def stale_diff(rendering: Rendering, dest: Destination, limits: Limits = DEFAULT_LIMITS) -> str:
    """A unified diff from what is at `dest` to what the render gives; '' when they agree.

    When the chart generated a key, its value and the checksum/* annotations
    are compared masked: they differ on every render.  What is on disk is
    read up to `limits.max_bytes` in all (--max-file-size), like a values file.
    """
    budget = _ReadBudget(dest.path, limits)
    if dest.kind == FILE:
        name = os.path.basename(dest.path)
        expected = {name: rendering.text}
        existing = {name: _read_output(dest.path, budget, ours_only=False)} if os.path.lexists(dest.path) else {}
    else:
        expected = directory_files(rendering)
        existing = (_existing_entries(dest.path, budget)
                    if os.path.isdir(dest.path) and not os.path.islink(dest.path) else {})
    compare = mask if rendering.generated else (lambda text: text)
    root = dest.path if dest.kind == DIRECTORY else os.path.dirname(dest.path)
    out = []
    for name in sorted(set(expected) | set(existing)):
        # Names in the output folder are input: escaped, so a name cannot start a line of its own.
        shown = printable(os.path.join(root, name) if root else name)
        old = existing.get(name)
        if old is not None:
            secrets.current().add_manifest_text(old, shown)  # its Secrets show on the "-" lines
        new = expected.get(name)
        if name in existing and old is None:
            out.append(f"dslint: {shown} is not a file dslint wrote (a symbolic link, a directory or another file)\n")
            continue
        old_text = compare(old) if old is not None else ""
        new_text = compare(new) if new is not None else ""
        if old_text != new_text:
            import difflib

            out.extend(difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                            fromfile=f"{shown} (on disk)" if old is not None else "/dev/null",
                                            tofile=f"{shown} (rendered)" if new is not None else "/dev/null"))
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
    return "".join(out)


class _ReadBudget:
    """How much more of an existing output `--check` may read: a planted 10 GB file is not read."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path, self.limits, self.left = path, limits, limits.max_bytes

    def refuse_beyond(self, size: int, path: str) -> None:
        if size > self.left:
            from dslint.load.files import _too_big

            if size > self.limits.max_bytes:  # this file alone
                raise InputError(_too_big(self.limits), path)
            raise InputError("its files together are " + _too_big(self.limits), self.path)

    def take(self, size: int, path: str) -> None:
        self.refuse_beyond(size, path)
        self.left -= size


def _existing_entries(directory: str, budget: _ReadBudget | None) -> dict[str, str | None]:
    """Every entry of an output directory: its text when dslint wrote it, else None.

    Without a budget only the start of each file is read (to tell dslint's
    files from others), and a file dslint wrote maps to ''.
    """
    entries: dict[str, str | None] = {}
    for name in os.listdir(directory):
        entries[name] = _read_output(os.path.join(directory, name), budget) if name.endswith(".yaml") else None
    return entries


def _read_output(path: str, budget: _ReadBudget | None, ours_only: bool = True) -> str | None:
    """The text of a file dslint wrote ('' without a budget); None for anything else.

    `ours_only=False`: any regular file's text (a stream file is compared whatever it holds).

    Only a regular file is opened, never through a symbolic link: `lstat`
    first, then a non-blocking open whose file must be the one `lstat` saw.
    A FIFO planted at the path would otherwise block the open forever, and a
    device could do anything.
    """
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    mark = HEADER_MARK.encode()
    with os.fdopen(handle, "rb") as stream:
        opened = os.fstat(stream.fileno())
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
            return None
        start = stream.read(len(mark))
        if ours_only and start != mark:
            return None
        if budget is None:
            return ""
        budget.refuse_beyond(opened.st_size, path)  # before reading it
        # Never more than the budget left, even if the file grows meanwhile.
        data = start + stream.read(max(budget.left - len(start) + 1, 0))
        budget.take(len(data), path)
    return data.decode("utf-8", "replace")
