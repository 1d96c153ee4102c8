"""Credentials: issue Open Badges for 5,000 participants in one press, then verify them.

A real server (gevent) on a fresh instance; 5,000 participants are written straight into its
database (joining is measured by ``joins``), then the facilitator's ``credentials.issue`` over
HTTP signs one "participated" credential each (eddsa-rdfc-2022: RDF canonicalisation of the
credential with pyld, SHA-256, Ed25519) and stores them in one transaction. Then
``POST /api/credentials/verify`` checks a sample of them one after another, as the public
verify page does (proof, issuer, dates, revocation from the database).
"""

from __future__ import annotations

import argparse
import json
import time

from benchmarks._harness import cpu_seconds, start
from benchmarks._report import bench, percentile
from hackkit.simulate.http import request_json


def seed_participants(url: str, instance, event_id: int, n: int) -> None:
    from sqlalchemy import insert

    from hackkit import create_app
    from hackkit.events.models import Participant
    from hackkit.extensions import db

    app = create_app({"database_url": url, "instance_path": instance, "async_mode": "threading"})
    with app.app_context():
        db.session.execute(
            insert(Participant),
            [
                {"event_id": event_id, "display_name": f"Person {i}", "name_key": f"person {i}"}
                for i in range(n)
            ],
        )
        db.session.commit()
        db.remove()


def stored_documents(url: str, instance, event_id: int, n: int) -> list[dict]:
    from sqlalchemy import select

    from hackkit import create_app
    from hackkit.credentials.models import Credential
    from hackkit.extensions import db

    app = create_app({"database_url": url, "instance_path": instance, "async_mode": "threading"})
    with app.app_context():
        rows = db.session.scalars(
            select(Credential.document).where(Credential.event_id == event_id).limit(n)
        ).all()
        db.remove()
        return [json.loads(text) for text in rows]


def in_process_p99(instance, documents: list[dict]) -> float:
    """The checks alone, in this process (same keys, status read as not revoked): what the
    verification itself costs without HTTP, the server's other work or its collector."""
    from datetime import UTC, datetime

    from hackkit.credentials.keys import KeyRing
    from hackkit.credentials.verification import verify_credential

    ring = KeyRing(instance, None)
    latencies = []
    for document in documents:
        t0 = time.perf_counter()
        verdict = verify_credential(
            document,
            resolve_key=ring.resolve,
            known_issuers=ring.known_issuers(),
            read_status=lambda _entry: False,
            now=datetime.now(UTC),
        )
        latencies.append((time.perf_counter() - t0) * 1000)
        assert verdict.valid
    return percentile(latencies, 99)


def main(argv: list[str] | None = None) -> int:
    import asyncio

    parser = argparse.ArgumentParser(prog="python -m benchmarks credentials")
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--verify", type=int, default=500, help="credentials to verify")
    args = parser.parse_args(argv)
    b = start()
    try:
        seed_participants(b.database_url, b.instance, b.event_id, args.participants)
        path = f"/api/events/{b.event_id}/credentials/issue"
        cpu_before = cpu_seconds(b.server.proc.pid)
        began = time.perf_counter()
        status, body = asyncio.run(
            request_json(b.url, "POST", path, {}, token=b.facilitator_token, timeout=600)
        )
        seconds = time.perf_counter() - began
        if status != 200:
            raise RuntimeError(f"issue: {status} {body}")
        issued = body["data"]["issued"]
        bench(f"credentials_issue_{args.participants}_s", seconds, "s")
        bench("credentials_issued", issued, "credentials")
        bench("credentials_issue_server_cpu_s", cpu_seconds(b.server.proc.pid) - cpu_before, "s")
        documents = stored_documents(b.database_url, b.instance, b.event_id, args.verify)

        async def verify_all(documents: list[dict]) -> list[float]:
            latencies = []
            for document in documents:
                t0 = time.perf_counter()
                status, reply = await request_json(
                    b.url, "POST", "/api/credentials/verify", {"credential": document}, timeout=60
                )
                latencies.append((time.perf_counter() - t0) * 1000)
                if status != 200 or reply["data"]["valid"] is not bool(document.get("proof")):
                    raise RuntimeError(f"verify: {status} {reply}")
            return latencies

        latencies = asyncio.run(verify_all(documents))
        bench("credential_verify_p50_ms", percentile(latencies, 50), "ms")
        bench("credential_verify_p99_ms", percentile(latencies, 99), "ms")
        # The same request refused before any cryptography (no proof): what the HTTP round
        # trip, the action's checks and the database cost on their own, for comparison.
        bare = [{"type": ["VerifiableCredential"]} for _ in documents]
        bench("credential_verify_in_process_p99_ms", in_process_p99(b.instance, documents), "ms")
        baseline = asyncio.run(verify_all(bare))
        bench("credential_verify_baseline_p50_ms", percentile(baseline, 50), "ms")
        bench("credential_verify_baseline_p99_ms", percentile(baseline, 99), "ms")
    finally:
        b.server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
