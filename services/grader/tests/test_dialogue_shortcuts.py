"""The reader's shortcuts answer exactly what the plain regexes answer.

Each shortcut skips a regex where it cannot match or replaces it with cheaper string
work; these properties are what makes that safe, checked on strings generated from the
patterns themselves and on arbitrary text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sessionhub.grader.graders import dialogue as d
from sessionhub.grader.graders import injection as inj
from sessionhub.grader.graders.lexicon import Lexicon
from sessionhub.testing.properties import examples

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

LEXICONS = {
    f"{module.__name__.rsplit('.', 1)[1]}.{name}": v
    for module in (d, inj)
    for name, v in vars(module).items()
    if isinstance(v, Lexicon)
}

# Text like a transcript's, plus what tokenisers trip on: apostrophes, digits,
# sentence marks, typographic quotes, non-ASCII letters and digits.
TEXT = st.lists(
    st.sampled_from(
        [*"abcdehilmnorstuy019 '.,;:!?-_\u2019\u00e9\u0130\u03a3\u0663", "but ", "you ", "Hi"]
    ),
    max_size=40,
).map("".join)


def test_there_are_lexicons() -> None:
    assert {
        "dialogue._STOP",
        "dialogue.PROPOSAL_FRAME",
        "dialogue._ANNOYED",
        "dialogue._FILLER",
        "dialogue._CLAUSE_SPLIT",
        "dialogue._CORRECTION",
        # the rude questions' gates (test_rude_question_readings.py)
        "dialogue._PRIVATE",
        "dialogue._FOREWARNED",
        "dialogue._PRESUMED_FAILING",
        "dialogue._TESTED",
        "dialogue._SCORNED",
        "injection._OVERRIDE",
        "injection._STRONG",
        "injection._NARRATED",
        "injection._ADDRESSEE",
        "injection._REVIEWED",
        "injection._AFTERLIFE",
    } <= set(LEXICONS)


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_every_match_of_a_lexicon_contains_one_of_its_hints(name: str) -> None:
    lexicon = LEXICONS[name]

    @settings(max_examples=examples(300), deadline=None)
    @given(st.one_of(st.from_regex(lexicon.pattern), TEXT.map(str.lower)))
    def check(text: str) -> None:
        assert lexicon.possible(text) or not lexicon.pattern.search(text), text

    check()


# A word glued on by an apostrophe ("d'you'd") is one token to the tokeniser, which keeps
# at most one apostrophe in a word, but several words to a pattern's \b.
_GLUE_BEFORE_APOSTROPHE_WORDS = re.compile(r"(?<![\w'])(?=\w+')")


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_a_word_glued_on_by_an_apostrophe_still_shows_a_hint(name: str) -> None:
    lexicon = LEXICONS[name]

    # from_regex filters what it draws: under load the health check mistakes that for a
    # strategy too narrow to test with
    @settings(
        max_examples=examples(100),
        deadline=None,
        suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
    )
    @given(st.from_regex(lexicon.pattern), st.sampled_from(["d'", "o'", "y'all'"]))
    def check(text: str, glue: str) -> None:
        glued = _GLUE_BEFORE_APOSTROPHE_WORDS.sub(glue, text)
        assert lexicon.possible(glued) or not lexicon.pattern.search(glued), glued

    check()


def test_a_tag_question_glued_to_a_word_still_leads() -> None:
    # the regex sees "you'd" in "d'you'd"; the tokens are "d'you" and "d"
    assert d._LEADING.search("d'you'd, no") is not None


@pytest.mark.parametrize("pattern", [d._QUESTION_START_RE, d._OPEN_RE], ids=["question", "open"])
def test_clause_search_is_search(pattern: re.Pattern[str]) -> None:
    @settings(max_examples=examples(300), deadline=None)
    @given(st.one_of(st.from_regex(pattern), TEXT.map(str.lower)))
    def check(text: str) -> None:
        assert bool(d._clause_search(pattern, text)) == bool(pattern.search(text)), text

    check()


@settings(max_examples=examples(500), deadline=None)
@given(TEXT)
def test_words_are_the_regex_words(text: str) -> None:
    assert d._words(text) == d._WORD_RE.findall(text)
    assert d._words(text.lower()) == d._WORD_RE.findall(text.lower())


@settings(max_examples=examples(500), deadline=None)
@given(TEXT)
def test_sentence_parts_are_the_regex_parts(text: str) -> None:
    assert d._sentence_parts(text) == d._split_sentences(text)


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(TEXT, st.from_regex(d._CLAUSE_SPLIT.pattern)))
def test_a_sentence_splits_into_the_regex_clauses(text: str) -> None:
    for s in d.sentences(d.normalise(text), trainee=False):
        assert d._clauses(s) == d._CLAUSE_SPLIT.split(s.lower), s.lower


@pytest.mark.parametrize("trainee", [True, False])
def test_a_line_has_the_words_of_its_sentences(trainee: bool) -> None:
    # read() takes a line's words from its sentences rather than the line.
    @settings(max_examples=examples(300), deadline=None)
    @given(TEXT)
    def check(text: str) -> None:
        line = d.normalise(text)
        from_sentences = [w for s in d.sentences(line, trainee=trainee) for w in s.tokens]
        assert from_sentences == d._WORD_RE.findall(line.lower())

    check()


def test_word_lexicons_see_words_joined_by_an_apostrophe() -> None:
    """The tokens keep "o'take" whole; the pattern's word boundary splits it."""
    assert d._STOP.possible("o'take me off the list")
    assert d._STOP.search_words("o'take me off", ["o'take", "me", "off"])


