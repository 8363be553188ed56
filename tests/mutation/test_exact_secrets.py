"""A secret in a manifest's names is redacted in every field that names the object, not only the message."""

from __future__ import annotations

from dslint import secrets
from dslint.findings import Finding, Location, ManifestRef, Severity

TOKEN = "ghp_R7uQm2XkP9vL4sT8wY1zA6bC3dE5fG0hJ2kL"
REDACTED = "<redacted: looks like a GitHub token; keep it in a Secret>"
FIELDS = ("kind", "name", "namespace", "field_path", "container", "source", "template")


def test_a_token_used_as_object_container_and_field_name_is_never_printed(run_cli, tmp_path):
    (tmp_path / "m.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + TOKEN + "\nspec:\n  containers:\n"
        "    - name: " + TOKEN + "\n      image: nginx:1.25.3\n      securityContext:\n"
        "        " + TOKEN + ": true\n")
    result = run_cli("check", "--manifests", "m.yaml", "--select", "DS901")
    assert TOKEN not in result.output
    assert result.stdout.splitlines()[0] == (
        f"m.yaml:10:9: DS901 [error] unknown field '{REDACTED}' in spec.containers[0].securityContext "
        f"[Pod/{REDACTED} container '{REDACTED}' spec.containers[0].securityContext.{REDACTED}]")
    manifest = run_cli("check", "--manifests", "m.yaml", "--select", "DS901", "--format", "json").json()["findings"][0]["manifest"]
    assert (manifest["name"], manifest["container"], manifest["field"]) == (
        REDACTED, REDACTED, f"spec.containers[0].securityContext.{REDACTED}")


def test_every_text_field_of_the_manifest_reference_is_redacted():
    with secrets.run() as redactor:
        redactor.add("hunter2-is-my-password", "a test secret")
        secret = "hunter2-is-my-password"
        placeholder = "<redacted: a test secret; keep it in a Secret>"
        ref = ManifestRef(**{field: f"{field}-{secret}" for field in FIELDS}, line=3)
        finding = Finding("DS901", "kubernetes-schema", Severity.ERROR, "m", "", Location("m.yaml", 3, 1), manifest=ref)
        safe = redactor.finding(finding).manifest
    assert safe == ManifestRef(**{field: f"{field}-{placeholder}" for field in FIELDS}, line=3)


def test_a_finding_without_secrets_is_returned_as_it_is():
    with secrets.run() as redactor:
        redactor.add("hunter2-is-my-password", "a test secret")
        finding = Finding("DS901", "kubernetes-schema", Severity.ERROR, "m", "", Location("m.yaml", 3, 1),
                          manifest=ManifestRef("Pod", "p", field_path="spec"))
        assert redactor.finding(finding) is finding


# --- exact answers of the redactor's parts (issue #20: secrets' mutants) ---------------------------

import pytest  # noqa: E402


def _redacted(reason, hint="keep it in a Secret"):
    return f"<redacted: {reason}; {hint}>"


def test_helm_commas_lists_and_keys():
    assert secrets._split_assignments("a=1,b\\,c=2,d={x,y},e,f=3") == ["a=1", "b\\,c=2", "d={x,y}", "f=3"]
    assert secrets._split_commas("a,b\\,c,{x,y}") == ["a", "b\\,c", "{x", "y}"]
    assert secrets._split_commas("k={x,y},z", lists=True) == ["k={x,y}", "z"]
    assert secrets._split_commas("{x,y}", lists=True) == ["{x", "y}"]
    assert secrets._list_items("{a,b}") == secrets._list_items("{a,b") == ["a,b", "a", "b"]
    assert secrets._list_items("{}") == ["", ""]
    assert [secrets._last_key(k) for k in ("a.b.c", "a.b[0]", "a\\.b", "x", "")] == ["c", "0", "a\\.b", "x", ""]


