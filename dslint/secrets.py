"""Keeping secrets out of everything dslint prints.

Values files hold secrets they should not (`config.sshPrivateKey`, tokens in
`extraEnvVars`), and rendered manifests hold Secret objects; dslint's messages
quote values, `--set` locations quote their argument, and errors quote what
they could not read.  A `Redactor` collects the secret strings of a run and
replaces any of them -- or any fragment of 8 or more characters of one -- with
`<redacted: REASON; keep it in a Secret>`.  Strings that look like secrets
(private keys, cloud and forge tokens, credentials in URLs) are redacted even
when nobody collected them.

What counts as a secret:

* `config.sshPrivateKey`, and any value under a key whose name says it is a
  secret (`password`, `apiToken`, `clientSecret`...), except keys that name a
  Secret object rather than hold one (`existingSecret`, `extraEnvVarsSecret`,
  `imagePullSecrets`...);
* the `value` of an env var (`{name, value}`) whose name looks secret
  (*PASSWORD*, *TOKEN*, *SECRET*, *KEY*, *CREDENTIAL*, *AUTH*...);
* `data` and `stringData` of a Secret manifest (`add_manifest`);
* any string, key or `--set` argument matching one of `PATTERNS`.

Strings shorter than `MIN_SECRET` characters are not collected: they are too
short to be a real secret and too common to hide without mangling messages.

A run (one CLI invocation) has one redactor: `with secrets.run(): ...`;
`current()` is it, or, outside a run, a redactor that knows only the patterns.
Loading code feeds it (`add_values`, `add_set_argument`, `add_manifest`);
`InputError`, `make_finding` and the formats redact with it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

from dslint import fragments as _fragments
from dslint.lazy import LazyPattern

if TYPE_CHECKING:
    from dslint.findings import Finding, Location
    from dslint.run import Report

_T = TypeVar("_T")

PLACEHOLDER = "<redacted: {reason}; {hint}>"
DEFAULT_HINT = "keep it in a Secret"
_PLACEHOLDER_RE = LazyPattern(r"<redacted: [^<>]*>")

# Collected secrets shorter than this are ignored; shorter than FRAGMENT they
# are hidden only where they appear whole.  The fragments of longer ones are
# found through one index per run (`dslint.fragments`), in time linear in the
# text whatever the number of secrets.
MIN_SECRET = 6
FRAGMENT = _fragments.FRAGMENT
# One printed field (a message, a path, an error) longer than this is shortened to its two ends:
# a megabyte-long key quoted whole helps nobody, and redaction then costs bounded work per field.
MAX_TEXT = 65_536
_CLIP_MARGIN = 4_096
# Redacted texts remembered (the same messages are redacted when made and when printed).
_MAX_CACHED, _MAX_CACHED_TEXT = 1_000_000, 4_096
# Whole short secrets remembered per run (a hostile file may hold 200,000 of them per file).
MAX_SHORT = 200_000
# A reason names the key that held the secret; a longer key is not repeated in every placeholder.
MAX_REASON_KEY = 64


class Pattern(NamedTuple):
    name: str
    regex: LazyPattern
    reason: str


def _p(name: str, regex: str, reason: str) -> Pattern:
    # Compiled on first use: most runs never look for a token at all.
    return Pattern(name, LazyPattern(regex), reason)


_PEM_HEADER = r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----"
# PEM armor lines are public text (rules quote them): never part of a collected secret.
_PEM_ARMOR = LazyPattern(r"-----(?:BEGIN|END)[A-Z0-9 ]{0,60}-----")
PATTERNS: tuple[Pattern, ...] = (
    # A header and some key material; the body runs to the footer or, in a
    # truncated quote, as far as base64 goes.  A header alone is not a key.
    # The body never crosses "-----", so many headers cost linear time.
    _p("private-key", _PEM_HEADER + r"(?:[A-Za-z0-9+/=\\\s:,.]|-(?!----)){0,400}?[A-Za-z0-9+/]{16}"
       r"(?:(?:[A-Za-z0-9+/=\\\s:,.]|-(?!----)){0,20000}?-----END[A-Z0-9 ]{0,60}-----|[A-Za-z0-9+/=\\:,.]*)",
       "looks like a private key"),
    _p("aws-access-key", r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)[A-Z0-9]{16}\b",
       "looks like an AWS access key"),
    _p("github-token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,255})", "looks like a GitHub token"),
    _p("gitlab-token", r"\bgl(?:pat|dt|rt|ptt|soat|cbt)-[A-Za-z0-9_-]{20,}", "looks like a GitLab token"),
    _p("slack-token", r"\bxox[abposre]-[A-Za-z0-9-]{10,}", "looks like a Slack token"),
    _p("huggingface-token", r"\bhf_[A-Za-z0-9]{30,}", "looks like a Hugging Face token"),
    _p("api-key", r"\bsk-(?:ant-|proj-|live-)?[A-Za-z0-9_-]{20,}", "looks like an API key"),
    _p("google-api-key", r"\bAIza[0-9A-Za-z_-]{35}", "looks like a Google API key"),
    _p("stripe-key", r"\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}", "looks like a Stripe key"),
    _p("npm-token", r"\bnpm_[A-Za-z0-9]{36}\b", "looks like an npm token"),
    _p("pypi-token", r"\bpypi-AgE[A-Za-z0-9_-]{50,}", "looks like a PyPI token"),
    # Starts only where a run of token characters starts: "eyJ-eyJ-eyJ-..." costs linear time.
    _p("jwt", r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", "looks like a JSON Web Token"),
    _p("url-credentials", r"(?<=://)[^/\s:@'\"<>]{1,256}:[^/\s@'\"<>]{1,256}(?=@)", "looks like credentials in a URL"),
    _p("authorization", r"\b(?i:bearer|basic|token)\s+[A-Za-z0-9._~+/-]{16,}=*", "looks like an Authorization header"),
)
# One pass over a text finds every pattern; the group that matched names it.
_ANY_PATTERN = LazyPattern("|".join(f"(?P<p{i}>{p.regex.pattern})" for i, p in enumerate(PATTERNS)))
_REASONS = {f"p{i}": p.reason for i, p in enumerate(PATTERNS)}
# Something every pattern needs, found far faster than the patterns themselves:
# most texts (every finding message) have none of it.
_TRIGGER = LazyPattern(r"-----BEGIN|A[BCGIKNPRS][A-Z]A[A-Z0-9]{16}|gh[pousr]_|github_pat_|gl[a-z]{2,4}-|xox|hf_|sk-"
                      r"|AIza|k_live_|k_test_|npm_|pypi-|eyJ|://[^/\s@]{1,513}@|(?i:bearer|basic|token)\s")

# An env var whose name says its value is secret (the issue's *PASSWORD*, *TOKEN*, *SECRET*, *KEY*).
_SECRET_ENV_NAME = LazyPattern(r"(?i)pass|pwd|token|secret|key|credential|auth|cookie|session|private|dsn")
# A values key that holds a secret...
_SECRET_KEY = LazyPattern(
    r"(?i)pass(?:word|wd|phrase)|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credential|auth[-_]?key"
)
# ...unless it names a Secret object or is a switch (existingSecret, imagePullSecrets, automountServiceAccountToken).
_REFERENCE_KEY = LazyPattern(r"(?:^existing|^automount|Secrets?$|SecretName$|SecretRef$|KeyRef$|^secretName$)")
# `a.b.password=x` inside a message (a quoted --set argument): group 1 is the last key, group 2 the
# value.  A match starts only where a key starts (after a separator, never inside a key or after a
# backslash escape), so each character is looked at a bounded number of times: scanning is linear
# in the text, even for a megabyte-long key with no "=" (issue 12).
_KEY_CHAR = r"[^,=\\\s'\".\[\]]"
_ASSIGNMENT = LazyPattern(r"(?<!" + _KEY_CHAR + r")(?<!\\)(?<!\\.)((?:" + _KEY_CHAR + r"|\\.)+)=((?:[^,\\\s'\"]|\\.)*)")

# A member of a JSON object in text that may be invalid: the key, then a string (possibly unterminated) or a bare word.
_JSON_MEMBER = LazyPattern(r'"((?:[^"\\]|\\.){1,256})"\s*:\s*(?:"((?:[^"\\]|\\.)*)"?|([^\s,{}\[\]"]+))')

SSH_PRIVATE_KEY_PATH = ("config", "sshPrivateKey")
_SSH_HINT = "keep it in a Secret named by config.existingSSHKeySecret"


def secret_key_name(key: Any) -> bool:
    """Does a values key hold a secret (`password`, `apiToken`), not name one (`existingSecret`)?"""
    if not isinstance(key, str):
        return False
    # The same few hundred keys (name, image, resources...) recur in every document.
    known = _KEY_VERDICTS.get(key)
    if known is None:
        known = bool(_SECRET_KEY.search(key)) and not _REFERENCE_KEY.search(key)
        if len(_KEY_VERDICTS) < _MAX_KEY_VERDICTS:
            _KEY_VERDICTS[key] = known
    return known


_KEY_VERDICTS: dict[str, bool] = {}
_MAX_KEY_VERDICTS = 10_000  # a bound for streams of generated keys; past it, keys are judged each time


def secret_env_name(name: Any) -> bool:
    return isinstance(name, str) and bool(_SECRET_ENV_NAME.search(name))


def secret_path(path: tuple[str | int, ...]) -> bool:
    """Is the value at this values path a secret by its name alone?"""
    return tuple(path[:2]) == SSH_PRIVATE_KEY_PATH or any(secret_key_name(part) for part in path)


class Redactor:
    """The secrets of one run, and the replacement of them in any text."""

    _caching = True  # a run's redactor remembers what it redacted; the shared one below does not

    def __init__(self) -> None:
        self._fragments = _fragments.FragmentIndex()
        self._short: dict[str, str] = {}  # MIN_SECRET..FRAGMENT-1 characters, hidden whole
        self._safe_reasons: dict[str, str] = {}  # reason -> itself, or a neutral one if it quotes a secret
        # text -> redacted text, while no secret is added: findings are redacted when made and
        # again when printed (a later file may hold a secret an earlier message quotes).
        self._done: dict[str, str] = {}
        # --set env vars: `a.env[0].name=DB_PASSWORD` (parent -> name) and their values, by parent.
        self._env_names: dict[str, str] = {}
        self._env_values: dict[str, list[str]] = {}
        self._seen: set[str] = set()
        self._scanned_keys: set[str] = set()  # keys already searched for secret patterns

    # --- collecting ------------------------------------------------------------------

    def add(self, secret: Any, reason: str) -> None:
        """Remember one secret string (numbers count as their text)."""
        if isinstance(secret, bool) or secret is None:
            return
        if isinstance(secret, (int, float)):
            secret = str(secret)
        if not isinstance(secret, str):
            return
        # Messages show values with newlines escaped, and some quote them with
        # repr(): each line of a multi-line secret is a secret of its own.
        if "-----" in secret:
            secret = _PEM_ARMOR.sub("\n", secret)
        parts = [secret] if "\n" not in secret else [secret, *secret.splitlines()]
        for part in parts:
            part = part.strip()
            if len(part) < MIN_SECRET or part in self._seen:
                continue
            self._seen.add(part)
            # A new secret may appear in a reason already judged safe, or in a text already redacted.
            self._safe_reasons.clear()
            self._done.clear()
            if len(part) < FRAGMENT:
                if len(self._short) < MAX_SHORT:
                    self._short.setdefault(part, reason)
            else:
                self._fragments.add(part, reason)

    def add_patterns(self, text: str) -> None:
        """Remember whatever in `text` matches a secret pattern."""
        if not isinstance(text, str) or len(text) < MIN_SECRET:
            return
        if not _TRIGGER.search(text):
            return
        for match in _ANY_PATTERN.finditer(text):
            self.add(match.group(), _REASONS[match.lastgroup or ""])

    def add_values(self, data: Any) -> None:
        """Collect the secrets of a values tree (or of any YAML/JSON document)."""
        stack: list[tuple[tuple[Any, ...], Any, str | None]] = [((), data, None)]
        while stack:
            path, value, reason = stack.pop()
            if isinstance(value, dict):
                env_name = value.get("name")
                if "value" in value and secret_env_name(env_name):
                    self.add(value["value"], _value_of(env_name))
                for key, item in value.items():
                    if key not in self._scanned_keys:  # a key's patterns are the same wherever it stands
                        self._scanned_keys.add(key)
                        self.add_patterns(key)
                    child = path + (key,)
                    why = reason
                    if why is None and child == SSH_PRIVATE_KEY_PATH:
                        why = "config.sshPrivateKey holds a private key"
                    elif why is None and secret_key_name(key) and not isinstance(item, (dict, list)):
                        # Only a scalar is a secret value: a map under `secret:` is
                        # structure (a pod's volume source, a secretKeyRef).
                        why = _value_of(key)
                    stack.append((child, item, why))
            elif isinstance(value, list):
                stack.extend((path + (i,), item, reason) for i, item in enumerate(value))
            else:
                if reason is not None:
                    self.add(value, reason)
                if isinstance(value, str):
                    self.add_patterns(value)

    def add_set_argument(self, flag: str, text: str) -> None:
        """Collect from a --set-style argument before it is parsed, so its errors are safe to print.

        An argument with a syntax error is never parsed, so its secrets are found here or
        nowhere: values of secret-named keys (each item of a `{a,b}` list too), the `value` of
        an env var whose `name` looks secret (in this argument or another), and in --set-json,
        secret-named members of the JSON, valid or not.
        """
        self.add_patterns(text)
        if flag == "set-literal":
            key, _, value = text.partition("=")
            if _secret_dotted(key):
                self.add(value, _value_of(key))
            return
        if flag == "set-file":
            return  # the value is a path; the file's text is collected with the values
        if flag == "set-json":
            self._add_json_members(text)
        for assignment in _split_assignments(text):
            key, _, value = assignment.partition("=")
            items = _list_items(value) if value.startswith("{") and flag != "set-json" else [value]
            if _secret_dotted(key):
                for item in items:
                    self.add(item, _value_of(_last_key(key)))
                    # The unescaped value, as Helm reads it.
                    self.add(re.sub(r"\\(.)", r"\1", item), _value_of(_last_key(key)))
            parent, _, leaf = key.strip().rpartition(".")
            if leaf == "name" and secret_env_name(value) and len(self._env_names) < MAX_SHORT:
                self._env_names[parent] = value
            elif leaf == "value" and len(self._env_values) < MAX_SHORT:
                self._env_values.setdefault(parent, []).extend(items)
        for parent in self._env_names.keys() & self._env_values.keys():
            for value in self._env_values[parent]:
                self.add(value, _value_of(self._env_names[parent]))
                self.add(re.sub(r"\\(.)", r"\1", value), _value_of(self._env_names[parent]))

    def _add_json_members(self, text: str) -> None:
        """`"apiToken": "x"` inside JSON text that may not parse (an unterminated string runs to the end)."""
        members = [(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                   for m in _JSON_MEMBER.finditer(text)]
        env_shaped = any(key == "name" and secret_env_name(value) for key, value in members)
        for key, value in members:
            if secret_key_name(key) or (env_shaped and key == "value"):
                self.add(value, _value_of(key))
                with contextlib.suppress(ValueError):
                    self.add(json.loads(f'"{value}"'), _value_of(key))

    def add_manifest(self, document: Any) -> None:
        """Collect a rendered object's secrets: a Secret's data (and its decoded bytes), env values."""
        if not isinstance(document, dict):
            return
        if document.get("kind") == "Secret":
            name = (document.get("metadata") or {}).get("name", "") if isinstance(document.get("metadata"), dict) else ""
            reason = f"data of Secret {_short_name(name)}".strip() if isinstance(name, str) else "data of a Secret"
            for field_name in ("data", "stringData"):
                fields = document.get(field_name)
                if not isinstance(fields, dict):
                    continue
                for item in fields.values():
                    self.add(item, reason)
                    if field_name == "data" and isinstance(item, str):
                        try:
                            decoded = base64.b64decode(item, validate=True).decode("utf-8")
                        except (binascii.Error, ValueError, UnicodeDecodeError):
                            continue
                        self.add(decoded, reason)
        self.add_values(document)

    def add_manifest_text(self, text: str, source: str) -> None:
        """Collect the secrets of a manifest stream dslint has not read otherwise (a file `render --check`
        compares): its old Secrets show in the diff.  Text that is not YAML holds nothing to collect."""
        from dslint.load.errors import InputError
        from dslint.load.yaml_tree import parse_yaml_stream

        try:
            parse_yaml_stream(text, source)  # collects each document as it reads it
        except InputError:
            self.add_patterns(text)

    # --- redacting -------------------------------------------------------------------

    @overload
    def redact(self, text: str) -> str: ...

    @overload
    def redact(self, text: _T) -> _T: ...

    def redact(self, text: Any) -> Any:
        """`text` with every secret (or 8+ character fragment of one) replaced by a placeholder.

        The result is also printable: lone surrogates (undecodable bytes of a
        command-line argument or file name) are spelled as escapes.
        """
        if not isinstance(text, str):
            return text
        done = self._done.get(text)
        if done is None:
            done = self._clipped(text) if len(text) > MAX_TEXT else self._redact_whole(text)
            if self._caching and len(text) <= _MAX_CACHED_TEXT:
                if len(self._done) >= _MAX_CACHED:
                    self._done.clear()
                self._done[text] = self._done[done] = done  # redacting is idempotent
        return done

    def _redact_whole(self, text: str) -> str:
        text = printable(text)
        if len(text) < MIN_SECRET:
            return text
        out = []
        last = 0
        # Placeholders already in the text stay as they are (redacting is idempotent);
        # only those dslint wrote: a key named "<redacted: SECRET>" is not one.
        for match in _PLACEHOLDER_RE.finditer(text):
            if match.group() not in _WRITTEN:
                continue
            out.append(self._redact_part(text[last : match.start()]))
            out.append(match.group())
            last = match.end()
        out.append(self._redact_part(text[last:]))
        return "".join(out)

    def _clipped(self, text: str) -> str:
        """A field too long to read, redacted at both ends and shortened to them (bounded work).

        Each end is redacted with `_CLIP_MARGIN` more characters than it keeps,
        so a secret crossing the cut is still recognised (by its pattern or as
        a fragment) before the cut is made; a cut never splits a placeholder.
        """
        keep = (MAX_TEXT - 500) // 2  # room for a placeholder at each cut: the result is never clipped again
        head = self.redact(text[: keep + _CLIP_MARGIN])
        cut = keep
        # A placeholder that starts before the cut, even one whose "<redacted: " runs past it.
        opened = head.rfind("<redacted: ", 0, cut + len("<redacted: ") - 1)
        if opened != -1 and head.find(">", opened) >= cut:
            cut = head.find(">", opened) + 1
        tail = self.redact(text[-(keep + _CLIP_MARGIN):])
        start = len(tail) - keep
        opened = tail.rfind("<redacted: ", 0, start + len("<redacted: ") - 1)
        if opened != -1 and tail.find(">", opened) >= start:
            start = opened
        return f"{head[:cut]} [... {len(text) - 2 * keep} characters not shown ...] {tail[start:]}"

    def _redact_part(self, text: str) -> str:
        if len(text) < MIN_SECRET:
            return text
        spans = []
        if _TRIGGER.search(text):
            spans = [(m.start(), m.end(), _REASONS[m.lastgroup or ""]) for m in _ANY_PATTERN.finditer(text) if m.end() > m.start()]
        if "=" in text:
            for match in _ASSIGNMENT.finditer(text):
                if match.group(2) and _secret_dotted(match.group(1)):
                    spans.append((match.start(2), match.end(2), _value_of(_last_key(match.group(1)))))
        if self._fragments:
            spans.extend(self._fragments.spans(text))
        if self._short:
            spans.extend(self._short_spans(text))
        if not spans:
            return text
        # A reason names a key, and a key may itself be (part of) a secret.
        spans = [(s, e, self._safe_reason(r)) for s, e, r in spans]
        spans.sort()
        out = []
        cursor = 0
        start, end, reason = spans[0]
        for s, e, r in spans[1:]:
            if s <= end:
                end = max(end, e)
                continue
            out.append(text[cursor:start] + placeholder(reason))
            cursor = end
            start, end, reason = s, e, r
        out.append(text[cursor:start] + placeholder(reason))
        out.append(text[end:])
        return "".join(out)

    def _short_spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        short = self._short
        for length in range(MIN_SECRET, FRAGMENT):
            for i in range(len(text) - length + 1):
                reason = short.get(text[i : i + length])
                if reason is not None and not _inside_word(text, i, i + length):
                    yield i, i + length, reason

    def _safe_reason(self, reason: str) -> str:
        """`reason`, or a neutral one when it quotes a secret (a key may itself be one)."""
        safe = self._safe_reasons.get(reason)
        if safe is None:
            quotes = _TRIGGER.search(reason) or any(True for _ in self._fragments.spans(reason)) or (
                self._short and any(True for _ in self._short_spans(reason)))
            safe = "looks like a secret" if quotes else reason
            if len(self._safe_reasons) < MAX_SHORT:
                self._safe_reasons[reason] = safe
        return safe

    @overload
    def location(self, location: Location) -> Location: ...

    @overload
    def location(self, location: None) -> None: ...

    def location(self, location: Location | None) -> Location | None:
        if location is None or location.argument is None:
            return location
        argument = self.redact(location.argument)
        return location if argument == location.argument else location._replace(argument=argument)

    def finding(self, finding: Finding) -> Finding:
        """A `Finding` whose message, fix, path and quoted arguments hold no secret."""
        changes: dict[str, Any] = {}
        for name in ("message", "fix", "values_path"):
            value = getattr(finding, name)
            redacted = self.redact(value)
            if redacted != value:
                changes[name] = redacted
        location = self.location(finding.location)
        if location is not finding.location:
            changes["location"] = location
        related = tuple(self.location(r) for r in finding.related)
        if any(a is not b for a, b in zip(related, finding.related, strict=True)):
            changes["related"] = related
        if finding.manifest is not None:
            manifest = finding.manifest
            # Every text field: a chart or a manifest file names the objects, their kinds and templates.
            fields: dict[str, Any] = {n: self.redact(getattr(manifest, n)) for n in ("kind", "name", "namespace", "field_path",
                                                                      "container", "source", "template")}
            if any(fields[n] != getattr(manifest, n) for n in fields):
                changes["manifest"] = manifest._replace(**fields)
        return finding._replace(**changes) if changes else finding

    def report(self, report: Report) -> Report:
        """A shallow copy of a `Report` safe to print (errors redact themselves when printed)."""
        findings = []
        for finding in report.findings:
            finding = self.finding(finding)
            source = printable(finding.location.source)
            if source != finding.location.source:
                finding = finding._replace(location=finding.location._replace(source=source))
            findings.append(finding)
        safe = type(report)(findings=findings, files=[printable(name) for name in report.files],
                            input_errors=report.input_errors, notices=[self.redact(n) for n in report.notices],
                            charts=list(report.charts))
        safe.config = self.redact(report.config) if report.config else report.config
        safe.config_outside = report.config_outside
        return safe


class _PatternsOnly(Redactor):
    """Outside a run: nothing is collected (no state leaks between callers), patterns still apply."""

    _caching = False  # it lives as long as the process: remembering would grow without end

    def add(self, secret: Any, reason: str) -> None:
        return None


_CURRENT: ContextVar[Redactor | None] = ContextVar("dslint_redactor", default=None)
_PATTERNS_ONLY = _PatternsOnly()


def current() -> Redactor:
    """The redactor of the run in progress, or one that knows only the patterns."""
    return _CURRENT.get() or _PATTERNS_ONLY


@contextlib.contextmanager
def run() -> Iterator[Redactor]:
    """One run's redactor: what is loaded inside the block is never printed."""
    redactor = Redactor()
    token = _CURRENT.set(redactor)
    try:
        yield redactor
    finally:
        _CURRENT.reset(token)


