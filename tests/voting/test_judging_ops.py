"""Judging operations: conflicts of interest, jurors and ideas set aside, the judging switch,
progress per judge, final rounds on a shortlist, and who may do each."""

from __future__ import annotations

from tests.voting.test_jury import CRITERIA, invite, juror_token


def jurors(voting, app, *names):
    return [juror_token(app.test_client(), invite(voting, name)) for name in names]


def next_pair(voting, token, ballot_id):
    return voting.api.ok("POST", f"{voting.base}/ballots/{ballot_id}/pairs/next", token, {})


def declare(voting, token, idea, reason="I mentored them"):
    body = {"idea_id": int(idea), "reason": reason}
    return voting.api.ok("POST", f"{voting.base}/judging/conflicts", token, body)


def switch(voting, state):
    return voting.api.ok("PUT", f"{voting.base}/judging/switch", voting.fac, {"state": state})


def progress(voting):
    return voting.api.ok("GET", f"{voting.base}/judging/progress", voting.fac)


def score(voting, token, ballot_id, idea, impact=4, demo=3):
    content = {"scores": {idea: {"impact": impact, "demo": demo}}}
    return voting.vote(token, ballot_id, content)


# --- conflicts of interest -------------------------------------------------------------------


def test_a_juror_with_a_conflict_is_never_given_that_idea_in_pairwise(voting, app):
    ballot = voting.ballot("pairwise", voters="jury", params={"epsilon": 0})
    (judge,) = jurors(voting, app, "Ada")
    conflicted = voting.ideas[0]
    declare(voting, judge, conflicted)
    seen = set()
    reply = next_pair(voting, judge, ballot["id"])
    while reply.get("pair"):
        seen.update(reply["pair"])
        a, b = reply["pair"]
        reply = voting.vote(judge, ballot["id"], {"winner": a, "loser": b})["next"]
    assert reply["done"] is True
    assert conflicted not in seen and seen == set(voting.ideas[1:])


def test_declaring_a_conflict_releases_the_pair_the_juror_was_shown(voting, app):
    ballot = voting.ballot("pairwise", voters="jury", params={"epsilon": 0})
    (judge,) = jurors(voting, app, "Ada")
    a, b = next_pair(voting, judge, ballot["id"])["pair"]
    declare(voting, judge, a)
    error = voting.refuse(judge, ballot["id"], {"winner": a, "loser": b}, 403)
    assert error["code"] == "not_assigned"
    assert a not in next_pair(voting, judge, ballot["id"])["pair"]


def test_a_juror_cannot_score_an_idea_they_declared_a_conflict_with(voting, app):
    ballot = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    (judge,) = jurors(voting, app, "Ada")
    declare(voting, judge, voting.ideas[1])
    content = {"scores": {voting.ideas[1]: {"impact": 5, "demo": 5}}}
    error = voting.refuse(judge, ballot["id"], content, 403)
    assert error["code"] == "not_assigned" and "conflict of interest" in error["message"]
    score(voting, judge, ballot["id"], voting.ideas[0])  # the others are still theirs
    mine = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/mine", judge)
    assert mine["blocked"] == [voting.ideas[1]]


def test_conflicts_show_in_the_audit_export_under_the_jurors_pseudonym(voting, app):
    ballot = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    ada, _bo = jurors(voting, app, "Ada", "Bo")
    declare(voting, ada, voting.ideas[2], "my cousin's team")
    score(voting, ada, ballot["id"], voting.ideas[0])
    export = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/export", voting.fac)
    assert [(c["option"], c["reason"]) for c in export["conflicts"]] == [
        (voting.ideas[2], "my cousin's team")
    ]
    ada_pseudonym = export["ballots"][0]["pseudonym"]
    assert export["conflicts"][0]["pseudonym"] == ada_pseudonym
    from hackkit.voting.audit import export_csv, read_csv

    assert read_csv(export_csv(export))["conflicts"] == export["conflicts"]


def test_a_conflict_can_be_withdrawn_and_only_by_its_juror(voting, app):
    ada, bo = jurors(voting, app, "Ada", "Bo")
    declare(voting, ada, voting.ideas[0])
    path = f"{voting.base}/judging/conflicts/{voting.ideas[0]}"
    voting.api.error("DELETE", path, bo, None, 404)  # Bo has no such conflict
    assert voting.api.ok("DELETE", path, ada) == {"conflicts": []}


def test_only_this_events_jurors_declare_conflicts(voting, app, api):
    body = {"idea_id": int(voting.ideas[0])}
    path = f"{voting.base}/judging/conflicts"
    participant = voting.voters[0]["token"]
    assert api.error("POST", path, participant, body, 403)
    assert api.error("POST", path, voting.fac, body, 403)
    other_fac = api.facilitator("other")
    other = api.event(other_fac, "Elsewhere")
    stranger = juror_token(
        app.test_client(),
        api.ok("POST", f"/api/events/{other['id']}/jury", other_fac, {"name": "Zed"}),
    )
    assert api.error("POST", path, stranger, body, 403)
    # Their own event's idea ids are all they can name.
    own = api.call("POST", f"/api/events/{other['id']}/judging/conflicts", stranger, body)
    assert own.status_code == 404


