"""Tasks `run.py` runs inside the benchmark virtualenv (where dslint, PyYAML and the Helm SDK are).

`run.py` itself needs nothing but the standard library; whatever needs the
project's dependencies happens here, as `<bench python> venv_tasks.py TASK ...`.
Every task prints one JSON document on stdout.

    gen-values DIR COUNT SEED     varied, realistic values files (values-0000.yaml ...)
    gen-defaults PATH             every chart 2.1.1 default from dslint's facts, as YAML
    render-values SRC DIR [--fixture]   SRC with and without config.existingSSHKeySecret
    count-docs FILE...            non-empty YAML documents per file
    inproc-manifests REPEAT FILE...   dslint's manifest lane in-process: cold, then warm per document
    inproc-check REPEAT FILE      dslint's values lane in-process: cold, then warm per file
    render-phases ARGS...         one `dslint render ARGS` in this process, timed phase by phase
    pstats PROFILE TOP            a cProfile file summarised (cumulative and own time)
    versions                      versions of the libraries that matter
"""

from __future__ import annotations

import json
import os
import random
import sys
import time


def _emit(data) -> None:
    json.dump(data, sys.stdout)
    sys.stdout.write("\n")


# ---------------------------------------------------------------------------
# Values files: varied like a fleet of real deployments, mistakes included.

_IMAGE_TAGS = ["0.14.2-debian-12-r3"] * 4 + ["0.14.2-debian-12-r2", "0.14.1-debian-12-r9", "0.14.2", "latest"]
_REGISTRIES = ["docker.io", "registry.internal.example.com", "ghcr.io"]
_GPU_PRODUCTS = ["NVIDIA-H100-80GB-HBM3", "NVIDIA-A100-SXM4-80GB", "NVIDIA-L40S"]
_TEAMS = ["vision", "nlp", "speech", "recsys", "research", "platform"]


def _resources(rng: random.Random, gpus: int, big: bool) -> dict:
    cpu = rng.choice([2, 4, 8, 16, 32, 48]) if big else rng.choice([1, 2, 4])
    memory = rng.choice([16, 32, 64, 128, 256]) if big else rng.choice([2, 4, 8])
    requests = {"cpu": str(cpu), "memory": f"{memory}Gi"}
    limits = {"cpu": str(cpu * 2), "memory": f"{memory + memory // 4}Gi"}
    if gpus:
        requests["nvidia.com/gpu"] = gpus
        limits["nvidia.com/gpu"] = gpus
    if rng.random() < 0.08:
        limits["memory"] = f"{memory}GB"  # DS4xx: a decimal unit where Gi was meant
    return {"requests": requests, "limits": limits}


