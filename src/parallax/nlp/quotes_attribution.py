"""Who said it and through whom: speech cues, speakers and vias read off the dependency parse.

A speech verb (lexicon in kb/data/speech_verbs.txt) carries its speaker as the subject, or
inherits it from the verb it hangs off ("Xi said, adding that ..."). The channel ("via") is a
medium named by "according to" / "citing" / "reported by", or the subject of a speech verb when
that subject is a medium ("the newspaper said").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parallax.model import Article, Entity, Mention, Span, stable_id
from parallax.nlp.quotes_lexicon import QuoteLexicon

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

SUBJECT_DEPS = ("nsubj",)
INHERIT_DEPS = ("advcl", "xcomp", "conj", "pcomp")
MODIFIER_DEPS = ("acl", "relcl")
QUOTING_VERBS = frozenset({"quote"})  # the object is the speaker, the subject the channel
FINITE_TAGS = ("VBD", "VBZ", "VBP")
QUOTE_MARKS = frozenset('"“”«»')
NOMINAL = ("NOUN", "PROPN", "PRON", "NUM", "DET", "X")
NOT_SPEAKERS = ("DATE", "TIME")
PLACES = ("GPE", "LOC", "FAC")
NAME_LEFT_DEPS = ("det", "compound", "amod", "poss", "nmod", "nummod", "case", "punct", "npadvmod")
NAME_RIGHT_DEPS = ("flat", "compound", "case")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})
MEDIA_TYPES = ("agency", "outlet")
DETERMINERS = ("the ", "a ", "an ")
DEMONSTRATIVES = ("this", "that", "these", "those")
MEDIA_SPEECH = frozenset({"say", "report", "write", "add", "state", "announce", "quote", "cite", "claim"})
# Quantifiers and indefinites standing alone name no actor: "one of them said", "some said";
# a negated group names none either: "neither government said", "no official said".
NON_ACTOR_WORDS = frozenset(
    {"one", "neither", "none", "either", "each", "both", "some", "any", "another", "others", "nobody"}
    | {"everyone", "everybody", "someone", "somebody", "anyone"}
)
NEGATING_DETERMINERS = frozenset({"neither", "no"})


@dataclass(frozen=True)
class Cue:
    """The attributing verb (or "according to") and the token heading its speaker phrase."""

    token: Token
    speaker: Token | None
    text: str


def is_speech_verb(tok: Token, lex: QuoteLexicon) -> bool:
    """A verb of saying: a lemma from the lexicon, or a phrasal one ("point out")."""
    if tok.pos_ != "VERB":
        return False
    lemma = tok.lemma_.lower()
    if lemma in lex.speech_verbs:
        return True
    return any(
        (lemma, c.lower_) in lex.phrasal_verbs for c in tok.children if c.dep_ in ("prt", "advmod", "dobj")
    )  # "point out", "as X put it"


def cue_text(tok: Token) -> str:
    """The cue as a lemma, with its particle for phrasal verbs."""
    particles = [
        c.lower_ for c in tok.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ == "back")
    ]
    return " ".join([tok.lemma_.lower(), *particles])


def find_subject(verb: Token, depth: int = 0) -> Token | None:
    """The verb's subject (the agent of a passive), inherited for participles and conjuncts.

    For "quote" the speaker is the one quoted: "X was quoted (by Y) as saying", "Y quoted X as saying".
    """
    if verb.lemma_.lower() in QUOTING_VERBS:
        quoted = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if quoted is not None and quoted.pos_ in NOMINAL:
            return quoted
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ in SUBJECT_DEPS:
            if child.tag_ in ("WP", "WDT") and verb.dep_ in MODIFIER_DEPS:
                return verb.head
            return child if child.pos_ in NOMINAL and child.ent_type_ not in NOT_SPEAKERS else None
    if depth >= 4 or verb.head == verb:
        return None
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj"):
        earlier = clause_subject_before(verb)
        if earlier is not None:
            return earlier
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        main = verb.head.head  # "quoted as saying", "after saying ..., she was"
        passive = next((c for c in main.children if c.dep_ == "nsubjpass"), None)
        return find_subject(main, depth + 1) or passive
    if verb.dep_ in INHERIT_DEPS and verb.head.pos_ in ("VERB", "AUX"):
        return find_subject(verb.head, depth + 1)
    misattached = verb.head.pos_ == "NOUN" or verb.head.ent_type_ in PLACES + NOT_SPEAKERS
    if verb.dep_ in MODIFIER_DEPS and misattached and verb.head.head.pos_ in ("VERB", "AUX"):
        return find_subject(verb.head.head, depth + 1)
    if verb.dep_ in MODIFIER_DEPS and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def clause_subject_before(verb: Token) -> Token | None:
    """The subject of the finite verb just before a participle ("Sanders said, suggesting ...",
    "Kim denied it, adding ..."): the parser often hangs the participle on a verb inside the quote.
    Quoted words are passed over."""
    quoted = False
    for tok in reversed(verb.doc[verb.sent.start : verb.i]):
        if tok.tag_ in ("``", "''") or tok.text in QUOTE_MARKS:
            quoted = not quoted
        elif not quoted and tok.pos_ in ("VERB", "AUX") and tok.tag_ in FINITE_TAGS:
            subject = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ in NOMINAL and subject.tag_ not in ("WP", "WDT"):
                return subject
            return None
    return None


def according_to(tok: Token) -> Token | None:
    """The object of "according to", when tok is "according"."""
    if tok.lower_ != "according":
        return None
    for child in tok.children:
        if child.lower_ == "to":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Character span of a name phrase: the head with determiners, modifiers and name parts only."""
    left, right = head, head
    for child in head.lefts:
        if child.dep_ in NAME_LEFT_DEPS:
            left = min(left, child.left_edge, key=lambda t: t.i)
    for child in head.rights:
        if child.dep_ in NAME_RIGHT_DEPS and child.i == right.i + 1:
            right = child.right_edge
    doc = head.doc
    while left.i < head.i and (left.is_punct or left.dep_ == "case"):
        left = doc[left.i + 1]
    return left.idx, right.idx + len(right.text)


