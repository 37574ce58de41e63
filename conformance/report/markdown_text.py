"""Putting text a target or the catalog wrote into Markdown without it becoming markup."""

from __future__ import annotations


def escape(text: str) -> str:
    """Markdown-inert text for prose and table cells."""
    for character in "\\`*_[]<>|":
        text = text.replace(character, "\\" + character)
    return text


def code(text: str) -> str:
    """Text for an inline code span (a backtick would end it)."""
    return text.replace("`", "'")