def _component(rng: random.Random, worker: bool) -> dict:
    out: dict = {}
    gpus = rng.choice([0, 1, 2, 4, 8]) if worker else 0
    if rng.random() < 0.85:
        out["resourcesPreset"] = "none"
        out["resources"] = _resources(rng, gpus, worker)
    else:
        out["resourcesPreset"] = rng.choices(["small", "medium", "large", "xlarge", "huge"], weights=[3, 5, 5, 4, 1])[0]
    out["podAntiAffinityPreset"] = rng.choices(["soft", "hard", "", "strict"], weights=[45, 40, 12, 3])[0]
    if rng.random() < 0.6:
        out["nodeSelector"] = ({"nvidia.com/gpu.product": rng.choice(_GPU_PRODUCTS)} if gpus
                               else {"node-role.example.com/cpu": "true"})
    if gpus and rng.random() < 0.8:
        out["tolerations"] = [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]
    if rng.random() < 0.5:
        out["extraEnvVars"] = [{"name": "NCCL_DEBUG", "value": rng.choice(["INFO", "WARN"])},
                               {"name": "OMP_NUM_THREADS", "value": str(rng.choice([1, 4, 8]))}]
    if rng.random() < 0.3:
        out["podAnnotations"] = {"prometheus.io/scrape": "true", "team.example.com/owner": rng.choice(_TEAMS)}
    if rng.random() < 0.25:
        out["containerSecurityContext"] = {"enabled": True, "runAsUser": rng.choice([1001, 0, 1000680000]),
                                           "readOnlyRootFilesystem": rng.random() < 0.7}
    if rng.random() < 0.15:
        out["podSecurityContext"] = {"enabled": True, "fsGroup": rng.choice([1001, 2000])}
    if worker:
        out["replicaCount"] = rng.choice([1, 2, 3, 4, 8, 16]) if rng.random() > 0.05 else "3"
        out["slotsPerNode"] = max(gpus, 1)
        if rng.random() < 0.6:
            out["extraVolumes"] = [{"name": "shm", "emptyDir": {"medium": "Memory", "sizeLimit": "64Gi"}}]
            out["extraVolumeMounts"] = [{"name": "shm", "mountPath": "/dev/shm"}]
        if rng.random() < 0.5:
            out["persistence"] = {"enabled": True, "storageClass": rng.choice(["fast-nvme", "standard", ""]),
                                  "size": f"{rng.choice([50, 100, 500])}Gi"}
        if rng.random() < 0.15:
            replicas = out["replicaCount"] if isinstance(out["replicaCount"], int) else 3
            ips = [f"10.0.{rng.randint(0, 9)}.{10 + n}" for n in range(replicas + rng.choice([0, 0, -1]))]
            out["externalAccess"] = {"enabled": True, "service": {"type": "LoadBalancer", "loadBalancerIPs": ips}}
        if rng.random() < 0.1:
            out["terminationGracePeriodSeconds"] = 60
        if rng.random() < 0.1:
            out["sidecars"] = [{"name": "metrics", "image": "docker.io/bitnami/node-exporter:1.8.1-debian-12-r0",
                                "ports": [{"name": "metrics", "containerPort": 9100}]}]
    else:
        job = rng.random() < 0.6
        out["useJob" if rng.random() > 0.05 else "useJobs"] = job
        if job:
            out["backoffLimit"] = rng.choice([0, 2, 4])
    return out


def make_values(index: int, seed: int) -> str:
    """One values file: a team's training job, some with the usual mistakes."""
    import yaml

    rng = random.Random(seed * 100_003 + index)
    values: dict = {}
    if rng.random() < 0.9:
        values["image"] = {"registry": rng.choice(_REGISTRIES), "repository": "bitnami/deepspeed",
                           "tag": rng.choice(_IMAGE_TAGS), "pullPolicy": "IfNotPresent"}
    if rng.random() < 0.3:
        values["commonLabels"] = {"team": rng.choice(_TEAMS), "cost-center": str(rng.randint(1000, 9999))}
    kind = rng.choice(["git", "git", "configmap", "command"])
    if kind == "git":
        values["source"] = {"type": "git", "git": {"repository": f"https://git.example.com/{rng.choice(_TEAMS)}/train.git",
                                                   "revision": f"v1.{rng.randint(0, 9)}.{rng.randint(0, 20)}"},
                            "launchCommand": "deepspeed --hostfile /job/hostfile train.py --deepspeed_config ds.json"}
    elif kind == "configmap":
        values["source"] = {"type": "configmap", "existingConfigMap": f"train-code-{index}",
                            "launchCommand": "deepspeed train.py"}
    else:
        values["source"] = {"launchCommand": "python -c 'import deepspeed; print(deepspeed.__version__)'"}
    if rng.random() < 0.75:
        values["config"] = {"existingSSHKeySecret": f"ssh-key-{rng.choice(_TEAMS)}"}
    values["client"] = _component(rng, worker=False)
    values["worker"] = _component(rng, worker=True)
    if rng.random() < 0.05:
        values["worker"]["nodeSelectors"] = {"pool": "gpu"}  # DS101: misspelt key
    header = [f"# values for training job {index:04d} ({rng.choice(_TEAMS)} team)", "#"]
    body = yaml.safe_dump(values, sort_keys=False, default_flow_style=False, width=120)
    if rng.random() < 0.1:
        body += "# dslint: ignore-file[DS401]\n"
    return "\n".join(header) + "\n" + body


