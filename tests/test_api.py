"""The HTTP API and server-rendered pages, through FastAPI's TestClient over a fictional store."""

from __future__ import annotations

import csv
import io
import json
import re

import duckdb
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.api import create_app
from parallax.api.security import CSP
from parallax.web.highlight import build_segments, build_snippet
from web_fixtures import HOSTILE, MEXICO, MINISTER, OTTAWA, build_store


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = build_store(tmp_path_factory.mktemp("api") / "store.duckdb")
    return TestClient(create_app(db))


PAGES = [
    "/",
    "/?outlet=Gulf+Wire",
    "/stories/sto_quota",
    "/stories/sto_hostile",
    "/articles/art_gulf1",
    "/articles/art_hostile?raw=1",
    f"/entities/{MINISTER}",
    f"/dyads/{OTTAWA}/{MEXICO}",
    "/search",
    "/search?q=quota",
    "/docs",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_security_headers(client, url):
    r = client.get(url)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', r.text), "no external assets"
    assert 'href="javascript:' not in r.text.lower()


def test_csp_forbids_inline_script():
    assert "default-src 'self'" in CSP and "'unsafe-inline'" not in CSP


@pytest.mark.parametrize(
    "url", ["/stories/nope", "/api/stories/nope", "/static/nope.css", "/api/stories?limit=0"]
)
def test_error_responses_carry_csp(client, url):
    r = client.get(url)
    assert r.status_code in (404, 422)
    assert r.headers["content-security-policy"] == CSP


def test_story_list_is_newest_first_with_outlets(client):
    data = client.get("/api/stories").json()
    assert [s["id"] for s in data["items"]] == ["sto_quota", "sto_strike", "sto_hostile"]
    assert data["total"] == 3
    assert set(data["items"][0]["outlets"]) == {"Northern Ledger", "Gulf Wire", "Capital Post"}
    assert data["items"][0]["article_count"] == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet=Gulf+Wire", ["sto_quota"]),
        (f"entity={MINISTER}", ["sto_quota"]),
        ("date_to=2025-02-28", ["sto_strike", "sto_hostile"]),
        ("date_from=2025-02-01&date_to=2025-02-28", ["sto_strike"]),
        ("language=fr", []),
    ],
)
def test_story_filters(client, query, expected):
    assert [s["id"] for s in client.get(f"/api/stories?{query}").json()["items"]] == expected


def test_empty_form_fields_mean_no_filter(client):
    r = client.get("/search?q=cod+war&date_from=&date_to=&outlet=&language=&entity=")
    assert r.status_code == 200 and r.text.count('<li>\n    <h2><a href="/articles/') == 2


def test_pages_link_to_the_next_page(client):
    html = client.get("/?limit=1").text
    assert 'rel="next" href="/?limit=1&amp;offset=1"' in html and 'rel="prev"' not in html
    html = client.get("/?limit=1&offset=2").text
    assert 'rel="prev"' in html and 'rel="next"' not in html and "3–3 of 3" in html


def test_pagination(client):
    page = client.get("/api/stories?limit=1&offset=1").json()
    assert page["limit"] == 1 and page["offset"] == 1 and page["total"] == 3
    assert [s["id"] for s in page["items"]] == ["sto_strike"]
    assert client.get("/api/stories?offset=10").json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories?limit=0",
        "/api/stories?limit=501",
        "/api/articles?offset=-1",
        "/api/articles?format=xml",
        "/api/stories?date_from=yesterday",
        "/api/stories?language=ENGLISH",
        "/api/stories?entity=%3Cscript%3E",
        "/api/search",
        "/api/stories/bad%20id%3Cscript%3E",
        "/stories/bad%20id%3Cscript%3E",
        "/?limit=100000",
        "/api/stories?date_from=2025-02-30",
        "/api/stories?date_to=0",
        "/api/articles?date_from=20250301",
        "/api/stories?offset=9223372036854775808",
        "/api/articles?offset=1000000001",
        "/api/search?q=x&offset=99999999999999999999",
        "/search?q=x&offset=9223372036854775807",
        "/?offset=9223372036854775808",
    ],
)
def test_bad_parameters_are_422(client, url):
    r = client.get(url)
    assert r.status_code == 422
    assert r.headers["content-security-policy"] == CSP