@pytest.mark.parametrize("key, secret", [
    ("", False), ("  ", False), ("config.sshPrivateKey", True), ("config.ssh\\PrivateKey", True),
    ("a.password", True), ("a.existingSecret", False), ("env.HF_TOKEN", True), ("env.NAME", False),
    ("a.passwordd", True), (" a.password ", True),
])
def test_secret_dotted_keys(key, secret):
    assert secrets._secret_dotted(key) is secret


def test_names_words_and_placeholders():
    assert [secrets._inside_word("abc", i, j) for i, j in ((0, 1), (1, 2), (2, 3), (0, 3))] == [True, True, True, False]
    assert secrets._inside_word("a-b-c", 2, 3) is False
    assert secrets._short_name("x" * 64) == "x" * 64
    assert secrets._short_name("y" * 65) == "y" * 30 + "..." + "y" * 30
    assert secrets._short_name("a\nb") == "a\\nb"
    assert secrets._value_of(3) == "the value of 3"
    assert secrets.placeholder("the value of <x>") == _redacted("the value of x")
    assert secrets.placeholder("config.sshPrivateKey holds") == _redacted(
        "config.sshPrivateKey holds", "keep it in a Secret named by config.existingSSHKeySecret")
    assert secrets.placeholder("a\nb") == _redacted("a\\nb")
    assert _redacted("a\\nb") in secrets.written_placeholders()


def test_printable_escapes():
    assert [secrets.printable(x) for x in ("ok", "a\nb\r", "\x1b[0m", "\x7f", "\x9f", "\u202e", "\ud800", "\t", "\x08",
                                          "\x00", "\xa0")] == [
        "ok", "a\\nb\\r", "\\x1b[0m", "\\x7f", "\\x9f", "\\u202e", "\\ud800", "\t", "\\x08", "\\x00", "\xa0"]


def test_secret_names():
    assert [secrets.secret_key_name(k) for k in ("password", "apiToken", "existingSecret", "secretName", 3, "name",
                                                 "automountServiceAccountToken", "dbPasswordSecretRef")] == [
        True, True, False, False, False, False, False, False]
    assert [secrets.secret_env_name(k) for k in ("DB_PASSWORD", "HOME", 3, "dsn")] == [True, False, False, True]
    assert [secrets.secret_path(p) for p in (("config", "sshPrivateKey"), ("config", "ssh"), ("a", "password", "x"),
                                             ())] == [True, False, True, False]


def test_what_add_keeps():
    r = secrets.Redactor()
    for value, reason in ((True, "b"), (None, "n"), (1234567, "num"), (12.5, "f"), ("short", "s"), ("sixchr", "six"),
                          (["listsecret"], "l")):
        r.add(value, reason)
    assert r.redact("x 1234567 y sixchr z short listsecret 12.5 sixchrs") == (
        f"x {_redacted('num')} y {_redacted('six')} z short listsecret 12.5 sixchrs")
    r = secrets.Redactor()
    r.add("line-one-secret\nline-two-secret", "ml")
    assert r.redact("a line-two-secret b") == f"a {_redacted('ml')} b"
    assert r.redact("line-one-secret\nline-two-secret") == f"{_redacted('ml')}\\n{_redacted('ml')}"
    r = secrets.Redactor()
    r.add("-----BEGIN RSA PRIVATE KEY-----\nAAAABBBBCCCCDDDD\n-----END RSA PRIVATE KEY-----", "pem")
    assert r.redact("k: AAAABBBBCCCCDDDD") == f"k: {_redacted('pem')}"


