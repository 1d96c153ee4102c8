"""The playbook library in the console: contents, search, pages, print view, handbook, forms."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.playbooks import SHIPPED_PLAYBOOK_DIR, load_library

MANUAL = load_library([SHIPPED_PLAYBOOK_DIR])
SPRINT = "formats/three-hour-sprint"


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize(
    "path",
    [
        "/console/playbooks",
        "/console/playbooks/roles",
        "/console/playbooks/-/print",
        "/console/playbooks/-/handbook.html",
        "/console/events/1/playbook",
    ],
)
def test_library_pages_send_strangers_to_sign_in(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_creating_from_the_form_needs_a_signed_in_facilitator(client) -> None:
    response = client.post("/console/playbooks/-/create", data={"template": SPRINT})
    assert response.status_code in (302, 400)  # sign-in redirect, or the CSRF check first
    assert db.session.execute(select(Event)).first() is None


def test_library_lists_every_page_by_section_and_the_templates(console, client) -> None:
    response = client.get("/console/playbooks")
    assert response.status_code == 200
    html = text_of(response)
    for section in MANUAL.toc():
        assert f"<h3>{section.title}</h3>" in html
        for entry in section.entries:
            assert f'href="/console/playbooks/{entry.slug}"' in html
    templates = re.search(r'<aside class="card templates".*?</aside>', html, re.S).group(0)
    for page in MANUAL.templates:
        assert page.title in templates
    assert "problems in the playbook folders" not in html
    assert 'href="/console/playbooks/-/print"' in html


def test_search_shows_matching_pages_with_snippets(console, client) -> None:
    html = text_of(client.get("/console/playbooks?q=jury rubric"))
    hits = MANUAL.search("jury rubric", 30)
    assert hits
    results = re.search(r'id="search-results".*?</ol>', html, re.S).group(0)
    assert results.count("<li>") == len(hits)
    assert f'href="/console/playbooks/{hits[0].slug}"' in results
    assert hits[0].snippet in results
    nothing = text_of(client.get("/console/playbooks?q=zzzqqqxx"))
    assert "Nothing matches “zzzqqqxx”" in nothing


def test_a_page_renders_with_its_headings_and_links_to_app_pages(console, client) -> None:
    slug = "formats/one-day-hackathon"
    html = text_of(client.get(f"/console/playbooks/{slug}"))
    article = re.search(r'<article class="card prose playbook-page".*?</article>', html, re.S)
    _, headings = MANUAL.render(slug, lambda s: s)
    in_page = re.search(r'<ol class="heading-list">.*?</ol>', html, re.S).group(0)
    for heading in headings:
        if heading.level in (2, 3):
            assert f'href="#{heading.anchor}"' in in_page
            assert f'id="{heading.anchor}"' in article.group(0)
    links = re.findall(r'href="([^"]+)"', article.group(0))
    assert "/console/playbooks/roles" in links
    assert not [link for link in links if ".md" in link]
    # A template page shows what an event gets, and the form to create one.
    assert 'id="template-card"' in html
    assert 'action="/console/playbooks/-/create"' in html
    assert f'value="{slug}"' in html


def test_a_manual_page_has_no_create_form_and_unknown_pages_are_404(console, client) -> None:
    html = text_of(client.get("/console/playbooks/roles"))
    assert "<h1" in html and 'id="template-card"' not in html
    assert client.get("/console/playbooks/no/such/page").status_code == 404
    assert client.get("/console/playbooks/../../etc/passwd").status_code == 404


def test_print_view_holds_every_page_in_order(console, client) -> None:
    html = text_of(client.get("/console/playbooks/-/print"))
    chapters = re.findall(r'<article class="chapter" id="([^"]+)"', html)
    assert len(chapters) == len(MANUAL)
    paths = re.findall(r'<p class="chapter-path">([^<]+)</p>', html)
    assert paths == [page.slug for page in MANUAL.pages]
    assert 'class="toc" id="contents"' in html
    assert "data-print" in html


def test_handbook_downloads_whole_or_one_page(console, client) -> None:
    whole = client.get("/console/playbooks/-/handbook.html")
    assert whole.status_code == 200
    assert whole.headers["Content-Disposition"] == 'attachment; filename="hackkit-handbook.html"'
    assert whole.get_data(as_text=True).count('<article class="chapter"') == len(MANUAL)
    one = client.get("/console/playbooks/-/handbook.html?page=roles")
    assert one.get_data(as_text=True).count('<article class="chapter"') == 1
    assert "hackkit-roles.html" in one.headers["Content-Disposition"]
    assert client.get("/console/playbooks/-/handbook.html?page=nope").status_code == 404


def test_console_home_form_creates_an_event_from_a_template(console, client) -> None:
    home = text_of(client.get("/console/"))
    assert 'id="template-choice"' in home
    for page in MANUAL.templates:
        assert f'<option value="{page.slug}">' in home
    response = client.post(
        "/console/playbooks/-/create",
        data={"csrf_token": csrf_from(home), "template": SPRINT, "name": "", "back": "home"},
    )
    assert response.status_code == 302
    event = db.session.execute(select(Event)).scalar_one()
    assert response.headers["Location"].endswith(f"/console/events/{event.id}")
    assert event.name == MANUAL.get(SPRINT).title
    assert event.playbook == SPRINT and len(event.phases) == len(MANUAL.get(SPRINT).meta.agenda)


def test_form_refusals_are_shown_where_the_form_was(console, client) -> None:
    home = text_of(client.get("/console/"))
    token = csrf_from(home)
    response = client.post(
        "/console/playbooks/-/create",
        data={"csrf_token": token, "template": "roles", "back": "page"},
        follow_redirects=True,
    )
    assert "is a manual page, not a template" in text_of(response)
    assert "/console/playbooks/roles" in response.request.path
    response = client.post(
        "/console/playbooks/-/create",
        data={"csrf_token": token, "template": SPRINT, "name": "x" * 150, "back": "home"},
        follow_redirects=True,
    )
    assert response.request.path == "/console/"
    assert "at most 120 characters" in text_of(response)
    assert db.session.execute(select(Event)).first() is None


def test_tips_page_is_only_for_the_events_own_facilitator(console, client, api) -> None:
    other = api.facilitator("olga")
    theirs = api.ok("POST", "/api/events/from-template", other, {"template": SPRINT})
    assert client.get(f"/console/events/{theirs['id']}/playbook").status_code == 404
    mine = client.post(
        "/console/playbooks/-/create",
        data={"csrf_token": csrf_from(text_of(client.get("/console/"))), "template": SPRINT},
    )
    page = text_of(client.get(mine.headers["Location"] + "/playbook"))
    assert "<h1>Checklists</h1>" in page
    assert 'href="/console/playbooks/formats/three-hour-sprint"' in page
    assert 'id="boot"' in page and "playbooks/tips.js" in page
