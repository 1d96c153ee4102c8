"""The phone's navigation shows the sections an event has: no tab that leads nowhere."""

from __future__ import annotations

import re

from hackkit.events.models import Event
from hackkit.extensions import db
from tests.voting.conftest import quick_facilitator


def _tabs(html: str) -> list[str]:
    nav = html.split('class="phone-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


def _phone(app, code: str):
    phone = app.test_client()
    form = phone.get(f"/j/{code}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert phone.post(f"/j/{code}", data={"name": "Ada", "csrf_token": csrf}).status_code == 302
    return phone


def test_help_survey_and_badges_appear_once_the_event_has_them(app, api):
    fac = quick_facilitator()
    event = api.event(fac)
    base = f"/api/events/{event['id']}"
    phone = _phone(app, event["code"])
    assert _tabs(phone.get(f"/e/{event['code']}").get_data(as_text=True)) == [
        "Event",
        "Team",
        "Ideas",
        "Vote",
    ]
    # A section reached by its address still names itself in the navigation.
    assert "Survey" in _tabs(phone.get(f"/e/{event['code']}/survey").get_data(as_text=True))

    from hackkit.mentors import roster

    roster.invite_mentor(db.session(), db.session.get(Event, event["id"]), "Mona", [])
    db.session.commit()
    survey = api.ok("POST", f"{base}/surveys", fac, {"title": "Feedback", "stage": "post"})
    assert "Survey" not in _tabs(phone.get(f"/e/{event['code']}").get_data(as_text=True))
    api.ok("POST", f"{base}/surveys/{survey['id']}/open", fac, {})
    api.ok("POST", f"{base}/credentials/issue", fac, {})
    assert _tabs(phone.get(f"/e/{event['code']}").get_data(as_text=True)) == [
        "Event",
        "Team",
        "Ideas",
        "Help",
        "Vote",
        "Survey",
        "Badges",
    ]
