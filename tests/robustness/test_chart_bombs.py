"""Hostile charts and renders: refused (or stopped) in bounded time and memory, with one clear line.

Like test_bombs.py, dslint runs in a fresh process whose time and peak memory
are measured.  The inputs are built to cost the test almost nothing: an
archive "of 16 GiB" is a tar header followed by one compressed megabyte of
zeros repeated (deflate blocks are independent after a full flush), sparse
files take no disk, and a render that would run for minutes is stopped by the
limit under test.  Each would have run for a minute or taken gigabytes before
the chart limits existed (issue 12).
"""

from __future__ import annotations

import os
import shutil
import tarfile
import zlib
from pathlib import Path

import pytest

from robust_support import baseline_mib, bounded, one_error, run_measured

FIXTURE_CHART = Path(__file__).resolve().parents[1] / "render" / "fixture-chart"
MIB = 1024 * 1024
GIB = 1024 * MIB
CLEAN = "config:\n  existingSSHKeySecret: deepspeed-ssh\n"
# The whole run, whatever the input, under the default limits (docs/guarantees.md).
RUN_SECONDS, RUN_MIB = 10, 1024
# Over the baseline check: a chart run also loads Helm's Go SDK (about 60 MiB) before any input is read.
CHART_MIB = 120
# Before the limits these ran for a minute and more: fail, do not wait for them.
BEFORE_SECONDS = 30


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> float:
    return baseline_mib(tmp_path_factory.mktemp("baseline"))


@pytest.fixture(autouse=True)
def _needs_helm():
    pytest.importorskip("helm_python")


def check_chart(chart: Path, tmp_path: Path, *args: str):
    (tmp_path / "values.yaml").write_text(CLEAN)
    return run_measured("--chart", str(chart), "values.yaml", "--fail-on", "never", *args, cwd=tmp_path,
                        timeout=BEFORE_SECONDS, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})


# --- archives, built cheaply -------------------------------------------------------------------


def _header(name: str, size: int = 0, kind: bytes = tarfile.REGTYPE) -> bytes:
    info = tarfile.TarInfo(name)
    info.size, info.type = size, kind
    return info.tobuf(format=tarfile.GNU_FORMAT)


def _file(name: str, data: bytes) -> bytes:
    return _header(name, len(data)) + data + b"\0" * (-len(data) % 512)