def strip_determiner(text: str) -> str:
    low = text.lower()
    for d in DETERMINERS:
        if low.startswith(d):
            return text[len(d) :]
    return text


def mention_over(article: Article, start: int, end: int) -> Mention | None:
    """The smallest mention overlapping [start, end) that covers the phrase head."""
    found = [m for m in article.mentions if m.start < end and start < m.end]
    return min(found, key=lambda m: m.end - m.start) if found else None


def entity_of(article: Article, mention: Mention | None) -> Entity | None:
    """The entity a mention points to (its id is stable_id("ent", key)), or the one its "name:" key names."""
    if mention is None:
        return None
    ids = (mention.entity_key, stable_id("ent", mention.entity_key))
    for e in article.entities:
        if e.id in ids:
            return e
    name = mention.entity_key.rsplit(":", 1)[-1].lower()
    return next((e for e in article.entities if e.name.lower() == name), None)


def kb_media_name(kb: Any, text: str) -> str | None:
    """The name of an agency or outlet the knowledge base knows by this text (None without a KB)."""
    lookup = getattr(kb, "lookup", None)
    if lookup is None:
        return None
    try:
        found = lookup(text)
    except (KeyError, ValueError, TypeError):
        return None
    for hit in found if isinstance(found, (list, tuple)) else [found]:
        if getattr(hit, "type", None) in MEDIA_TYPES:
            return hit.name
    return None


def is_media_phrase(head: Token, lex: QuoteLexicon) -> bool:
    """A medium by its head noun ("the newspaper", "a ministry statement", "state media")."""
    return head.lemma_.lower() in lex.media_nouns or head.lower_ in lex.media_nouns


def name_via(phrase: SpacySpan, article: Article, kb: Any, lex: QuoteLexicon) -> tuple[str, bool]:
    """The medium named in a phrase: a known agency, else its last proper name, else generic words.

    The flag is True for a definite unnamed medium ("the newspaper", "the Chinese news agency"):
    it refers back to an agency named earlier.
    """
    for mention in article.mentions:
        if not (phrase.start_char <= mention.start and mention.end <= phrase.end_char):
            continue
        tok = phrase.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if tok is not None and tok.root.dep_ == "compound" and tok.root.head.pos_ == "NOUN":
            continue  # "CNN affiliate WESH": the network qualifies the affiliate, which is the channel
        entity = entity_of(article, mention)
        if entity is not None and entity.type in MEDIA_TYPES:
            return entity.name, False
    runs: list[list[Token]] = []
    for tok in phrase:
        if tok.pos_ == "PROPN" and tok.dep_ != "poss" and not any(c.dep_ == "case" for c in tok.children):
            if runs and runs[-1][-1].i == tok.i - 1:
                runs[-1].append(tok)
            else:
                runs.append([tok])
    for run in reversed(runs):
        text = phrase.doc[run[0].i : run[-1].i + 1].text
        known = kb_media_name(kb, text)
        if known is None and is_place_modifier(run, kb):
            return refer_back(phrase, run[0], article)
        return known or text, False
    low = phrase.text.lower()
    qualifier = [c for c in phrase.root.children if c.dep_ in ("amod", "compound") and c.text[:1].isupper()]
    if qualifier and low.startswith("the ") and phrase.root.pos_ == "NOUN":
        return refer_back(phrase, qualifier[0], article)
    generic = next((g for g in lex.generic_media if g in low), None)
    return generic or strip_determiner(phrase.text), low.startswith("the ")