def test_an_unsupported_method_is_405_with_allow(client):
    r = client.request("TRACE", "/api/stories")
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    assert r.headers["content-security-policy"] == CSP


def test_server_errors_carry_the_security_headers_too(tmp_path):
    """An unhandled error (here: the store connection gone) is a bare 500 that still has every header."""
    from parallax.api.security import SECURITY_HEADERS

    app = create_app(build_store(tmp_path / "store.duckdb"))
    app.state.connection.close()
    with TestClient(app, raise_server_exceptions=False) as broken:
        for url, kind in (("/api/stories", "application/json"), ("/", "text/plain")):
            r = broken.get(url)
            assert r.status_code == 500
            assert r.headers["content-type"].startswith(kind)
            for name, value in SECURITY_HEADERS.items():
                assert r.headers[name] == value, (url, name)
            assert "Traceback" not in r.text and "duckdb" not in r.text.lower()


@pytest.mark.parametrize(
    "url",
    ["/api/stories/sto_missing", "/api/articles/art_missing", "/api/entities/ent_missing",
     f"/api/dyads/{OTTAWA}/ent_missing", "/articles/art_missing", "/entities/ent_missing"],
)  # fmt: skip
def test_unknown_ids_are_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    if url.startswith("/api/"):
        assert r.json()["detail"].startswith("no such")
    else:
        assert "404" in r.text


def test_story_json_has_comparison_articles_and_events(client):
    story = client.get("/api/stories/sto_quota").json()
    assert story["consensus"][0]["claim"].startswith("Ottawa and Mexico City agreed")
    assert story["voices"]["Gulf Wire"] == {"Ana Ruiz": 0.5, "fishing groups": 0.5}
    assert {a["id"] for a in story["articles"]} == {"art_ledger1", "art_gulf1", "art_post1", "art_gulf2"}
    assert [e["id"] for e in story["events"]] == ["evt_consult", "evt_agree"]


def test_story_page_shows_the_parallax_view(client):
    html = client.get("/stories/sto_quota").text
    for outlet in ("Northern Ledger", "Gulf Wire", "Capital Post"):
        assert f'<section class="outlet" aria-label="{outlet}">' in html
    assert "quotas cut by a fifth" in html and "quotas cut by a quarter" in html
    assert html.count('class="omitted"') == 1  # Capital Post omits the quote
    assert 'ending what critics called a <mark class="term">&#39;cod war&#39;</mark>' in html
    assert "<title id=" in html and "<desc id=" in html and "Voices as a table" in html
    assert "HALIFAX" in html  # dateline shown in its column
    assert 'href="/articles/art_gulf1#span-84">in context</a>' in html


def test_article_page_highlights_spans(client):
    html = client.get("/articles/art_gulf1").text
    assert f'href="/entities/{MINISTER}"' in html
    assert re.search(r'<q class="quote direct" title="direct quote: Ana Ruiz">“We share', html)
    assert '<mark class="term" id="span-84">&#39;cod war&#39;</mark>' in html
    assert '<details id="raw">' in html and "RAW PAGE" in html
    assert '<details id="raw" open>' in client.get("/articles/art_gulf1?raw=1").text
    assert "art_gulf2" in html  # its duplicate is listed


def test_hostile_fields_are_escaped_everywhere(client):
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for url in ("/", "/stories/sto_hostile", "/articles/art_hostile", "/search?q=Body"):
        html = client.get(url).text
        assert escaped in html, url
        assert HOSTILE not in html
    article = client.get("/articles/art_hostile").text
    assert "<code>javascript:alert(1)</code>" in article  # shown, never linked
    assert client.get("/api/articles/art_hostile").json()["author"] == f"Mallory {HOSTILE}"


