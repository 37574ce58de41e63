"""Every file the report stage writes passes through here, so no token reaches disk.

JSON is redacted value by value (a token-shaped pattern replaced inside a whole JSON
text could break its quoting); other text is redacted whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from conformance.exchanges.redaction import may_hold_a_token, redact_text, registered_secrets


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


def decodes_clean(line: str, secret_forms: tuple[str, ...]) -> bool:
    """Whether no string JSON-decoded from `line` (keys included) can need redaction.

    Without a `\\u` or `\\/` escape, every character of a decoded string comes from itself
    or from a fixed one-character escape, so a token keyword or a registered secret in a
    decoded string shows in the line as itself (a secret as its JSON escape, both among
    `secret_forms`). Most lines of a transcript pass, and skip decoding, redacting and
    re-encoding."""
    if "\\u" in line or "\\/" in line or may_hold_a_token(line):
        return False
    return not any(form in line for form in secret_forms)


def _json_secret_forms() -> tuple[str, ...]:
    """Each registered secret as it is and as it stands inside a JSON string."""
    forms = set()
    for secret in registered_secrets():
        forms.update((secret, json.dumps(secret, ensure_ascii=False)[1:-1]))
    return tuple(forms)


def redacted_json_lines(text: str) -> str:
    """A JSON Lines text with each record redacted; lines that are not JSON are redacted as text."""
    secret_forms = _json_secret_forms()
    lines = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if decodes_clean(line, secret_forms):
            lines.append(line)
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
