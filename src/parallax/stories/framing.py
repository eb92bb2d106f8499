"""Framing: the words an outlet chooses for an actor or event that the other outlets do not.

Labels before a name, commenting relative clauses, loaded words from
kb/data/loaded_terms.yaml (in the body and in the headline), and evaluative verbs an outlet
alone uses for what a named actor did (the within-story log-odds contrast of Monroe et
al. 2008), each kept only where the other outlets do not share it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from parallax.model import Article
from parallax.nlp.entities import entity_for, mention_at
from parallax.stories import outlet_of, words_of
from parallax.stories.tone import (
    count_words,
    find_loaded_terms,
    load_event_verbs,
    load_lexicon,
    log_odds_z,
    polar_words,
)

# Under the story-pooled prior one use of a word no other outlet uses scores z ~ 0.4-0.9 and
# three uses ~ 1.1: only a verb an outlet keeps using for actors counts, which keeps one-off
# event verbs ("supported", "condemned", "died": 56 items, mostly plain, on 505 AllSides
# stories at 0.9) out of the framing list.
CONTRAST_Z = 1.0
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
ACTOR_NOUNS = frozenset({"government", "authority", "parliament", "leadership", "state", "regime", "council"})
_QUOTE_SPAN = re.compile(r"[\"\u201c][^\"\u201c\u201d\n]{1,400}[\"\u201d]")
# headlines quote with single marks ("Haitian president killed in 'barbaric act'"); an apostrophe
# inside a word ("woman's") neither opens nor closes one
_HEADLINE_QUOTE = re.compile(r"(?<!\w)['\u2018](?:[^'\u2018\u2019\n]|['\u2019](?=\w)){1,200}['\u2019](?!\w)")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: reported words, not the outlet's own choice."""
    return [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(text)]


def find_framing(
    article: Article, doc, articles: Sequence[Article], features: dict, titles: dict | None = None
) -> list[dict]:
    """Words this outlet uses about an actor or event that the story's other outlets do not.

    ``features`` maps each article id to its (surname, modifier) pairs, loaded-term keys and
    the lemmas of the verbs it uses for what named actors did; ``titles`` maps article ids to
    their parsed headlines, whose loaded terms come first (``"field": "title"``).
    Words in quotation marks (and the quote stage's direct quotes) are the speaker's, not the
    outlet's, so nothing inside them is framing; scare quotes are handled on their own.
    """
    others = [a for a in articles if outlet_of(a) != outlet_of(article)]
    z = log_odds_z(count_words([article.text]), count_words(a.text for a in others))
    other_mods = {k for a in others for k in features[a.id][0]}
    other_terms = Counter(t for a in others for t in features[a.id][1])
    quoted = quoted_regions(article.text) + [(q.start, q.end) for q in article.quotes if q.kind == "direct"]
    other_lemmas = {v.lemma_.lower() for a in others for v, _ in features[a.id][2]}
    polar = polar_words()
    lexical = features[article.id][1]
    items: list[dict] = []

    def add(start: int, end: int, about: str, kind: str) -> None:
        if any(qs <= start < qe for qs, qe in quoted) or any(i["start"] <= start < i["end"] for i in items):
            return
        head = max(words_of(article.text[start:end]) or [""], key=lambda w: z.get(w, 0.0))
        items.append({"article_id": article.id, "outlet": outlet_of(article), "text": article.text[start:end],
                      "start": start, "end": end, "about": about, "kind": kind, "z": round(z.get(head, 0.0), 2)})  # fmt: skip

    for (name, word), (tok, ent) in name_modifiers(doc).items():
        if (name, word) not in other_mods and (_lex_key(doc, tok.i, tok.i + 1) in lexical or word in polar):
            add(tok.idx, tok.idx + len(tok), name_about(article, ent), "label")
    for tok in doc:
        if (
            tok.dep_ == "relcl"
            and tok.head.ent_type_ == "PERSON"
            and tok.doc[tok.left_edge.i - 1].text == ","
        ):
            span = doc[tok.left_edge.i : tok.right_edge.i + 1]
            own = [t for t in span if not any(qs <= t.idx < qe for qs, qe in quoted)]
            loaded = any(_lex_key(doc, t.i, t.i + 1) in lexical for t in own)
            if loaded or sum(t.lower_ in polar for t in own) >= 2:  # one polar word is too weak a sign
                add(
                    span.start_char,
                    span.end_char,
                    name_about(article, doc[tok.head.i : tok.head.i + 1]),
                    "relative clause",
                )
    n_outlets = len({outlet_of(a) for a in others})
    for span, about in _loaded_spans(doc, other_terms, n_outlets):
        add(span.start_char, span.end_char, name_about(article, about), "loaded term")
    plain = load_event_verbs()
    for verb, subj in features[article.id][2]:
        lemma = verb.lemma_.lower()
        hypothetical = any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)
        if lemma in plain or hypothetical:
            continue
        if (verb.lower_ in polar or lemma in polar) and lemma not in other_lemmas:
            end = max([verb, *(c for c in verb.children if c.dep_ == "prt")], key=lambda t: t.i)
            if z.get(verb.lower_, 0.0) >= CONTRAST_Z:
                add(verb.idx, end.idx + len(end), name_about(article, subj), "actor contrast")
    other_text = " " + " ".join(" ".join(words_of(a.text)) for a in others) + " "
    attributed = [(q.start, q.end) for q in article.quotes if q.speaker or q.via]
    for term in article.terms:
        words = " ".join(words_of(term.text))
        if term.text.rstrip(" '\"\u201d\u2019").endswith(("...", "\u2026")):
            continue  # cut off by an excerpt: a quotation that lost its speaker, not a scare quote
        if any(qs < term.end and term.start < qe for qs, qe in attributed):
            continue  # a quote with a speaker or source is reported speech
        if words and f" {words} " not in other_text:  # the others use other words for it
            span = doc.char_span(term.start, term.end, alignment_mode="expand")
            after = doc[span.end] if span is not None and span.end < len(doc) else None
            about = after.text if after is not None and after.pos_ == "NOUN" else term.text.strip(" .,;:'\"")
            add(term.start, term.end, about, "scare quotes")
    body = [{**i, "field": "text"} for i in sorted(items, key=lambda i: i["start"])]
    if not titles or titles.get(article.id) is None:
        return body
    shared = other_terms + Counter(k for a in others if a.id in titles for k in lexicon_keys(titles[a.id]))
    head_z = log_odds_z(
        count_words([article.title or "", article.text]),
        count_words(f"{a.title or ''} {a.text}" for a in others),
    )
    return find_title_framing(article, titles[article.id], shared, n_outlets, head_z) + body