def is_place_modifier(run: list[Token], kb: Any) -> bool:
    """One word naming a country or people before a common noun ("the Tarsian agency"): it
    qualifies the medium, it does not name it."""
    tok = run[0]
    if len(run) > 1 or tok.head.pos_ != "NOUN" or tok.dep_ not in ("compound", "amod"):
        return False
    demonym = getattr(kb, "country_of_demonym", None)
    return tok.ent_type_ in ("NORP", "GPE") or bool(demonym and demonym(tok.text))


def refer_back(phrase: SpacySpan, modifier: Token, article: Article) -> tuple[str, bool]:
    """The medium named earlier in the article with this qualifier and head noun ("the Tarsian
    agency" -> "Tarsian News Agency"), else the phrase as a reference back."""
    head = modifier.head.lemma_
    name = rf"\b{re.escape(modifier.text)}(?: [A-Z][\w-]*)* {re.escape(head[:1].upper() + head[1:])}\b"
    earlier = re.findall(name, article.text[: phrase.start_char])
    if earlier:
        return earlier[-1], False
    return strip_determiner(phrase.text), phrase.text.lower().startswith("the ")


def via_phrase_head(tok: Token, lex: QuoteLexicon) -> Token | None:
    """The head of a channel phrase this token introduces, if it introduces one."""
    obj = according_to(tok)
    if obj is not None:
        return obj
    if tok.lower_ == "per" and tok.dep_ == "prep":  # "..., per NBC News"
        return next((g for g in tok.children if g.dep_ == "pobj"), None)
    lemma = tok.lemma_.lower()
    if lemma in ("cite", "quote") and tok.pos_ == "VERB" and tok.tag_ == "VBG":
        return next((c for c in tok.children if c.dep_ == "dobj"), None)
    if lemma in lex.relay_verbs and tok.pos_ == "VERB":
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return None


def addressed_media(tok: Token, lex: QuoteLexicon) -> list[Token]:
    """Heads that may name a medium the words were given to: "told Reuters", "said on Fox News",
    "in an interview with CNN". The caller keeps only those that are media."""
    if tok.pos_ == "VERB" and is_speech_verb(tok, lex):
        objects = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.occasion_nouns:
        objects = []
    else:
        return []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in lex.channel_prepositions:
            objects += [g for g in prep.children if g.dep_ == "pobj"]
    return objects


def is_named_medium(head: Token, article: Article, kb: Any, lex: QuoteLexicon) -> bool:
    """An agency or outlet the knowledge base or the article's entities know, or an organization
    noun ("the state broadcaster"): not a document ("a statement") nor a day ("on Tuesday")."""
    phrase = head.doc[head.left_edge.i : head.right_edge.i + 1]
    if kb_media_name(kb, phrase.text) or (head.lemma_.lower() in lex.outlet_nouns and head.tag_ == "NN"):
        return True
    return any(
        phrase.start_char <= m.start
        and m.end <= phrase.end_char
        and (e := entity_of(article, m)) is not None
        and e.type in MEDIA_TYPES
        for m in article.mentions
    )


