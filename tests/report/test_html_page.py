"""report.html: self-contained, and loads in headless Chromium showing the verdict."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conformance.report.report_files import write_reports
from tests.report.synthetic_run import write_run

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium)"
)


class ResourceLinks(HTMLParser):
    """Every URL the page would load by itself (scripts, styles, images, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "video", "audio") and attributes.get("src"):
            self.loaded.append(attributes["src"])
        if tag == "link" and attributes.get("href"):
            self.loaded.append(attributes["href"])


class RequirementRows(HTMLParser):
    """The classes of each row of the requirements table, by requirement ID."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "tr" and (attributes.get("id") or "").startswith("req-"):
            self.classes[attributes["id"][4:]] = (attributes.get("class") or "").split()


def chromium(profile_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile_dir}", *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def page(run) -> Path:
    return write_reports(run.report_dir).report_html


def test_the_page_loads_nothing_from_elsewhere(page):
    html = page.read_text()
    links = ResourceLinks()
    links.feed(html)
    assert links.loaded == []
    assert "default-src 'none'" in html
    assert "<style>" in html and "<script>" in html


def test_text_from_the_target_is_escaped(run):
    run.results.checks[1].message = "<img src=x onerror=alert(1)>"
    write_run(run.report_dir, run.results, run.exchanges)
    html = write_reports(run.report_dir).report_html.read_text()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@needs_chromium
def test_chromium_renders_the_page_without_script_errors_and_shows_the_verdict(page, tmp_path):
    result = chromium(tmp_path / "profile", "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-ready="true"' in root and "data-script-errors" not in root
    banner = re.search(r'<header id="verdict"[^>]*>.*?</h1>', dom, re.S).group(0)
    assert 'data-conformant="false"' in banner and "NOT conformant to profile core" in banner
    assert "Uncaught" not in result.stderr


@needs_chromium
def test_the_filters_hide_what_is_not_asked_for(page, tmp_path):
    result = chromium(tmp_path / "profile", "--dump-dom", page.as_uri() + "#only=fail&profile=core")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = RequirementRows()
    rows.feed(result.stdout)
    assert len(rows.classes) == 8
    assert [row for row, classes in rows.classes.items() if "hidden" not in classes] == ["SYNC-004"]


@needs_chromium
def test_a_screenshot_can_be_taken(page, tmp_path):
    shot = tmp_path / "report.png"
    result = chromium(tmp_path / "profile", "--window-size=1280,1600", f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
