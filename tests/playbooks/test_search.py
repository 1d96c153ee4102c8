"""Searching the manual: every term must match, titles count most, snippets show the match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hackkit.playbooks import Library
from hackkit.playbooks.search import SearchIndex, query_terms


def test_search_finds_a_known_phrase_on_the_right_page(manual: Library) -> None:
    hits = manual.search('"ballot stuffing"')
    assert hits[0].slug == "during/voting-and-judging"
    assert "ballot stuffing" in hits[0].snippet.lower()


def test_search_is_case_insensitive_and_prefers_titles(manual: Library) -> None:
    hits = manual.search("REHEARSAL")
    assert hits[0].slug == "before/rehearsal"
    assert hits[0].title == "The rehearsal"


def test_every_term_must_match(manual: Library) -> None:
    library = manual
    both = {hit.slug for hit in library.search("pizza wall")}
    assert both <= {hit.slug for hit in library.search("pizza")}
    assert library.search("wall zyxwvutsrq") == []


def test_empty_query_finds_nothing(manual: Library) -> None:
    assert manual.search("   ") == []


def test_prefix_matches_word_starts_only() -> None:
    index = SearchIndex([("a", "Voting", "We vote here."), ("b", "Pivot", "A pivot table.")])
    assert [hit.slug for hit in index.search("vot")] == ["a"]


def test_hyphens_do_not_matter(manual: Library) -> None:
    assert manual.search("wifi")[0].slug == "before/venue-network-power"
    assert "Wi-Fi" in manual.search("wifi")[0].snippet


def test_quoted_phrase_is_one_term() -> None:
    assert query_terms('"video  wall" check') == ["video wall", "check"]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_query_returns_hits_that_contain_every_term(query: str) -> None:
    index = SearchIndex(
        [
            ("a", "Pitching", "Fixed slots with a timer on the wall."),
            ("b", "Voting", "Dots, approval and ranked ballots; avoid ballot stuffing."),
            ("c", "Ünïcödé", "Café (déjà vu) [x](y.md) *emphasis*"),
        ]
    )
    texts = {
        "a": "pitching fixed slots with a timer on the wall.",
        "b": "voting dots, approval and ranked ballots; avoid ballot stuffing.",
        "c": "ünïcödé café (déjà vu) x emphasis",
    }
    for hit in index.search(query):
        text = texts[hit.slug].replace("-", "")
        assert all(term.replace("-", "") in text for term in query_terms(query))
