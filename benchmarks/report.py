"""Impact report of an event of 5,000 participants with full survey answers: HTML and PDF.

Seeds the event straight into the server's database (participants with profiles, challenges,
teams, ideas, a survey before and one after, every participant answering both, demographics
and words included), then asks the real server for the report page and its PDF as the signed-in
facilitator, a few times each. Prints ``bench: impact_report_5000_s`` (the HTML page; goal
<= 2 s) and ``bench: impact_report_pdf_5000_s`` (goal <= 10 s), the best of the runs, and the
medians.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
import uuid
from datetime import timedelta

import requests
from sqlalchemy import insert

from benchmarks._harness import start
from benchmarks._report import bench

PASSWORD = "bench password"
WORDS = ["inspiring", "fun", "tiring", "intense", "friendly", "chaotic", "useful", "pizza"]
ROLES = ["Student", "Developer", "Designer", "Researcher", "Business"]
COUNTRIES = ["Kenya", "Germany", "India", "Brazil", "Japan", "Canada", "Nigeria", "France"]
GENDERS = ["Woman", "Man", "Non-binary", "Prefer not to say"]


def seed_event(url: str, instance, event_id: int, people: int, seed: int) -> str:
    """Fill the event; return the facilitator's username (its password is PASSWORD)."""
    from hackkit import create_app
    from hackkit.accounts.models import Facilitator
    from hackkit.database import utcnow
    from hackkit.events.models import Challenge, Event, Participant
    from hackkit.extensions import db
    from hackkit.surveys.models import Survey, SurveyAnswer, SurveyResponse
    from hackkit.surveys.questions import standard_questions
    from hackkit.teams.models import Idea, Profile, Team

    rng = random.Random(seed)
    app = create_app({"database_url": url, "instance_path": instance, "async_mode": "threading"})
    with app.app_context():
        session = db.session()
        event = session.get(Event, event_id)
        owner = session.get(Facilitator, event.owner_id)
        start_at = utcnow() - timedelta(hours=8)
        challenges = []
        for i in range(4):
            challenge = Challenge(event_id=event_id, title=f"Challenge {i + 1}", position=i)
            session.add(challenge)
            challenges.append(challenge)
        session.flush()
        session.execute(
            insert(Participant),
            [
                {
                    "event_id": event_id,
                    "display_name": f"P{i}",
                    "name_key": f"p{i}",
                    "joined_at": start_at + timedelta(seconds=rng.randrange(0, 3 * 3600)),
                }
                for i in range(people)
            ],
        )
        ids = [pid for (pid,) in session.query(Participant.id).filter_by(event_id=event_id)]
        session.execute(
            insert(Profile),
            [
                {
                    "participant_id": pid,
                    "event_id": event_id,
                    "role": rng.choice(ROLES),
                    "country": rng.choice(COUNTRIES),
                }
                for pid in ids
            ],
        )
        for i in range(people // 5):
            c = challenges[i % len(challenges)]
            team = Team(
                event_id=event_id, name=f"T{i}", code=f"T{i:05d}"[:8], max_size=5, challenge_id=c.id
            )
            session.add(team)
            session.flush()
            session.add(
                Idea(event_id=event_id, team_id=team.id, challenge_id=c.id, title=f"Idea {i}")
            )
        goals = ["pitch an idea", "build a prototype in a team"]
        pre = Survey(
            event_id=event_id,
            title="Before",
            stage="pre",
            status="closed",
            questions=standard_questions("pre", goals),
        )
        post = Survey(
            event_id=event_id,
            title="Feedback",
            stage="post",
            status="closed",
            questions=standard_questions("post", goals),
        )
        session.add_all([pre, post])
        session.flush()
        pairs = [uuid.uuid4().hex[:16] for _ in ids]
        session.execute(insert(SurveyResponse), [{"survey_id": pre.id, "pair": p} for p in pairs])
        session.execute(insert(SurveyResponse), [{"survey_id": post.id, "pair": p} for p in pairs])
        responses = session.query(SurveyResponse.id, SurveyResponse.survey_id).all()
        rows = []
        for rid, sid in responses:
            if sid == pre.id:
                rows += [
                    {"question": "goal-1", "number": rng.randint(1, 4)},
                    {"question": "goal-2", "number": rng.randint(1, 4)},
                    {"question": "gender", "text": rng.choice(GENDERS)},
                    {"question": "country", "text": rng.choice(COUNTRIES)},
                    {"question": "role", "text": rng.choice(ROLES)},
                    {"question": "first", "text": rng.choice(["Yes", "No"])},
                ]
            else:
                rows += [
                    {"question": "overall", "number": rng.choice([3, 4, 4, 5, 5, 5])},
                    {"question": "mentors", "number": rng.randint(2, 5)},
                    {"question": "organisation", "number": rng.randint(3, 5)},
                    {"question": "recommend", "number": rng.randint(4, 10)},
                    {"question": "goal-1", "number": rng.randint(2, 5)},
                    {"question": "goal-2", "number": rng.randint(2, 5)},
                    {"question": "word", "text": rng.choice(WORDS)},
                    {
                        "question": "comment",
                        "text": "A comment of about this length, to read.",
                        "quoted": rng.random() < 0.002,
                    },
                ]
            for row in rows[-8 if sid == post.id else -6 :]:
                row.update(response_id=rid, survey_id=sid)
                row.setdefault("number", None)
                row.setdefault("text", None)
                row.setdefault("quoted", False)
        session.execute(insert(SurveyAnswer), rows)
        session.commit()
        username = owner.username
        db.remove()
        return username


def signed_in(base_url: str, username: str) -> requests.Session:
    """A browser-like session signed in through the login form."""
    browser = requests.Session()
    page = browser.get(f"{base_url}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    reply = browser.post(
        f"{base_url}/login",
        data={"csrf_token": token, "username": username, "password": PASSWORD},
        timeout=30,
    )
    reply.raise_for_status()
    return browser


def timed(browser: requests.Session, url: str, runs: int, expect: bytes) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        reply = browser.get(url, timeout=120)
        times.append(time.perf_counter() - started)
        if reply.status_code != 200 or expect not in reply.content[:2000] + reply.content[-200:]:
            raise RuntimeError(f"{url}: {reply.status_code}")
    return times


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks report", description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)
    b = start()
    try:
        started = time.perf_counter()
        username = seed_event(b.database_url, b.instance, b.event_id, args.people, args.seed)
        took = time.perf_counter() - started
        print(f"seeded {args.people} participants with answers in {took:.1f} s")
        browser = signed_in(b.url, username)
        base = f"{b.url}/console/events/{b.event_id}/report"
        html = timed(browser, base, args.runs, b"Impact report")
        pdf = timed(browser, f"{base}.pdf", max(1, args.runs // 2), b"%PDF")
        csv = timed(browser, f"{base}.csv", max(1, args.runs // 2), b"section")
        bench(f"impact_report_{args.people}_s", min(html), "s")
        bench(f"impact_report_{args.people}_median_s", statistics.median(html), "s")
        bench(f"impact_report_pdf_{args.people}_s", min(pdf), "s")
        bench(f"impact_report_csv_{args.people}_s", min(csv), "s")
    finally:
        b.server.stop()
    return 0
