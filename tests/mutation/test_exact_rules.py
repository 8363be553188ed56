"""Values rules answer with the exact numbers: which workers, how many entries."""

from __future__ import annotations

import pytest

from answers import finding_lines

SERVICE = "worker:\n  replicaCount: {replicas}\n  externalAccess:\n    enabled: true\n    service:\n      type: {type}\n"


@pytest.mark.parametrize("replicas, service_type, key, entries, message", [
    # Shorter: the last workers get nothing (workers are numbered from 0).
    (4, "NodePort", "nodePorts", "[30001, 30002]", "`nodePorts` has 2 entries for 4 workers: workers 2 and 3 get none"),
    (4, "NodePort", "externalIPs", "[172.16.0.1]", "`externalIPs` has 1 entry for 4 workers: workers 1 to 3 get none"),
    (3, "NodePort", "nodePorts", "[30001, 30002]", "`nodePorts` has 2 entries for 3 workers: worker 2 gets none"),
    # Longer: the extra entries are cut.
    (2, "NodePort", "nodePorts", "[30001, 30002, 30003, 30004]",
     "`nodePorts` has 4 entries for 2 workers: the last 2 entries are never used"),
    (1, "LoadBalancer", "nodePorts", "[30001, 30002]",
     "`nodePorts` has 2 entries for 1 worker: the last entry is never used"),
    # loadBalancerIPs: any other length drops the whole list, shorter or longer.
    (3, "LoadBalancer", "loadBalancerIPs", "[10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]",
     "`loadBalancerIPs` has 4 entries for 3 workers: the chart ignores the whole list, so every worker gets a random IP"),
])
def test_ds501_says_which_workers_miss_out(run_cli, tmp_path, replicas, service_type, key, entries, message):
    text = SERVICE.format(replicas=replicas, type=service_type) + f"      {key}: {entries}\n"
    if service_type == "LoadBalancer":
        text += "      loadBalancerSourceRanges: [10.0.0.0/8]\n"
    (tmp_path / "v.yaml").write_text(text)
    result = run_cli("check", "v.yaml", "--select", "DS501", "--format", "json")
    assert finding_lines(result) == [f"v.yaml:7:7 DS501 error {message}"]
    assert result.exit_code == 1


@pytest.mark.parametrize("entries", ["[30001, 30002, 30003]", "[]"])
def test_ds501_is_quiet_for_one_entry_per_worker_or_none(run_cli, tmp_path, entries):
    (tmp_path / "v.yaml").write_text(SERVICE.format(replicas=3, type="NodePort") + f"      nodePorts: {entries}\n")
    result = run_cli("check", "v.yaml", "--select", "DS501", "--format", "json")
    assert finding_lines(result) == [] and result.exit_code == 0