def find_title_framing(article: Article, doc, other_terms: Counter, n_outlets: int, z: dict) -> list[dict]:
    """Loaded terms in the headline, by the same lexicon rules as the body; offsets are into the title.

    Headlines are where an outlet's word choice is most visible, and their telegraphic
    grammar ("X caves on Y") often leaves the actor next to the word rather than its parsed subject.
    """
    title = article.title or ""
    quoted = quoted_regions(title) + [(m.start(), m.end()) for m in _HEADLINE_QUOTE.finditer(title)]
    items: list[dict] = []
    for span, about in _loaded_spans(doc, other_terms, n_outlets):
        start, end = span.start_char, span.end_char
        if (
            start == end
            or any(qs <= start < qe for qs, qe in quoted)
            or any(i["start"] <= start < i["end"] for i in items)
        ):
            continue
        head = max(words_of(title[start:end]) or [""], key=lambda w: z.get(w, 0.0))
        items.append({"article_id": article.id, "outlet": outlet_of(article), "text": title[start:end],
                      "start": start, "end": end, "about": title_actor(article, doc, span, about),
                      "kind": "loaded term", "z": round(z.get(head, 0.0), 2), "field": "title"})  # fmt: skip
    return items


def title_actor(article: Article, doc, span, about) -> str | None:
    """The actor a headline's loaded word is about: the parsed one if it is a named actor, else the
    one named right before the word; resolved to the article's entity by name or alias (a person
    also by surname); None when no actor is named there."""
    named = [t for t in about if t.ent_type_ in ACTOR_TYPES]  # headline case makes most nouns PROPN
    if not named or about.start_char == span.start_char:
        before = [e for e in doc.ents if e.end == span.start and e.label_ in ACTOR_TYPES]
        if before:
            about = before[-1]
        elif not named:
            return None
    words = about.text.strip()
    for entity in article.entities:
        surname = entity.type == "person" and words == entity.name.split()[-1]
        if words == entity.name or words in entity.aliases or surname:
            return entity.name
    return words


def _loaded_spans(doc, other_terms: Counter, n_outlets: int) -> list[tuple]:
    """(span, about) for each lexicon hit used in its loaded sense that most other outlets do not share."""
    out = []
    for s, e, cat in _lexicon_hits(doc):
        if not _loaded_here(doc, s, e, cat):
            continue
        if other_terms[_lex_key(doc, s, e)] * 2 >= n_outlets + 1 and n_outlets:
            continue
        out.append(_with_head(doc, s, e, motive=cat == "motive"))
    return out


