"""Every user-visible text field, filled with a corpus of XSS payloads, rendered in Chromium.

The pages are opened with the Content-Security-Policy bypassed, so the sanitiser and the way
pages insert text are what is tested (the CSP is a second wall, tested on its own in
test_web.py). A page-level hook records any payload that runs; dialogs count too.
"""

from __future__ import annotations

from tests.browser.conftest import LAPTOP, PHONE, WALL, screenshot
from tests.xss_corpus import HOOK, payloads, short_payloads


def _open(browser, url, viewport, fired):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.add_init_script(HOOK)
    page = context.new_page()
    page.on("dialog", lambda d: (fired.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url)
    return context, page


def _hits(page) -> list[str]:
    return page.evaluate("window.__xssHits")


def test_foundation_pages_run_no_injected_script(server, remote, browser):
    api = remote
    corpus = payloads()
    assert len(corpus) >= 100
    fac = api.facilitator()
    event = api.event(fac, corpus[1][:120])
    base = f"/api/events/{event['id']}"
    names = short_payloads(40)
    tokens = [api.join(event["code"], name)["token"] for name in names[:60]]
    for n, payload in enumerate(corpus[:40]):
        api.ok(
            "POST",
            base + "/challenges",
            fac,
            {"title": payload[:120], "brief_md": "\n\n".join(corpus[n::40]), "published": True},
        )
    for n in range(0, len(corpus), 10):
        api.ok(
            "POST",
            base + "/announcements",
            fac,
            {"body_md": "\n\n".join(corpus[n : n + 10])[:2000]},
        )
    api.ok(
        "PUT",
        base + "/agenda",
        fac,
        {"phases": [{"name": p[:80], "minutes": 5} for p in corpus[:20]]},
    )
    api.ok("POST", base + "/agenda/start", fac, {})

    from hackkit.accounts.models import Facilitator
    from hackkit.accounts.service import issue_signin_link_token
    from hackkit.extensions import db

    account = db.session.query(Facilitator).filter_by(username="fran").one()
    link = issue_signin_link_token(db.session(), account)
    db.session.commit()

    fired: list[str] = []
    contexts = []
    pages = {}
    ctx, console = _open(
        browser, f"{server.url}/login/once/{link}?next=/console/events/{event['id']}", LAPTOP, fired
    )
    contexts.append(ctx)
    pages["console"] = console
    ctx, phone = _open(browser, f"{server.url}/", PHONE, fired)
    contexts.append(ctx)
    phone.context.add_cookies(
        [{"name": f"hk_{event['code']}", "value": tokens[0], "url": server.url}]
    )
    phone.goto(f"{server.url}/e/{event['code']}")
    pages["phone"] = phone
    ctx, wall = _open(
        browser,
        f"{server.url}/e/{event['code']}/display?key={api.display_token(event['id'])}",
        WALL,
        fired,
    )
    contexts.append(ctx)
    pages["wall"] = wall
    for page in pages.values():
        page.wait_for_selector("body[data-connection=online]", timeout=15000)
    # Announcements arriving live go through the live code path too.
    api.ok("POST", base + "/announcements", fac, {"body_md": "\n\n".join(corpus[:12])})
    for page in pages.values():
        page.wait_for_timeout(1500)
        # Open every collapsed challenge so its brief is rendered and visible.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    pages["console"].wait_for_timeout(500)
    for name, page in pages.items():
        fired += [f"{name}: payload {n}" for n in _hits(page)]
    # Positive control: unsanitised HTML inserted the way a careless page would is caught.
    phone.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=__xss(\"control\")>')"
    )
    phone.wait_for_function("() => window.__xssHits.includes('control')", timeout=5000)
    screenshot(pages["phone"], "xss-phone")
    for ctx in contexts:
        ctx.close()
    assert fired == [], fired


def test_team_and_idea_pages_run_no_injected_script(server, remote, browser):
    api = remote
    corpus = payloads()
    fac = api.facilitator()
    event = api.event(fac, "XSS teams")
    base = f"/api/events/{event['id']}"
    label_ok = [p for p in short_payloads(40)]
    api.ok("PATCH", base + "/team-settings", fac, {"skills": ["design", "code"], "team_max": 8})
    members = [api.join(event["code"], f"Member {n}")["token"] for n in range(4)]
    teams = []
    for n, token in enumerate(members[:3]):
        team = api.ok("POST", base + "/teams", token, {"name": corpus[n][:60]})
        teams.append(team)
        # Profiles: tags and interests are free text shown to facilitators.
        api.call(
            "PUT",
            base + "/profile",
            token,
            {
                "tags": [t[:30] for t in label_ok[n * 5 : n * 5 + 5]],
                "interests": "\n".join(corpus[n::9])[:500],
            },
        )
        for k in range(0, 12):
            api.ok(
                "POST",
                f"{base}/teams/{team['id']}/progress",
                token,
                {"body": corpus[(n * 12 + k) % len(corpus)][:500]},
            )
        for k in range(0, len(corpus), 30):
            chunk = corpus[k : k + 30]
            api.ok(
                "POST",
                base + "/ideas",
                token,
                {
                    "title": chunk[n % len(chunk)][:120],
                    "pitch": chunk[(n + 1) % len(chunk)][:200],
                    "description_md": "\n\n".join(chunk)[:20000],
                    "links": ["https://example.org/a'onmouseover='__xss(900)'"],
                },
            )

    from hackkit.accounts.models import Facilitator
    from hackkit.accounts.service import issue_signin_link_token
    from hackkit.extensions import db

    account = db.session.query(Facilitator).filter_by(username="fran").one()
    link = issue_signin_link_token(db.session(), account)
    db.session.commit()
    fired: list[str] = []
    ctx_console, console = _open(
        browser,
        f"{server.url}/login/once/{link}?next=/console/events/{event['id']}/teams",
        LAPTOP,
        fired,
    )
    ctx_phone, phone = _open(browser, f"{server.url}/", PHONE, fired)
    phone.context.add_cookies(
        [{"name": f"hk_{event['code']}", "value": members[0], "url": server.url}]
    )
    pages = []
    for path in ("team", "ideas"):
        phone.goto(f"{server.url}/e/{event['code']}/{path}")
        phone.wait_for_timeout(1500)
        phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        pages.append((f"phone {path}", phone.evaluate("window.__xssHits")))
    for path in ("teams", "ideas"):
        console.goto(f"{server.url}/console/events/{event['id']}/{path}")
        console.wait_for_timeout(1500)
        console.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        pages.append((f"console {path}", console.evaluate("window.__xssHits")))
    screenshot(console, "xss-console-ideas")
    ctx_console.close()
    ctx_phone.close()
    fired += [f"{name}: payload {n}" for name, hits in pages for n in hits]
    assert fired == [], fired


def test_voting_and_wall_pages_run_no_injected_script(server, remote, browser):
    """Ballot titles, rubric criteria, jurors, moderation reasons, wall names and takeover
    text, on the phone's vote page, the console's voting and wall pages, and the wall in its
    idea, results and announcement modes."""
    api = remote
    corpus = payloads()
    fac = api.facilitator()
    event = api.event(fac, corpus[7][:120])
    base = f"/api/events/{event['id']}"
    maker = api.join(event["code"], short_payloads(40)[0])["token"]
    api.ok("POST", base + "/teams", maker, {"name": corpus[3][:60]})
    ideas = [
        api.ok(
            "POST",
            base + "/ideas",
            maker,
            {"title": corpus[n][:120], "pitch": corpus[n + 1][:200]},
        )
        for n in range(0, 20, 2)
    ]
    api.ok("POST", f"{base}/ideas/{ideas[-1]['id']}/hide", fac, {"reason": corpus[30][:200]})
    ballots = []
    for n, method in enumerate(("single", "ranked", "approval")):
        ballot = api.ok(
            "POST",
            base + "/ballots",
            fac,
            {"title": corpus[40 + n][:120], "method": method, "visibility": "live"},
        )
        api.ok("POST", f"{base}/ballots/{ballot['id']}/open", fac)
        ballots.append(ballot)
    criteria = [{"key": f"c{n}", "label": corpus[50 + n][:80], "weight": 1} for n in range(4)]
    rubric = api.ok(
        "POST",
        base + "/ballots",
        fac,
        {
            "title": corpus[45][:120],
            "method": "rubric",
            "params": {"criteria": criteria},
            "voters": "jury",
            "visibility": "live",
        },
    )
    api.ok("POST", f"{base}/ballots/{rubric['id']}/open", fac)
    for n in range(5):
        api.ok("POST", base + "/jury", fac, {"name": corpus[60 + n][:60], "weight": 1})
    voter = api.join(event["code"], "Voter")["token"]
    option = ballots[0]["options"][0]["id"]
    api.ok(
        "POST",
        f"{base}/ballots/{ballots[0]['id']}/votes",
        voter,
        {"vote_id": "a" * 32, "content": {"choice": str(option)}},
    )
    grid = {"rows": 1, "cols": 1, "screen_w": 1920, "screen_h": 1080, "bezel_x": 0, "bezel_y": 0}
    wall = api.ok("POST", base + "/walls", fac, {"name": corpus[70][:60], "grid": grid})

    from hackkit.accounts.models import Facilitator
    from hackkit.accounts.service import issue_signin_link_token
    from hackkit.extensions import db

    account = db.session.query(Facilitator).filter_by(username="fran").one()
    link = issue_signin_link_token(db.session(), account)
    db.session.commit()
    fired: list[str] = []
    ctx_console, console = _open(
        browser,
        f"{server.url}/login/once/{link}?next=/console/events/{event['id']}/voting",
        LAPTOP,
        fired,
    )
    ctx_phone, phone = _open(browser, f"{server.url}/", PHONE, fired)
    phone.context.add_cookies([{"name": f"hk_{event['code']}", "value": voter, "url": server.url}])
    ctx_wall, screen = _open(
        browser,
        f"{server.url}/e/{event['code']}/display?key={api.display_token(event['id'])}"
        f"&wall={wall['id']}&at=r0c0",
        WALL,
        fired,
    )
    seen: list[tuple[str, list]] = []

    def look(name: str, page) -> None:
        page.wait_for_timeout(1500)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        seen.append((name, page.evaluate("window.__xssHits")))

    phone.goto(f"{server.url}/e/{event['code']}/vote")
    look("phone vote", phone)
    look("console voting", console)
    console.goto(f"{server.url}/console/events/{event['id']}/wall")
    look("console wall", console)
    modes = (
        {"mode": "ideas"},
        {"mode": "results", "ballot_id": ballots[0]["id"]},
        {"mode": "results", "ballot_id": rubric["id"]},
        {"mode": "announcement", "message_md": "\n\n".join(corpus[80:95])[:2000]},
        {"mode": "teams"},
        {"mode": "agenda"},
    )
    for mode in modes:
        api.ok("POST", f"{base}/walls/{wall['id']}/mode", fac, mode)
        look(f"wall {mode['mode']}", screen)
        screenshot(screen, f"xss-wall-{mode['mode']}")
    for ctx in (ctx_console, ctx_phone, ctx_wall):
        ctx.close()
    fired += [f"{name}: payload {n}" for name, hits in seen for n in hits]
    assert fired == [], fired