# --- set aside, the switch -------------------------------------------------------------------


def test_a_juror_marked_absent_gets_nothing_and_their_pair_is_freed(voting, app):
    ballot = voting.ballot("pairwise", voters="jury", params={"epsilon": 0})
    ada, bo = jurors(voting, app, "Ada", "Bo")
    ada_pair = next_pair(voting, ada, ballot["id"])["pair"]
    juror_id = progress(voting)["ballots"][0]["judges"][0]["juror_id"]
    flag_path = f"{voting.base}/judging/jurors/{juror_id}/flag"
    voting.api.ok("PUT", flag_path, voting.fac, {"status": "absent", "reason": "lunch"})
    error = voting.api.error(
        "POST", f"{voting.base}/ballots/{ballot['id']}/pairs/next", ada, {}, 409
    )
    assert error["code"] == "judge_set_aside" and "lunch" in error["message"]
    # Ada's pair is released at once: nothing of hers keeps ideas busy for the others.
    from sqlalchemy import select

    from hackkit.extensions import db
    from hackkit.voting.models import PairAssignment

    assert db.session.execute(select(PairAssignment)).scalars().all() == []
    assert ada_pair and next_pair(voting, bo, ballot["id"])["pair"] is not None
    voting.api.ok("PUT", flag_path, voting.fac, {"status": "judging"})
    assert next_pair(voting, ada, ballot["id"])["pair"] is not None


def test_an_idea_whose_team_is_absent_is_set_aside_with_the_reason(voting, app):
    ballot = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    (ada,) = jurors(voting, app, "Ada")
    idea = voting.ideas[3]
    voting.api.ok(
        "PUT",
        f"{voting.base}/judging/ideas/{idea}/flag",
        voting.fac,
        {"team_absent": True, "reason": "train delayed"},
    )
    content = {"scores": {idea: {"impact": 5, "demo": 5}}}
    assert voting.refuse(ada, ballot["id"], content, 403)["code"] == "not_assigned"
    ideas = {i["id"]: i for i in progress(voting)["ballots"][0]["ideas"]}
    assert ideas[idea]["reasons"] == ["team absent: train delayed"]
    assert ideas[voting.ideas[0]]["reasons"] == []


def test_pausing_judging_refuses_judgements_with_a_clear_error_and_resuming_takes_them(voting, app):
    rubric = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    pairwise = voting.ballot("pairwise", voters="jury", params={"epsilon": 0})
    (ada,) = jurors(voting, app, "Ada")
    a, b = next_pair(voting, ada, pairwise["id"])["pair"]
    assert switch(voting, "paused")["state"] == "paused"
    content = {"scores": {voting.ideas[0]: {"impact": 5, "demo": 5}}}
    error = voting.refuse(ada, rubric["id"], content, 409)
    assert error["code"] == "judging_paused" and "paused" in error["message"]
    assert voting.refuse(ada, pairwise["id"], {"winner": a, "loser": b}, 409)["code"] == (
        "judging_paused"
    )
    path = f"{voting.base}/ballots/{pairwise['id']}/pairs/next"
    assert voting.api.error("POST", path, ada, {}, 409)["code"] == "judging_paused"
    assert progress(voting)["ballots"][0]["judgements"] == 0  # nothing was stored
    switch(voting, "open")
    assert voting.vote(ada, pairwise["id"], {"winner": a, "loser": b})["counted"]
    assert voting.vote(ada, rubric["id"], content)["counted"]


def test_the_pause_does_not_stop_participants_voting(voting, app):
    ballot = voting.ballot("single", voters="both")
    switch(voting, "paused")
    assert voting.vote(voting.voters[0]["token"], ballot["id"], {"choice": voting.ideas[0]})


def test_closing_judging_closes_every_jury_ballot_but_not_the_public_vote(voting, app):
    rubric = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    public = voting.ballot("single")
    switch(voting, "closed")
    statuses = {
        b["ballot_id"]: b["status"]
        for b in voting.api.ok("GET", f"{voting.base}/judging/progress", voting.fac)["ballots"]
    }
    assert statuses == {rubric["id"]: "closed"}
    assert voting.vote(voting.voters[0]["token"], public["id"], {"choice": voting.ideas[1]})


# --- progress --------------------------------------------------------------------------------


