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


# -- the pure helpers rules decide with, answer by answer ------------------------------------------

@pytest.mark.parametrize("path, sensitive", [
    ("/", True), ("/dev", True), ("/var/", True), (" /usr ", True), ("/var/tmp", False), ("/usr/local", False),
    ("/etc", True), ("/etc/", True), ("etc/ssl", True), ("/etc/passwd", True), ("/etcetera", False),
    ("/var/lib/kubelet/pods", True), ("/run/containerd/containerd.sock", True), ("/data/docker.sock", True),
    ("/data", False), ("/mnt/datasets", False), ("/home/alice", True), ("/etcX", False),
])
def test_ds217_which_host_paths_control_the_node(path, sensitive):
    from dslint.rules.ds217_host_path_volume import _sensitive

    assert _sensitive(path) is sensitive


@pytest.mark.parametrize("text, entries", [
    ("w1 slots=2\nw2\n", [("w1", 2), ("w2", None)]),
    ("# all comment\n\n  w1   slots=4  # the first\n", [("w1", 4)]),
    ("w1 # slots=2 # x\n", [("w1", None)]),  # everything after the first `#` is a comment
    ("w1 slots=x\nw2 max_slots=3 slots=1\n", [("w1", None), ("w2", 1)]),
])
def test_hostfile_entries(text, entries):
    from dslint.rules._workload import hostfile_entries

    assert hostfile_entries(text) == entries


@pytest.mark.parametrize("registry, repository, patterns, ok", [
    ("registry.example.com", "team/x", ("registry.example.com",), True),
    ("registry.example.com", "team/x", ("registry.example.com/team/",), True),
    ("registry.example.com", "team/x", (" registry.example.com/team ",), True),
    ("registry.example.com", "team", ("registry.example.com/team",), True),
    ("registry.example.com", "teamwork/x", ("registry.example.com/team",), False),
    ("registry.example.com", "other/x", ("registry.example.com/team", "docker.io"), False),
    ("eu.registry.example.com", "x", ("*.example.com",), True),
    ("docker.io", "library/busybox", ("index.docker.io",), True),
    ("quay.io", "x", (), False),
    ("registry.example.com", "team/x", ("registry.example.com/teamX",), False),
])
def test_ds802_allowed(registry, repository, patterns, ok):
    from dslint.rules.ds802_registry_not_allowed import allowed

    assert allowed(registry, repository, patterns) is ok


def _openssh_key(cipher: bytes, wrap: int = 70, junk: str = "") -> str:
    import base64

    blob = b"openssh-key-v1\0" + len(cipher).to_bytes(4, "big") + cipher + b"\0\0\0\4none" + b"\0" * 40
    body = base64.b64encode(blob).decode()
    body = body[:8] + junk + body[8:]
    lines = "\n".join(body[i:i + wrap] for i in range(0, len(body), wrap))
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{lines}\n-----END OPENSSH PRIVATE KEY-----\n"


@pytest.mark.parametrize("key, problem", [
    (_openssh_key(b"none"), None),
    (_openssh_key(b"none", wrap=4), None),  # the cipher name spans several short lines
    (_openssh_key(b"aes256-ctr"), "is protected by a passphrase, which nobody can type in the worker's init container"),
    (_openssh_key(b"none", junk="*"), "is damaged: its body is not a valid OpenSSH key"),  # not base64
    (_openssh_key(b""), "is damaged: its body is not a valid OpenSSH key"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
     "is damaged: its body is not a valid OpenSSH key"),  # the name's length field is cut short
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAACm5v\n-----END OPENSSH PRIVATE KEY-----\n",
     "is damaged: its body is not a valid OpenSSH key"),  # a 10-byte name cut after 2 bytes
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nbm90LWFuLW9wZW5zc2gta2V5AAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n",
     "is damaged: its body is not a valid OpenSSH key"),  # no openssh-key-v1 magic
])
def test_ds216_reads_the_openssh_cipher(key, problem):
    from dslint.rules.ds216_unusable_ssh_private_key import key_problem

    assert key_problem(key) == problem


