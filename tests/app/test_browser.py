"""End to end in a real browser: `streamlit run app.py` on a free port, driven by Debian's
Chromium through Playwright (never a downloaded browser), over the session's seed index."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.config import REPO_ROOT
from ui.links import VIEWER_PATH

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUESTION = "深圳2019年对家庭医生有什么安排?"
# Asked after the first question to print warm query times as the app shows them (not asserted:
# speed is reported, not tested).
WARM_QUESTIONS = ("家庭医生签约服务", "托位数", "公立医院改革", "How many childcare places will be added?", "医养结合")
WAIT_MS = 120_000

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {seconds:.0f}s")


@pytest.fixture
def served_app(seed_index, seed_config, tmp_path):
    """The app served over the seed index; the server's process group is always killed."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium); "
                    "the end-to-end browser test needs it")
    port = _free_port()
    env = {**os.environ, "HWS_INDEX_DIR": str(seed_config.index_dir), "HWS_CORPUS_DIR": str(seed_config.corpus_dir),
           "HWS_CACHE_DIR": str(seed_config.cache_dir), "HWS_MODEL": seed_config.model}
    log = open(tmp_path / "streamlit.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_healthy(url, process)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def _shown_query_ms(page) -> int:
    """The "用时 N ms" the page shows once its rerun has finished (no stale elements left)."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=WAIT_MS)
    return int(re.search(r"用时 (\d+) ms", page.get_by_text("用时").first.inner_text()).group(1))


def _print_warm_query_times(page, box) -> None:
    times = []
    for question in WARM_QUESTIONS:
        box.fill(question)
        box.press("Enter")
        page.wait_for_function("q => new URL(location.href).searchParams.get('q') === q", arg=question,
                               timeout=WAIT_MS)
        times.append(_shown_query_ms(page))
    print(f"\nwarm query time shown by the app (ms): {times}; median {sorted(times)[len(times) // 2]}")


def test_question_in_a_real_browser_shows_a_cited_card_and_opens_it_in_context(served_app, seed_index, tmp_path):
    from playwright.sync_api import sync_playwright

    expected = seed_index.search(QUESTION, k=1)[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(served_app)
            box = page.get_by_role("textbox", name="问题 Question")
            box.fill(QUESTION)
            box.press("Enter")
            first_card = page.locator(".hws-card").first
            first_card.wait_for(timeout=WAIT_MS)
            citation = page.locator('[data-testid="stCode"]').first
            assert citation.inner_text().strip() == expected.citation
            assert expected.chunk.breadcrumb in first_card.inner_text()
            assert re.search(r"用时 \d+ ms", page.get_by_text("用时").first.inner_text())
            page.screenshot(path=str(tmp_path / "search.png"))

            with page.context.expect_page(timeout=30_000) as opened:  # the card's link opens a new tab
                page.locator(f'a[href^="{VIEWER_PATH}?doc="]:not(.hws-answer-link)').first.click()
            viewer = opened.value
            cited = viewer.locator("#hws-cited")
            cited.wait_for(timeout=WAIT_MS)
            assert cited.inner_text() == expected.chunk.text
            viewer.wait_for_function(  # the page scrolled its document pane to the cited span
                "() => { const r = document.getElementById('hws-cited').getBoundingClientRect();"
                " return r.top >= 0 && r.top < window.innerHeight; }", timeout=WAIT_MS)
            viewer.screenshot(path=str(tmp_path / "viewer.png"))
            _print_warm_query_times(page, box)
        finally:
            browser.close()
    assert (tmp_path / "search.png").stat().st_size > 10_000
