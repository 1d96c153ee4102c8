"""Every wall mode fits every wall a venue uses, at every distance the wall form accepts: no text
clipped, ellipsised, overflowing or overlapping (see benchmarks/_wall_fit.py for the cases and
the check, shared with ``python -m benchmarks wall_fit``)."""

from __future__ import annotations

import os

from benchmarks._wall_fit import cases, picture_url, run_cases, screen_page_url
from tests.browser.conftest import SHOTS

FIT_SHOTS = SHOTS / "wall-fit"


def test_every_wall_mode_fits_every_geometry_and_distance(server, remote, open_page):
    fac = remote.facilitator()
    event = remote.event(fac, "Fit Night")
    url = screen_page_url(server.url, event["code"], remote.display_token(event["id"]))
    page = open_page(url, {"width": 1280, "height": 720})
    selected = cases(picture_url(server.url, event["code"]))
    only = os.environ.get("WALL_FIT_ONLY")  # a name fragment, to look at a few cases while fixing
    if only:
        selected = [case for case in selected if only in case.name]
    outcomes = run_cases(page, selected, FIT_SHOTS)
    assert len(outcomes) == len(selected) > 0
    failed = {o.case.name: o.problems for o in outcomes if o.problems}
    report = [f"{name}: {len(found)}, e.g. {found[0]}" for name, found in failed.items()]
    assert not failed, f"{len(failed)} of {len(outcomes)} cases clip or overlap:\n" + "\n".join(
        report
    )
    # A revealed result stands its top three on a podium wherever it fits: always with
    # realistic content at the default distance, on every wall and for every method.
    for outcome in outcomes:
        case = outcome.case
        if case.mode == "results" and case.revealed and case.content == "realistic":
            assert outcome.podium == 3, f"{case.name} shows no podium"
            # On the tile wall the podium stands over every row of tiles, not a strip on top.
            if case.geometry == "tiles-20x4":
                assert outcome.result_rows == 4, f"{case.name}: {outcome.result_rows} rows"
    assert page.errors == []
