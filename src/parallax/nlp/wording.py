"""Word choices read off the parse once, for the story comparison: framing cues and initiatives.

The framing comparison (``stories/framing.py``) contrasts what an outlet says about an
actor with what the story's other outlets say; everything it needs from the parse is read
here, at NLP time, as ``Cue`` spans: words placed before a person's name, loaded-lexicon
hits (kb/data/loaded_terms.yaml) with the phrase they qualify, commenting relative
clauses, the verbs named actors are subjects of, scare quotes, and the same lexicon hits
in the parsed headline. ``InitiativeSpan`` records who an article says started a contact
("X called Y", "at the request of Y"). (reads: text, title, mentions, entities, quotes,
terms, doc; writes: cues, initiatives)
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from parallax.model import Article, Cue, InitiativeSpan
from parallax.nlp.docs import parsed_title
from parallax.nlp.entities import entity_for, mention_at
from parallax.stories import words_of
from parallax.stories.tone import find_loaded_terms, load_event_verbs, load_lexicon, polar_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from parallax.kb import KnowledgeBase

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
ACTOR_NOUNS = frozenset({"government", "authority", "parliament", "leadership", "state", "regime", "council"})
_QUOTE_SPAN = re.compile(r"[\"\u201c][^\"\u201c\u201d\n]{1,400}[\"\u201d]")
CONTACT_VERBS = frozenset({"telephone", "phone", "ring", "call", "contact"})
CONTACT_NOUNS = frozenset(
    {"call", "conversation", "talk", "talks", "meeting", "phone", "telephone", "contact"}
)
REQUEST_VERBS = frozenset({"ask", "request", "seek"})
# "X took a call from Y": Y started it; "Y placed a call to X": Y did
RECEIVE_VERBS = frozenset({"take", "receive", "accept", "answer", "get"})
PLACE_VERBS = frozenset({"make", "place"})
PERSONAL = frozenset({"her", "him", "them"})
ROLE_WORDS = frozenset({"the", "side", "government", "office", "administration", "leadership", "authorities"})


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: reported words, not the outlet's own choice."""
    return [(m.start(), m.end()) for m in _QUOTE_SPAN.finditer(text)]


def read_wording(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """The article with its framing cues and initiatives (a pipeline stage).

    The headline is parsed here, once, beside the body: its telegraphic grammar is where
    an outlet's word choice is most visible.
    """
    cues = text_cues(article, doc)
    if article.title:
        cues += title_cues(article, parsed_title(doc, article.title))
    return replace(article, cues=tuple(cues), initiatives=tuple(read_initiatives(doc)))


def text_cues(article: Article, doc: Doc) -> list[Cue]:
    """Every framing cue of the body, in the order the comparison weighs them."""
    lexical = lexicon_keys(doc)
    polar = polar_words()
    quoted = quoted_regions(article.text) + [(q.start, q.end) for q in article.quotes if q.kind == "direct"]
    cues = []
    for (name, word), (tok, ent) in name_modifiers(doc).items():
        cues.append(
            Cue(tok.idx, tok.idx + len(tok), "modifier", f"{name} {word}", name_about(article, ent),
                candidate=tok.lower_ in lexical or word in polar)
        )  # fmt: skip
    for tok in doc:
        if (
            tok.dep_ == "relcl"
            and tok.head.ent_type_ == "PERSON"
            and tok.doc[tok.left_edge.i - 1].text == ","
        ):
            span = doc[tok.left_edge.i : tok.right_edge.i + 1]
            own = [t for t in span if not any(qs <= t.idx < qe for qs, qe in quoted)]
            loaded = any(t.lower_ in lexical for t in own)
            if loaded or sum(t.lower_ in polar for t in own) >= 2:  # one polar word is too weak a sign
                about = name_about(article, doc[tok.head.i : tok.head.i + 1])
                cues.append(Cue(span.start_char, span.end_char, "relative clause", "", about, candidate=True))
    for s, e, cat in find_loaded_terms([t.lower_ for t in doc]):
        cues.append(Cue(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), "term", lex_key(doc, s, e)))
        if loaded_here(doc, s, e, cat):
            span, about = with_head(doc, s, e, motive=cat == "motive")
            cues.append(Cue(span.start_char, span.end_char, "loaded term", lex_key(doc, s, e),
                            name_about(article, about), candidate=True))  # fmt: skip
    plain = load_event_verbs()
    for verb, subj in actor_predicates(doc):
        lemma = verb.lemma_.lower()
        hypothetical = any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)
        end = max([verb, *(c for c in verb.children if c.dep_ == "prt")], key=lambda t: t.i)
        evaluative = (verb.lower_ in polar or lemma in polar) and lemma not in plain and not hypothetical
        cues.append(Cue(verb.idx, end.idx + len(end), "predicate", lemma, name_about(article, subj),
                        word=verb.lower_, candidate=evaluative))  # fmt: skip
    for term in article.terms:
        span = doc.char_span(term.start, term.end, alignment_mode="expand")
        after = doc[span.end] if span is not None and span.end < len(doc) else None
        about = after.text if after is not None and after.pos_ == "NOUN" else term.text.strip(" .,;:'\"")
        words = " ".join(words_of(term.text))
        cues.append(Cue(term.start, term.end, "scare quotes", words, about, candidate=bool(words)))
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            described = " ".join(sorted(actor_words(ent[-1])))
            cues.append(Cue(ent.start_char, ent.end_char, "person", ent[-1].lower_, described))
    return cues