def test_set_arguments():
    r = secrets.Redactor()
    r.add_set_argument("set", "a.password=hunter22,b=1,env[0].name=DB_PASSWORD,env[0].value=s3cr3tval,"
                              "c.apiToken={tok-one-x,tok-two-x}")
    assert r.redact("hunter22 s3cr3tval tok-one-x tok-two-x 1") == " ".join([
        _redacted("the value of password"), _redacted("the value of DB_PASSWORD"),
        _redacted("the value of apiToken"), _redacted("the value of apiToken"), "1"])
    r = secrets.Redactor()
    r.add_set_argument("set-literal", "a.password=hun,ter22")
    assert r.redact("hun,ter22") == _redacted("the value of a.password")
    r = secrets.Redactor()
    r.add_set_argument("set-file", "a.password=path/file")
    assert r.redact("path/file") == "path/file"
    r = secrets.Redactor()
    r.add_set_argument("set-json", 'a={"apiToken": "tok\\u0041bcdef", "name": "DB_PASSWORD", "value": "jsonvalue1"}')
    assert r.redact("tok\\u0041bcdef tokAbcdef jsonvalue1") == " ".join([
        _redacted("the value of apiToken"), _redacted("the value of apiToken"), _redacted("the value of value")])
    r = secrets.Redactor()
    r.add_set_argument("set", "a.password=esc\\,aped1")
    assert r.redact("esc\\,aped1 esc,aped1") == f"{_redacted('the value of password')} {_redacted('the value of password')}"
    r = secrets.Redactor()
    r.add_set_argument("set", "env[0].value=later-value")
    r.add_set_argument("set", "env[0].name=API_KEY")  # the name may come in a later argument
    assert r.redact("later-value") == _redacted("the value of API_KEY")


def test_values_and_manifests():
    r = secrets.Redactor()
    r.add_values({"config": {"sshPrivateKey": "keykeykey1"}, "db": {"password": "pw-pw-pw-1", "secret": {"name": "notsecret"}},
                  "env": [{"name": "API_KEY", "value": "envval-123"}], "x": TOKEN})
    assert r.redact(f"keykeykey1 pw-pw-pw-1 notsecret envval-123 {TOKEN}") == " ".join([
        _redacted("config.sshPrivateKey holds a private key", "keep it in a Secret named by config.existingSSHKeySecret"),
        _redacted("the value of password"), "notsecret", _redacted("the value of API_KEY"), REDACTED])
    r = secrets.Redactor()
    r.add_manifest({"kind": "Secret", "metadata": {"name": "mysec"}, "data": {"a": "c2VjcmV0LXZhbHVl"},
                    "stringData": {"b": "plainvalue1"}})
    assert r.redact("c2VjcmV0LXZhbHVl secret-value plainvalue1") == " ".join([_redacted("data of Secret mysec")] * 3)
    r = secrets.Redactor()
    r.add_manifest({"kind": "Secret", "metadata": "x", "data": {"a": "!!notb64"}})
    assert r.redact("!!notb64") == _redacted("data of Secret")
    r = secrets.Redactor()
    r.add_manifest({"kind": "Secret", "metadata": {"name": 3}, "data": {"a": "abcdefgh"}})
    assert r.redact("abcdefgh") == _redacted("data of a Secret")
    r = secrets.Redactor()
    r.add_manifest({"kind": "ConfigMap", "data": {"a": "abcdefgh"}, "password": "notdata1"})
    assert r.redact("abcdefgh notdata1") == "abcdefgh " + _redacted("the value of password")


def test_long_text_is_clipped_and_assignments_redacted():
    r = secrets.Redactor()
    r.add("hunter2hunter2", "r")
    out = r.redact("a" * 70_000 + "hunter2hunter2" + "b" * 10)
    assert len(out) == 65_073
    assert out.endswith("a" * 36 + _redacted("r") + "b" * 10)
    assert out.startswith("a" * 32_518 + " [... 4988 characters not shown ...] a")
    assert r.redact("x=1,password=abcdefgh,token=,y") == f"x=1,password={_redacted('the value of password')},token=,y"
    r = secrets.Redactor()
    r.add("tokensecret", "the value of tokensecret")
    assert r.redact("the tokensecret") == "the " + _redacted("looks like a secret")
    r = secrets.Redactor()
    r.add("sec12345", "r1")
    r.add("sec12345678", "r2")
    assert r.redact("sec12345678 sec12345") == f"{_redacted('r1')} {_redacted('r1')}"
