"""DS953 generated-ssh-key: the chart generated a random SSH key, so no two renders are the same."""

from dslint.findings import Severity
from dslint.registry import RENDER_LANE, Rule

RULE = Rule(
    code="DS953",
    name="generated-ssh-key",
    severity=Severity.WARNING,
    summary="No SSH key was given, so the chart generated a new random one in this render.",
    rationale=(
        "When neither `config.sshPrivateKey` nor `config.existingSSHKeySecret` is set, the DeepSpeed chart "
        "calls `genPrivateKey` on every render: the Secret's key and the `checksum/*` pod annotations that "
        "hash it change each time. Committed manifests then differ after every re-render, each deploy "
        "rotates the key (restarting every pod), and the private key ends up in the repository. "
        "(DS213 reports the missing key from the values alone; DS953 reports it from the render when DS213 "
        "did not, e.g. in the development profile or for a chart version dslint has no model for.)"
    ),
    bad="""\
worker:
  replicaCount: 2
""",
    good="""\
config:
  existingSSHKeySecret: deepspeed-ssh-key
""",
    fix=(
        "Create the key once as a Secret (key `id_rsa`) and set `config.existingSSHKeySecret` to its name."
    ),
    lane=RENDER_LANE,
    # In production DS213 reports the same missing key from the values.
    example_options={"profile": "development"},
    engine=True,
)
