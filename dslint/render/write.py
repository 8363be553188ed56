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
"""

from __future__ import annotations

import os
from typing import NamedTuple

from dslint import secrets
from dslint.lazy import LazyPattern
from dslint.load.errors import InputError
from dslint.render.generated import mask
from dslint.render.stream import HEADER_MARK, header
from dslint.secrets import printable

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


def directory_files(rendering) -> dict[str, str]:
    """File name -> content for a directory: one object per file, each with the header."""
    names = object_file_names([o.manifest for o in rendering.objects])
    files = {}
    for name, obj in zip(names, rendering.objects):
        text = obj.document.helm_text()
        generated = bool(rendering.generated) and mask(text) != text
        files[name] = header(rendering.chart.describe(), rendering.release_name, rendering.namespace, generated) + text
    return files


def object_file_names(manifests) -> list[str]:
    """`<kind>-<name>.yaml`; objects sharing kind and name add `_<namespace>`, true duplicates `__<n>`.

    Kubernetes names and namespaces never contain `_`, so the suffixes cannot
    collide with another object's plain name.
    """
    stems = [f"{_part(m.kind.lower()) or 'object'}-{_part(m.name) or 'unnamed'}" for m in manifests]
    from collections import Counter

    shared = Counter(stems)
    stems = [f"{stem}_{_part(m.namespace)}" if shared[stem] > 1 and m.namespace else stem
             for stem, m in zip(stems, manifests)]
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


def write(rendering, dest: Destination) -> str:
    """Write the manifests; returns what goes to stdout ('' unless the destination is stdout)."""
    if dest.kind == STDOUT:
        return rendering.text
    try:
        if dest.kind == FILE:
            _write_file(dest.path, rendering.text)
        else:
            _write_directory(dest.path, directory_files(rendering))
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


def _default_mode(mode: int) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def _write_file(path: str, text: str) -> None:
    from dslint.output import write_atomic

    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    write_atomic(path, text)
    # write_atomic's temporary file is private (0600); manifests get the usual mode.
    os.chmod(path, _default_mode(0o666))


def _write_directory(directory: str, files: dict[str, str]) -> None:
    import shutil
    import tempfile

    target = os.path.abspath(directory)
    _refuse_foreign(directory, target)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.dslint-", dir=parent)
    try:
        os.chmod(staging, _default_mode(0o777))
        for name, text in files.items():
            _write_new_file(os.path.join(staging, name), text)
        _fsync(staging)
        _swap_in(staging, target)
        _fsync(parent)
    finally:
        # After the swap this holds the previous directory; after a failure, the partial new one.
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_foreign(shown: str, target: str) -> None:
    if os.path.islink(target):
        raise InputError("the output directory is a symbolic link; give the directory it points to", shown)
    if not os.path.lexists(target):
        return
    if not os.path.isdir(target):
        raise InputError("the output path exists and is not a directory (a stream goes to a .yaml file)", shown)
    foreign = sorted(name for name, text in _existing_entries(target).items() if text is None)
    if foreign:
        listed = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise InputError(f"the output directory holds files dslint did not write ({listed}); "
                         "render into an empty directory or one dslint owns", shown)


def _write_new_file(path: str, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags, 0o666)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync(directory: str) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
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
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


# --- --check ------------------------------------------------------------------------------


def stale_diff(rendering, dest: Destination) -> str:
    """A unified diff from what is at `dest` to what the render gives; '' when they agree.

    When the chart generated a key, its value and the checksum/* annotations
    are compared masked: they differ on every render.
    """
    if dest.kind == FILE:
        name = os.path.basename(dest.path)
        expected = {name: rendering.text}
        existing = {name: _read_regular(dest.path)} if os.path.lexists(dest.path) else {}
    else:
        expected = directory_files(rendering)
        existing = _existing_entries(dest.path) if os.path.isdir(dest.path) and not os.path.islink(dest.path) else {}
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


def _existing_entries(directory: str) -> dict[str, str | None]:
    """Every entry of an output directory: its text when dslint wrote it, else None."""
    entries: dict[str, str | None] = {}
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        text = _read_regular(path) if name.endswith(".yaml") else None
        entries[name] = text if text is not None and text.startswith(HEADER_MARK) else None
    return entries


def _read_regular(path: str) -> str | None:
    """A regular file's text, never through a symbolic link; None when there is none."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        import stat

        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        data = stream.read()
    return data.decode("utf-8", "replace")
