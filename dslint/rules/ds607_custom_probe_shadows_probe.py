"""DS607 custom-probe-shadows-probe: probe settings that a `custom*Probe` replaces."""

from collections.abc import Iterator

from dslint.findings import Severity
from dslint.knowledge.chart import COMPONENTS, component_runs, diagnostic
from dslint.rules import Problem, Rule, ValuesContext
from dslint.rules._workload import user_paths_under

RULE = Rule(
    code="DS607",
    name="custom-probe-shadows-probe",
    severity=Severity.WARNING,
    summary="`livenessProbe`, `readinessProbe` or `startupProbe` settings beside the matching `custom*Probe`.",
    rationale=(
        "When `<component>.customReadinessProbe` (or the liveness or startup one) is non-empty the "
        "chart renders it as it is and ignores `<component>.readinessProbe` entirely, including "
        "`enabled`. Timings tuned there do not apply, and `enabled: false` does not switch the "
        "custom probe off."
    ),
    bad="""\
worker:
  readinessProbe:
    periodSeconds: 5
  customReadinessProbe:
    tcpSocket: {port: tcp-ssh}
""",
    good="""\
worker:
  customReadinessProbe:
    tcpSocket: {port: tcp-ssh}
    periodSeconds: 5
""",
    fix="Put the timings inside the custom probe and delete the ignored probe settings.",
)

PROBES = (("livenessProbe", "customLivenessProbe"), ("readinessProbe", "customReadinessProbe"),
          ("startupProbe", "customStartupProbe"))


def check(ctx: ValuesContext) -> Iterator[Problem]:
    values = ctx.values
    if diagnostic(values):
        return  # no probe is rendered at all (DS608)
    for component in COMPONENTS:
        if not component_runs(values, component):
            continue
        for probe, custom in PROBES:
            if not values.get((component, custom)) or not user_paths_under(values, (component, probe)):
                continue
            if values.get((component, probe, "enabled")) is False and values.is_set((component, probe, "enabled")):
                message = (f"`{component}.{probe}.enabled: false` does not turn the probe off: "
                           f"`{component}.{custom}` is set and still runs")
                fix = f"delete `{component}.{custom}` to have no {probe}"
            else:
                message = f"`{component}.{probe}` is ignored: `{component}.{custom}` replaces it"
                fix = f"move these settings into `{component}.{custom}` and delete `{component}.{probe}`"
            yield ctx.problem((component, probe), message, fix, at_key=True, related=[(component, custom)])
