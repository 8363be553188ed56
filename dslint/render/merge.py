"""One root cause, one finding: a values finding absorbs what Helm and the manifests say about it.

`image.tag: latest` is one mistake.  The values lane reports it (DS801) at the
line; the render lane would report the same tag again in every container that
runs the image (DS906 x5), located at the same value.  A mis-indented
`resources` key is DS101/DS102 in the values and DS901 in the manifests; a
mirrored registry that chart 2.3.51 refuses is DS803 in the values and Helm's
own refusal (DS950).

After suppressions, a finding of a later stage (Helm, manifests) is merged into
a values finding of the same values file when they share the cause:

* a manifest finding of a rule that checks what a values family checks
  (`SAME_CAUSE`: the schema, security, resources, images) located at that
  values finding's path, or at a path one of them contains
  (`worker.resources` / `worker.resources.cpu`; a bare component such as
  `worker` is too wide to tell); the closest path wins;
* a Helm refusal the values rule exists to predict (`SAME_CAUSE` too).

The values finding stays, at its line, with the others counted into its
message ("also DS906 in 5 containers"), so every format shows it; its severity
is the highest of the group, so `--fail-on` and the exit code judge the merged
result as they judged the parts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from dslint.findings import Finding

# A later-stage rule -> the values codes (or families) that report the same causes.
SAME_CAUSE = {
    "DS901": ("DS1",),  # the Kubernetes schema / the chart's values schema
    "DS902": ("DS2",),  # Pod Security Standards / the security values rules
    "DS903": ("DS2",),
    "DS904": ("DS2", "DS3"),  # OpenShift's SCC / security and OpenShift values rules
    "DS905": ("DS4",),  # resources
    "DS906": ("DS8",),  # image references
    # Helm's refusal of images it does not recognise (chart 2.3.51) is what DS803 predicts.
    "DS950": ("DS803",),
}
_MIN_SHARED_PARTS = 2  # `worker.resources`, not `worker`


def merge_root_causes(findings: Iterable[Finding], stage_of: dict[Finding, int], values_stage: int,
                      helm_stage: int) -> list[Finding]:
    """`findings` with every later-stage finding that shares a values finding's cause counted into it."""
    findings = list(findings)
    values_findings = [f for f in findings if stage_of.get(f, values_stage) == values_stage]
    absorbed: dict[Finding, list[Finding]] = defaultdict(list)
    merged_away = set()
    for finding in findings:
        stage = stage_of.get(finding, values_stage)
        if stage == values_stage:
            continue
        cause = _cause(finding, stage == helm_stage, values_findings)
        if cause is not None:
            absorbed[cause].append(finding)
            merged_away.add(finding)
    out = []
    for finding in findings:
        if finding in merged_away:
            continue
        extra = absorbed.get(finding)
        out.append(_merged(finding, extra) if extra else finding)
    return out


def _cause(finding: Finding, from_helm: bool, candidates: list[Finding]) -> Finding | None:
    families = SAME_CAUSE.get(finding.code, ())
    best, best_score = None, None
    for candidate in candidates:
        if candidate.location.source != finding.location.source or not candidate.code.startswith(families):
            continue
        if from_helm:
            return candidate
        if finding.manifest is None or not _related(candidate.values_path, finding.values_path):
            continue
        # The same path beats a containing one; among those, the nearest.
        score = (candidate.values_path == finding.values_path, -abs(len(candidate.values_path) - len(finding.values_path)))
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    return best


def _related(one: str, two: str) -> bool:
    if not one or not two:
        return False
    shorter, longer = sorted((one, two), key=len)
    if _parts(shorter) < _MIN_SHARED_PARTS:
        return False
    return longer == shorter or longer.startswith(shorter + ".") or longer.startswith(shorter + "[")


def _parts(path: str) -> int:
    return path.replace("\\.", "").count(".") + path.count("[") + 1


def _merged(finding: Finding, extra: list[Finding]) -> Finding:
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for other in extra:
        by_code[other.code].append(other)
    parts = []
    for code, group in sorted(by_code.items()):
        if all(f.manifest is None for f in group):
            parts.append(f"{code}: Helm refused to render")
            continue
        containers = {(f.manifest.kind, f.manifest.name, f.manifest.container) for f in group
                      if f.manifest is not None and f.manifest.container}
        objects = {(f.manifest.kind, f.manifest.name) for f in group if f.manifest is not None}
        if containers and len(containers) == len(group):
            count, noun = len(containers), "container"
        else:
            count, noun = len(objects), "object"
        parts.append(f"{code} in {count} {noun}{'s' if count != 1 else ''}")
    severity = max([finding.severity] + [f.severity for f in extra])
    return finding._replace(message=f"{finding.message} (also {'; '.join(parts)})", severity=severity)
