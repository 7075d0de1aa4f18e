"""Regenerate the README's screenshots: the analyse page (the bundled example) and the dashboard (a synthetic corpus).

Starts the web app on loopback (an in-memory corpus of hand-built documents, so the dashboard is the same on every
run), drives Debian's Chromium with Playwright and writes small PNGs (a viewport, not the whole page: each stays
under 300 KB) to docs/img/.

    python bench/screenshots.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from unspin.store import Store  # noqa: E402
from unspin.web import WebSettings, create_app  # noqa: E402
from unspin_testing import CHROMIUM, CHROMIUM_ARGS, serve_in_thread, synthetic_corpus  # noqa: E402

SHOTS = {"analyse": "analyse-page.png", "dashboard": "dashboard.png"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    store = Store.open(":memory:")
    store.save(synthetic_corpus())
    url, server = serve_in_thread(create_app(WebSettings(rate_per_minute=0, analysis_timeout=600), store=store))
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.goto(url + "/")
            page.fill("#text", (REPO / "examples" / "news-and-comment.md").read_text(encoding="utf-8"))
            page.click("#analyze-button")
            page.wait_for_selector("#card", timeout=600_000)
            page.screenshot(path=str(args.out / SHOTS["analyse"]))
            page.goto(url + "/dashboard")
            page.locator("#chart-techniques-by-month").scroll_into_view_if_needed()
            page.evaluate("document.querySelector('#chart-techniques-by-month').scrollIntoView()")
            page.screenshot(path=str(args.out / SHOTS["dashboard"]))
            browser.close()
    finally:
        server.should_exit = True
        store.close()
    for name in SHOTS.values():
        path = args.out / name
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