def test_entity_statements_group_variants(client):
    entity = client.get(f"/api/entities/{MINISTER}").json()
    assert entity["name"] == "Ana Ruiz"
    [statement] = entity["statements"]
    assert statement["id"] == "stm_quota"
    assert {v["article_id"] for v in statement["variants"]} == {"art_ledger1", "art_gulf1", "art_gulf2"}
    assert client.get(f"/api/entities/{OTTAWA}").json()["events"][0]["id"] == "evt_consult"


def test_dyad_counts_events_per_day_both_directions(client):
    dyad = client.get(f"/api/dyads/{OTTAWA}/{MEXICO}").json()
    assert [(r["period"], r["count"]) for r in dyad["timeline"]] == [("2025-02-26", 1), ("2025-03-04", 1)]
    assert all(r["score"] > 0 for r in dyad["timeline"]), "consulting and agreeing are cooperation"
    assert dyad["timeline"][1]["by_type"] == {"AGREE": 1}
    monthly = client.get(f"/api/dyads/{OTTAWA}/{MEXICO}?by=month").json()["timeline"]
    assert [(r["period"], r["count"]) for r in monthly] == [("2025-02", 1), ("2025-03", 1)]
    assert client.get(f"/api/dyads/{OTTAWA}/{MEXICO}?by=decade").status_code == 422
    assert client.get(f"/api/entities/{OTTAWA}").json()["partners"] == [
        {"id": MEXICO, "name": "Government of Mexico"}
    ]
    html = client.get(f"/dyads/{OTTAWA}/{MEXICO}").text
    assert '<svg role="img"' in html and "2025-03-04: 1 events" in html


def test_search_matches_all_words_and_escapes_wildcards(client):
    ids = {a["id"] for a in client.get("/api/search?q=cod+war").json()["items"]}
    assert ids == {"art_gulf1", "art_gulf2"}
    assert client.get("/api/search?q=cod+Veracruz").json()["total"] == 0
    assert client.get("/api/search?q=%25").json()["total"] == 0  # a literal %, not a wildcard
    assert client.get("/api/search?q=%27+OR+1%3D1+--").json()["total"] == 0
    assert client.get("/api/search?q=quota&outlet=Capital+Post").json()["items"][0]["id"] == "art_post1"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40))
def test_search_accepts_any_text(client, q):
    assert client.get("/api/search", params={"q": q}).status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/", "/search", "/api/stories", "/api/articles", "/api/search"]),
    params=st.dictionaries(
        st.sampled_from(
            ["q", "limit", "offset", "date_from", "date_to", "outlet", "entity", "language", "format"]
        ),
        st.one_of(st.integers().map(str), st.text(max_size=30)),
    ),
)
def test_any_query_is_answered_without_a_server_error(client, path, params):
    """The HTML pages are not in the OpenAPI document, so schemathesis does not reach them: this does."""
    r = client.get(path, params=params)
    assert r.status_code in (200, 422), (path, params, r.text[:200])
    assert r.headers["content-security-policy"] == CSP


def test_csv_and_jsonl_downloads(client):
    r = client.get("/api/articles?format=csv&limit=500")
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 6 and {"id", "outlet", "title", "published"} <= set(rows[0])
    r = client.get("/api/stories?format=jsonl")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert [s["id"] for s in lines] == ["sto_quota", "sto_strike", "sto_hostile"]
    assert "Northern Ledger;" in client.get("/api/stories?format=csv&limit=1").text


def test_csv_neutralises_formulas(client):
    text = client.get("/api/search?q=Body&format=csv").text
    assert "\n=" not in text and ",=" not in text


