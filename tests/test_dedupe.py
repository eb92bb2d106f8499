from dataclasses import replace

from parallax.model import Article
from parallax.stories.dedupe import DuplicateIndex

WIRE = (
    "The central bank raised its main interest rate by half a percentage point on Thursday, "
    "the third increase this year, saying inflation remained well above its target. "
    "Officials said further rises were possible if prices kept climbing through the summer, "
    "and markets fell sharply after the announcement as investors weighed the risk of recession. "
    "The decision was backed by seven of the nine members of the rate committee, while two members "
    "voted to hold rates steady, arguing that households were already struggling with higher mortgage "
    "payments and that earlier increases had not yet worked their way through the economy."
)


def art(aid: str, text: str) -> Article:
    return Article(id=aid, source=aid, text=text)


def test_exact_copy_points_at_first() -> None:
    index = DuplicateIndex()
    assert index.check_and_add(art("a", WIRE)) is None
    assert index.check_and_add(art("b", WIRE)) == "a"


def test_near_copy_with_new_byline_is_found() -> None:
    index = DuplicateIndex()
    index.check_and_add(art("a", WIRE))
    near = "By Staff Reporter. " + WIRE.replace("sharply", "steeply")
    assert index.check_and_add(art("b", near)) == "a"


def test_different_story_is_not_a_duplicate() -> None:
    index = DuplicateIndex()
    index.check_and_add(art("a", WIRE))
    other = (
        "Flooding closed the coastal highway for a second day on Friday as rescue teams searched "
        "villages cut off by the storm, and the regional governor asked the army for helicopters."
    )
    assert index.check_and_add(art("b", other)) is None


def test_content_hash_decides_exact_duplicates() -> None:
    index = DuplicateIndex()
    index.check_and_add(replace(art("a", WIRE), content_hash="h1"))
    assert index.check_and_add(replace(art("b", "short different text"), content_hash="h1")) == "a"


def test_deterministic_across_indexes() -> None:
    assert (
        DuplicateIndex().signature(WIRE).hashvalues.tolist()
        == DuplicateIndex().signature(WIRE).hashvalues.tolist()
    )


def test_entries_leave_the_index_with_the_window() -> None:
    index = DuplicateIndex(window_days=7)

    def dated(aid: str, text: str, day: int) -> Article:
        return Article(id=aid, source=aid, text=text, published=f"2031-01-{day:02d}")

    near = "By Staff Reporter. " + WIRE.replace("sharply", "steeply")
    assert index.check_and_add(dated("w1", WIRE, 1)) is None
    assert index.check_and_add(dated("w2", near, 5)) == "w1", "a copy within the window"
    for day in range(6, 31):
        index.check_and_add(
            dated(f"o{day}", f"Harbour workers met on day {day} to discuss the port plan.", day)
        )
    assert len(index) <= 9, "only the last week's articles are held"
    assert index.check_and_add(dated("late", near, 30)) is None, "a reprint weeks later is not a copy"
