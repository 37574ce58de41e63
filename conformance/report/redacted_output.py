"""Every file the report stage writes passes through here, so no token reaches disk.

JSON is redacted value by value (a token-shaped pattern replaced inside a whole JSON
text could break its quoting); other text is redacted whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from conformance.target.redaction import redact_text


def redact_tree(value: Any) -> Any:
    """A copy of a JSON-like value with every string (keys included) redacted."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {redact_text(str(key)): redact_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_tree(item) for item in value]
    return value


def redacted_json_text(value: Any) -> str:
    return json.dumps(redact_tree(value), indent=2) + "\n"


def redacted_json_lines(text: str) -> str:
    """A JSON Lines text with each record redacted; lines that are not JSON are redacted as text."""
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            lines.append(json.dumps(redact_tree(json.loads(line)), sort_keys=True))
        except ValueError:
            lines.append(redact_text(line) or "")
    return "".join(line + "\n" for line in lines)


def write_redacted_text(path: Path, text: str) -> Path:
    """Write `text` redacted, atomically (a CI step never reads half a report)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(redact_text(text) or "", encoding="utf-8")
    os.replace(partial, path)
    return path


def write_redacted_json(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(redacted_json_text(value), encoding="utf-8")
    os.replace(partial, path)
    return path