def test_progress_counts_each_judges_judgements_and_names_who_is_behind(voting, app):
    ballot = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    ada, bo, cy = jurors(voting, app, "Ada", "Bo", "Cy")
    declare(voting, cy, voting.ideas[0])
    for idea in voting.ideas:
        score(voting, ada, ballot["id"], idea)
    for idea in voting.ideas[:3]:
        score(voting, bo, ballot["id"], idea)
    score(voting, cy, ballot["id"], voting.ideas[1])
    report = progress(voting)["ballots"][0]
    judges = {j["name"]: j for j in report["judges"]}
    assert [(j["done"], j["target"]) for j in judges.values()] == [(4, 4), (3, 4), (1, 3)]
    assert judges["Cy"]["behind"] and judges["Cy"]["behind_reason"] == (
        "1 judgement; the median is 3"
    )
    assert not judges["Ada"]["behind"] and not judges["Bo"]["behind"]
    assert judges["Cy"]["conflicts"] == 1
    assert report["median"] == 3 and report["judgements"] == 8
    judged = {i["id"]: i["judged_by"] for i in report["ideas"]}
    assert judged == dict(zip(voting.ideas, (2, 3, 2, 1), strict=True))
    assert report["coverage_min"] == 1


def test_progress_shows_ideas_skipped_often_with_the_reason(voting, app):
    ideas = [int(i) for i in voting.ideas[:2]]
    ballot = voting.ballot("pairwise", voters="jury", scope="shortlist", idea_ids=ideas)
    for token in jurors(voting, app, "Ada", "Bo"):
        pair = next_pair(voting, token, ballot["id"])["pair"]
        voting.vote(token, ballot["id"], {"skip": pair})
    report = progress(voting)["ballots"][0]
    assert [i["reasons"] for i in report["ideas"]] == [["skipped 2 times, judged by 0"]] * 2
    assert [j["done"] for j in report["judges"]] == [0, 0]  # skips are not judgements


def test_a_juror_sees_only_their_own_view_and_no_progress(voting, app):
    ballot = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    ada, bo = jurors(voting, app, "Ada", "Bo")
    declare(voting, bo, voting.ideas[0])
    path = f"{voting.base}/judging/progress"
    voting.api.error("GET", path, ada, None, 403)
    voting.api.error("GET", path, voting.voters[0]["token"], None, 403)
    voting.api.error("PUT", f"{voting.base}/judging/switch", ada, {"state": "paused"}, 403)
    mine = voting.api.ok("GET", f"{voting.base}/ballots/{ballot['id']}/mine", ada)
    assert mine["blocked"] == []  # Bo's conflict is Bo's


# --- rounds ----------------------------------------------------------------------------------


def test_a_final_round_takes_the_top_ideas_of_the_first_round(voting, app):
    first = voting.ballot("rubric", voters="jury", params={"criteria": CRITERIA})
    ada, bo = jurors(voting, app, "Ada", "Bo")
    marks = dict(zip(voting.ideas, (5, 2, 4, 1), strict=True))
    for token in (ada, bo):
        for idea, mark in marks.items():
            score(voting, token, first["id"], idea, impact=mark, demo=mark)
    path = f"{voting.base}/ballots/{first['id']}/shortlist"
    body = {"top": 2, "title": "Final", "method": "pairwise"}
    assert voting.api.error("POST", path, voting.fac, body, 409)["code"] == "round_not_closed"
    voting.act(first["id"], "close")
    final = voting.api.ok("POST", path, voting.fac, body)
    assert final["status"] == "draft" and final["method"] == "pairwise"
    assert final["scope"] == "shortlist" and final["voters"] == "jury"
    assert [o["id"] for o in final["options"]] == [voting.ideas[0], voting.ideas[2]]
    rubric_final = voting.api.ok("POST", path, voting.fac, {"top": 3, "title": "Final scores"})
    assert rubric_final["method"] == "rubric" and rubric_final["params"]["criteria"]
    assert {o["id"] for o in rubric_final["options"]} == {
        voting.ideas[0],
        voting.ideas[2],
        voting.ideas[1],
    }
    opened = voting.act(final["id"], "open")
    pair = next_pair(voting, ada, opened["id"])["pair"]
    assert set(pair) == {voting.ideas[0], voting.ideas[2]}


def test_the_plan_uses_the_events_jurors_and_conflicts(voting, app):
    ada, _bo, _cy = jurors(voting, app, "Ada", "Bo", "Cy")
    declare(voting, ada, voting.ideas[0])
    body = {"minutes_per_judgement": 5, "round_minutes": 10, "method": "rubric", "target": 3}
    plan = voting.api.ok("POST", f"{voting.base}/judging/plan", voting.fac, body)
    assert plan["plan"]["ideas"] == 4 and plan["plan"]["judges"] == 3
    assert plan["plan"]["conflicts"] == 1
    # 3 judges x 2 scores = 6 views over 4 ideas: some idea is seen by 1 judge only.
    assert plan["coverage_min"] == 1 and plan["meets_target"] is False
    assert plan["minutes_needed"] is None  # Ada can never score the idea: 2 judges at most
    unplanned = voting.api.error(
        "POST", f"{voting.base}/judging/plan", voting.fac, {"round_minutes": 10}, 400
    )
    assert unplanned["code"] == "invalid_payload"
