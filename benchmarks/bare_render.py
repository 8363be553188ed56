"""The floor for `dslint render`: the Helm SDK alone rendering the same values.

    python bare_render.py CHART VALUES NAME NAMESPACE           print the manifests (a whole process)
    python bare_render.py CHART VALUES NAME NAMESPACE REPEAT    time REPEAT renders in-process (JSON)

Deliberately minimal (no argparse, no dslint): read the values with PyYAML,
`Chart.load(path).render(values, name=..., namespace=..., is_install=True)`,
print the documents the way `helm template` does.
"""

import sys
import time

_t0 = time.perf_counter()
import helm_python  # noqa: E402
import yaml  # noqa: E402

_imported = time.perf_counter() - _t0


def render(chart_path, values_path, name, namespace):
    with open(values_path, encoding="utf-8") as stream:
        values = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    with helm_python.Chart.load(chart_path) as chart:
        return chart.render(values, name=name, namespace=namespace, is_install=True)


def main(argv):
    chart_path, values_path, name, namespace = argv[:4]
    if len(argv) == 4:
        files = render(chart_path, values_path, name, namespace)
        out = []
        for path in sorted(files):
            text = files[path].strip()
            if path.endswith(".yaml") and text:
                out.append(f"---\n# Source: {path}\n{text}\n")
        sys.stdout.write("".join(out))
        return
    import json

    times = []
    for _ in range(int(argv[4]) + 1):
        t0 = time.perf_counter()
        render(chart_path, values_path, name, namespace)
        times.append(time.perf_counter() - t0)
    json.dump({"import_s": _imported, "first_s": times[0], "warm_s": times[1:]}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