def find_via(
    tokens: SpacySpan, article: Article, kb: Any, lex: QuoteLexicon, speaker: Token | None
) -> tuple[str, bool] | None:
    """The channel named in these tokens (a medium after a via cue, or a medium that speaks).

    A named medium wins over one that refers back ("the newspaper reported, citing Kyodo").
    """
    found = []
    for tok in tokens:
        head = via_phrase_head(tok, lex)
        group = head is not None and head.ent_type_ == "NORP"  # "according to Republicans"
        if head is not None and head != speaker and not group and not is_person(head, article):
            phrase = tok.doc[head.left_edge.i : head.right_edge.i + 1]
            named = head.pos_ == "PROPN" and (speaker is not None or tok.lemma_.lower() != "accord")
            if named or is_media_phrase(head, lex) or kb_media_name(kb, phrase.text):
                found.append(name_via(phrase, article, kb, lex))
        heads = addressed_media(tok, lex)
        if heads and speaker is not None and tok.pos_ == "VERB":
            teller = find_subject(tok)
            heads = [] if teller is not None and teller != speaker else heads  # another speaker told it
        for head in heads:
            if head != speaker and not is_person(head, article) and is_named_medium(head, article, kb, lex):
                found.append(name_via(tok.doc[head.left_edge.i : head.right_edge.i + 1], article, kb, lex))
        if tok.lemma_.lower() in MEDIA_SPEECH and tok.pos_ == "VERB":
            subj = find_subject(tok)
            if tok.lemma_.lower() in QUOTING_VERBS:
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            pointed = subj is not None and any(c.lower_ in DEMONSTRATIVES for c in subj.children)
            medium = subj is not None and (
                is_media_phrase(subj, lex) or is_named_medium(subj, article, kb, lex)
            )
            if subj is not None and subj != speaker and medium and not pointed:  # "CNN reported"
                found.append(name_via(tok.doc[subj.left_edge.i : subj.i + 1], article, kb, lex))
    found = [f for f in found if f[1] or not names_no_medium(f[0], lex)]
    return min(found, key=lambda f: f[1]) if found else None


def is_person(head: Token, article: Article) -> bool:
    """A person by the parser or by the entity the article resolved ("according to Hager")."""
    if head.ent_type_ == "PERSON":
        return True
    entity = entity_of(article, mention_over(article, head.idx, head.idx + len(head.text)))
    return entity is not None and entity.type == "person"


def names_no_medium(via: str, lex: QuoteLexicon) -> bool:
    """Common words only ("report", "court papers", "31 page report"): no agency or outlet is named,
    unless they are an unnamed medium the lexicon knows ("state media")."""
    return not any(c.isupper() for c in via) and via.lower() not in lex.generic_media


def full_name(head: Token) -> str | None:
    """The longest name the article gives this person ("Merkel" -> "Angela Merkel"), without entities."""
    if head.pos_ != "PROPN":
        return None
    names = [e.text for e in head.doc.ents if e.label_ == "PERSON" and any(t.text == head.text for t in e)]
    return max(names, key=len) if names else None


def names_no_actor(head: Token) -> bool:
    """A quantifier ("one of them", "neither government") or an unresolved possessive phrase
    ("her party", "their offices"): a speaker text that would pass for an actor but names none."""
    if head.lower_ in NON_ACTOR_WORDS or head.pos_ == "NUM":
        return True
    return head.pos_ != "PROPN" and any(
        (c.dep_ == "det" and c.lower_ in NEGATING_DETERMINERS) or (c.dep_ == "poss" and c.tag_ == "PRP$")
        for c in head.children
    )


def resolve_speaker(article: Article, head: Token, kb: Any) -> tuple[str | None, str | None, Span, bool]:
    """(canonical name, entity id, mention span, needs antecedent) for a speaker phrase head."""
    appos = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    named = appos is not None and appos.ent_type_ == "PERSON" and head.ent_type_ != "PERSON"
    if appos is not None and (head.pos_ != "PROPN" or named):
        head = appos  # "Lenk's spokesman, Ana Pell", "Tarsa's Foreign Minister Paul Deverin"
    elif head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.pos_ == "PROPN":
        head = head.head
    start, end = phrase_bounds(head)
    mention = mention_over(article, head.idx, head.idx + len(head.text))
    entity = entity_of(article, mention)
    if mention is not None and entity is not None:
        return entity.name, entity.id, Span(mention.start, mention.end, mention.text), False
    text = article.text[start:end]
    if head.lower_ in PRONOUNS:
        return None, None, Span(start, end, text), True
    if names_no_actor(head):
        return None, None, Span(start, end, text), False
    end = affiliation_end(head, end)
    text = article.text[start:end]
    name = kb_media_name(kb, text) or full_name(head) or strip_determiner(text)
    return name, None, Span(start, end, text), False


def affiliation_end(head: Token, end: int) -> int:
    """A common-noun speaker keeps the body it speaks for ("a spokesman for the energy ministry",
    "officials at the Foreign Ministry"): without it the speaker names no one."""
    if head.pos_ != "NOUN":
        return end
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "at", "of", "from"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            named = obj is not None and any(
                t.text[:1].isupper() for t in [*obj.lefts, obj] if t.dep_ != "det"
            )
            if obj is not None and named and obj.i - head.i <= 6:
                return max(end, phrase_bounds(obj)[1])
    return end
