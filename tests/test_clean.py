"""Cleaning: furniture removal, text repair, inline markup, hostile input, idempotence, no loss of content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.clean import clean_document, clean_text
from parallax.clean.document import CleaningBudgetError
from parallax.clean.furniture import (
    drop_furniture,
    is_code,
    is_furniture,
    is_tag_line,
    is_tail_marker,
    is_widget_line,
)
from parallax.clean.header import DATELINE_CAPS
from parallax.clean.markup import has_markup, strip_markup
from parallax.clean.repair import (
    count_words,
    ends_complete,
    is_link,
    join_broken_paragraphs,
    normalize_text,
    split_glued_sentences,
)
from parallax.engine.local import clean_batch
from parallax.model import RawDocument
from parallax.resources import Resources
from parallax.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (real evaluation data) is not present")
    return SHARED


BODY = [
    "The finance ministers of the two countries met in Geneva on Tuesday to discuss tariffs.",
    "“We will not accept new duties on our steel,” the minister told reporters after the talks.",
    "Officials said a second round of negotiations could begin as early as next month.",
    "The central bank left its key interest rate unchanged at 3.5% for a third meeting.",
]


# -- furniture -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "(function(w,d){var s=d.createElement('script');s.async=true;w.q=w.q||[];})(window,document);",
        ".ad-slot { display: none; margin: 0 auto; } .promo { color: red; }",
        "• 48210 views",
        "1,024 comments",
        "Minister resigns after budget vote in parliament12.03.24, 18:45 • 9120 views",
        "Read More: Ten things to know about the new tariff regime",
        "“Read more: Why the port strike matters for exporters”",
        "RELATED: Central bank signals pause in rate hikes",
        "Photo: Reuters",
        "Image credit: Getty Images",
        "ELECTION GUIDE: CANDIDATES, DATES, AND RULES",
        "CLICK HERE FOR LIVE RESULTS",
        "Sign up for our morning newsletter",
        "european-unionEuropean Union",
        "EconomyMarketsWorld News",
        "(Reporting by Ana Silva in Lisbon and Tom Reed in Madrid; Editing by Kate Holm)",
        "(Additional reporting by Ravi Menon; Writing by Jo Park)",
        "The post Port workers end strike after pay deal appeared first on Harbour Daily.",
        "Media playback is unsupported on your device Media caption What the vote means for renters",
        "Image copyright Getty Images Image caption The harbour was closed for a week",
        "Enlarge this image toggle caption Ana Silva/Agency Ana Silva/Agency",
        "This article is more than 2 years old",
        "Last updated Tuesday, March 4, at noon",
        "LISTEN TO ARTICLE 3:10 SHARE THIS ARTICLE Share Post Email",
        "Follow the reporter on Twitter at https://twitter.com/some_reporter_account",
    ],
)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_furniture(normalize_text(line))


@pytest.mark.parametrize(
    "line",
    [
        *BODY,
        "Shares of the carmaker fell 4% in early trading; analysts blamed weak demand.",
        "The U.S. State Department said the talks were “constructive.”",
        "YouTube and PayPal were among the companies named in the report.",
        "Read the full statement on the ministry's website, officials said on Friday.",
        "WHAT HAPPENS NEXT",
        "Photographers gathered outside the court before dawn.",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    assert not is_furniture(line)


def test_code_needs_code_density() -> None:
    assert is_code("var x = 1; var y = 2; if (x) { y = x; }")
    assert not is_code("The vote (held on Monday) was 52-48; the bill now goes to the House.")


def test_tag_lines_need_glued_slugs_or_camel_runs() -> None:
    assert is_tag_line("donald-trumpDonald Trump")
    assert is_tag_line("grain-exportsGrain exports")
    assert not is_tag_line("Donald Trump")
    assert not is_tag_line("McDonald's opened a new store.")


def test_labelled_tag_lists_and_previous_next_teasers_end_the_article() -> None:
    assert is_tail_marker("Tags: Lisbon, port strike, wages, unions")
    assert is_tail_marker("Previous article")
    assert not is_tail_marker("Topics: the minister listed three of them in her speech.")
    tail = ["Tags: port strike, wages", "Previous article", "Ferry fares rise in July", "Next article"]
    assert drop_furniture([*BODY, *tail]) == BODY
    assert drop_furniture([*BODY, "Previous post", "City council approves new budget"]) == BODY


def test_a_bare_url_inside_the_body_is_kept_but_not_at_the_edges() -> None:
    body = [BODY[0], "https://example.org/report-2024.pdf", BODY[1], "www.example.net", BODY[2]]
    assert drop_furniture(body) == body
    edges = ["https://example.org/a", *BODY, "https://example.org/b https://example.org/c"]
    assert drop_furniture(edges) == BODY


def test_a_url_line_is_not_joined_to_the_line_before_it() -> None:
    blocks = ["1) A pocket camera with an instant printer", "https://example.com/x/AbCdEfG"]
    assert join_broken_paragraphs(blocks) == blocks
    assert not is_tag_line("https://example.com/x/AbCdEfG")


# Text in scripts without spaces: one whitespace token can be a whole paragraph.
JAPANESE = "YouTubeTV は来月から料金を引き上げると発表した"
CHINESE = "中国外交部发言人周三表示双方将继续保持沟通"


def test_words_are_counted_by_character_in_scripts_without_spaces() -> None:
    assert count_words("The talks resumed on Monday") == 5
    assert count_words(CHINESE) == len(CHINESE)
    assert count_words(JAPANESE) == 1 + 18


def test_cjk_paragraphs_are_not_tags_or_widgets() -> None:
    assert not is_tag_line(JAPANESE)
    assert not is_furniture(JAPANESE)
    assert not is_widget_line("NHKによると首相は会談で協力を確認した")
    text = "\n\n".join([*BODY, JAPANESE, "NHKによると首相は会談で協力を確認した"])
    assert clean_text(text) == text


def test_tail_is_cut_at_a_section_marker_in_the_second_half() -> None:
    blocks = [*BODY, "Tags", "NEXT UP", "Another story about something else entirely happened today."]
    assert drop_furniture(blocks) == BODY


def test_a_marker_in_the_first_half_is_only_dropped() -> None:
    blocks = ["Related", *BODY]
    assert drop_furniture(blocks) == BODY


def test_account_widgets_after_the_article_are_dropped() -> None:
    text = "\n\n".join([*BODY, "Welcome back.", "Saved stories:", "Edit my interests"])
    assert clean_text(text) == "\n\n".join(BODY)


# -- repair ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glued", "repaired"),
    [
        ("It rose this year.Regular talks resume.", "It rose this year. Regular talks resume."),
        ("He said “no.”The talks ended.", "He said “no.” The talks ended."),
        ("The U.S. Navy said so.", "The U.S. Navy said so."),
        ("Growth was 3.5 percent.", "Growth was 3.5 percent."),
        ("See www.example.com/News for details.", "See www.example.com/News for details."),
        ("Use e.g. Python here.", "Use e.g. Python here."),
        ("She holds a Ph.D. from Oxford.", "She holds a Ph.D. from Oxford."),
    ],
)
def test_glued_sentences_are_split_but_abbreviations_kept(glued: str, repaired: str) -> None:
    assert split_glued_sentences(glued) == repaired


def test_paragraph_broken_mid_sentence_is_joined() -> None:
    blocks = ["Sanctions were imposed over their alleged role in the conflict in", "support of the army."]
    assert join_broken_paragraphs(blocks) == [
        "Sanctions were imposed over their alleged role in the conflict in support of the army."
    ]
    assert join_broken_paragraphs(["A complete sentence.", "another paragraph."]) == [
        "A complete sentence.",
        "another paragraph.",
    ]
    assert join_broken_paragraphs(["Jane Doe", "economy-newsEconomy"]) == ["Jane Doe", "economy-newsEconomy"]


@pytest.mark.parametrize(
    ("token", "link"),
    [
        ("https://example.org/a", True),
        ("(www.example.com)", True),
        ("example.com/News", True),
        ("news@example.org", True),
        ("a.b/c.d/e", True),
        ("and/or", False),
        ("x@y", False),
        ("3.5/10", True),
        ("year.Regular", False),
        ("x@" * 50, False),
        ("a." * 50, False),
    ],
)
def test_links_are_told_from_words(token: str, link: bool) -> None:
    assert is_link(token) is link


@pytest.mark.parametrize(
    ("block", "complete"),
    [
        ("He left.", True),
        ("He said “no.”", True),
        ("(He left.)", True),
        ("She asked “why?”)", True),
        ("A quote ends here”", True),
        ("cut in the middle of", False),
        ("a list:", True),
        (")" * 30, False),
    ],
)
def test_paragraph_ends(block: str, complete: bool) -> None:
    assert ends_complete(block) is complete


def test_a_long_paragraph_joined_from_many_lines_keeps_every_line() -> None:
    lines = [f"the talks went on for day {i} and" for i in range(2000)]
    joined = join_broken_paragraphs(["The talks began early this week when", *lines])
    assert joined == [" ".join(["The talks began early this week when", *lines])]


def test_normalisation_keeps_typographic_quotes_and_dashes() -> None:
    text = "“Yes,”\u00a0she said\u200b — twice\u2009only.\r\n\r\nNext ‘line’."
    assert normalize_text(text) == "“Yes,” she said — twice only.\n\nNext ‘line’."


# -- inline markup ---------------------------------------------------------------------

MARKED_UP = """date 2025-03-04 en
<p>The finance ministers met in <a href="https://example.org/geneva?a=1&amp;b=2">Geneva</a> on Tuesday.</p>
<script type="text/javascript">var slot = document.getElementById('ad'); if (slot) { slot.remove(); }</script>
<style>.promo { display: none; }</style>
<p>“We will not accept new duties,” the minister said &mdash; twice.<br>Officials met again on Friday.</p>
<!-- tracking pixel -->
<div class="body"><p>A second round of talks could begin next month, <b>officials</b> said.</p></div>"""


def test_inline_markup_is_stripped_and_the_prose_kept() -> None:
    article = clean_document(RawDocument(source="feed/item.txt", content=MARKED_UP, format="text"))
    assert article.text.split("\n\n") == [
        "The finance ministers met in Geneva on Tuesday.",
        "“We will not accept new duties,” the minister said — twice.",
        "Officials met again on Friday.",
        "A second round of talks could begin next month, officials said.",
    ]
    assert article.published == "2025-03-04"


def test_text_without_markup_is_left_alone() -> None:
    text = "Profits rose 5% at AT&amp;T while 3 < 4 and x<y held; <3 to all."
    assert not has_markup(text)
    assert strip_markup(text) == text


def test_markup_deeper_than_the_parser_reads_is_left_as_it_is() -> None:
    text = "<b>" * 3000 + "deep"
    assert strip_markup(text) == text


# -- hostile input ---------------------------------------------------------------------

SENTENCE = "The talks resumed on Monday after a week of delays in the capital."


def clean(content: str, **settings: object) -> str:
    raw = RawDocument(source="hostile.txt", content=content, format="text")
    return clean_document(raw, Resources.load(Settings(**settings))).text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "noise",
    [
        "x@" * 10000,
        "a." * 25000,
        "a@b." * 5000,
        "aAa" * 7000,
        "1.1.11, 1:11 " * 1500,
        "www.a.b/year.Next " * 1000,
        "• 1 " * 5000 + "x",
        "”" * 20000,
    ],
)
def test_pathological_runs_finish_and_the_sentences_around_them_stay(noise: str) -> None:
    """The issue's shapes and others like them (each regex's characters repeated): no backtracking blow-up."""
    text = clean(f"{SENTENCE}\n\n{noise}\n\n{SENTENCE}")
    assert text.startswith(SENTENCE) and text.endswith(SENTENCE)


def test_a_dateline_of_twenty_thousand_capitals_is_not_a_place() -> None:
    for content in (f"{'A' * 20000} - {SENTENCE}", f"date 2025-01-01 {'A' * 20000}\n{SENTENCE}"):
        article = clean_document(RawDocument(source="hostile.txt", content=content, format="text"))
        assert article.dateline is None
        assert article.text.endswith(SENTENCE)


def test_datelines_still_read_with_agency_and_extra() -> None:
    match = DATELINE_CAPS.match("KYIV, Ukraine (Reuters) - Talks resumed.")
    assert match and match.group("city") == "KYIV" and match.group("agency") == "Reuters"
    assert match.group("extra") == "Ukraine"
    assert DATELINE_CAPS.match("NEW DELHI — The talks resumed.").group("city") == "NEW DELHI"  # type: ignore[union-attr]


def test_many_name_lines_after_the_article_are_read_near_its_end_only() -> None:
    names = "\n".join(f"Line{i} Here" for i in range(3000))
    text = clean(f"{SENTENCE}\n\n{names}")
    assert text.startswith(SENTENCE)


def test_a_spent_time_budget_makes_the_document_a_failure() -> None:
    with pytest.raises(CleaningBudgetError, match="clean_budget_s"):
        clean(SENTENCE, clean_budget_s=0)
    raw = RawDocument(source="slow.txt", content=SENTENCE, format="text")
    articles, failures = clean_batch([raw], Resources.load(Settings(clean_budget_s=0)))
    assert articles == []
    assert failures[0].source == "slow.txt"
    assert failures[0].reason.startswith(
        "cleaning failed: CleaningBudgetError: cleaning ran past its budget of 0 s"
    )
    assert clean(SENTENCE, clean_budget_s=60) == SENTENCE


def test_a_text_longer_than_any_article_is_a_named_failure() -> None:
    dump = RawDocument(source="dump.txt", content=SENTENCE * 100, format="text")
    articles, failures = clean_batch([dump], Resources.load(Settings(max_article_chars=len(SENTENCE) * 99)))
    assert articles == []
    assert failures[0].source == "dump.txt"
    assert "ArticleTooLongError" in failures[0].reason and "max_article_chars" in failures[0].reason
    fits = Resources.load(Settings(max_article_chars=len(SENTENCE) * 100))
    assert clean_batch([dump], fits)[0][0].text.startswith(SENTENCE)


# -- idempotence -----------------------------------------------------------------------

PIECES = [
    *BODY,
    "• 1200 views",
    "Read More: a teaser headline",
    "Tags",
    "Photo: Agency",
    "var a = 1; function(b) { return b; };",
    "sentence without end and",
    "continues in lowercase.",
    "glued end.Next sentence starts",
    "Firstname Lastname",
    "SOME PROMO: A, B, AND C",
    "Welcome back.",
    "<p>A paragraph in <a href='x'>tags</a> &amp; entities.</p>",
    "<script>var a = '<p>'; </script>",
    "<br>",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=12),
    st.sampled_from(["\n", "\n\n", " "]),
)
def test_cleaning_twice_equals_cleaning_once(pieces: list[str], sep: str) -> None:
    once = clean_text(strip_markup(sep.join(pieces)))
    assert clean_text(strip_markup(once)) == once


def test_cleaning_is_idempotent_on_real_text(shared: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "scenarios").glob("*/articles/*.txt"))]
    with (shared / "data/allsides_sample/articles_sample.jsonl").open(encoding="utf-8") as f:
        texts += [json.loads(next(f))["content_original"] for _ in range(100)]
    for text in texts:
        once = clean_text(text)
        assert clean_text(once) == once


# -- no loss of real content -----------------------------------------------------------


def split_sentences(text: str) -> list[str]:
    return [
        s
        for line in text.split("\n")
        for s in re.split(r"(?<=[.!?])\s+", line.strip())
        if len(s.split()) >= 3
    ]


def test_clean_real_articles_keep_their_sentences(shared: Path) -> None:
    """Ground-truth bodies of the Zyte extraction benchmark have no furniture: >= 98% of sentences stay."""
    truth = json.loads((shared / "data/article_extraction/ground-truth.json").read_text(encoding="utf-8"))
    kept = total = 0
    for item in list(truth.values())[:120]:
        cleaned = re.sub(r"\W+", "", clean_text(item["articleBody"]))
        sentences = split_sentences(normalize_text(item["articleBody"]))
        total += len(sentences)
        kept += sum(re.sub(r"\W+", "", s) in cleaned for s in sentences)
    assert total > 1000
    assert kept / total >= 0.98