def title_cues(article: Article, doc: Doc) -> list[Cue]:
    """Loaded-lexicon hits of the parsed headline; offsets are into the title."""
    cues = []
    for s, e, cat in find_loaded_terms([t.lower_ for t in doc]):
        key = lex_key(doc, s, e)
        cues.append(Cue(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), "term", key, field="title"))
        if loaded_here(doc, s, e, cat):
            span, about = with_head(doc, s, e, motive=cat == "motive")
            cues.append(Cue(span.start_char, span.end_char, "loaded term", key,
                            title_actor(article, doc, span, about), field="title", candidate=True))  # fmt: skip
    return cues


def title_actor(article: Article, doc: Doc, span: Span, about: Span) -> str | None:
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


def loaded_here(doc: Doc, s: int, e: int, cat: str) -> bool:
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


def actor_predicates(doc: Doc) -> list[tuple[Token, Span]]:
    """(verb, subject span) for each verb whose subject is a named actor: what the outlet says an actor did."""
    ent_of = {i: e for e in doc.ents for i in range(e.start, e.end)}
    out = []
    for tok in doc:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) if tok.pos_ == "VERB" else None
        if subj is not None and subj.ent_type_ in ACTOR_TYPES:
            out.append((tok, ent_of.get(subj.i, doc[subj.i : subj.i + 1])))
    return out


def lexicon_keys(doc: Doc) -> set[str]:
    return {lex_key(doc, s, e) for s, e, _ in find_loaded_terms([t.lower_ for t in doc])}


def lex_key(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lower_ for t in doc[start:end])


def name_modifiers(doc: Doc) -> dict[tuple[str, str], tuple[Token, Span]]:
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


def with_head(doc: Doc, start: int, end: int, motive: bool = False) -> tuple[Span, Span]:
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


def _antecedent(tok: Token) -> Span | None:
    """For 'he'/'she', the last person named before it in its sentence or the one before."""
    if tok.lower_ not in ("he", "she"):
        return None
    first = tok.sent.start
    if first > 0:
        first = tok.doc[first - 1].sent.start
    people = [e for e in tok.doc.ents if e.label_ == "PERSON" and first <= e.start and e.end <= tok.i]
    return people[-1] if people else None


def name_about(article: Article, span: Span) -> str:
    """The canonical name of the actor a span refers to (from the entity stage), else its words."""
    mention = mention_at(article, span.start_char, span.end_char)
    entity = entity_for(article, mention) if mention else None
    return entity.name if entity else span.text


