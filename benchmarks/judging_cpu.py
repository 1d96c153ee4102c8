"""Judging, in-process: the server's CPU time per pairwise call, without the network or load.

One process, SQLite in a temporary folder, the Flask test client. An event of 300 ideas and
60 jurors in 6 groups of 10, each group with a pairwise ballot over its own 50 ideas (as in
``python -m benchmarks judging``). Every juror asks for a first pair, then makes
``--decisions`` decisions in turn (round-robin, so the stored decisions grow as in a real
round). ``judging_next_pair_cpu_ms`` and ``judging_decide_cpu_ms`` are the mean process CPU
time of one first-pair request and of one decision (whose reply carries the next pair);
``--profile`` prints a cProfile profile of the decisions.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks._report import bench

IDEAS = 300
JURORS = 60
GROUPS = 6


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks judging_cpu", description=__doc__)
    parser.add_argument("--decisions", type=int, default=20, help="decisions per juror")
    parser.add_argument("--profile", action="store_true", help="print a cProfile profile")
    args = parser.parse_args(argv)

    from sqlalchemy import create_engine

    from hackkit import close_app, create_app
    from hackkit.accounts.models import Facilitator
    from hackkit.auth import token_for_facilitator
    from hackkit.extensions import db
    from hackkit.migrate import upgrade
    from hackkit.models import import_all_models
    from hackkit.teams.models import Idea

    import_all_models()
    folder = Path(tempfile.mkdtemp(prefix="hk-judging-cpu-"))
    engine = create_engine(f"sqlite:///{folder / 'hk.db'}")
    upgrade(engine)
    engine.dispose()
    app = create_app(
        {
            "async_mode": "threading",
            "database_url": f"sqlite:///{folder / 'hk.db'}",
            "instance_path": folder,
        }
    )
    with app.app_context():
        client = app.test_client()

        def call(method: str, path: str, token: str, body: Any = None) -> Any:
            response = client.open(
                path, method=method, json=body, headers={"Authorization": f"Bearer {token}"}
            )
            payload = response.get_json()
            if not payload.get("ok"):
                raise RuntimeError(f"{method} {path}: {payload}")
            return payload["data"]

        account = Facilitator(username="fran", password_hash="!no-password-login")
        db.session.add(account)
        db.session.commit()
        fac = token_for_facilitator(account)
        event = call("POST", "/api/events", fac, {"name": "Judging night"})
        base = f"/api/events/{event['id']}"
        ideas = [
            Idea(event_id=event["id"], title=f"Idea {n}", pitch=f"Pitch {n}") for n in range(IDEAS)
        ]
        db.session.add_all(ideas)
        db.session.commit()
        ids = [idea.id for idea in ideas]
        per_group = IDEAS // GROUPS
        ballots = []
        for g in range(GROUPS):
            made = call(
                "POST",
                f"{base}/ballots",
                fac,
                {
                    "title": f"Group {g + 1}",
                    "method": "pairwise",
                    "voters": "jury",
                    "scope": "shortlist",
                    "idea_ids": ids[g * per_group : (g + 1) * per_group],
                },
            )
            call("POST", f"{base}/ballots/{made['id']}/open", fac, {})
            ballots.append(made["id"])
        tokens = []
        for n in range(JURORS):
            juror = call("POST", f"{base}/jury", fac, {"name": f"Judge {n}"})
            page = client.get(client.get(juror["invite_path"]).headers["Location"])
            boot = re.search(r'id="boot">(.*?)</script>', page.get_data(as_text=True))
            tokens.append(json.loads(boot.group(1))["token"])

        firsts: list[float] = []
        pairs: dict[int, list[str]] = {}
        for n, token in enumerate(tokens):
            started = time.process_time()
            pairs[n] = call("POST", f"{base}/ballots/{ballots[n % GROUPS]}/pairs/next", token, {})[
                "pair"
            ]
            firsts.append((time.process_time() - started) * 1000)

        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        from sqlalchemy import event as sql_event

        statements: list[str] = []
        sql_event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a: statements.append(" ".join(a[2].split())[:90]),
        )
        decides: list[float] = []
        for _ in range(args.decisions):
            for n, token in enumerate(tokens):
                pair = pairs[n]
                if pair is None:
                    continue
                body = {
                    "vote_id": uuid.uuid4().hex,
                    "content": {"winner": pair[0], "loser": pair[1]},
                }
                started = time.process_time()
                reply = call("POST", f"{base}/ballots/{ballots[n % GROUPS]}/votes", token, body)
                decides.append((time.process_time() - started) * 1000)
                pairs[n] = reply["next"]["pair"]
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        print(f"{len(decides)} decisions, {len(firsts)} first pairs")
        bench("judging_decide_statements", len(statements) / max(len(decides), 1), "statements")
        if args.profile:
            from collections import Counter

            for statement, times in Counter(statements).most_common():
                print(f"{times:6d}  {statement}")
        bench("judging_next_pair_cpu_ms", statistics.mean(firsts), "ms")
        bench("judging_decide_cpu_ms", statistics.mean(decides), "ms")
        last = decides[-len(tokens) :]
        bench("judging_decide_cpu_last_round_ms", statistics.mean(last), "ms")
    close_app(app)
    shutil.rmtree(folder, ignore_errors=True)
    return 0
