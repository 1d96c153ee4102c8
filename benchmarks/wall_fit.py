"""Wall fit: every wall mode drawn on every venue geometry and distance, clipped text counted.

Starts a real server, opens the screen page in headless Chromium and draws each case of
benchmarks/_wall_fit.py (the same cases and DOM check as tests/browser/test_wall_fit.py).
Prints the number of cases and the number of clipped, ellipsised, overflowing or overlapping
text elements over all of them (the goal is 0), and the time a case takes to draw and check.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from benchmarks._harness import start
from benchmarks._report import bench
from benchmarks._wall_browser import CHROMIUM_ARGS
from benchmarks._wall_fit import cases, check_case, picture_url, screen_page_url


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks wall_fit")
    parser.add_argument("--full", action="store_true", help="the whole matrix, not the subset")
    parser.add_argument("--shots", type=Path, default=None, help="save a screenshot per case here")
    parser.add_argument("--list", action="store_true", help="print what was clipped, per case")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM

    setup = start()
    try:
        selected = cases(picture_url(setup.url, setup.code), full=args.full)
        clipped = 0
        podiums = 0
        seconds = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(screen_page_url(setup.url, setup.code, setup.display_token))
            page.wait_for_selector("body[data-view=loading]", state="attached")
            for case in selected:
                started = time.perf_counter()
                outcome = check_case(page, case, args.shots)
                seconds.append(time.perf_counter() - started)
                clipped += len(outcome.problems)
                podiums += outcome.podium == 3
                if args.list and outcome.problems:
                    print(f"{case.name}: {len(outcome.problems)}, e.g. {outcome.problems[0]}")
            browser.close()
        bench("wall_fit_cases", len(selected), "cases")
        bench("wall_fit_clipped", clipped, "elements")
        bench("wall_fit_podium_cases", podiums, "cases")
        bench("wall_fit_case_p50_ms", round(statistics.median(seconds) * 1000, 1), "ms")
    finally:
        setup.server.stop()
    return 0 if clipped == 0 else 1