@pytest.mark.parametrize("pattern", [d._RUDE_RE, d._DISBELIEF_RE], ids=["rude", "disbelief"])
def test_the_rude_gate_lets_every_match_through(pattern: re.Pattern[str]) -> None:
    @settings(max_examples=examples(500), deadline=None)
    @given(st.one_of(st.from_regex(pattern), TEXT.map(str.lower)))
    # matches once found here, a word of theirs not among the gate's
    @example("boohoo")
    @example("you need to get")
    # "like that" and "get" pass the gate with another word or literal of the match
    @example("does anyone really buy from a shop like that?")
    @example("why would a shop like yours")
    @example("you'll get over it")
    @example("like you so?")
    @example("you have to get")
    # words spared the search but in set phrases, each held by its phrase
    @example("oh, dear me, what a mess")
    @example("how old are you")
    @example("you're being difficult")
    @example("haven't you heard of email")
    @example("did you even go to school?")
    def check(text: str) -> None:
        lower = text.lower()
        words = d._words(lower)
        assert d.may_be_rude(lower, words) or not pattern.search(lower), text

    check()


def test_a_refusing_clause_is_read_once() -> None:
    # concern_level asks whether a refusing clause, its "no" answer taken off, still refuses
    @settings(max_examples=examples(300), deadline=None)
    @given(st.one_of(TEXT, st.from_regex(d._REFUSE_RE), st.from_regex(d._CLAUSE_SPLIT.pattern)))
    def check(text: str) -> None:
        for s in d.sentences(d.normalise(text), trainee=False):
            for clause in d._CLAUSE_SPLIT.split(s.lower):
                words = d._words(clause)
                if words and d._clause_polarity(clause, words) < 0:
                    expected = d.polarity(d._ANSWER_NO_RE.sub("", clause)) < 0
                    assert d._still_refuses(clause) == expected, clause

    check()


def test_a_sticking_point_answered_is_possible_for_the_eased_lexicon() -> None:
    # found by the property above: a match whose only cue was "sticking point"
    text = "was sticking point and you've answered"
    assert d._EASED.pattern.search(text)
    assert d._EASED.possible(text)
