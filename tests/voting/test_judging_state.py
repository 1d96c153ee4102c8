"""The fast paths of pairwise judging choose exactly what the plain definitions choose."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from hackkit.extensions import db
from hackkit.voting.ballot_cache import ballot_info
from hackkit.voting.judging_state import pairwise_state
from hackkit.voting.methods import crowd_bt, get_method
from hackkit.voting.models import StoredBallot
from hackkit.voting.tallies import stored_ballots
from tests.voting.test_jury import invite, juror_token
from tests.voting.test_pairwise_judging import next_pair

METHOD = get_method("pairwise")
ITEMS = [f"idea-{n}" for n in range(12)]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), decisions=st.integers(0, 120))
def test_information_gains_are_the_expected_information_gain_to_the_last_bit(seed, decisions):
    rng = random.Random(seed)
    state = crowd_bt.new_state()
    judges = ["careful", "careless", "new"]
    for _ in range(decisions):
        winner, loser = rng.sample(ITEMS, 2)
        crowd_bt.apply_decision(state, rng.choice(judges[:2]), winner, loser)
    pairs = [(a, b) for i, a in enumerate(ITEMS) for b in ITEMS[i + 1 :]]
    pairs += [(b, a) for a, b in pairs]
    for judge in judges:
        fast = crowd_bt.information_gains(state, judge, pairs)
        plain = [crowd_bt.expected_information_gain(state, judge, a, b) for a, b in pairs]
        assert fast == plain  # float equality: ties must fall exactly as before


def _model_now(ballot_id: int):
    info = ballot_info(db.session, ballot_id)
    kept = pairwise_state(db.session, info)
    replayed = METHOD.model_state(
        list(info.options), stored_ballots(db.session, ballot_id), info.params
    )
    db.session.commit()  # what was read is kept in memory only once committed
    return kept.model, replayed


def test_the_model_in_memory_follows_the_stored_decisions_even_when_one_is_removed(voting, app):
    ballot = voting.ballot("pairwise", voters="jury")
    tokens = [juror_token(app.test_client(), invite(voting, name)) for name in ("One", "Two")]
    pairs = [next_pair(voting, token, ballot["id"])["pair"] for token in tokens]
    for _ in range(2):
        for n, token in enumerate(tokens):
            a, b = pairs[n]
            pairs[n] = voting.vote(token, ballot["id"], {"winner": a, "loser": b})["next"]["pair"]
    kept, replayed = _model_now(ballot["id"])
    assert kept == replayed and len(kept["judges"]) == 2
    first = db.session.execute(select(StoredBallot.id).order_by(StoredBallot.id)).scalars().first()
    db.session.execute(delete(StoredBallot).where(StoredBallot.id == first))
    db.session.commit()
    kept, replayed = _model_now(ballot["id"])
    assert kept == replayed  # rebuilt: the memory no longer matched the table
    a, b = pairs[0]
    voting.vote(tokens[0], ballot["id"], {"winner": b, "loser": a})
    kept, replayed = _model_now(ballot["id"])
    assert kept == replayed