def _loaded_here(doc, s: int, e: int, cat: str) -> bool:
    """Whether a lexicon hit is used in its loaded sense here, judged from the parse."""
    last = doc[e - 1]
    if e < len(doc) and doc[e].text in ("...", "\u2026"):
        return False  # the excerpt cuts off what the word qualified ("born from the terrorist...")
    if cat == "label" and last.dep_ in ("compound", "amod") and last.head.pos_ == "NOUN":
        return False  # "terrorist attack": a label word describing a thing, not naming an actor
    if cat in ("attack_verb", "concession") and e - s == 1 and doc[s].pos_ != "VERB":
        return cat == "concession" and doc[s].pos_ == "NOUN"  # "petroleum fumes" is no verb of attack
    if cat == "epistemic" and e - s == 1 and doc[s].pos_ == "VERB":
        return any(c.dep_ == "ccomp" for c in doc[s].children)  # "claimed victory" doubts no statement
    if cat == "legitimising":  # vouches for an actor, not for a "legitimate reason"
        head = last.head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        actors = set(load_lexicon("loaded_terms")["neutral_titles"]) | ACTOR_NOUNS
        return head.pos_ == "PROPN" or head.ent_type_ in ACTOR_TYPES or head.lemma_.lower() in actors
    return True


def actor_predicates(doc) -> list[tuple]:
    """(verb, subject span) for each verb whose subject is a named actor: what the outlet says an actor did."""
    ent_of = {i: e for e in doc.ents for i in range(e.start, e.end)}
    out = []
    for tok in doc:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) if tok.pos_ == "VERB" else None
        if subj is not None and subj.ent_type_ in ACTOR_TYPES:
            out.append((tok, ent_of.get(subj.i, doc[subj.i : subj.i + 1])))
    return out


def _lexicon_hits(doc) -> list[tuple[int, int, str]]:
    return find_loaded_terms([t.lower_ for t in doc])


def lexicon_keys(doc) -> set[str]:
    return {_lex_key(doc, s, e) for s, e, _ in _lexicon_hits(doc)}


def _lex_key(doc, start: int, end: int) -> str:
    return " ".join(t.lower_ for t in doc[start:end])


def name_modifiers(doc) -> dict[tuple[str, str], tuple]:
    """Lower-case words placed before a person's name in its noun phrase, keyed by (surname, word).

    A word must attach to the name (or to a word between it and the name): "her best X
    imitation" qualifies the imitation, not X.
    """
    titles = set(load_lexicon("loaded_terms")["neutral_titles"])
    out = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        i = ent.start - 1
        while i >= 0 and doc[i].dep_ in ("amod", "compound", "advmod", "nmod", "npadvmod", "appos"):
            tok = doc[i]
            attached = ent.start <= tok.head.i < ent.end or i < tok.head.i < ent.start
            if attached and tok.is_lower and tok.is_alpha and tok.lower_ not in titles:
                out[(ent[-1].lower_, tok.lower_)] = (tok, ent)
            i -= 1
    return out


def _with_head(doc, start: int, end: int, motive: bool = False):
    """A loaded word with the verb or noun phrase it qualifies, and the span it is about.

    A motive phrase ("as a gesture of goodwill") is about whoever did the act it explains.
    """
    last = doc[end - 1]
    head = last.head
    if doc[start].pos_ == "VERB":  # "lashed out", "backs down": about whoever did it
        subj = next((c for c in doc[start].children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return doc[start:end], _antecedent(subj) or doc[subj.left_edge.i : subj.i + 1]
    while head.dep_ == "compound" and head.head.i > head.i:  # "French President Emmanuel Macron"
        head = head.head
    if head.i >= end and head.i - end <= 6 and head.pos_ in ("NOUN", "PROPN", "VERB"):
        span = doc[start : head.i + 1]
        if head.pos_ == "VERB":
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
                subj = head.head
            return span, doc[subj.left_edge.i : subj.i + 1] if subj is not None else doc[head.i : head.i + 1]
        if head.pos_ == "PROPN":
            named = next((e for e in doc.ents if e.start <= head.i < e.end), None)
            return doc[start : named.start if named is not None else head.i], named or doc[
                head.i : head.i + 1
            ]
        return span, span
    span = doc[start:end]
    if head.pos_ in ("NOUN", "PROPN"):
        return span, doc[head.i : head.i + 1]
    if not motive:
        return span, span
    verb = next((a for a in last.ancestors if a.pos_ == "VERB"), None)  # "agreed, as a gesture of ..."
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    return span, doc[subj.left_edge.i : subj.i + 1] if subj is not None else span


def _antecedent(tok):
    """For 'he'/'she', the last person named before it in its sentence or the one before."""
    if tok.lower_ not in ("he", "she"):
        return None
    first = tok.sent.start
    if first > 0:
        first = tok.doc[first - 1].sent.start
    people = [e for e in tok.doc.ents if e.label_ == "PERSON" and first <= e.start and e.end <= tok.i]
    return people[-1] if people else None


def name_about(article: Article, span) -> str:
    """The canonical name of the actor a span refers to (from the entity stage), else its words."""
    mention = mention_at(article, span.start_char, span.end_char)
    entity = entity_for(article, mention) if mention else None
    return entity.name if entity else span.text
