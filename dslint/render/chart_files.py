"""The chart's files, checked before Helm loads them; its Chart.yaml, read as Helm will read it.

A chart folder is walked without reading any file: sizes come from the file
system, so 400 sparse 5 MiB files cost nothing to refuse.  A symbolic link
that leaves the chart is refused: Helm's loader follows it, and a template
could then print any file of the machine (`.Files.Get`) into a message.

An archive is read as a stream, one entry header at a time: sizes and counts
are known before any content is decompressed, so 16 GiB of zeros or a million
empty entries are refused at the first header past the limit.  Helm drops
the first path component of every entry and merges what remains, so an
archive with `deepspeed/Chart.yaml` and `evil/Chart.yaml` would be rendered
from the last one while its first names the chart: an archive must hold one
top-level folder, and no file twice.
"""

from __future__ import annotations

import os
import posixpath
import stat
from typing import IO, NamedTuple

from dslint.load.errors import InputError
from dslint.render.limits import ChartLimits, too_big

MAX_CHART_YAML = 1024 * 1024


class ChartFiles(NamedTuple):
    """What the walk found: Chart.yaml's bytes, and the totals it checked."""

    chart_yaml: bytes
    files: int
    size: int


class _Tally:
    """Running totals against the limits; raises at the first one crossed."""

    def __init__(self, limits: ChartLimits, source: str) -> None:
        self.limits = limits
        self.source = source
        self.files = 0
        self.size = 0

    def entry(self, name: str, size: int) -> None:
        self.files += 1
        if self.files > self.limits.max_chart_files:
            raise InputError(f"the chart has more than {self.limits.max_chart_files} files "
                             "(raise it with --max-chart-files if the chart is trusted)", self.source)
        if size > self.limits.max_chart_file_size:
            raise too_big(f"chart file {name}", size, self.limits.max_chart_file_size, "max_chart_file_size",
                          self.source)
        self.size += size
        if self.size > self.limits.max_chart_size:
            raise too_big("the chart unpacked", None, self.limits.max_chart_size, "max_chart_size", self.source)


def inspect_chart(path: str, limits: ChartLimits) -> ChartFiles:
    """Check a chart folder or archive against `limits`; its Chart.yaml bytes."""
    if os.path.isdir(path):
        return _inspect_folder(path, limits)
    return _inspect_archive(path, limits)


def _inspect_folder(path: str, limits: ChartLimits) -> ChartFiles:
    root = os.path.realpath(path)
    tally = _Tally(limits, path)
    chart_yaml = os.path.join(path, "Chart.yaml")
    if not os.path.isfile(chart_yaml):
        raise InputError("no Chart.yaml: not a Helm chart directory", path)
    # Helm's loader follows links (to files and folders alike); so does this walk, after
    # checking that each link stays inside the chart.  Every entry counts, so a link loop ends
    # at --max-chart-files.
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as err:
            raise InputError(f"cannot read the chart: {err.strerror or err}", path) from None
        for entry in entries:
            shown = os.path.relpath(os.path.join(folder, entry.name), root)
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if os.path.commonpath([root, target]) != root:
                    raise InputError(f"chart file {shown} is a symbolic link to outside the chart; Helm would read "
                                     "that file into the chart, so dslint refuses it", path)
            try:
                info = os.stat(entry.path)
            except OSError as err:
                raise InputError(f"cannot read chart file {shown}: {err.strerror or err}", path) from None
            if entry.is_dir():
                tally.entry(shown, 0)
                pending.append(entry.path)
            elif not stat.S_ISREG(info.st_mode):
                # A FIFO or a device would hold Helm's loader forever (or feed it without end).
                raise InputError(f"chart file {shown} is not a regular file (a FIFO, socket or device)", path)
            else:
                tally.entry(shown, info.st_size)
                if _is_subchart_archive(shown.replace(os.sep, "/")):
                    with open(entry.path, "rb") as stream:
                        _walk_archive(stream, tally, f"{path}: {shown}", depth=1)
    with open(chart_yaml, "rb") as stream:
        text = stream.read(MAX_CHART_YAML + 1)
    return ChartFiles(text, tally.files, tally.size)


# Helm loads a subchart packaged under `charts/` by unpacking it in memory, subcharts of subcharts too:
# their entries count against the same limits, to this depth.
_NESTED_DEPTH = 5


def _is_subchart_archive(inside: str) -> bool:
    folder, _, name = inside.rpartition("/")
    return (folder == "charts" or folder.endswith("/charts")) and name.endswith((".tgz", ".tar.gz"))


def _inspect_archive(path: str, limits: ChartLimits) -> ChartFiles:
    tally = _Tally(limits, path)
    with open(path, "rb") as stream:
        chart_yaml = _walk_archive(stream, tally, path, depth=0)
    if chart_yaml is None:
        raise InputError("the archive holds no <chart>/Chart.yaml", path)
    return ChartFiles(chart_yaml, tally.files, tally.size)


def _walk_archive(stream: IO[bytes], tally: _Tally, path: str, depth: int) -> bytes | None:
    """Every entry of a gzipped tar stream through `tally`; the chart's Chart.yaml (depth 0 only)."""
    import gzip
    import tarfile
    import zlib

    top: str | None = None
    seen: set[str] = set()
    chart_yaml: bytes | None = None
    try:
        # A stream ("r|"), never seeking back: each header is read before its content.  Helm reads
        # gzip only; gzip's own reader, as tarfile's misreads the FEXTRA header Helm writes.
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped, \
                tarfile.open(fileobj=unzipped, mode="r|") as archive:
            for member in archive:
                if member.isdir():
                    tally.entry(member.name, 0)
                    continue
                first, inside = _helm_name(member.name, path)
                tally.entry(member.name, member.size)
                if top is None:
                    top = first
                elif first != top:
                    raise InputError(f"the archive holds more than one top-level folder ({top}/ and {first}/); "
                                     "Helm would merge them into one chart, so dslint refuses it", path)
                if inside in seen:
                    raise InputError(f"the archive holds {first}/{inside} twice; Helm would use the last one, "
                                     "so dslint refuses it", path)
                seen.add(inside)
                if inside == "Chart.yaml" and depth == 0:
                    if member.size > MAX_CHART_YAML:
                        raise InputError("Chart.yaml is larger than 1 MiB", path)
                    content = archive.extractfile(member)
                    chart_yaml = content.read() if content is not None else b""
                elif _is_subchart_archive(inside) and member.isfile():
                    if depth >= _NESTED_DEPTH:
                        raise InputError(f"subcharts nested more than {_NESTED_DEPTH} archives deep", path)
                    content = archive.extractfile(member)
                    if content is not None:
                        _walk_archive(content, tally, f"{path}: {member.name}", depth + 1)
    except (tarfile.ReadError, gzip.BadGzipFile):
        # tarfile lists every compression it tried; the user needs one sentence.
        raise InputError("not a chart: neither a chart directory nor a .tgz archive (helm package makes one)",
                         path) from None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise InputError(f"not a chart archive: {err}", path) from None
    return chart_yaml


def _helm_name(name: str, source: str) -> tuple[str, str]:
    """(top-level folder, path inside the chart), as Helm's archive loader splits an entry's name."""
    delimiter = "\\" if "\\" in name else "/"
    parts = name.split(delimiter)
    inside = posixpath.normpath("/".join(parts[1:])) if len(parts) > 1 else ""
    if not inside or inside == "." or inside.startswith(("/", "..")):
        raise InputError(f"the archive entry {name!r} is not inside a chart folder", source)
    return parts[0], inside