def gen_values(directory: str, count: int, seed: int) -> None:
    os.makedirs(directory, exist_ok=True)
    paths, lines = [], 0
    for index in range(count):
        text = make_values(index, seed)
        path = os.path.join(directory, f"values-{index:04d}.yaml")
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(text)
        paths.append(path)
        lines += text.count("\n")
    _emit({"paths": paths, "mean_lines": lines / max(count, 1)})


def gen_defaults(path: str) -> None:
    """Every default dslint knows for chart 2.1.1, as one values file.

    Three defaults (config.defaultHostFile, defaultSSHClient, defaultSSHServer)
    are placeholders standing for templates inside the chart: they are left
    out, since no user writes the placeholder text.
    """
    import yaml

    from dslint.model.facts import load_facts

    defaults = load_facts("2.1.1")["defaults"]
    dropped = []
    for key, value in list(defaults.get("config", {}).items()):
        if isinstance(value, str) and value.startswith("<") and value.endswith(">"):
            del defaults["config"][key]
            dropped.append(f"config.{key}")
    text = "# every chart 2.1.1 default, from dslint.model.facts\n" + yaml.safe_dump(defaults, sort_keys=False)
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)
    _emit({"path": path, "lines": text.count("\n"), "dropped_placeholders": dropped})


def render_values(source: str, directory: str, fixture: bool = False) -> None:
    """The same values with an existing SSH key Secret, and without any key (the chart generates one).

    `fixture`: for dslint's test chart (tests/render/fixture-chart), which knows
    presets up to `large` and no `none`: such presets become `large`.
    """
    import yaml

    with open(source, encoding="utf-8") as stream:
        values = yaml.safe_load(stream) or {}
    os.makedirs(directory, exist_ok=True)
    base = os.path.splitext(os.path.basename(source))[0] + ("-fixture" if fixture else "")
    if fixture:
        for component in ("client", "worker"):
            section = values.get(component)
            if isinstance(section, dict) and section.get("resourcesPreset") not in (None, "nano", "micro", "small",
                                                                                     "medium", "large"):
                section["resourcesPreset"] = "large"
    out = {}
    for variant in ("existing-key", "generated-key"):
        data = json.loads(json.dumps(values))
        config = data.setdefault("config", {})
        config.pop("sshPrivateKey", None)
        if variant == "existing-key":
            config["existingSSHKeySecret"] = config.get("existingSSHKeySecret") or "bench-ssh-key"
        else:
            config.pop("existingSSHKeySecret", None)
            if not config:
                data.pop("config")
        path = os.path.join(directory, f"{base}-{variant}.yaml")
        with open(path, "w", encoding="utf-8") as stream:
            yaml.safe_dump(data, stream, sort_keys=False)
        out[variant] = path
    _emit(out)


