"""The static HTML report: self-contained, strict CSP by hash, opens offline in Chromium."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from pathlib import Path

import pytest

from parallax.web.report import write_report
from web_fixtures import HOSTILE, build_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("report") / "store.duckdb")


@pytest.fixture(scope="module")
def report(db, tmp_path_factory) -> Path:
    return write_report(db, tmp_path_factory.mktemp("out") / "report.html")


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert "<script src" not in html and "<link" not in html
    assert 'href="/' not in html, "no links to server routes"
    assert html.count('<article class="story"') == 3
    assert "<td>Gulf Wire</td><td>2</td><td>1</td>" in html  # the overview's outlet table


def test_report_csp_pins_inline_assets_by_hash(report):
    html = report.read_text(encoding="utf-8")
    csp = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1))
    assert csp.startswith("default-src 'none'") and "unsafe-inline" not in csp
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    assert f"style-src '{_sha(style)}'" in csp and f"script-src '{_sha(script)}'" in csp


def test_report_escapes_hostile_text(report):
    html = report.read_text(encoding="utf-8")
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and 'href="javascript:' not in html


def test_one_story_report(db, tmp_path):
    html = write_report(db, tmp_path / "one.html", story_id="sto_strike").read_text(encoding="utf-8")
    assert html.count('<article class="story"') == 1 and "Veracruz port strike" in html
    with pytest.raises(KeyError, match="sto_missing"):
        write_report(db, tmp_path / "none.html", story_id="sto_missing")


def block_network(route, requested: list[str]) -> None:
    """Let the report file itself load; abort (and remember) anything else it asks for."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        requested.append(route.request.url)
        route.abort()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium")
def test_report_opens_offline_in_chromium(report):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    requested, problems = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
        context.route("**/*", lambda route: block_network(route, requested))
        page = context.new_page()
        page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(report.as_uri())
        story = page.locator("#story-sto_quota")
        assert story.locator("section.outlet").count() == 3
        assert story.locator("h1").inner_text() == "Canada and Mexico cut cod quotas"
        header = page.evaluate("getComputedStyle(document.querySelector('header.site')).backgroundColor")
        assert header == "rgb(22, 50, 79)", "the inline stylesheet applied under the CSP"
        page.get_by_role("link", name="Veracruz port strike").click()
        assert page.url.endswith("#story-sto_strike")
        page.screenshot(path=ARTIFACTS / "report.png", full_page=True)
        browser.close()
    assert requested == []
    assert problems == []