def gzip_of(*parts: tuple[bytes, int]) -> bytes:
    """A gzip stream of each (block, count) in turn, compressing each block once.

    Its trailer holds no real checksum: dslint refuses these archives long before it, and
    computing one over gigabytes would cost what the trick saves.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body, size = bytearray(), 0
    for block, count in parts:
        chunk = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        body += chunk * count
        size += len(block) * count
    body += compressor.flush(zlib.Z_FINISH)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + bytes(body) + (0).to_bytes(4, "little") + \
        (size % 2**32).to_bytes(4, "little")


CHART_YAML = _file("deepspeed/Chart.yaml", b"apiVersion: v2\nname: deepspeed\nversion: 2.1.1\n")
END = b"\0" * 1024


def test_sixteen_gib_of_zeros_before_chart_yaml(tmp_path, baseline):
    zeros = 16 * GIB
    archive = tmp_path / "zeros.tgz"
    archive.write_bytes(gzip_of((_header("deepspeed/zeros.bin", zeros), 1), (b"\0" * MIB, zeros // MIB),
                                (CHART_YAML + END, 1)))
    assert archive.stat().st_size > 10 * MIB  # what an attacker would commit
    run = check_chart(archive, tmp_path)
    one_error(run, "zeros.tgz", "chart file deepspeed/zeros.bin is 16 GiB, more than the 5 MiB limit", "--max-chart-file-size")
    bounded(run, baseline, extra_mib=CHART_MIB, seconds=RUN_SECONDS)


def test_a_million_and_a_half_entries(tmp_path, baseline):
    folders = _header("deepspeed/d/", kind=tarfile.DIRTYPE) * 1024
    archive = tmp_path / "entries.tgz"
    archive.write_bytes(gzip_of((CHART_YAML, 1), (folders, 1500), (END, 1)))
    run = check_chart(archive, tmp_path)
    one_error(run, "entries.tgz", "more than 10000 files", "--max-chart-files")
    bounded(run, baseline, extra_mib=CHART_MIB, seconds=RUN_SECONDS)


def test_an_archive_larger_than_the_chart_limit_unpacked(tmp_path, baseline):
    """Many files each under the per-file limit: the total is refused while streaming."""
    parts = [(CHART_YAML, 1)]
    for index in range(20):
        parts += [(_header(f"deepspeed/files/{index}.bin", 4 * MIB), 1), (b"\0" * MIB, 4)]
    archive = tmp_path / "wide.tgz"
    archive.write_bytes(gzip_of(*parts, (END, 1)))
    run = check_chart(archive, tmp_path)
    one_error(run, "wide.tgz", "the chart unpacked is more than the 32 MiB limit", "--max-chart-size")
    bounded(run, baseline, extra_mib=CHART_MIB, seconds=RUN_SECONDS)


def test_an_archive_under_the_limits_renders_in_bounds(tmp_path, baseline):
    """A real packaged chart, padded to just under every default limit, renders within 10 s and 1 GiB."""
    chart = tmp_path / "padded" / "deepspeed"
    shutil.copytree(FIXTURE_CHART, chart)
    (chart / "files").mkdir()
    for index in range(6):
        (chart / "files" / f"pad{index}.bin").write_bytes(b"\0" * (5 * MIB - 1))
    import helm_python

    archive = helm_python.package(str(chart), destination=str(tmp_path))
    run = check_chart(Path(archive), tmp_path)
    assert run.exit_code == 0, run.stderr[-2000:]
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


@pytest.mark.parametrize("outer", ["folder", "archive"])
def test_a_subchart_archive_is_checked_as_helm_unpacks_it(tmp_path, baseline, outer):
    """Helm unpacks `charts/*.tgz` in memory: a bomb there counts like one at the top."""
    bomb = gzip_of((_file("common/Chart.yaml", b"apiVersion: v2\nname: common\nversion: 1.0.0\n"), 1),
                   (_header("common/zeros.bin", 16 * GIB), 1), (b"\0" * MIB, 64), (END, 1))
    if outer == "folder":
        chart = _chart_copy(tmp_path)
        (chart / "charts").mkdir()
        (chart / "charts" / "common-1.0.0.tgz").write_bytes(bomb)
    else:
        chart = tmp_path / "outer.tgz"
        chart.write_bytes(gzip_of((CHART_YAML + _file("deepspeed/charts/common-1.0.0.tgz", bomb) + END, 1)))
    run = check_chart(chart, tmp_path)
    one_error(run, "chart file common/zeros.bin is 16 GiB, more than the 5 MiB limit")
    bounded(run, baseline, extra_mib=CHART_MIB, seconds=RUN_SECONDS)


# --- chart folders ------------------------------------------------------------------------------


def _chart_copy(tmp_path: Path) -> Path:
    chart = tmp_path / "chart" / "deepspeed"
    shutil.copytree(FIXTURE_CHART, chart)
    return chart


def test_four_hundred_sparse_files_in_a_chart_folder(tmp_path, baseline):
    chart = _chart_copy(tmp_path)
    (chart / "files").mkdir()
    for index in range(400):
        with open(chart / "files" / f"f{index}.bin", "wb") as stream:
            stream.truncate(5 * MIB)  # sparse: no disk, no time; Helm would read 2 GB
    run = check_chart(chart, tmp_path)
    one_error(run, "the chart unpacked is more than the 32 MiB limit", "--max-chart-size")
    bounded(run, baseline, extra_mib=CHART_MIB, seconds=RUN_SECONDS)


def test_a_chart_folder_under_the_limits_renders_in_bounds(tmp_path):
    chart = _chart_copy(tmp_path)
    (chart / "files").mkdir()
    for index in range(6):
        with open(chart / "files" / f"f{index}.bin", "wb") as stream:
            stream.truncate(5 * MIB - 1)
    run = check_chart(chart, tmp_path)
    assert run.exit_code == 0, run.stderr[-2000:]
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


# --- renders ---------------------------------------------------------------------------------


HUGE_REPLICAS = ("--set", "worker.replicaCount=150000", "--set", "worker.externalAccess.enabled=true")
PER_REPLICA_SERVICES = """\
{{- if (.Values.worker.externalAccess | default dict).enabled }}
{{- range $i := until (int .Values.worker.replicaCount) }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ printf "%s-worker-%d-external" $.Release.Name $i }}
  labels:
    app.kubernetes.io/component: worker
