"""The render lane: values -> the chart's own templates, rendered by Helm -> checked manifests.

    chart.py            --chart: a directory, a .tgz, or oci:// pulled once into the user cache
    chart_files.py      the chart's files checked before Helm loads them (limits, links, one chart per archive)
    limits.py           the chart and render limits (--max-chart-size, --timeout...)
    arguments.py        every setting that reaches Helm, checked; helm's command lines
    helm.py             Helm itself: the Go SDK in-process (dslint[render]) or a helm binary
    bounded.py          Helm's work within the time and memory limits (a thread, or a killed process)
    helm_log.py         Helm's own log lines, kept for the report's notes
    stream.py           Helm's output per template -> what `helm template` prints
    parse.py            that text -> Kubernetes objects (the manifest lane's documents), or DS951
    failures.py         Helm's refusals -> findings at the values they name (DS950, DS952)
    generated.py        the random SSH key the chart may generate (DS953, --check masking)
    pipeline.py         gate on values, render, parse, check: `dslint check --chart`
    write.py            stdout, a file, or a directory of objects; atomic; --check diffs
    command.py          `dslint render`
    rules/              DS95x metadata (reported by the pipeline)

Nothing here imports the Helm SDK until a render runs, so `dslint check`
works without the `render` extra.
"""
