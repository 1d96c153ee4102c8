"""Challenge briefs and announcements: Markdown in, sanitised HTML out, drafts kept private."""

from __future__ import annotations


def test_challenge_brief_is_sanitised_and_drafts_stay_private(api):
    fac = api.facilitator()
    event = api.event(fac)
    base = f"/api/events/{event['id']}"
    draft = api.ok(
        "POST",
        base + "/challenges",
        fac,
        {"title": "Water", "brief_md": "**Save** it <script>alert(1)</script>"},
    )
    assert draft["brief_html"] == "<p><strong>Save</strong> it </p>"
    me = api.join(event["code"], "P")["token"]
    assert api.ok("GET", base + "/snapshot", me)["state"]["challenges"] == []
    assert len(api.ok("GET", base + "/snapshot", fac)["state"]["challenges"]) == 1
    api.ok(
        "PUT",
        f"{base}/challenges/{draft['id']}",
        fac,
        {"title": "Water", "brief_md": "x", "published": True},
    )
    seen = api.ok("GET", base + "/snapshot", me)["state"]["challenges"]
    assert [c["title"] for c in seen] == ["Water"]
    assert "brief_md" not in seen[0]  # participants get the rendered brief only
    api.ok("DELETE", f"{base}/challenges/{draft['id']}", fac)
    assert api.ok("GET", base + "/snapshot", me)["state"]["challenges"] == []


def test_markdown_fields_are_capped(api):
    fac = api.facilitator()
    event = api.event(fac)
    error = api.error(
        "POST",
        f"/api/events/{event['id']}/challenges",
        fac,
        {"title": "Big", "brief_md": "x" * 20_001},
        400,
    )
    assert error["code"] == "invalid_payload"
    assert (
        api.error(
            "POST", f"/api/events/{event['id']}/announcements", fac, {"body_md": "y" * 2001}, 400
        )["code"]
        == "invalid_payload"
    )


def test_markdown_preview_matches_what_participants_see(api):
    fac = api.facilitator()
    html = api.ok("POST", "/api/markdown/preview", fac, {"text": "[x](javascript:alert(1)) *hi*"})[
        "html"
    ]
    assert "javascript" not in html and "<em>hi</em>" in html


def test_announcements_are_kept_newest_first(api):
    fac = api.facilitator()
    event = api.event(fac)
    for n in range(3):
        api.ok("POST", f"/api/events/{event['id']}/announcements", fac, {"body_md": f"news {n}"})
    shown = api.ok("GET", f"/api/events/{event['id']}/snapshot", fac)["state"]["announcements"]
    assert [a["html"] for a in shown] == ["<p>news 2</p>", "<p>news 1</p>", "<p>news 0</p>"]
