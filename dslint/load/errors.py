"""Input errors: what makes dslint stop with exit code 2 and one line of text."""

from __future__ import annotations


class InputError(Exception):
    """A file or argument dslint cannot read, located where the problem is."""

    def __init__(self, message: str, source: str = "", line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.source
        if where and self.line:
            where += f":{self.line}:{self.column or 1}"
        # One line, always: YAML problems may carry newlines.
        text = " ".join(self.message.split())
        # Errors quote what they could not read, which may be a secret.
        from dslint.secrets import redact

        return redact(f"{where}: {text}" if where else text)
