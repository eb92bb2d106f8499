"""The web UI in a real headless Chromium against a real uvicorn server on 127.0.0.1.

Screenshots go to test-artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from parallax.api import create_app
from web_fixtures import build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A uvicorn server in a background thread, stopped at the end of the module."""
    db = build_store(tmp_path_factory.mktemp("web") / "store.duckdb")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_follow_a_story_to_an_article_and_search(server, page):
    page.goto(server + "/")
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
    page.get_by_role("link", name="Canada and Mexico cut cod quotas").click()
    page.wait_for_url("**/stories/sto_quota")
    outlets = page.locator("section.outlet")
    assert outlets.count() == 3
    tops = {round(outlets.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, "outlet columns stand side by side at 1280 px"
    assert page.locator("table.matrix td.omitted").count() == 1
    assert page.locator("svg[role=img] title").first.text_content() == "Who each outlet quotes"
    page.screenshot(path=ARTIFACTS / "story.png", full_page=True)

    page.locator("section.outlet", has_text="Gulf Wire").get_by_role("link").first.click()
    page.wait_for_url("**/articles/art_gulf1")
    quote = page.locator("q.quote").first
    assert "Ana Ruiz" in quote.get_attribute("title")
    assert page.locator("a.ent").count() >= 3 and page.locator("#article-text mark.term").count() == 1
    page.screenshot(path=ARTIFACTS / "article.png", full_page=True)
    page.locator("#raw summary").click()
    assert page.locator("pre.raw").is_visible()
    page.wait_for_function("location.search.includes('raw=1')", timeout=5000)  # app.js ran under the CSP
    page.locator("#toggle-marks").uncheck()
    assert "marks-on" not in page.locator("#article-text").get_attribute("class")

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Words").fill("cod war")
    page.get_by_role("button", name="Search").click()
    assert page.locator("ol.results li").count() == 2
    page.screenshot(path=ARTIFACTS / "search.png", full_page=True)


def test_keyboard_skip_link_and_phone_width(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "/stories/sto_quota")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.locator("a.skip").bounding_box()["x"] >= 0, "the skip link shows when focused"
    xs = {round(b["x"]) for b in (page.locator("section.outlet").nth(i).bounding_box() for i in range(3))}
    assert len(xs) == 1, "outlet columns stack on a phone"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=ARTIFACTS / "story-phone.png", full_page=True)
    context.close()


def test_hostile_article_runs_no_script(server, page):
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for url in ("/", "/stories/sto_hostile", "/articles/art_hostile?raw=1", "/search?q=Body"):
        response = page.goto(server + url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert page.locator("img").count() == 0, url
        scripts = page.locator("script").evaluate_all("els => els.map(e => e.getAttribute('src'))")
        assert scripts == ["/static/app.js"], url
        assert page.locator("a[href^='javascript:' i]").count() == 0, url
        assert "<script>alert(1)</script>" in page.locator("main").inner_text(), url
    page.screenshot(path=ARTIFACTS / "hostile.png", full_page=True)
    assert dialogs == [] and errors == []
