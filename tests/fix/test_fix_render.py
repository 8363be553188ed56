"""A fix changes what Helm renders only through the values it fixes.

The real chart is rendered by Helm (helm-python-sdk, through `dslint render`)
from the fixed file, and from the original values with exactly the fixed
paths changed programmatically: the two renders must be identical, byte for
byte.  (And the fix must matter: the original file renders differently.)
"""

from __future__ import annotations

import json

import pytest

from conftest import SHARED
from dslint.config import Settings
from dslint.fix.edits import apply_to_values
from dslint.fix.run import fix_file
from dslint.load.yaml_tree import parse_yaml

CHART = SHARED / "charts" / "deepspeed-2.1.1.tgz"

VALUES = """\
# A training cluster.
config:
  existingSSHKeySecret: ssh-keys   # no generated key: renders are repeatable
worker:
  replicacount: 3  # three workers
  podAntiAffinityPreset: Hard
  terminationGracePeriodSeconds: 60
  resources:
    limits:
      memory: 16 Gi
      cpu: "4"
  nodeSelector:
    disk: ssd
    resources:
      requests:
        memory: 8Gi
client:
  useJob: 'true'
  launchCommand: deepspeed train.py --epochs 3   # the job
"""

# Only fixes of values Helm accepts as written: the original renders too.
RENDERABLE = "\n".join(l for l in VALUES.splitlines() if "useJob" not in l and "terminationGrace" not in l) + "\n"


@pytest.fixture
def render(run_cli):
    pytest.importorskip("helm_python", reason="the Helm SDK (helm-python-sdk) is not installed")
    if not CHART.is_file():
        pytest.skip(f"reference chart not found at {CHART}")

    def run(name: str, *, must_render: bool = True) -> str | None:
        result = run_cli("render", "--isolated", "--chart", CHART, "--fail-on", "never", "--report", "report.txt", name)
        if must_render:
            assert result.exit_code == 0, result.stderr
        return result.stdout if result.exit_code == 0 else None

    return run


@pytest.mark.parametrize("text", [VALUES, RENDERABLE], ids=["refused-before", "rendered-before"])
def test_the_render_differs_only_through_the_fixed_values(render, tmp_path, text):
    values = tmp_path / "values.yaml"
    values.write_text(text)
    fixed = fix_file(str(values), [], [], Settings(), unsafe=True)
    kinds = {edit.kind for edit in fixed.applied}
    assert {"rename-key", "replace-value", "move-key"} <= kinds, fixed.applied
    values.write_text(fixed.after)

    expected = parse_yaml(text, "original").data
    for edit in fixed.applied:
        expected = apply_to_values(expected, edit)
    (tmp_path / "expected.yaml").write_text(json.dumps(expected))
    assert parse_yaml(fixed.after, "fixed").data == expected

    (tmp_path / "original.yaml").write_text(text)
    after, by_values, before = render("values.yaml"), render("expected.yaml"), render("original.yaml", must_render=False)
    assert after == by_values
    # The fixes matter: Helm refuses the original (its schema wants `useJob` a boolean), or renders it otherwise.
    assert after != before
    assert (before is not None) == (text is RENDERABLE)
    # What the fixes changed shows in the manifests.
    assert "replicas: 3" in after and "16Gi" in after and "deepspeed train.py --epochs 3" in after