def redact(text: str) -> str:
    return current().redact(text)


# Characters a finding must not carry to a terminal or a CI log: line breaks (a
# key named "x\n::error::..." would start a GitHub workflow command and break
# one-line-per-finding), other C0/C1 controls (ANSI escapes), bidi overrides
# (text shown in another order than it is), and lone surrogates (undecodable
# bytes from argv or file names, which no UTF-8 stream takes).
_UNPRINTABLE = LazyPattern("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """Text safe for any UTF-8 stream, terminal and CI log: those characters become escapes (`\\n`, `\\x1b`)."""
    if not _UNPRINTABLE.search(text):
        return text
    escaped: str = _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group()) or
                                    (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)
    return escaped


_WRITTEN: set[str] = set()  # every placeholder written so far (as many as distinct reasons)


def written_placeholders() -> list[str]:
    """The placeholders this process wrote (a worker hands them to the parent)."""
    return sorted(_WRITTEN)


def adopt_placeholders(texts: list[str]) -> None:
    """Placeholders another dslint process wrote: leave them as they are, too."""
    _WRITTEN.update(texts)


def placeholder(reason: str) -> str:
    hint = _SSH_HINT if "sshPrivateKey" in reason else DEFAULT_HINT
    # A reason names a key from the input: escaped like any other text from it.
    text = PLACEHOLDER.format(reason=printable(reason).replace("<", "").replace(">", ""), hint=hint)
    _WRITTEN.add(text)
    return text


def _short_name(name: str) -> str:
    """A key or object name as a reason quotes it: escaped, and shortened when absurdly long."""
    name = printable(name)
    if len(name) <= MAX_REASON_KEY:
        return name
    half = (MAX_REASON_KEY - 3) // 2  # both ends: a key says what it is at its end (`...Password`)
    return name[:half] + "..." + name[-half:]


def _value_of(key: Any) -> str:
    return f"the value of {_short_name(str(key))}"


def _split_assignments(text: str) -> list[str]:
    """`a=1,b\\,c=2,d={x,y}` -> ["a=1", "b\\,c=2", "d={x,y}"]: Helm's commas, escapes kept."""
    return [p for p in _split_commas(text, lists=True) if "=" in p]


def _split_commas(text: str, lists: bool = False) -> list[str]:
    """Split at unescaped commas; with `lists`, not inside a `={...}` list value (Helm's strvals)."""
    parts: list[str] = []
    current: list[str] = []
    escaped = in_list = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_list:
            in_list = char != "}"
        elif char == "{" and lists and current and current[-1] == "=":
            in_list = True
        elif char == ",":
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _list_items(value: str) -> list[str]:
    """Helm's `{a,b}` list value -> ["a", "b"] (escapes kept); anything else is one item."""
    inner = value[1:-1] if value.endswith("}") else value[1:]
    return [inner, *_split_commas(inner)]


def _last_key(dotted: str) -> str:
    parts = re.split(r"(?<!\\)[.\[]", dotted)
    return parts[-1].rstrip("]") if parts else dotted


def _secret_dotted(dotted: str) -> bool:
    """`config.sshPrivateKey`, `a.b.apiToken`, `env.HF_TOKEN`: a --set key whose value is secret."""
    dotted = dotted.strip()
    if not dotted:
        return False
    last = _last_key(dotted)
    return dotted.replace("\\", "") == "config.sshPrivateKey" or secret_key_name(last) or (
        last.isupper() and secret_env_name(last)
    )


def _inside_word(text: str, start: int, end: int) -> bool:
    """A short secret inside a longer word is a coincidence, not the secret."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before.isalnum() or after.isalnum()