def count_docs(paths: list[str]) -> None:
    import yaml

    counts = {}
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            counts[path] = sum(1 for doc in yaml.load_all(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                               if doc is not None)
    _emit(counts)


def _settings(extra: dict | None = None):
    from dslint.config import load_settings

    return load_settings(None, dict(extra or {}), isolated=True)


def inproc_manifests(repeat: int, paths: list[str]) -> None:
    """The manifest lane in one process: the first pass builds the validators, later ones reuse them."""
    from dslint import secrets

    with secrets.run():
        _inproc_manifests(repeat, paths)


def _inproc_manifests(repeat: int, paths: list[str]) -> None:
    t0 = time.perf_counter()
    from dslint.load.files import decode, read_bytes
    from dslint.manifests.check import check_manifests
    from dslint.manifests.documents import split_manifests

    imported = time.perf_counter() - t0
    settings = _settings()
    texts = []
    for path in paths:
        name, data = read_bytes(path, settings.limits)
        texts.append((name, decode(data, name)))

    def split():
        docs = []
        for name, text in texts:
            docs.extend(split_manifests(text, name, settings.limits))
        return docs

    t0 = time.perf_counter()
    documents = split()
    first_split = time.perf_counter() - t0
    t0 = time.perf_counter()
    findings = check_manifests(documents, settings, notices=[])
    first_check = time.perf_counter() - t0
    splits, checks = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        documents = split()
        t1 = time.perf_counter()
        check_manifests(documents, settings, notices=[])
        t2 = time.perf_counter()
        splits.append(t1 - t0)
        checks.append(t2 - t1)
    try:
        from dslint.manifests.kube_schema import schema_library

        engine = schema_library().engine
    except Exception:  # noqa: BLE001 - informative only
        engine = None
    _emit({"documents": len(documents), "findings": len(findings), "import_s": imported,
           "first_split_s": first_split, "first_check_s": first_check, "split_s": splits, "check_s": checks,
           "engine": engine})


def inproc_check(repeat: int, path: str) -> None:
    """The values lane in one process: the first file pays for the lazy loads, the others do not."""
    from dslint import secrets

    with secrets.run():
        _inproc_check(repeat, path)


def _inproc_check(repeat: int, path: str) -> None:
    t0 = time.perf_counter()
    from dslint.run import Report, Target
    from dslint.values_lane import check_values
    from dslint.load.files import load_values_file

    imported = time.perf_counter() - t0
    settings = _settings()
    times = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        report = Report()
        check_values([Target([load_values_file(path, settings.limits)], [])], settings, report)
        times.append(time.perf_counter() - t0)
    _emit({"import_s": imported, "first_s": times[0], "warm_s": times[1:], "findings": len(report.findings)})


def render_phases(args: list[str]) -> None:
    """Where one `dslint render` spends its time: wall milliseconds per phase (threads included).

    Wraps the pipeline's functions by name; a name an older dslint lacks is left out.  Phases in
    the Helm thread ("in thread") overlap the main thread's; "main waits" is what they cost it.
    """
    import io

    start = time.perf_counter()
    marks: dict[str, float] = {}

    def mark(name, since):
        marks[name] = round((time.perf_counter() - since) * 1000, 2)

    timers: dict[str, float] = {}

    def wrap(owner, name, label):
        function = getattr(owner, name, None)
        if function is None:
            return

        def timed(*a, **k):
            began = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timers[label] = timers.get(label, 0.0) + (time.perf_counter() - began) * 1000

        setattr(owner, name, timed)

    # As the console command starts (dslint.entry): Helm's SDK starts loading before anything else.
    t = time.perf_counter()
    try:
        import dslint.render.helm as engine
    except ImportError:  # `--ref` before the module was renamed (issue 13)
        import dslint.render.engine as engine  # type: ignore[no-redef]

    wrap(engine, "_import_sdk", "helm: import the SDK (in thread)")
    try:
        from dslint.entry import _start_loading_helm
    except ImportError:  # an older dslint: the render command starts it
        pass
    else:
        _start_loading_helm()
    mark("start loading Helm (console entry)", t)
    t = time.perf_counter()
    import click  # noqa: F401

    mark("import click", t)
    t = time.perf_counter()
    import dslint.cli as cli

    mark("import dslint.cli", t)
    t = time.perf_counter()
    import dslint.config  # noqa: F401

    try:
        import dslint.values_lane  # noqa: F401
    except ImportError:  # `--ref` before the run core (issue 13): the values lane was dslint.engine
        import dslint.engine  # noqa: F401

    mark("import dslint.config, dslint.values_lane", t)
    t = time.perf_counter()
    import dslint.render.command as command
    import dslint.render.pipeline as pipeline

    mark("import dslint.render (command, pipeline...)", t)

    wrap(cli, "_targets", "values: read files")
    wrap(pipeline, "stack_values", "values: stack")
    wrap(pipeline, "build_chart_values", "values: chart values")
    wrap(pipeline, "run_rules", "values: rules")
    wrap(pipeline, "finish", "values: suppressions")
    wrap(pipeline, "find_engine", "helm: find the engine")
    wrap(pipeline, "resolve_chart", "helm: read Chart.yaml")
    wrap(pipeline, "load_manifest_checks", "manifests: import the lane")
    # Since the run core (#13) the pipeline calls the values lane as one stage; older trees lack these.
    values_lane = sys.modules.get("dslint.values_lane")
    if values_lane is not None:
        wrap(values_lane.ValuesStage, "user_values", "values: stack")
        wrap(values_lane.ValuesStage, "chart_values", "values: chart values")
        wrap(values_lane, "run_rules", "values: rules")
    wrap(engine, "_sdk", "helm: the render waits for the SDK import (in thread)")
    wrap(engine.SdkEngine, "render", "helm: load the chart and render (in thread when overlapped)")
    import dslint.render.bounded as bounded

    wrap(bounded.BoundedCall, "result", "helm: main waits for the render")
    wrap(pipeline, "helm_documents", "render: split Helm's output")
    wrap(pipeline, "generated_key_documents", "render: generated-key scan")
    wrap(pipeline, "parse_rendering", "render: YAML with positions")
    try:
        import dslint.manifests.check as manifest_check

        wrap(manifest_check, "prepare_checks", "manifests: prepare (rules, validator library)")
        wrap(manifest_check, "check_manifests", "manifests: checks")
        if hasattr(manifest_check, "ManifestStage"):  # the pipeline's stage (#13)
            wrap(manifest_check.ManifestStage, "check", "manifests: checks")
    except ImportError:
        pass
    wrap(command, "write", "output: write")
    wrap(command, "emit_report", "output: report")
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    t = time.perf_counter()
    try:
        cli.main(["render", *args])
    except SystemExit:
        pass
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    mark("main() in all", t)
    mark("in-process total (after the interpreter started)", start)
    _emit({"marks": marks, "phases": {k: round(v, 2) for k, v in timers.items()}})


def summarise_pstats(path: str, top: int) -> None:
    import pstats

    stats = pstats.Stats(path)
    total = stats.total_tt

    def rows(key):
        entries = []
        for func, (cc, nc, tt, ct, _callers) in stats.stats.items():
            filename, line, name = func
            entries.append({"function": f"{_short(filename)}:{line}({name})", "calls": nc,
                            "own_ms": round(tt * 1000, 2), "cumulative_ms": round(ct * 1000, 2)})
        entries.sort(key=lambda e: e[key], reverse=True)
        return entries[:top]

    _emit({"total_ms": round(total * 1000, 2), "by_cumulative": rows("cumulative_ms"), "by_own": rows("own_ms")})


def _short(filename: str) -> str:
    marker = "site-packages" + os.sep
    if marker in filename:
        return filename.split(marker, 1)[1]
    for prefix in sys.path:
        if prefix and filename.startswith(prefix + os.sep):
            return filename[len(prefix) + 1:]
    return filename


def versions() -> None:
    from importlib import metadata

    names = ["dslint", "click", "pydantic", "pydantic-core", "PyYAML", "ruamel.yaml", "helm-python-sdk",
             "kubernetes-validate", "jsonschema", "referencing", "rpds-py"]
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    try:
        import helm_python

        out["helm (SDK)"] = helm_python.helm_sdk_version()
    except Exception:  # noqa: BLE001 - only informative
        pass
    try:
        import yaml

        out["PyYAML libyaml"] = bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:
        pass
    _emit(out)


def main(argv: list[str]) -> None:
    task, args = argv[0], argv[1:]
    if task == "gen-values":
        gen_values(args[0], int(args[1]), int(args[2]))
    elif task == "gen-defaults":
        gen_defaults(args[0])
    elif task == "render-values":
        render_values(args[0], args[1], fixture="--fixture" in args[2:])
    elif task == "count-docs":
        count_docs(args)
    elif task == "inproc-manifests":
        inproc_manifests(int(args[0]), args[1:])
    elif task == "inproc-check":
        inproc_check(int(args[0]), args[1])
    elif task == "render-phases":
        render_phases(args)
    elif task == "pstats":
        summarise_pstats(args[0], int(args[1]))
    elif task == "versions":
        versions()
    else:
        raise SystemExit(f"unknown task {task!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
