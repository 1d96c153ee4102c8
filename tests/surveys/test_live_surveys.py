"""Surveys on a real server process with real Socket.IO clients: phones answer over the
socket, the wall's screen and the console get the figures as views, merged per tick."""

from __future__ import annotations

import time

import pytest

from tests.surveys.conftest import SurveyEvent
from tests.test_realtime_server import Phone
from tests.voting.conftest import quick_facilitator
from tests.voting.test_live_voting import all_at_once, close_all

pytestmark = pytest.mark.server


def figures_until(client, survey_id, done, timeout=8.0):
    """Collect survey.live views of one survey until ``done(data)``; return them."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = client.next_view("survey.live", timeout=max(0.05, deadline - time.monotonic()))
        if view["data"]["survey_id"] == survey_id:
            seen.append(view)
            if done(view["data"]):
                return seen
    raise AssertionError(f"condition not reached; last views: {seen[-2:]}")


def test_answers_over_the_socket_reach_the_wall_as_merged_figures(server, remote):
    fac = quick_facilitator()
    s = SurveyEvent(remote, fac, remote.event(fac, "Live Feedback"))
    people = s.join(*(f"P{i}" for i in range(6)))
    wall = Phone(server.url, remote.display_token(s.event["id"]))
    console = Phone(server.url, fac, s.event["id"])
    phones = [Phone(server.url, p["token"]) for p in people]
    try:
        survey = s.survey("post")
        opened = phones[0].next_update("survey.updated")
        assert opened["data"]["status"] == "open" and opened["data"]["questions"]
        scores = [5, 4, 4, 3, 5, 2]
        words = ["fun", "Fun", "long", "fun", "wow", "long"]
        replies = all_at_once(
            [
                lambda p=p, n=n, w=w: p.call(
                    "survey.answer",
                    {"survey_id": survey["id"], "answers": {"overall": n, "word": w}},
                )
                for p, n, w in zip(phones, scores, words, strict=True)
            ]
        )
        assert all(r["ok"] for r in replies), replies
        views = figures_until(wall, survey["id"], lambda d: d["responses"] == 6)
        # Each push is a whole recount, newer than the one before (a screen keeps the newest).
        counts = [v["data"]["responses"] for v in views]
        assert counts == sorted(counts) and [v["seq"] for v in views] == sorted(
            v["seq"] for v in views
        )
        final = views[-1]["data"]
        overall = next(q for q in final["questions"] if q["key"] == "overall")
        assert overall["distribution"] == [0, 1, 1, 2, 2]
        assert overall["mean"] == pytest.approx(23 / 6)
        words_seen = next(q for q in final["questions"] if q["key"] == "word")["counts"]
        assert words_seen == [["fun", 3], ["long", 2], ["wow", 1]]
        assert all(q["kind"] != "text" for q in final["questions"])  # comments never on the wall
        figures_until(console, survey["id"], lambda d: d["responses"] == 6)
        # A second answer over the socket is refused the same way HTTP refuses it.
        again = phones[0].call(
            "survey.answer", {"survey_id": survey["id"], "answers": {"overall": 1}}
        )
        assert again["ok"] is False and again["error"]["code"] == "already_answered"
        bad = phones[1].call(
            "survey.answer", {"survey_id": survey["id"], "answers": {"overall": 0}}
        )
        assert bad["ok"] is False and bad["error"]["code"] in ("invalid_answer", "invalid")
        # Phones are not sent the figures.
        with pytest.raises(Exception):  # noqa: B017  (queue.Empty: nothing arrived)
            phones[2].next_view("survey.live", timeout=0.5)
        # The wall reconnecting gets the same figures in its snapshot.
        snap = wall.call("sync")
        assert snap["ok"], snap
        assert snap["data"]["state"]["survey_results"][str(survey["id"])]["responses"] == 6
    finally:
        close_all([wall, console, *phones])
