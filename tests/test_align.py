from parallax.model import Article, Quote
from parallax.stories.align import align_statements


def quote(qid: str, text: str, speaker: str | None = "Maria Lopez", eid: str | None = "ent_lopez") -> Quote:
    return Quote(
        id=qid, start=0, end=len(text), text=text, kind="direct", speaker=speaker, speaker_entity_id=eid
    )


def article(aid: str, day: str, *quotes: Quote) -> Article:
    return Article(id=aid, source=aid, text=" ".join(q.text for q in quotes), published=day, quotes=quotes)


def test_two_translations_of_one_utterance_share_a_statement() -> None:
    a = article("a", "2024-03-01", quote("q1", "Our two nations are old partners who share joys and sorrows"))
    b = article("b", "2024-03-02", quote("q2", "our nations are old partners that share joy and sorrow"))
    ids = align_statements([a, b])
    assert ids["q1"] == ids["q2"]


def test_paraphrase_contained_in_longer_quote_aligns() -> None:
    a = article(
        "a",
        "2024-03-01",
        quote("q1", "The energy plans and trade policies of both governments are long-term"),
    )
    b = article(
        "b", "2024-03-02", quote("q2", "both countries have long-term energy plans and trade policies")
    )
    assert len(set(align_statements([a, b]).values())) == 1


def test_different_speakers_never_share_a_statement() -> None:
    a = article("a", "2024-03-01", quote("q1", "The energy plans and trade policies are long-term"))
    b = article(
        "b",
        "2024-03-02",
        quote("q2", "The energy plans and trade policies are long-term", "Tom Reed", "ent_reed"),
    )
    ids = align_statements([a, b])
    assert ids["q1"] != ids["q2"]


def test_different_words_by_one_speaker_stay_apart_and_ids_are_stable() -> None:
    a = article("a", "2024-03-01", quote("q1", "We will cut fuel taxes before the winter"))
    b = article("b", "2024-03-02", quote("q2", "The border crossing will reopen to trucks next month"))
    first, second = align_statements([a, b]), align_statements([b, a])
    assert first["q1"] != first["q2"]
    assert first == second


def test_same_canonical_name_without_entity_ids_aligns() -> None:
    a = article(
        "a", "2024-03-01", quote("q1", "We will never give up our fishing rights in the north", eid=None)
    )
    b = article(
        "b",
        "2024-03-01",
        quote("q2", "we will never give up fishing rights in the north", "maria lopez", None),
    )
    assert len(set(align_statements([a, b]).values())) == 1
