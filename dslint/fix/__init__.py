"""Autofix: the edits rules offer, applied to values files without touching anything else.

    edits.py    Edit: what a problem wants changed, as data (rename a key, replace a
                value, move a key, delete an earlier duplicate); its effect on loaded values
    locate.py   values paths -> character spans in the file's text (libyaml's node marks)
    apply.py    edits -> text replacements; conflicts; a re-parse proves only the fixed paths changed
    diff.py     unified diffs that `patch` applies (line endings, a missing final newline)
    run.py      `dslint check --fix / --diff`: check, fix, re-check until nothing changes

Rules only build `Edit`s (this package's `edits` module is light); the rest is
imported by the command line when a fix is asked for.
"""