def test_openapi_is_local(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/search", "/api/dyads/{a}/{b}"} <= set(spec["paths"])
    assert "swagger" not in client.get("/docs").text.lower()


def test_segments_nest_mentions_inside_quotes():
    text = "He said “Ana Ruiz agrees” today."
    quote = {"start": 8, "end": 25, "speaker": "X", "kind": "direct"}
    mention = {"start": 9, "end": 17, "entity_id": "ent_1"}
    segments = build_segments(text, [mention], [quote], [])
    assert [s["text"] for s in segments] == ["He said ", "“", "Ana Ruiz", " agrees”", " today."]
    assert segments[2]["mention"] is mention and segments[2]["quote"] is quote
    assert segments[0]["quote"] is None


def test_segments_drop_spans_outside_the_text():
    segments = build_segments("short", [{"start": 3, "end": 99}], [{"start": -1, "end": 2}], [])
    assert segments == [{"text": "short", "start": 0, "mention": None, "quote": None, "term": None}]


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=8))
def test_segments_always_rebuild_the_text(text, spans):
    dicts = [{"start": a, "end": b} for a, b in spans]
    assert "".join(s["text"] for s in build_segments(text, dicts, dicts[:2], dicts[2:])) == text


def test_snippet_falls_back_to_the_term_when_offsets_moved():
    text = "First sentence. Critics called it a 'cod war' at once. Last one."
    snippet = build_snippet(text, 0, 5, "'cod war'")
    assert snippet == {"before": "Critics called it a ", "term": "'cod war'", "after": " at once."}
    assert build_snippet(text, 0, 5, "absent") is None


@pytest.mark.slow
def test_every_page_of_the_analyzed_scenario_renders(scenario_dir, tmp_path):
    """The real pipeline's store, not just our fixture: every story, article, entity and dyad page opens."""
    from typer.testing import CliRunner

    from parallax.cli import app

    db = tmp_path / "scenario.duckdb"
    result = CliRunner().invoke(app, ["analyze", str(scenario_dir / "articles"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    real = TestClient(create_app(db))
    stories = real.get("/api/stories").json()["items"]
    assert stories and real.get("/").status_code == 200
    urls = set()
    for item in stories:
        story = real.get(f"/api/stories/{item['id']}").json()
        html = real.get(f"/stories/{item['id']}").text
        assert html.count('<section class="outlet"') == len(
            {a["outlet"] or a["id"] for a in story["articles"]}
        )
        for article in story["articles"]:
            detail = real.get(f"/api/articles/{article['id']}").json()
            urls.add(f"/articles/{article['id']}")
            urls.update(f"/entities/{m['entity_id']}" for m in detail["mentions"] if m["entity_id"])
        for event in story["events"]:
            ends = [(event.get(k) or {}).get("entity_id") for k in ("source_actor", "target_actor")]
            if all(ends):
                urls.add(f"/dyads/{ends[0]}/{ends[1]}")
    failed = {u: real.get(u).status_code for u in sorted(urls)}
    assert {u: s for u, s in failed.items() if s != 200} == {}
    assert len(urls) > 10


def test_headline_framing_is_marked_in_the_title_not_the_body(tmp_path):
    db = build_store(tmp_path / "store.duckdb")
    title = "Fishing fleets fear quota cut"
    item = {"article_id": "art_post1", "outlet": "Capital Post", "text": "fear", "start": 15, "end": 19,
            "about": None, "kind": "loaded term", "field": "title"}  # fmt: skip
    assert title[item["start"] : item["end"]] == "fear"
    con = duckdb.connect(str(db))
    (stored,) = con.execute("SELECT framing FROM stories WHERE id = 'sto_quota'").fetchone()
    con.execute(
        "UPDATE stories SET framing = ? WHERE id = 'sto_quota'", [json.dumps([*json.loads(stored), item])]
    )
    con.close()
    client = TestClient(create_app(db))
    article = client.get("/articles/art_post1").text
    assert (
        '<h1>Fishing fleets <mark class="term" id="title-span-15"' in article
        and ">fear</mark> quota cut</h1>" in article
    )
    assert 'id="span-15"' not in article  # the title's offsets are never applied to the body
    story = client.get("/stories/sto_quota").text
    assert 'href="/articles/art_post1#title-span-15">in context</a>' in story
    assert (
        '<span class="tag">headline</span>' in story
        and 'Fishing fleets <mark class="term">fear</mark> quota cut' in story
    )
    assert 'href="/articles/art_gulf1#span-84">in context</a>' in story  # body items keep their anchors
    assert client.get("/api/stories/sto_quota").json()["framing"][-1]["field"] == "title"