def read_initiatives(doc: Doc) -> list[InitiativeSpan]:
    """Sentences stating who started a contact: "X called Y", "Y asked for the call", "at Y's request",
    "X took a call from Y", "Y placed a call to X"."""
    out = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        asks = tok.pos_ == "VERB" and (
            lemma in CONTACT_VERBS or lemma in REQUEST_VERBS or lemma in RECEIVE_VERBS or lemma in PLACE_VERBS
        )
        # the subject is looked for only where a branch below may use it
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) if asks else None
        if tok.pos_ == "VERB" and lemma in CONTACT_VERBS and subj is not None:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            odd = any(c.dep_ in ("oprd", "xcomp", "ccomp", "prt") for c in tok.children)
            when = obj is not None and obj.ent_type_ in ("DATE", "TIME")  # "called Wednesday for ..."
            if obj is not None and not odd and not when and (obj.pos_ == "PROPN" or obj.lower_ in PERSONAL):
                other = _resolve(obj, exclude=subj)
                if other is not None:
                    out.append(_initiative(tok, subj, other))
        elif (
            asks
            and subj is not None
            and subj.pos_ == "PROPN"
            and (lemma in RECEIVE_VERBS or lemma in PLACE_VERBS)
        ):
            other = _contact_party(tok, "from" if lemma in RECEIVE_VERBS else "to")
            if other is not None:
                out.append(
                    _initiative(tok, other, subj) if lemma in RECEIVE_VERBS else _initiative(tok, subj, other)
                )
        elif tok.pos_ == "VERB" and lemma in REQUEST_VERBS and subj is not None and _asks_for_contact(tok):
            out.append(_initiative(tok, subj))
        elif tok.lower_ == "request" and tok.pos_ == "NOUN" and tok.head.lower_ == "at" and _in_contact(tok):
            of = next(
                (p for c in tok.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None
            )
            requester = of or next((c for c in tok.children if c.dep_ == "poss"), None)
            if requester is not None:
                out.append(_initiative(tok, requester))
    return out


def _contact_party(verb: Token, prep: str) -> Token | None:
    """The named party of a contact the verb takes ("took a call from Y", "placed a call to Y")."""
    for obj in (c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in CONTACT_NOUNS):
        for p in (c for w in (obj, verb) for c in w.children if c.lower_ == prep):
            party = next((c for c in p.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
            if party is not None:
                return party
    return None


def _asks_for_contact(verb: Token) -> bool:
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    objs += [p for c in verb.children if c.lower_ == "for" for p in c.children if p.dep_ == "pobj"]
    return any(o.lemma_.lower() in CONTACT_NOUNS for o in objs)


def _in_contact(tok: Token) -> bool:
    """Whether the clause a request phrase belongs to is about a contact."""
    clause = tok.head.head
    words = [t for t in clause.subtree] if clause.pos_ == "VERB" else [clause]
    return any(t.lemma_.lower() in CONTACT_NOUNS or t.lemma_.lower() in CONTACT_VERBS for t in words)


def _resolve(tok: Token, exclude: Token) -> Token | None:
    """A named object as is; a personal pronoun as the nearest earlier person in the sentence."""
    if tok.pos_ == "PROPN":
        return tok
    taken = set(range(exclude.left_edge.i, exclude.i + 1))
    people = [t for t in tok.sent if t.ent_type_ == "PERSON" and t.i < tok.i and t.i not in taken]
    heads = [t for t in people if t.dep_ != "compound"]
    return heads[-1] if heads else None


def _initiative(at: Token, actor: Token, other: Token | None = None) -> InitiativeSpan:
    return InitiativeSpan(
        start=at.sent.start_char,
        end=at.sent.end_char,
        initiator=actor.doc[actor.left_edge.i : actor.i + 1].text,
        by=tuple(sorted(actor_words(actor))),
        with_=tuple(sorted(actor_words(other))) if other is not None else (),
    )


def actor_words(tok: Token) -> frozenset[str]:
    """The distinctive words of an actor phrase: names and nationality words, not roles."""
    roles = ROLE_WORDS | set(load_lexicon("loaded_terms")["neutral_titles"])
    phrase = tok.doc[tok.left_edge.i : tok.i + 1].text
    return frozenset(w for w in words_of(phrase) if w not in roles)