def test_user_paths_under_follow_the_file(tmp_path):
    """In the order the user wrote them: file, line, column."""
    from dslint.config import Settings
    from dslint.load.files import load_values_file
    from dslint.model.view import build_chart_values
    from dslint.rules._workload import user_paths_under
    from dslint.run import Target
    from dslint.values_lane import stack_values

    (tmp_path / "a.yaml").write_text("worker:\n  zeta: 1\n  externalAccess:\n    service:\n      type: NodePort\n"
                                     "      nodePorts: [30001]\n    enabled: true\n  alpha: 2\n")
    (tmp_path / "b.yaml").write_text("worker:\n  externalAccess:\n    autoDiscovery: {}\n")
    user = stack_values(Target([load_values_file(str(tmp_path / n)) for n in ("a.yaml", "b.yaml")]), Settings())
    values = build_chart_values(user, "2.1.1")
    # `worker.externalAccess` itself sits where the last file to write it (b.yaml) does.
    assert user_paths_under(values, ("worker", "externalAccess")) == [
        ("worker", "externalAccess", "service"), ("worker", "externalAccess", "service", "type"),
        ("worker", "externalAccess", "service", "nodePorts"), ("worker", "externalAccess", "service", "nodePorts", 0),
        ("worker", "externalAccess", "enabled"), ("worker", "externalAccess"),
        ("worker", "externalAccess", "autoDiscovery")]
    assert user_paths_under(values, ("worker", "zeta")) == [("worker", "zeta")]
    assert user_paths_under(values, ("client",)) == []


@pytest.mark.parametrize("text, placeholder", [
    ("ref+vault://secret/ssh#key", True), ("<path:secret/data/ssh#key>", True), ("${SSH_KEY}", True),
    ("$(cat key)", True), ("{{ .Values.key }}", True), ("<ssh-key>", True), ("  <ssh-key>  ", True),
    ("<path:secret/data/ssh#id_rsa>\n<path:secret/data/ssh#id_rsa_2>", True),
    ("<multi\nline>", False), ("<ssh-key", False), ("ssh-key>", False), ("-----BEGIN RSA PRIVATE KEY-----", False),
    ("vault:ref+x", False),
])
def test_ssh_key_placeholders(text, placeholder):
    from dslint.rules._security import key_placeholder

    assert key_placeholder(text) is placeholder


@pytest.mark.parametrize("text, material", [
    ("-----BEGIN RSA PRIVATE KEY-----\n", True), ("PuTTY-User-Key-File-3: ssh-ed25519\n", True),
    ("putty-user-key-file", False), ("ssh-ed25519 AAAA", False), ("", False),
])
def test_ssh_key_material(text, material):
    from dslint.rules._security import key_material

    assert key_material(text) is material


def test_hide_argument_keeps_the_place_and_drops_the_text():
    from dslint.findings import Location
    from dslint.rules._security import hide_argument

    plain = Location("values.yaml", 3, 5)
    assert hide_argument(plain) is plain
    hidden = hide_argument(Location("--set", 1, 12, argument="config.sshPrivateKey=secret"))
    assert (hidden.source, hidden.line, hidden.column, hidden.argument) == ("--set", 1, 12, None)
    from_file = Location("--set-file", 1, 1, argument="config.sshPrivateKey=id_rsa")
    assert hide_argument(from_file) is from_file  # a file name, not the key


KEY = _openssh_key(b"none")


@pytest.mark.parametrize("key, problem", [
    (KEY.replace("\n", "\r\n"), None),  # Windows line ends
    (KEY + KEY, None),  # two keys pasted: ssh reads the first
    ("---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n",
     "is a public key; the chart needs the private key (the workers derive the public key from it)"),
    ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n",
     "is a PuTTY key, which OpenSSH cannot read (export it with `puttygen KEY -O private-openssh`)"),
    ("just some text\n", "is not a private key: it has no `-----BEGIN ... PRIVATE KEY-----` line"),
    ("-----END OPENSSH PRIVATE KEY-----\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n",
     "is cut short: its `-----END ... PRIVATE KEY-----` line is missing"),
])
def test_ds216_key_problems(key, problem):
    from dslint.rules.ds216_unusable_ssh_private_key import key_problem

    assert key_problem(key) == problem