spec:
  type: LoadBalancer
  ports:
    - name: ssh
      port: 22
      targetPort: ssh
  selector:
    statefulset.kubernetes.io/pod-name: {{ printf "%s-worker-%d" $.Release.Name $i }}
{{- end }}
{{- end }}
"""


def test_a_huge_replica_count_is_refused_with_an_honest_message(tmp_path):
    """`--set worker.replicaCount=150000` with one external Service per worker: dslint used to parse
    whatever Helm printed and report a misleading DS951; the render is refused by its size or time now."""
    chart = _chart_copy(tmp_path)
    (chart / "templates" / "worker" / "external-services.yaml").write_text(PER_REPLICA_SERVICES)
    run = check_chart(chart, tmp_path, *HUGE_REPLICAS)
    # Which limit stops it first depends on the machine's speed: the size (this chart renders 50 MB
    # in about 4 s here) or the time; either message says why.
    line = one_error(run, "values that multiply objects, like a huge worker.replicaCount")
    assert ("Helm's render is" in line and "more than the 4 MiB limit (raise it with --max-render-size" in line) or \
        "Helm's render did not finish within 5 s and was stopped (raise it with --timeout" in line, line
    assert "DS951" not in run.stdout + run.stderr, line
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


def test_a_huge_replica_count_with_the_real_chart_is_stopped_at_the_timeout(tmp_path):
    """The reported case: the upstream chart takes Helm minutes and gigabytes; stopped at --timeout."""
    chart = Path(os.environ.get("DSLINT_SHARED", FIXTURE_CHART.parents[3] / "shared")) / "charts" / "deepspeed-2.1.1.tgz"
    if not chart.is_file():
        pytest.skip(f"the upstream chart is not at {chart}")
    run = check_chart(chart, tmp_path, *HUGE_REPLICAS)
    line = one_error(run, "Helm's render did not finish within 5 s", "--timeout", "worker.replicaCount")
    assert "DS951" not in run.stdout + run.stderr, line
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


def test_a_set_driven_render_under_the_limits_finishes_in_bounds(tmp_path):
    """The most objects the default limits let through, each read and checked: within 10 s and 1 GiB."""
    chart = _chart_copy(tmp_path)
    (chart / "templates" / "worker" / "external-services.yaml").write_text(PER_REPLICA_SERVICES)
    run = check_chart(chart, tmp_path, "--set", "worker.replicaCount=1990", "--set", "worker.externalAccess.enabled=true")
    assert run.exit_code == 0, run.stderr[-2000:]
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


DENSE_OBJECTS = """\
{{- range $i := until (int .Values.objects) }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ printf "dense-%d" $i }}
data:
{{- range $j := until (int $.Values.keys) }}
  {{ printf "k%d" $j }}: "v"
{{- end }}
{{- end }}
"""


def test_the_densest_render_under_the_limits_finishes_in_bounds(tmp_path):
    """Just under the objects and values limits at once (1,990 objects, about 48,000 values)."""
    chart = _chart_copy(tmp_path)
    (chart / "templates" / "dense.yaml").write_text(DENSE_OBJECTS)
    run = check_chart(chart, tmp_path, "--set", "objects=1990,keys=18")
    assert run.exit_code == 0, run.stderr[-2000:]
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


@pytest.mark.parametrize("objects, keys, message", [
    (2500, 1, "Helm rendered 250"),  # the objects, plus the chart's own
    (1, 60000, "Helm rendered more than 50000 values (raise it with --max-render-values"),
])
def test_a_render_of_too_many_objects_or_values_is_refused_before_parsing(tmp_path, objects, keys, message):
    chart = _chart_copy(tmp_path)
    (chart / "templates" / "dense.yaml").write_text(DENSE_OBJECTS)
    run = check_chart(chart, tmp_path, "--set", f"objects={objects},keys={keys}")
    line = one_error(run, message, "worker.replicaCount")
    assert objects < 2000 or "objects, more than the 2000 limit (raise it with --max-render-objects" in line
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB


def test_a_render_larger_than_the_limit_is_refused_before_parsing(tmp_path):
    chart = _chart_copy(tmp_path)
    (chart / "templates" / "big.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big: {{ repeat 6000000 \"x\" | quote }}\n")
    run = check_chart(chart, tmp_path)
    one_error(run, "Helm's render is 5.7 MiB", "4 MiB limit", "--max-render-size")
    assert "DS951" not in run.stdout
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB
    raised = check_chart(chart, tmp_path, "--max-render-size", str(8 * MIB), "--format", "json")
    assert raised.exit_code == 0 and '"DS95' not in raised.stdout, raised.stderr[-2000:] + raised.stdout[-2000:]


def test_a_render_that_eats_memory_is_stopped(tmp_path, baseline):
    """One template asks Go for 4 GB at once: the render is stopped at --max-render-memory."""
    chart = _chart_copy(tmp_path)
    (chart / "templates" / "huge.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n"
        "  a: {{ repeat 100000000 \"x\" | repeat 40 | len }}\n")
    run = check_chart(chart, tmp_path, "--max-render-memory", str(400 * MIB))
    one_error(run, "dslint's memory while Helm's render ran", "--max-render-memory", "stopped")
    print(f"\n  measured: {run.seconds:.2f} s, peak {run.peak_mib:.0f} MiB", end="")
    assert run.seconds < RUN_SECONDS and run.peak_mib < RUN_MIB
