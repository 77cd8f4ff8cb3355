"""The structure of an English sales conversation, read from the form of its utterances.

This is what the offline grader decides checks from. Nothing here scores; it answers
questions about the conversation:

* which trainee sentences are questions (by punctuation or by syntax: an auxiliary
  before its subject, a wh-word, "tell me …"), open or closed, pleasantries or about
  the customer's business; which are proposals of a next step (a modal or offer frame
  with an action or a time), acknowledgements, rude or sarcastic remarks;
* how each trainee turn relates to the customer's previous line (does it take up the
  customer's own words, or move on?);
* how the customer reacts to a move: acceptance or refusal, with negation and the
  clause after "but" taking precedence ("sure, sounds great, but no"), a concern raised,
  a request to stop;
* which lines address the grader (:mod:`.injection`): they are dropped from all of it.

Word lists are small and about function, not topic: auxiliaries, modals, negations,
time expressions, evaluative words. A topic word never earns credit by itself; credit
needs the right form in the right place relative to what the customer said.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from sessionhub.grader.graders.injection import is_grader_instruction
from sessionhub.grader.graders.lexicon import Lexicon
from sessionhub.grader.grading.schemas import TranscriptLine


class _WordLexicon(Lexicon):
    """A regex every match of which contains one of ``words`` as a whole word.

    For lines whose words the caller has already, a set lookup rules a text out for less
    than scanning it for a score of literals. (A word glued to another by an apostrophe,
    "o'take", is looked into too: the pattern's \\b sees two words there.)
    """

    __slots__ = ("words",)

    def __init__(self, pattern: str, *, words: str) -> None:
        super().__init__(pattern)
        self.words = frozenset(words.split())

    def possible(self, text: str) -> bool:
        return self._may_match(text, _words(text))

    def search_words(
        self, text: str, words: Collection[str], said: Said | None = None
    ) -> re.Match[str] | None:
        """``search(text)`` where ``words`` are the words of ``text``; ``said``: the line or
        sentence ``text`` and ``words`` are, to take its words apart once a grading."""
        # _may_match inline: most calls end at the set lookup, and a call costs more
        if not self.words.isdisjoint(words):
            return self.pattern.search(text)
        if "'" not in text:
            return None
        if self.words.isdisjoint(_apart(words, text) if said is None else _apart_of(said)):
            return None
        return self.pattern.search(text)

    def search_in(self, said: Said) -> re.Match[str] | None:
        """``search(said.lower)``."""
        # search_words inline: this is the lexicons' most common call
        if not self.words.isdisjoint(said.tokens):
            return self.pattern.search(said.lower)
        if "'" not in said.lower or self.words.isdisjoint(_apart_of(said)):
            return None
        return self.pattern.search(said.lower)

    def _may_match(self, text: str, words: Collection[str]) -> bool:
        if not self.words.isdisjoint(words):
            return True
        # A word keeps its apostrophe ("o'take"), where the pattern's \b sees two words;
        # most texts have none, and then no word to look into.
        if "'" not in text:
            return False
        return not self.words.isdisjoint(_apart(words, text))


# Three or more pieces glued by apostrophes: the tokens cut such a run after its first.
_GLUED_RE = re.compile(r"[a-z0-9]+'[a-z0-9]+(?:'[a-z0-9]+)+")


def _apart(words: Collection[str], text: str) -> frozenset[str]:
    """The words a regex's ``\\b`` sees in ``words`` (of ``text``) glued by apostrophes:
    their pieces ("o'take" is "o" and "take"), and, in a run of three pieces or more,
    which the tokens cut after its first apostrophe ("d'you'd" is "d'you" and "d"), every
    stretch of consecutive pieces with its apostrophes ("you'd")."""
    joined = " ".join(words)
    apart = frozenset(joined.replace("'", " ").split())
    # A token holds one apostrophe at most: when they hold every one, no run was cut.
    if text.count("'") == joined.count("'"):
        return apart
    stretches: set[str] = set()
    for run in _GLUED_RE.findall(text):
        pieces = run.split("'")
        for first in range(len(pieces) - 1):
            for last in range(first + 2, len(pieces) + 1):
                stretches.add("'".join(pieces[first:last]))
    return apart | stretches if stretches else apart


def _apart_of(said: Said) -> frozenset[str]:
    """:func:`_apart` of ``said``: a line is looked into by several lexicons, so it is
    taken apart once a grading."""
    if said._apart is None:
        said._apart = _apart(said.tokens, said.lower)
    return said._apart


class _PairedLexicon(_WordLexicon):
    """A :class:`_WordLexicon` every match of which also contains one of ``also`` as a
    whole word: where each word alone is common ("good", "the boss"), the pair is rare,
    and two set lookups rule out a text for less than the regex."""

    __slots__ = ("also",)

    def __init__(self, pattern: str, *, words: str, also: str) -> None:
        super().__init__(pattern, words=words)
        self.also = frozenset(also.split())

    def possible(self, text: str) -> bool:
        words = _words(text)
        return self._may_match(text, words) and self._may_also(text, words)

    def search_words(
        self, text: str, words: Collection[str], said: Said | None = None
    ) -> re.Match[str] | None:
        for gate in (self.words, self.also):
            if gate.isdisjoint(words) and (
                "'" not in text
                or gate.isdisjoint(_apart(words, text) if said is None else _apart_of(said))
            ):
                return None
        return self.pattern.search(text)

    def search_in(self, said: Said) -> re.Match[str] | None:
        return self.search_words(said.lower, said.tokens, said)

    def _may_also(self, text: str, words: Collection[str]) -> bool:
        if not self.also.isdisjoint(words):
            return True
        return "'" in text and not self.also.isdisjoint(_apart(words, text))


_SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_TITLE_END_RE = re.compile(r"\b(?:Mrs?|Ms|Dr|mrs?|ms|dr)\.$")


def _split_sentences(text: str) -> list[str]:
    """``_SENTENCE_RE.findall(text)``, except that a title's full stop ends no sentence
    when a capitalised word follows: "Afternoon, Mrs. Baptiste, it's Dwayne from Harbour
    Pianos." gives the name in the sentence the greeting opens. (Joined after the split:
    a title alternative inside the regex costs every character of every line.)"""
    parts = _SENTENCE_RE.findall(text)
    if len(parts) < 2 or ("r." not in text and "s." not in text):
        return parts
    out = [parts[0]]
    for part in parts[1:]:
        if part[:1] == " " and part[1:2].isupper() and _TITLE_END_RE.search(out[-1]):
            out[-1] += part
        else:
            out.append(part)
    return out


_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: each byte but a-z, 0-9 and the apostrophe turned into a space
_NON_WORD_TO_SPACE = bytes(
    b if 97 <= b <= 122 or 48 <= b <= 57 or b == 39 else 32 for b in range(256)
)


def _words(lower: str) -> list[str]:
    """The words of ``lower``: ``_WORD_RE.findall(lower)``.

    The words of ASCII text are its runs of a-z, 0-9 and apostrophes, which a byte
    translation and a split find at half the regex's cost or less, as long as each
    apostrophe joins a run to letters ("don't", "o'clock"); a run it does not ("'til",
    "90'", "rock'n'roll") goes to the regex with the rest of the line.
    """
    if not lower.isascii():
        return _WORD_RE.findall(lower)
    runs = lower.encode("ascii").translate(_NON_WORD_TO_SPACE).decode("ascii").split()
    if "'" in lower:
        for run in runs:
            if "'" in run:
                head, _, tail = run.partition("'")
                if not (head and tail.isalpha()):
                    return _WORD_RE.findall(lower)
    return runs


def _clause_search(pattern: re.Pattern[str], lower: str) -> re.Match[str] | None:
    """``pattern.search`` for a pattern whose matches start at ``^`` or at ``,;:``.

    Anchored matching is far cheaper than a search, which tries the pattern at every
    character: it is tried at the start and at each mark (most sentences have none), in
    order, so the match is the search's. (A match from a mark sees the text before it, as
    a search does; ``^`` does not match there.)
    """
    if (m := pattern.match(lower)) is not None:
        return m
    if "," in lower or ";" in lower or ":" in lower:
        for mark in _CLAUSE_MARK_RE.finditer(lower):
            if (m := pattern.match(lower, mark.start())) is not None:
                return m
    return None


_CLAUSE_MARK_RE = re.compile(r"[,;:]")


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

_AUX = (
    "do|does|did|is|are|was|were|am|can|could|would|will|shall|should|have|has|had|may|"
    "might|must|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|haven't|"
    "hasn't|shouldn't"
)
_SUBJECT = (
    r"(?:you|we|i|they|he|she|it|your|our|the|this|that|these|those|there|anyone|anybody|"
    r"someone|somebody|everyone|a|an|[a-z]+'s)"
)
_WH = r"(?:what|what's|how|how's|why|when|where|who|who's|whom|which|whose)"
_LEAD = (
    r"(?:(?:and|so|okay|ok|alright|well|now|then|right|also|but|great|sure|got it|"
    r"out of curiosity|just curious|quick question)[,\s]+)*"
)
# "What a mess.", "how awful for you", "how cruel life is for them": an exclamation, not a
# question. In a question the verb comes before its subject ("how cruel is it?"); in an
# exclamation the subject comes straight after "how" and its word ("how hard they've been
# hit").
_EXCLAIMED_SUBJECT = (
    r"(?:they|they've|it|it's|he|she|we|i|life|things|everything|the|their|his|her|that|this|"
    r"those|these|our|my)"
)
_NOT_EXCLAIMING = (
    r"(?<!what(?= an?\b))(?<!how(?= \w+(?: for \w+)?\s*(?:[.!,;]|$)))"
    rf"(?<!how(?= (?!many|much)\w+ {_EXCLAIMED_SUBJECT}\b[^?]*$))"
)
_QUESTION_START_RE = re.compile(
    # after a comma "which"/"who"/"when"/"where" open a relative clause, not a question
    rf"(?:^{_LEAD}{_WH}\b{_NOT_EXCLAIMING}|"
    rf"(?:^|[,;:]\s+){_LEAD}(?:what|what's|how|how's|why)\b{_NOT_EXCLAIMING}|"
    rf"(?:^|[,;:]\s+){_LEAD}(?:(?:{_AUX})\s+{_SUBJECT}\b|tell me\b|walk me\b|talk me\b|"
    r"help me understand\b|i'?d love to (?:hear|know|understand)\b|i'?m curious\b|"
    r"can you (?:tell|walk|describe|explain|share|give)\b|"
    r"could you (?:tell|walk|describe|explain|share|give)\b))",
)
_OPEN_RE = re.compile(
    rf"(?:^|[,;:]\s+){_LEAD}(?:{_WH}\b|tell me\b|walk me\b|talk me\b|help me understand\b|"
    r"i'?d love to (?:hear|know|understand)\b|i'?m curious\b|"
    r"(?:can|could|would) you (?:tell|walk|describe|explain|share)\b)",
)
# a wh-question asked leave for ("Can I ask what puts you off?") is asked all the same
_ASKED_LEAVE_RE = re.compile(rf"\b(?:can|could|may|might) i ask(?: you)? {_WH}\b")
_PLEASANTRY = _WordLexicon(
    r"\bhow(?:'s| is| are| has| have| was)?\s+(?:you|your|it|things|everything|life)\b"
    r"(?:\s+\w+){0,2}?\s+(?:going|doing|been|treating you|so far)\b|"
    r"\bhow are you\b|\bhow(?:'s| is| has| was) (?:your|the) (?:day|week|morning|afternoon|"
    r"evening|monday|tuesday|wednesday|thursday|friday|weekend|board|season)\b|"
    r"\b(?:good|okay|ok|bad|convenient|better) (?:time|moment)\b|\bcaught you\b|"
    r"\b(?:got|have|spare|grab) (?:a|one|two|a few|a couple of) (?:minute|minutes|sec|"
    r"second|seconds|moment)\b|\bam i speaking\b|\bis this \w+\s*\??$|"
    r"\bwho am i speaking",
    words="how time moment caught minute minutes sec second seconds speaking this who",
)
# What may follow "how are you" and its kin when it asks after the customer and nothing
# else: how they keep, where, since when, a name or a word of address. Anything more names
# what they do and to what ("How are you handling signage for the new shop?", "How are
# things going with your supplier?"): a question about their situation, not small talk.
_AFTER_THEM = frozenset(
    str.split(
        "doing going getting got on keeping holding up feeling been finding faring coping "
        "bearing treating today tonight so far then this the your ur fine lovely morning "
        "afternoon evening day week weekend all both of you yourself yourselves guys folks "
        "there over at end my friend mate sir madam love hun pal these days now lately well "
        "ok okay moment in general generally otherwise anyway since we last spoke time"
    )
)
_CLAUSE_REST_RE = re.compile(r"[^?.!,;:\u2014]*")


def _is_pleasantry(text: str, lower: str, tokens: Collection[str]) -> bool:
    """A question of small talk (:data:`_PLEASANTRY`); one asking how the customer does
    something (:data:`_AFTER_THEM`) is none."""
    found = _PLEASANTRY.search_words(lower, tokens)
    if found is None:
        return False
    if not found.group().startswith("how"):
        return True
    rest = _CLAUSE_REST_RE.match(lower, found.end())
    end = rest.end() if rest is not None else found.end()
    # the line's own case, where it lines up, tells a name from a word
    said = text[found.end() : end] if len(text) == len(lower) else lower[found.end() : end]
    return all(w[:1].isupper() or w.lower() in _AFTER_THEM for w in said.split())


_GREETING_RE = re.compile(
    r"\b(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|morning|afternoon|"
    r"evening|thanks for|thank you for|nice to|good to|great to|pleasure to|"
    r"my name(?:'s| is))\b|\b(?i:this is|i'm|it's) [A-Z]|"
    # a bare time of day opening the line, said to someone ("Morning Priya, …", "Evening!"),
    # not the start of a statement ("Morning deliveries are late")
    r"^\W*(?:Morning|Afternoon|Evening)(?=[,!.]|\s+[A-Z]|\s*$)",
)
_GREETING_CI_RE = re.compile(
    r"\b(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|thanks for|"
    r"thank you for|nice to|good to|great to|pleasure to|my name(?:'s| is))\b",
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_HOURS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_FIGURE = (
    rf"(?:\d+|{_HOURS}|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
# A number in an hour's place ("at two", "around ten") that runs on, through more of the
# figure ("two hundred and forty", "two fifty a month", "two to three weeks"), into a word
# that prices, counts or measures is an amount or a span, not an hour: "at ten percent
# off", "at five pounds a unit", "at one each", "at twelve months free", "at one of our
# sites". A lookahead on the number, so it costs nothing until a number is found there.
_AN_AMOUNT = (
    rf"(?!,\d{{3}}|(?:[.,]\d+)?(?:\s*(?:-|and|or|to)?\s*{_FIGURE}\b)*\s*(?:%|"
    r"(?:hundred|thousand|million|billion|grand|k|mil|dozen|percent|pc|per|apiece|times|of|"
    r"pounds?|quid|pence|p(?!\.?m\b)|dollars?|bucks|euros?|cents?|rand|rupees?|pesos?|yen|"
    r"naira|cedis?|shillings?|francs?|dirhams?|kroner|krona|kronor|"
    r"metres?|meters?|feet|foot|inch(?:es)?|miles?|yards?|kilos?|kg|grams?|tonnes?|tons?|"
    r"litres?|liters?|gallons?|square|cubic|degrees?|"
    r"seconds?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|years?|yrs?|decades?)\b|"
    r"(?:minutes?|mins?)\b(?!\s+(?:past|to)\b)|"
    # each of a number of things, not of a number of days ("at ten each morning")
    r"each\b(?!\s+(?:day|morning|afternoon|evening|night|week|time|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b)|"
    # a price for each of something ("five a unit", "nine an hour"), not a while from now
    # ("ten a couple of days from now", "ten a week on Friday")
    r"(?:an?\s+(?!(?:bit|little|couple|few|quarter|half)\b|(?:week|fortnight)\s+(?:on|from|"
    r"today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)[a-z])))"
)
# An ordinal is a date when it ends its phrase ("on the ninth.", "the fourth at ten", "the
# twelfth suits", "the first of May") or names a week of the calendar ("the second week of
# May"), not when another noun follows it: "the first batch", "the third floor", "the
# first year" count in order, they name no day.
_A_DATE = (
    r"(?=\s*(?:[^\w\s']|'s\b|$)|\s+(?:of|at|in|on|or|and|but|then|if|for|from|to|till|"
    r"until|by|around|about|after|before|between|through|since|unless|so|as|when|while|"
    r"with|week|weekend|fortnight|first|early|late|mid|noon|midday|lunchtime|morning|afternoon|evening|night|"
    r"next|this|right|straight|just|still|again|either|instead|too|also|maybe|perhaps|"
    r"please|sharp|onwards|latest|not|would|could|should|will|can|might|may|must|shall|"
    r"is|isn't|are|aren't|was|be|won't|can't|do|does|suits?|works?|looks?|sounds?|fits?|"
    r"any|ok|okay|good|fine|alright|better|best|we|we'll|we'd|we're|i|i'll|i'd|i'm|you|"
    r"you'd|they|he|she|it|it's|that|that's|our|your|my|me|us|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b)"
)
_TIME_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|weekend|"
    r"today|tonight|tomorrow|this (?:week|afternoon|morning|evening)|"
    r"next (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"end of (?:the|this) (?:day|week|month)|early next|first thing|lunchtime|"
    r"(?:in|on) the (?:morning|afternoon|evening)|(?:morning|afternoon|evening)\b|"
    r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)|"
    # half or a quarter before the hour or past it, as in Britain ("at half two", "by a
    # quarter to ten", "around half past four")
    r"(?:at|around|by|from|say)\s+(?:(?:(?:a\s+)?(?:half|quarter)\s+(?:past\s+|to\s+)?)?"
    rf"(?:\d{{1,2}}(?::\d{{2}})?|{_HOURS})\b{_AN_AMOUNT}|noon\b|midday\b)|"
    rf"(?:{_MONTHS})\s+\d{{1,2}}|the\s+\d{{1,2}}(?:st|nd|rd|th)\b{_A_DATE}|"
    r"the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    rf"twelfth|thirteenth|fourteenth|fifteenth|twentieth)\b{_A_DATE})",
)
_STEP_RE = re.compile(
    r"\b(?:meet|meeting|call|visit|come|coming|stop by|swing by|drop by|drop off|pop in|"
    r"demo|demonstration|walkthrough|walk-through|walk you through|tour|screen ?share|trial|"
    r"pilot|send|email|text|book|schedule|set up|lock|start|deliver|delivery|install|show|"
    r"look at|bring|sign|get on|pencil|put (?:it|you|that) in|reserve|hold|survey|quote|"
    r"review|sit down|catch up|confirm|try|test|kick off|onboard)\w*",
)
# A step named in an idiom rather than by its verb: a trial ("give it a go", "take it for
# a spin", "have a go on it") as much as the word "trial", or something sent by being put
# in the post ("pop the paperwork in the post", "post them over"). (Not in _STEP_WORDS:
# "go" or "post" there would make every question with one a proposal the probes could
# find.)
_TRIED = r"(?:it|this|that|them|these|those|one|us|(?:the|our|a|my|your) [\w'-]+(?: [\w'-]+){0,2})"
_STEP_IDIOM = _WordLexicon(
    rf"\b(?:(?:give|giving) {_TRIED} a (?:(?:quick|proper|fair|little) )?(?:go|whirl|shot|"
    rf"bash|spin|run(?: out)?)|(?:take|taking) {_TRIED} (?:out )?for a (?:(?:quick|little) )?"
    r"(?:spin|whirl|run|drive)|have a (?:go|play|spin) (?:on|with) (?:it|this|that|them|one|"
    r"the|our|a)|(?:pop|popping|put|putting|stick|sticking|drop|dropping|send|sending)"
    r"(?: [\w']+){1,4} in the post|post (?:it|them|that|this|those|these|you|him|her)"
    r"(?: out| over| off)?)\b",
    words="go whirl shot bash spin run drive play post",
)
# A wh-question that puts a step up for the customer's view rather than asking after
# their past or present: "Why not give it a go?", "Why don't we send someone?", "How would
# you feel about a trial?", "What do you say to a visit?", "How does a site visit sound?"
# (Not "How does your delivery work?": a step's working asked after.)
_WH_SUGGESTS = (
    r"why (?:not|don't|do not)|how (?:would|do|does) you feel about|"
    r"what (?:do|would|did) you say to|what say|"
    r"how (?:does|do|would|will) (?:\S+ ){1,6}?(?:sound|suit)(?=\W*$|,| for you| to you)"
)
PROPOSAL_FRAME = _WordLexicon(
    rf"\b(?:{_WH_SUGGESTS}|would|could|can|shall|should|may|might|how's|how is|how about|"
    r"what about|what if|want me to|would you like|let's|let me|let us|i'll|i will|we'll|"
    r"we will|i can|we can|i could|we could|i'd like to|i'd suggest|i suggest|"
    r"(?:he|she|they|our \w+) (?:can|could|will)|(?:we|i) have (?:an? )?(?:open )?"
    r"(?:slot|opening|spot|window)|^(?:come|join|bring|send|book|grab|pick|drop)|"
    # a slot put up for the customer to weigh: "How does Monday the fifth look?"
    r"how (?:does|do|would|will) (?:\S+ ){1,6}?(?:look|sound|suit|work|fit)"
    r"(?=\W*$|,| for you| to you))\b",
    # most sentences hold none of these: a set lookup spares them the long search
    words="would could can shall should may might how's how what why want let's let i'll will "
    "we'll i'd suggest slot opening spot window come join bring send book grab pick drop",
)
# The customer's leave asked for a step of the seller's own, the seller the one who acts
# and the step their verb: "Are you happy for me to send the contract?", "Is it okay if I
# pop the forms in the post?", "Do you mind if we bring a demo unit?", "Are you alright
# with me booking the engineer?". Not the customer's lot asked after ("Are you happy with
# your current machine?"), nor leave to ask ("Is it okay if I ask who handles delivery?")
# or for anything else ("Is it alright if we record the call?"). A match ends where the
# seller's verb starts.
_ASKS_LEAVE = _WordLexicon(
    r"\b(?:(?:happy|okay|ok|alright|right|fine|good|comfortable|cool|content) "
    r"(?:for (?:me|us) to|with (?:me|us)(?= \w+ing)|if (?:i|we))|"
    r"mind (?:if (?:i|we)|(?:me|us)(?= \w+ing))|objection to (?:me|us)(?= \w+ing)|"
    r"it(?:'s| is|'d| would)?(?: be)? (?:okay|ok|alright|all right|fine) (?:if (?:i|we)|to))"
    r"(?: (?:just|also|quickly|then|go ahead and|come and|come over and|come round and))* ",
    words="happy okay ok alright right fine good comfortable cool content mind objection",
)
# A yes/no question, its auxiliary said or left out, that puts a slot to the customer:
# the slot (or "that" before it) is its subject and is said to fit ("Does Tuesday at noon
# work for you?", "Noon Friday okay for a demo?"), or the customer's own free time is
# asked after ("Are you free …", "Have you got an hour …", "Fancy a chat …"), or the slot
# is the object of their yes ("Are you okay with Thursday at ten?", "Any chance of Monday
# at nine?", "Is it okay if I call in Friday at two?"). Not a time in the customer's
# week: someone else as the subject ("Does the truck come Tuesday at noon?"), a
# description for a predicate ("Is Tuesday your busiest day?") or a clause ("Is Friday
# when the rush starts?"), and not in the past ("Was Tuesday okay?" asks how it went).
_SLOT = (
    r"(?:(?:next|this|on|say|maybe|perhaps|early|late|half|first thing|the)\s+)*"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|"
    rf"noon|midday|lunchtime|(?:\d|{_HOURS}){_AN_AMOUNT})"
)
_FITS = (
    r"(?<!not )(?<!no )(?:(?:still|any|be)\s+)?(?:work|works|working|suit|suits|fit|fits|ok|"
    r"okay|good|fine|convenient|suitable|alright|all right|any use|doable|possible|better|"
    r"easier)\b"
)
# between the slot and its fit: no clause about it ("Is Friday when it's quiet?") and no
# state of the day so far ("Is today going okay?")
_SLOT_GAP = r"(?!(?:when|where|while|if|that|which|who|because|going|been|treating)\b)"
_PUTS_SLOT_RE = re.compile(
    rf"{_LEAD}(?:(?:do|does|is|are|will|have|don't|doesn't|isn't|aren't|won't)\s+)?(?:"
    rf"(?:{_SLOT}[\w':]*|that|this)(?:\s+{_SLOT_GAP}[\w':]+){{0,5}}?\s+{_FITS}|"
    r"(?:you(?:'re)?\s+(?:(?:guys|all|both|two)\s+)?)?(?:(?:still|be)\s+)?(?:free|available|"
    r"around|fancy|up for|(?:have|got)(?:\s+\w+){0,2}?\s+(?:time|moment|minute|minutes|hour|"
    r"slot|window|gap|room|space)\b)|"
    rf"(?:you(?:'re)?\s+)?(?:ok|okay|good|fine|alright|happy|set)\s+(?:with|for)\s+{_SLOT}|"
    r"it\s+(?:ok|okay|alright|all right|fine|possible)\s+(?:if|to)\b|"
    r"(?:there\s+)?(?:any (?:chance|possibility|way)\s+(?:of|for|at|on|you|we)\b|"
    r"(?:a|an|any)\s+(?:free\s+)?(?:slot|opening|window|gap)\b))",
)
# A habit, not an occasion: "Is Tuesday usually good for you?", "Are you free Tuesday
# mornings?" ask about the customer's week, whatever fits in it.
_HABITUAL = frozenset(
    str.split(
        """
    usually normally generally typically always often ever every most mornings afternoons
    evenings nights weekends weekdays mondays tuesdays wednesdays thursdays fridays
    saturdays sundays
    """
    )
)

# The present day with no step named asks leave to go on talking now ("Have you got a few
# minutes this morning?", "Is this afternoon still a good time to talk?"), not for a slot.
_TODAY = frozenset(str.split("today tonight morning afternoon evening lunchtime"))


def _puts_slot(lower: str, tokens: Collection[str]) -> bool:
    return (
        _HABITUAL.isdisjoint(tokens)
        and _clause_search(_PUTS_SLOT_RE, lower) is not None
        and (has_step_words(tokens) or not time_words(tokens) <= _TODAY)
    )


def puts_slot(s: Sentence) -> bool:
    """Question ``s`` puts a day or time to the customer in yes/no form
    (:data:`_PUTS_SLOT_RE`)."""
    return s.is_question and s.has_time and _puts_slot(s.lower, s.tokens)


def _asks_leave(lower: str, tokens: Collection[str]) -> bool:
    m = _ASKS_LEAVE.search_words(lower, tokens)
    return m is not None and (
        _STEP_RE.match(lower, m.end()) is not None
        or _STEP_IDIOM.pattern.match(lower, m.end()) is not None
    )


def asks_leave(s: Sentence) -> bool:
    """Question ``s`` asks the customer's leave for a step of the seller's own
    (:data:`_ASKS_LEAVE`)."""
    return s.is_question and _asks_leave(s.lower, s.tokens)


_VAGUE_RE = re.compile(
    r"\b(?:whenever|sometime|some time|if you ever|let me know|when you're ready|"
    r"when you are ready|feel free|any time|anytime|give (?:us|me) a (?:ring|call|shout)|"
    r"call (?:us|me) (?:when|if|back)|(?:check|look at|visit) (?:our|the) (?:website|site)|"
    r"on our (?:website|site)|reach out|"
    # the time itself put off, or handed to someone else: "I'll have my manager call you
    # tomorrow to set a time", "I'll check with the office and get back to you"
    r"get back to you|be in touch|(?:check|confirm|speak|talk) (?:it )?(?:with|to) (?:my|our|the) "
    r"\w+(?: \w+)? (?:and|first|this|next|tomorrow|today|later)|"
    r"(?:to|and) (?:set|fix|arrange|sort(?: out)?|find|agree|pick) (?:a|the) (?:time|date|day|"
    r"slot)|have (?:my|our|the) \w+(?: \w+)? (?:call|ring|phone|contact|email) you)\b",
)
# A when that names no time and puts it off: some day, soon, when next passing, no rush
# ("I'll pop in one of these days when I'm over your way"). An offer in such words fixes
# nothing the customer could hold the seller to.
_DEFERRED = Lexicon(
    r"\b(?:some ?day|one day|one of these days|soon|sooner or later|at some (?:point|stage)|"
    r"in due course|down the (?:line|road)|eventually|later on|in a while|now now|just now|"
    r"no (?:rush|hurry)|next time (?:i|we)\b|when(?:ever)? (?:i'?m|i am|we'?re|we are|i|we) "
    r"(?:next |back )?(?:in|around|over|passing|nearby|out|round|up|down))\b",
    *str.split(
        "day soon point stage due line road eventually later while now rush hurry next when"
    ),
)


def defers(s: Sentence) -> bool:
    """Sentence ``s`` names no day or time and puts the when off (:data:`_DEFERRED`)."""
    return not s.has_time and _DEFERRED.search(s.lower) is not None


# The customer's own time, asked or wished about in small talk: a period of theirs, gone
# or going, as the subject of how it goes ("how's your morning been?", "how did the
# weekend go?", "hope your weekend was good"), as when they are getting on ("how are you
# finding the week?", "how you keeping this morning?", "enjoying the sun this
# afternoon?"), or lived one way or another ("having a good week?", "busy Monday?"). It
# names the day or time as the customer's, not as one put to them for a step, which
# takes an action or a time to come ("How's Thursday morning for a visit?", "How does
# your morning look on Friday?", "What's your afternoon like tomorrow?").
_DAY_NAME = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PERIOD = rf"(?:{_DAY_NAME}|day|morning|afternoon|evening|night|week|weekend|holidays?|summer)"
_LIVED_WORDS = (
    "good nice great lovely grand busy quiet hectic long rough slow calm manic mad crazy "
    "relaxing restful decent productive tough"
)
_LIVED = rf"(?:(?:really|very|pretty|nice and) )?(?:{'|'.join(_LIVED_WORDS.split())})"
_ENJOY = "(?:enjoy|enjoys|enjoying|enjoyed)"
_OWN_PERIOD = (
    rf"(?:your|ur|yer|ya|the|this|the rest of (?:your|the)) (?:{_LIVED} |{_DAY_NAME} )?{_PERIOD}"
)
# the clause ends there: nothing more is said of the period, no "for a visit", no "tomorrow"
_CLAUSE_END = r"\s*(?=[?.!,;:\-\u2014]|$)"
_CLAUSE_START = r"(?:^|[,;:\-\u2014] )\W*"
_OWN_TIME = _WordLexicon(
    # how the period goes: "how's your day shaping up?", "what's your week been like?"
    rf"\b(?:how|what)(?:'s|'d|'ve|s| is| was| has| have| did| are| were)? "
    rf"(?:{_OWN_PERIOD}|{_DAY_NAME})"
    r"(?: (?:so far|been|gone|going(?! to\b)|go|went|treating|treated|treat|shaping up|"
    r"turning out|panning out|looking (?:for (?:you|ya) )?so far))+"
    r"(?: (?:so far|been|for (?:you|ya|ye)|to you|you|ya|ye|then|well|kind|like|"
    rf"(?:at |on )?your end))*{_CLAUSE_END}|"
    # or just how it is or was: "how's your morning?", "how was your Saturday?" (a day to
    # come may be asked after too, "How's your Thursday morning?", so not by its name)
    rf"\bhow(?: was {_OWN_PERIOD}|(?:'s|s| is)? (?:your|ur|yer|ya|the|this) (?:{_LIVED} )?"
    r"(?:day|morning|afternoon|evening|night|week|weekend|holidays?|summer))(?: so far| then)?"
    rf"{_CLAUSE_END}|"
    # how they are getting on in it: "how are things this morning?"
    r"\bhow(?:'s|'re|'ve|s| is| are| has| have| was| were| do| did)? (?:you|ya|ye|yous|u|it|"
    r"things|life|everything|business|trade|work)(?: (?:doing|going|keeping|getting on|"
    r"finding|find|found|holding up|been|faring|coping|feeling|treating you|treating ya|"
    r"spending|spend|spent))*"
    rf" (?:(?:on|in|so far|over) )?(?:(?:this|the|your|ur|yer) (?:fine |{_LIVED} |"
    rf"{_DAY_NAME} )?{_PERIOD}|today|tonight)(?: so far)?{_CLAUSE_END}|"
    # lived one way or another: "had a good weekend?", "enjoy the rest of your week"
    rf"\b(?:have|having|had|been|{_ENJOY}) an? {_LIVED} (?:{_DAY_NAME} )?{_PERIOD}\b(?: so far)?|"
    rf"\b{_ENJOY} {_OWN_PERIOD}\b|"
    rf"(?:{_CLAUSE_START}|\b(?:hope|trust) )(?:are you |you're |you are |you )?"
    r"(?:enjoying|having|keeping) (?:\w+ ){0,3}?"
    rf"(?:this|the) {_PERIOD}(?: so far)?{_CLAUSE_END}|"
    # asked yes or no, or wished: "was the weekend good?", "hope Friday's treating you well"
    rf"(?:{_CLAUSE_START}(?:is|was|has|did|have) {_OWN_PERIOD}|"
    rf"\b(?:hope|hoping|trust)(?: that)? (?:{_OWN_PERIOD}|{_DAY_NAME}))"
    r"(?:'s| is| was| has| have| been| going| gone| went| goes| treating you| treated you| go)+"
    rf"(?: (?:an? )?(?:{_LIVED}(?: one)?|well|ok|okay|alright|fine|kind|smoothly))?"
    rf"(?: to you)?(?: so far)?{_CLAUSE_END}|"
    rf"{_CLAUSE_START}{_LIVED} (?:{_DAY_NAME} )?{_PERIOD}(?: so far)?\s*(?=\?)|"
    # the greeting's wish: "Good afternoon Mrs Olsen, how's your afternoon going?"
    rf"{_CLAUSE_START}(?:good (?:morning|afternoon|evening|day)|happy {_PERIOD})\b",
    words="how hows what whats have having had been enjoy enjoys enjoying enjoyed keeping hope "
    "hoping trust is was has did happy " + _LIVED_WORDS,
)
# the greeting said bare, to someone: "Evening Joe, how's the evening treating you?"
_BARE_GREETING_RE = re.compile(r"^\W*(?:Morning|Afternoon|Evening)(?=[,!.]|\s+[A-Z]|\s*$)")


_GREETING_TIMES = frozenset(("morning", "afternoon", "evening"))


def _only_own_time(text: str, lower: str, tokens: Sequence[str]) -> bool:
    """Every day or time sentence ``text`` (``lower``, lower-cased; its words ``tokens``)
    names is the customer's own, asked or wished about (:data:`_OWN_TIME`)."""
    greeting = _BARE_GREETING_RE.match(text) if tokens and tokens[0] in _GREETING_TIMES else None
    if greeting is None and _OWN_TIME.search_words(lower, tokens) is None:
        return False
    if greeting is not None:
        lower = lower[greeting.end() :]
    rest = _OWN_TIME.pattern.sub(" ", lower)
    return not mentions_time(_words(rest), rest)


_RUDE_RE = re.compile(
    r"\b(?:stupid|idiot|idiotic|dumb|ugly|lazy|pathetic|ridiculous|incompetent|clueless|"
    r"useless|garbage|rubbish|moron|shut up|grow up|suit yourself|"
    # ("whatever" as a retort, not heading a clause: "Whatever we fit has to …")
    r"whatever(?=\s*(?:[,.!?;:]|$)| you say)|you'?re (?:wrong|making a mistake|being)|"
    r"so (?:slow|sensitive|rude|difficult)|"
    r"can'?t afford a|garage sale|who taught you|trust me|you (?:really )?(?:need|have) to "
    r"(?:move|switch|get|buy)|you should (?:make|switch|just)|is outdated|"
    r"you'?ll survive|yeah,? yeah|love that for you|boo hoo|big deal|what a tragedy|"
    r"cry me|how nice for you|"
    # mock sympathy: an exclamation, then the hardship waved away
    r"(?:i'?m sure|i bet|no doubt) you'?ll (?:survive|live|cope|manage|pull through|get over)|"
    r"you'?ll (?:live|get over it)|poor baby|must be nice|boo-?hoo|"
    r"tough luck|join the club|welcome to the club|oh,? (?:wow|joy|dear me)\b,? (?:how|what)|"
    r"how (?:will|would|did|do|can|could) you (?:ever|possibly) (?:cope|survive|manage|go on|"
    r"live|bear|recover))\b|"
    # a question that sneers at the customer: disbelief, a put-down by degree or by likeness
    r"\bseriously\b[^.?!]*\?|\bhaven'?t you (?:ever )?heard of\b|"
    r"\b(?:this|that|so|such an?) (?:disorgani[sz]ed|scattered|clueless|backwards?|primitive|"
    r"amateurish|sloppy|hopeless|naive|gullible|tiny|puny|helpless|old-fashioned)\b[^.?!]*\?|"
    r"\blike an? (?:pushover|child|dinosaur|amateur|doormat|sucker|caveman|toddler)\b|"
    # "your problem", "your loss" as a retort, a clause of its own ("Fine, your loss.",
    # "That's your problem, not mine."), not the object of help or sympathy ("We can solve
    # your problem.", "I'm so sorry for your loss.")
    r"\b(?:that|it)(?:'s| is) (?:all |just |really )?your (?:problem|loss)\b"
    r"(?! (?:of|with|we|i|that|to|for|you)\b)|"
    r"(?:^|[.!?;:,] )(?:(?:well|fine|okay|ok|then|so)\W+)?your (?:problem|loss)"
    r"(?=\s*(?:[,.!?;]|$))|"
    r"\b(?:that|your) attitude\b|\byour excuse\b|\bbehind the times\b|"
    r"\bwhy would (?:anyone|anybody|an? \w+ (?:that|this|so|like yours))\b|"
    # doubt that the customer's trade has any takers, or their place named with a sneer:
    # "does anybody really order from you?", "that shed you call an office" (not "does
    # anyone actually check the stock for you?")
    r"\b(?:does|do|did|would|will) (?:anyone|anybody) (?:\w+ )?(?:actually|really|even|ever)\b"
    r"[^.?!]*\b(?:like (?:yours|that|this)|(?:from|with|at) (?:you|yours))\b[^.?!]*\?|"
    r"\b(?:that|this|the|those) (?:\w+ ){1,3}?you call (?:a|an|your|it)\b|"
    r"\blike (?:yours|you)\b[^.?!]*\b(?:so|such)\b[^.?!]*\?|"
    r"\b(?:ha|haha|lol)\W*$|"
    # mock grief: the speaker's own tears, an archaic "however shall you …", the customer's
    # matter ranked first in the universe
    r"\b(?:i|i'?ll|i'?m|me|my)\b[^.?!]{0,30}\b(?:cry|crying|weep|weeping|sob|sobbing|"
    r"dry my eyes|heart (?:bleeds|breaks|is breaking))\b|"
    r"\bhow ?ever (?:will|would|shall|can|could|do|did) you\b|"
    r"\b(?:most important thing|centre|center)\b[^.?!]{0,12}\b(?:world|universe)\b|"
    # a put-down of the person, not a question about the business: their age, whether they
    # care at all, their temper, being behind the times
    r"\bhow old are you\b|\b(?:at|for) your age\b|"
    # ... their wits, schooling or looks, asked about: "Are you always this slow?", "Are you
    # even qualified?", "Did you go to school?", "Is there anyone smarter I can talk to?"
    r"\b(?:are|were|aren't|weren't) you (?:\w+ ){0,2}?(?:stupid|thick|dim|dense|brainless|"
    r"illiterate|gullible|deaf|the brains)\b[^.?!]*\?|"
    r"\b(?:even|actually|really|honestly|seriously|ever) (?:capable|competent|qualified|literate|"
    r"educated|bright|smart|clever)\b[^.?!]*\?|"
    r"\b(?:did|have|do) you (?:(?:ever|even|actually|really) )+(?:go to|finish|pass|been to) "
    r"(?:school|college|university|uni)\b[^.?!]*\?|"
    r"\b(?:anyone|someone|somebody) (?:\w+ )?(?:smarter|brighter|cleverer|more competent|"
    r"with (?:a|half a) brain)\b|"
    r"\bin (?:smaller|simpler|shorter) words\b|"
    r"\b(?:too|that) (?:hard|difficult|complicated|technical) for you\b[^.?!]*\?|"
    r"\b(?:is|was) (?:that|this) your (?:real )?(?:hair|face|voice)\b|"
    r"\bwhat(?:'s| is) wrong with your (?:face|hair|voice|head)\b|"
    r"\byou look (?:old|ancient|awful|terrible)\b|\bdress(?:ed)? in the dark\b|"
    r"\bdo you (?:even |honestly |actually |really |genuinely )?care (?:at all|whether|if)\b|"
    r"\byou\b[^.?!]{0,20}\b(?:so|this|that|getting|being) (?:defensive|touchy|prickly|uptight|"
    r"stubborn|worked up)\b|\b(?:stuck|set) in (?:your|their) ways\b|"
    r"\bwhy on earth\b|\bin this day and age\b[^.?!]*\?|"
    r"\bin (?:this|the (?:21st|twenty-first)) century\b[^.?!]*\?|"
    # mock pity: the worry's subjects pitied as frail ("the poor delicate dears"), or its
    # outcome waved off as unthinkable, with no "but if it does" to take it seriously
    r"\bpoor (?:\w+ )?(?:little|fragile|delicate|precious|sensitive|tender|wee|sweet|darlings?|"
    r"dears|lambs?|petals?|souls)\b|"
    # ... or the customer pitied as hard done by, to their face: "the poor struggling egg
    # seller", "you poor overworked thing"
    r"\b(?:the|you) poor (?:\w+ )?(?:struggling|overworked|hard-done-by|hard-pressed|put-upon|"
    r"downtrodden|penniless|starving|suffering)\b|"
    r"\b(?:heaven|god|lord|goodness)(?:'s sake)? forbid\b(?![^.?!]*\b(?:but|if|should|in case)\b)",
)
# Disbelief aimed at the customer: "Do you even …?", "a shop like yours even bother?"; see
# wonders() for when it is sympathy instead.
_DISBELIEF_RE = re.compile(
    r"\b(?:you|your|yours)\b[^.?!]*\beven\b(?! (?:if|though|more|less|better|when|after|"
    r"before|faster|further|so|with|in|on|at))[^.?!]*\?"
)
# Wondering how the customer copes ("When do you even get to them?"), not whether they
# know, care or think: a question of time or means.
_WONDER_START_RE = re.compile(
    r"^\W*(?:(?:and|so|but|honestly),?\s+)?(?:when|how)\s+(?:do|did|are|were|can|could|would|"
    r"will|have)\s+you\s+even\b"
)
_MIND_WORDS = frozenset(
    str.split(
        """
    know knew understand understood care cared bother bothered try tried think thought
    realise realize realised realized read listen listened clue idea notice noticed check
    checked own
    """
    )
)
_POSITIVE_OPENER_RE = re.compile(
    r"^(?:oh,? )?(?:great|fantastic|wonderful|awesome|lovely|nice|cool|perfect|excellent|"
    r"amazing|sweet)\b",
)
# How every match of _POSITIVE_OPENER_RE starts.
_POSITIVE_OPENERS = tuple(
    str.split(
        "oh great fantastic wonderful awesome lovely nice cool perfect excellent amazing sweet"
    )
)
_POSITIVE_SET = frozenset(_POSITIVE_OPENERS[1:]) | frozenset(
    str.split("brilliant super superb smashing marvellous marvelous splendid good")
)
# The news judged for what it is to the customer ("that's horrible", "what a blow", "that
# must hurt"), the speaker's feeling for them ("I'm gutted for you", not "I'm happy for
# you to send it"), or theirs named ("you must be over the moon"): feeling with them in
# words of its own.
_HURTFUL = (
    r"horrible|terrible|dreadful|heartbreaking|devastating|gutting|rotten|scary|frightening|"
    r"a (?:blow|nightmare|shock)"
)
_EMPATHY = _WordLexicon(
    r"\b(?:sorry|no wonder|ouch|oh no|yikes|ugh|congratulations|congrats|i get (?:it|that|why)|"
    r"i see why|i hear you|i understand|understandable|makes sense|fair(?: enough| point)?|"
    r"reasonable|real (?:concern|problem|worry|blow)|that'?s (?:rough|tough|hard|a lot|"
    rf"awful|frustrating|stressful|never fun|no fun|{_HURTFUL})|(?:sounds|must be|must have been) "
    rf"(?:rough|tough|hard|stressful|frustrating|exhausting|painful|a lot|{_HURTFUL})|"
    r"what an? (?:\w+ )?(?:blow|nightmare|shock|ordeal)|"
    r"how (?:awful|horrible|terrible|dreadful|heartbreaking|upsetting|frightening|scary)|"
    r"(?:that|it|this) must (?:hurt|sting|have hurt|have stung)|"
    r"(?:i'm|i am|we're|we are) (?:so |really |truly |just |very )?(?:gutted|sad|happy|"
    r"pleased|thrilled|delighted|chuffed) for (?:you|them|him|her|the \w+)(?! to\b)|"
    r"you must (?:be|feel|have been|have felt) (?:so |really |absolutely |very |just )?"
    r"(?:over the moon|proud|thrilled|delighted|relieved|excited|gutted|devastated|"
    r"heartbroken|shattered|exhausted|upset|shaken|worried sick|beside yourself|fed up)|"
    r"i(?:'d| would) (?:worry|be worried|have lost it|feel the same)|worry me too|"
    r"i can imagine|i remember how|of course|take your time|no problem|no need to apologi[sz]e)\b",
    words="sorry wonder ouch oh yikes ugh congratulations congrats get see hear understand "
    "understandable sense fair reasonable real rough tough hard lot awful frustrating stressful "
    "fun sounds must worry worried lost feel imagine remember course take problem need "
    "horrible terrible dreadful heartbreaking devastating gutting rotten scary frightening "
    "blow nightmare shock ordeal upsetting gutted sad happy pleased thrilled delighted chuffed",
)
_PITCH_START = _WordLexicon(
    r"^(?:\w+,?\s+)?(?:our|we(?:'ve)? (?:offer|have|do|sell|provide|carry|supply|make|are|"
    r"install|move|charge)|(?:it|this|that|they|we) also)\b",
    words="our we we've also",
)
# (a wh-word opening the sentence asks; it is no company describing itself: "How does a
# shop get onto the list?")
_COMPANY_START_RE = re.compile(
    r"^(?!(?:It|This|That|There|He|She|They|What|Which|Who|Whom|Whose|How|Why|When|Where)\b)"
    r"[A-Z]\w+ "
    r"(?:offers|provides|has|is|does|handles)\b"
)
_DISMISS = _WordLexicon(
    r"\b(?:that'?s (?:really )?rare|it'?s only|it'?s not that|not that (?:much|big|bad)|"
    r"never (?:goes|breaks|fails|happens)|ours (?:don'?t|doesn'?t|never|won'?t)|"
    r"you won'?t need|lots of people|"
    # the reported problem made small: a rarity ("that's very unusual"), or a third party
    # to blame ("must have been the courier"), instead of taking it up
    # or a saying that such things harm nobody: "a bit of damp never hurt anyone"
    r"never (?:\w+ )?(?:hurt|harmed|killed|did) (?:anyone|anybody|a soul|any harm)|"
    r"(?:nobody|no one|no-one) (?:\w+ )?(?:died|dies|drowned) (?:of|from)|"
    r"(?:that|it|this)(?:'s| is| was) (?:very |really |quite |extremely |so |most )?(?:rare|"
    r"unusual|a one-off|a fluke|unheard of)|first (?:i'?ve|we'?ve) (?:ever )?heard|"
    r"(?:must|'ll|will|would|might) (?:have )?(?:be|been) (?:the|an?|your|one of the) (?:\w+ )?"
    r"(?:firm|company|driver|courier|agency|carrier|haulier|haulage|post|postman|supplier|"
    r"contractor|subcontractor|warehouse|depot|temp|network)s?\b|"
    # people said to adjust of themselves: "people adapt fast", "staff pick it up in a day"
    r"(?:people|staff|everyone|everybody|folk|they) (?:adapt|learn|adjust|pick it up|"
    r"get used to it)"
    r"(?: \w+)? (?:fast|quickly|in no time|in a day|in minutes)|"
    # a concern answered with what everyone else does or likes
    r"(?:everybody|everyone|most (?:people|clients|customers)) (?:\w+ )?(?:pays|does|"
    r"switches|loves?|likes?|uses?|wants?|is|has|gets used)|"
    r"^(?:well,? )?that happens\W*$|software is software|you'?re (?:wrong|making)|"
    r"no,? this will only|"
    # the concern contradicted: heard before, a myth, a surprise in store for the customer
    r"(?:always|all) say that|(?:everyone|everybody) says that|(?:heard|hear) that (?:one )?before|"
    r"(?:a|an old|just a|that'?s a) myth|you'?d be surprised|"
    # the risk called unlikely and left there: "that's really very unlikely, mate" (not
    # "unlikely with crawl boards", which says why, nor "unlikely, but if it happens we …",
    # which goes on to meet it)
    r"(?:that|it|this)(?:'s| is| was| would be|'d be) (?:(?:very|really|quite|extremely|so|"
    r"most|highly|pretty|super) ){0,2}unlikely(?=\s*(?:[,.!;]|$|mate|honestly|really))"
    r"(?![^.?!]*\b(?:but|if|though|although)\b)|"
    # the concern's people predicted to change their minds: "they'll come round"
    r"(?:they|he|she|you|your \w+)(?:'ll| will) (?:soon |quickly |all |easily )?"
    r"(?:come (?:round|around)|get (?:used to|the hang of|over)|love|forget|warm (?:up|to)|"
    r"adapt|thank you|change (?:their|his|her|your) minds?|(?:never|not) (?:look back|notice))|"
    r"once (?:they|he|she|your \w+) (?:see|try|use|taste|get|hear)s?|"
    # conceded in name only: "I'm sure he's good, but ours …"
    r"i'?m sure [^.?!,]{0,30}\b(?:good|fine|great|decent|lovely|nice|ok|okay|alright)\b"
    r"[^.?!]*\bbut)\b",
    words="rare only not never ours need lots unusual off fluke unheard first be been adapt "
    "learn adjust pick get everybody everyone most happens software wrong making say before "
    "myth surprised come love forget warm thank change once sure died dies drowned unlikely",
)
_INVITE_RE = re.compile(
    r"\b(?:what do you think|how does that sound|how do you feel|any (?:concerns|questions|"
    r"worries|hesitations)|anything (?:that )?(?:worries|concerns|would stop)|what would stop|"
    r"what(?:'s| is| would be) (?:holding|stopping)|does that (?:make sense|sound)|"
    r"what questions)\b",
)
# The customer.
_STOP = _WordLexicon(
    r"\b(?:take me off|remove my|remove (?:this|the|our) (?:phone )?(?:number|name|details)|"
    r"remove (?:me|us) from|stop calling|do not call|don'?t call|hanging up|hang up|"
    r"i can'?t talk|(?:good)?bye|i have to go|leave me alone|"
    # ... or wants the caller gone, whatever agreement the line is worded in: sent off at the
    # head of a clause ("just get off my phone", "now go away"), or the yes named the price of
    # being rid of them ("anything to get you off the line", "if it ends this call")
    r"(?:(?<![\w']\s)|(?<=just\s)|(?<=now\s)|(?<=please\s))(?:get off (?:my|the) (?:phone|line)|"
    r"go away|clear off|buzz off|push off|sod off|bugger off|piss off|get lost)|"
    r"stop (?:ringing|phoning|bothering|pestering|hassling|bugging|harassing)|"
    r"get(?:s|ting)? you off (?:my|the) (?:phone|line|back|case)|"
    r"(?:get(?:s|ting)?|be|got) rid of you|shuts? you up|end(?:s|ing)? (?:this|the) (?:call|"
    r"conversation)|"
    # ("Up a ladder, can't talk": the subject left out, the clause its own)
    r"(?<!\w )(?:can'?t|cannot) talk(?! long| for long| about)|"
    r"no more calls|(?:don'?t|do not) want (?:any )?(?:more )?calls|"
    # the call is not for them: whatever follows is pitched at the wrong person
    r"wrong (?:number|person|people|company|business|guy|man|woman|place|line|department)|"
    r"(?:i'?m|i am) (?:putting|going to put) (?:the|this) (?:phone|receiver) down|"
    r"(?:we'?re|we are|i'?m|i am) done here|"
    r"(?:no one|nobody) (?:here )?(?:by|called|named|with) that|"
    r"(?:doesn'?t|does not|don'?t|do not) (?:work|live) here|please stop|stop (?:talking|"
    r"pitching)|"
    # ... or no business at all: a private line, a retired person, nothing to sell to
    r"private (?:house|home|number|line|phone|residence|address|mobile|flat|apartment)|"
    r"(?:this|it)(?:'s| is) (?:a |my |our )?(?:home|house|personal|residential) "
    r"(?:phone|number|line|address)|"
    r"(?:i'?m|i am|i'?ve been|i have been|we'?re|we are) (?:\w+ )?retired|i retired|pensioner|"
    r"no (?:business|company|firm) (?:here|at this)|"
    r"(?:i|we) (?:don'?t|do not|never) (?:run|own|ran|owned) (?:a |any )?(?:business|company|"
    r"firm|anything)|"
    r"you(?:'ve| have)? (?:got|dialled|dialed|rung|called|reached|phoned) (?:the |a )?wrong|"
    r"misdial(?:l?ed|l?ing)?|"
    r"you (?:want|need|mean|are after|'re after) (?:somebody|someone) else)\b",
    words="take remove stop call calls hanging hang talk bye goodbye go leave wrong one nobody "
    "off away lost rid shut shuts conversation "
    "work live please private home house personal residential retired pensioner no run own "
    "ran owned misdial misdialled misdialed misdialling misdialing want need mean after "
    "putting put done",
)
# The call is for another party: who the customer is set against whom the trainee thinks
# ("This is a bakery, not a garage", "We're not the council, we're a school"), the
# trainee sent to the one they want ("You're after the garage next door"), or the one they
# want gone ("That's the old company"). Read in the customer's first lines only, where a
# "we're a small shop, not a chain" would otherwise be a concern later on.
_ELSEWHERE = _WordLexicon(
    r"\b(?:this|we|i|you've (?:got|reached|rung|called))(?:'s|'re|'m| is| are| am)? "
    r"(?:just |only )?(?:a|an|the) [a-z' -]{1,30}?,? (?:and )?not (?:a|an|the|any) \w+|"
    r"\b(?:this|it|we|i)(?: isn't| aren't|'s not|'re not|'m not| is not| are not| am not) "
    r"(?:a|an|the|any) [a-z' -]{1,30}?[,;.!-]+\s*(?:we|it|this|i)(?:'re|'s|'m| are| is| am) "
    r"(?:just |only )?(?:a|an|the) \w+|"
    r"\byou(?:'re| are)? (?:probably |must |might )?(?:be )?(?:after|looking for|thinking of|"
    r"wanting|want|need|mean) (?:the|a|an|our|my) [a-z' -]{0,30}?\b(?:next door|upstairs|"
    r"downstairs|across the (?:road|street|way|hall)|(?:up|down|over) the (?:road|street)|"
    r"round the corner|other \w+|head office|previous|old)\b[^?]*$|"
    r"\b(?:must|probably) mean (?:the|a|an) [^?]*$|"
    r"\bnot us\b[^.?!]*\b(?:that'?s|try|you want|it'?s) (?:the|a) |"
    r"\b(?:that'?s|that was|they were|those were|you want) the (?:previous|old|last|former) "
    r"(?:owners?|tenants?|occupants?|company|business|firm|people|lot)\b|"
    r"\b(?:previous|old|last|former) (?:owners?|tenants?|occupants?)\b[^.?!]{0,30}\b(?:moved|"
    r"sold|left|gone|retired)",
    words="not isn't aren't after looking thinking wanting want need mean us previous old last "
    "former",
)


# The customer says, unasked, that they are not the one the call is for: someone standing
# in ("I only mind the till here", "I'm just the cleaner"), a relative answering ("This is
# her daughter"), the one in charge away ("The owner's abroad till Friday", "Dad isn't
# home"), or no power to decide ("I can't sign for anything"). Roles, kin and absence are
# classes of words; what they share is the speaker setting themselves apart from the one
# who decides.
_KIN = (
    r"(?:son|daughter|kid|child|boy|girl|wife|husband|partner|mum|mom|mother|dad|father|"
    r"brother|sister|nephew|niece|grandson|granddaughter|grandma|grandpa|aunt|uncle|cousin)"
)
_IN_CHARGE = (
    r"(?:owner|owners|boss|manager|director|proprietor|landlord|landlady|gaffer|"
    rf"head|principal|{_KIN})"
)
_NOT_THE_ONE = _WordLexicon(
    r"\b(?:i'?m|i am) (?:just|only|merely) (?:the|a|an|his|her|their|the owner's)"
    r" (?P<role>\w+)|"
    # ... or gone for good: the one asked for has died, left or moved ("the person you're
    # asking for died in March", "He passed away last year", "the man you want moved out"),
    # or a child answers for a parent by name ("Mummy's not here")
    r"\b(?:the (?:person|man|woman|lady|gentleman|one|people|owners?)|whoever|who) you(?:'re|"
    r" are)? (?:asking|looking|calling|ringing|phoning|after|want|wanted|mean|need)\b"
    r"[^.?!]{0,25}?\b(?:died|dead|passed (?:away|on)|left|moved|retired|gone|no longer)\b|"
    r"(?:^|[.!?]\s*)(?:he|she)(?:'s| is| has)? (?:died|dead|passed (?:away|on))\b|"
    r"\b(?:mummy|mommy|daddy)(?:'s| is)? (?:not |n't )?(?:here|home|in|out|away|at work|busy)\b|"
    rf"\b(?:this is|i'?m|i am|it'?s) (?:his|her|their|the owner's|the boss's) {_KIN}\b|"
    r"\bi(?:'?m| am)? (?:just|only) (?:mind|minding|look(?:ing)? after|watch(?:ing)?|"
    r"cover(?:ing)?|answer(?:ing)?|sell(?:ing)?|serv(?:e|ing)|help(?:ing)? out|work) |"
    rf"\b(?:the|my|our) {_IN_CHARGE}(?:'s| is|'re| are)? (?:not |n't )?(?:away|out|off|"
    r"abroad|travelling|traveling|on holiday|on leave|not in|not here|not home|not around|"
    r"not available|isn't in|isn't here|isn't home|isn't around|isn't available)\b|"
    r"\b(?:i|i'm|i am) (?:can't|cannot|not able to|not allowed to|don't get to) (?:decide|sign|"
    r"buy|order|agree to|make decisions|approve)(?: \w+)?\b",
    words="just only merely this his her their owner's boss's mind minding look looking "
    "died dead passed left moved retired gone longer mummy mommy daddy "
    "watch watching owner owners boss manager director proprietor landlord landlady gaffer "
    "head principal son daughter kid child boy girl wife husband partner mum mom mother dad "
    "father brother sister nephew niece grandson granddaughter grandma grandpa aunt uncle "
    "cousin can't cannot able allowed get",
)


def not_the_one(u: Utterance) -> bool:
    """Customer line ``u`` says, unasked, that the speaker is not the one the call is for
    (see :data:`_NOT_THE_ONE`), and nothing after it in the line takes that back ("…, but
    I do the ordering"): the call is for another party."""
    m = _NOT_THE_ONE.search_in(u)
    if m is None or _CONTRAST_RE.search(u.lower, m.end()) is not None:
        return False
    if (role := m.group("role")) is not None and (
        role in _SCALE or role in _DEGREE or role in _DECIDERS
    ):
        # their size or a degree, "I'm only a small shop", "just a bit busy", or the one in
        # charge said modestly, "I'm only the owner"
        return False
    return _OWN_SAY.search(u.lower) is None


_DEGREE = frozenset(str.split("bit tad lot few couple little"))
_DECIDERS = frozenset(
    str.split("owner boss manager director proprietor buyer founder partner head principal")
)
# ... though the one who answers may be the one to talk to after all: "so I do the ordering"
_OWN_SAY = re.compile(
    r"\b(?:i|i'm|i am)(?: now| also)? (?:handle|handling|deal|dealing|decide|deciding|do the|"
    r"sort|sorting|take care|taking care|run|running|manage|managing|look after the (?:orders|"
    r"buying|accounts|bills|money))\b"
)


def elsewhere(u: Utterance) -> bool:
    """The customer says the call is for another party (see :data:`_ELSEWHERE`). Not when
    what they set against the trainee's picture is their size ("we're a small shop, not a
    chain") or a worry or cost ("it's the cost, not the kit"): that is a limit, a concern."""
    m = _ELSEWHERE.search_in(u)
    if m is None or not _SCALE.isdisjoint(_words(m.group())):
        return False
    return _CONCERN_WORDS.isdisjoint(u.tokens) or _CONCERN_RE.search(u.lower) is None


# The trainee asks whom they have reached: "Is this the office manager?", "Am I through
# to the owner?", "Are you the buyer?"
_WHO_ASKED_RE = re.compile(
    r"\b(?:is (?:this|that|it)|am i (?:\w+ )?(?:speaking|talking|through) (?:to|with)|"
    r"are you) (?:the|a|an|mr|mrs|ms|miss)\b"
)
# ... and the customer says no, and that they are someone lesser or not the one: "No,
# I'm just the courier.", "Nope, I'm not the buyer." (a "No, I'm the manager" may be the
# one to talk to)
_NOT_THEM_RE = re.compile(
    r"^\W*(?:no|nope|nah)\b[^.?!]*?[,.;!]\s*(?:i'?m|i am|this is|it'?s|we'?re|we are) "
    r"(?:(?:just|only|simply) (?:the|a|an|his|her|their)|not (?:the|a|an|your|any)) \w+"
)


def _someone_else(u: Utterance, kept: Sequence[Utterance]) -> bool:
    """Customer line ``u`` answers the trainee's question about whom they reached with a
    no and who the customer is instead: the call is for another party."""
    if _NOT_THEM_RE.match(u.lower) is None:
        return False
    asked = next((x for x in reversed(kept[:-1]) if x.speaker == "trainee"), None)
    return asked is not None and any(
        x.is_question and _WHO_ASKED_RE.search(x.lower) for x in asked.sentences
    )


_SCALE = frozenset(
    str.split(
        """
    small big large tiny little huge family local independent chain busy new young size
    one-man corner
    """
    )
)


# (asking which firm the caller is with, "who are you with?", is no annoyance)
_ANNOYED = _WordLexicon(
    r"\b(?:excuse me|who is this|who are you(?! with| from)|don'?t have time for|no time for|"
    r"i (?:just )?(?:said|told you)|like i said|are you listening|not (?:a )?productive|"
    r"not interested|what does that have to do|why are you asking|going nowhere|"
    r"waste of (?:my |our )?time)\b|"
    # taken aback: "Sorry?", "Pardon?" as the whole first sentence
    r"^\W*(?:sorry|pardon|what|huh) ?\?",
    words="excuse who time said told listening productive interested what asking nowhere "
    "waste sorry pardon huh",
)
# Not heard: the customer says their question went unanswered, presses it again ("…, or
# not?"), or says they will take their business elsewhere.
_UNHEARD = _WordLexicon(
    r"\b(?:you(?:'re|'ve| are| have)?\s+(?:still\s+)?(?:not|never|haven'?t|have not|didn'?t|"
    r"did not|aren'?t|are not)\s+(?:\w+\s+)?answer(?:ed|ing)?|"
    r"(?:haven'?t|didn'?t|not) (?:been )?answered (?:me|my question|the question)|"
    r"not what i (?:asked|said)|"
    r"i (?:just |already )?asked (?:you )?(?:if|whether|a question|twice)|"
    r"(?:are|will) you (?:going to |ever )?answer|"
    # whether they were heard at all: "were you even listening?", "did that register?"
    r"(?:are|were) you (?:even |actually |really |still )?listening|"
    # (also asked in the negative, "did you not hear me say …?", "haven't you heard a word?")
    r"(?:did|didn'?t|have|haven'?t) you (?:not |even |actually |really )?(?:hear|heard|catch|"
    r"caught|get|listen to|listened to|take in) (?:me|that|what i|"
    r"a (?:single )?word|any of)|"
    r"(?:did|has|have) (?:any of )?(?:that|it|what i (?:just )?said|anything i said)"
    r"(?: \w+){0,3}? (?:register|registered|sink in|sunk in|go in|gone in|get through|"
    r"got through)|"
    r"(?:^|[.!?,]\s*)forget it(?=\s*(?:[.!,]|$))|"
    r"(?:i'?ll|i will|we'?ll|we will|i'?m going to|we'?re going to)\s+(?:just\s+)?(?:go|take|get|"
    r"ring|call|try|order|buy|look|ask|use)\b[^.?!]{0,30}\b(?:elsewhere|somewhere else|"
    r"someone else|somebody else|another (?:\w+ )?(?:supplier|company|firm|provider|shop|place|"
    r"vendor)))\b",
    words="answer answered answering asked said forget elsewhere else another listening hear "
    "heard catch caught get listen listened take register registered sink sunk go "
    "gone through",
)
# What was said, judged to miss the customer's matter: "it doesn't fix my problem", "that
# isn't my question", "that doesn't help".
_ANSWER_NEGATED = (
    r"(?:that|it|which|this) (?:doesn't|does not|don't|do not|didn't|did not|won't|will not|"
    r"wouldn't|would not) (?:really |actually |even |exactly )?"
)
_MISSES_POINT = _WordLexicon(
    rf"\b(?:{_ANSWER_NEGATED}(?:fix|solve|help|answer|address|change|touch|sort|cover)\s+"
    r"(?:(?:me|us|my|our|the|that|this)\b\s*)?(?:problem|question|worry|issue|point|anything|"
    r"me|us)\b|"
    rf"{_ANSWER_NEGATED}help\s*(?:[.!;]|$)|"
    r"(?:that|it)(?:'s not| is not| isn't) (?:my|our|the) (?:question|point)\b)",
    words="not doesn't don't didn't won't wouldn't isn't",
)
# Taken as an insult: whatever the trainee said before it, it came across as rude.
_OFFENDED = _WordLexicon(
    r"\b(?:uncalled for|no need for (?:that|this)|(?:that'?s|that was|you'?re being|how|so|bit|"
    r"very|quite) rude|rude of you|(?:a bit|bit|rather|very|too|quite) personal|"
    r"(?:none|any) of your business|how dare|(?:your|that) tone|offensive|"
    r"what'?s that supposed to mean|what do you mean by that|not that you care|"
    r"(?:this is|it'?s|getting|being) (?:a bit )?unpleasant|beg your pardon|"
    # a dry retort: the remark taken for what it was
    r"(?:^|[.!?]\s*)(?:oh,? |well,? )?(?:how )?charming|no need to be sarcastic)\b",
    words="uncalled need rude personal business dare tone offensive supposed mean care unpleasant "
    "beg charming sarcastic",
)
# A worry waved away in a stock phrase ("No worries then.", "Ah, no worry at all"): the
# worry word names none, unless it goes on to say what there is no worry about.
_NO_WORRIES = re.compile(r"\bno worr(?:y|ies)\b(?! (?:about|over|with|for)\b)")
# ... or in a verdict with no verb, a trouble denied as a sentence of its own ("No
# complaints there.", "Okay, no issue then."): the customer finds nothing wrong; "we've had
# no complaints about the old firm" tells of someone else.
_NO_TROUBLE = Lexicon(
    r"(?:^|(?<=[.!?] ))\W*(?:(?:well|oh|okay|ok|right|fine|fair enough|then)\W+)*no (?:complaints?|"
    r"issues?|objections?|qualms|quibbles?|arguments?)(?: (?:there|here|from me|then|at all|"
    r"with (?:that|it|this)))*(?=\s*(?:[.!]|$))",
    *("no complaint", "no issue", "no objection", "no qualm", "no quibble", "no argument"),
)
_CONCERN_RE = re.compile(
    r"\b(?:worr(?:y|ied|ies)|concern(?:s|ed)?|scar(?:es|ed|y)|afraid|nervous|risk(?:y)?|"
    r"hesitant|unsure|doubt|skeptical|wary|expensive|pricey|costs?|price|budget|afford|"
    # fear said by its degree or its kind: "I'm terrified it'll hurt", "a bit anxious"
    r"terrified|frightened|petrified|dread(?:ing)?|anxious|uneasy|apprehensive|"
    r"hassle|disruption|complain\w*|disloyal|uncomfortable|hates?|complicated|never again|"
    r"too (?:much|expensive|long|busy|high|risky|late|soon|early|big|small|complicated)|"
    r"way (?:higher|more|too)|locked (?:in|into)|lose control|a lot of work|huge amount|"
    # a cost set against what they pay or have now
    r"(?:more|higher|pricier|dearer|steeper|double) than (?:we|i|what|our|my|the)\b|"
    r"(?:twice|double|triple|three times) (?:what|as much as|the price|our|my)\b|"
    # a cost set against what they set aside for it: "way over what we budgeted"
    r"(?:over|above|beyond|more than) (?:what )?(?:we|i)(?:'d| had| have)? budgeted)\b|"
    r"\b(?:i|we)(?:'m|'re| am| are)?\s*(?:not|n't|do not|don't|can't|cannot|won't|"
    r"wouldn't)\s+(?:\w+\s+)?(?:want|need|sure|switch\w*|interested|able|ready|afford|"
    r"justify|close|have (?:the )?(?:time|budget|money)|see (?:the )?(?:point|value|need))\b",
)
# A risk put as a question: what becomes of the customer if the offer fails them ("What
# if it breaks down over a weekend?", "What happens if your man doesn't turn up?", "And if
# it all goes wrong?", "Suppose it doesn't take, what then?"). The condition must name a
# failure or a loss: "What if we want a second site later?" asks about the offer.
_RISK_IF = _WordLexicon(
    r"^\W*(?:(?:and|but|so|well|ok|okay|right|look|i mean)\W+)?(?:what (?:if|happens (?:to (?:\w+ )"
    r"{0,2}\w+ )?(?:if|when)|do (?:we|i) do if|then if|about if)|and if|but if|suppose|"
    r"supposing|say)\b(?P<cond>.*)",
    words="if when suppose supposing say",
)
_FAILS = _WordLexicon(
    r"\b(?:break(?:s|ing)? down|broke down|breaks?|broken|go(?:es)? (?:wrong|bust|under|down|off|"
    r"pear-shaped|belly up|south|missing|out of business)|(?:packs?|conks?) (?:up|out|in)|"
    r"pack in|gives? up|fails?|failing|crash(?:es)?|stops? (?:working|coming)|falls? "
    r"(?:apart|through|over|off)|leaks?|floods?|cracks?|(?:doesn't|does not|don't|do not|"
    r"won't|will not|can't|cannot|isn't|aren't|didn't) (?:\w+ )?(?:work|take|(?:turn|show|"
    r"rock|roll) up|show|arrive|come|deliver|fix|help|start|sell|pay off|last|cope|get here|"
    r"turn out|work out)|(?:we|i)(?:'re| are|'m| am|'d be| would be)? (?:\w+ )?(?:stuck|left "
    r"with|left without|out of pocket|without)|(?:lose|losing|lost) (?:the|our|my|a|all|money|"
    r"customers|stock|trade|business)|wrong|late|mess|problem|problems|disaster|nightmare|"
    # harm done to what is theirs: "what if your servers get hacked?"
    r"(?:get|gets|got|is|are|was|were) (?:hacked|stolen|damaged|breached|ruined|scratched|"
    r"wiped))\b",
    words="break breaks breaking broke broken go goes pack packs conk conks give gives fail "
    "fails failing crash crashes stop stops fall falls leak leaks flood floods crack cracks "
    "doesn't don't won't can't cannot isn't aren't didn't not stuck left out without lose "
    "losing lost wrong late mess problem problems disaster nightmare hacked stolen damaged "
    "breached ruined scratched wiped",
)
_RISK_WORDS = _RISK_IF.words


def risk_asked(s: Sentence) -> bool:
    """Customer question ``s`` asks what becomes of them if the offer fails them: an
    objection put as a question, not a question about the offer."""
    if _RISK_WORDS.isdisjoint(s.tokens):
        return False
    m = _RISK_IF.search_in(s)
    return m is not None and _FAILS.search(m.group("cond")) is not None


# What taking the offer would cost the customer in work or trade, said of the offer: it
# would mean shutting, retraining or losing ("it'd mean taking the van off the road for a
# week"), or it would finish them ("closing for two days would kill us"); not what they
# would kill for, nor "it would mean a lot" ...
_WOULD_COST = _PairedLexicon(
    r"\b(?:(?:would|'d|will|'ll|going to|gonna)(?: (?:\w+ )?(?:mean|involve|entail|need|require|"
    r"take)(?: (?:us|me|them|the \w+|my \w+|our \w+))?| also| just| only)? (?:closing|shutting|"
    r"stopping|losing|retraining|re-training|training|taking \w+ (?:\w+ )?(?:off|out|away|"
    r"down)|digging|ripping|clearing|emptying|turning (?:\w+ )?away|redoing|rewiring|giving "
    r"up|cancelling|pulling \w+ (?:off|out))|"
    r"(?:would|'d|will|'ll|could|going to|gonna) (?:\w+ )?(?:kill|ruin|cripple|finish|sink|"
    r"wreck|hammer|murder|bankrupt|bury) (?:us|me|our|my|the|them|trade|business)|"
    # or the time it would eat: "training everyone will take months", "it'd take us ages"
    r"(?:would|'d|will|'ll|going to|gonna) take (?:(?:us|me|them|(?:the|my|our) \w+) )?"
    r"(?:months|weeks|ages|forever|years)(?! (?:to (?:arrive|come|get here|deliver)|off)\b))\b",
    words="would d will ll going gonna could",
    also="closing shutting stopping losing retraining re training taking digging ripping "
    "clearing emptying turning redoing rewiring giving cancelling pulling kill ruin cripple "
    "finish sink wreck hammer murder bankrupt bury take",
)
# ... or the upheaval, the time nobody has, the work they are stretched by as it is: said
# of the offer, a reason against it; said of their days, their trouble ("a right faff",
# "nobody here has time to learn it", "run off our feet as it is"). Not upheaval denied
# ("no faff", "without the palaver").
_BURDEN = _WordLexicon(
    r"\b(?:(?<!no )(?<!without )(?<!without the )(?<!not much )(?<!little )(?<!minimal )"
    r"(?<!zero )(?<!without any )(?<!no real )(?<!less )(?:upheaval|faff|palaver|rigmarole|"
    r"kerfuffle|downtime|learning curve)|"
    r"(?:nobody|none of (?:us|them))(?: here)?(?:'s got| has| has got| have) (?:the |any )?"
    r"time (?:to|for)|"
    r"enough on (?:our|my|their|his|her) plates?|(?:stretched|flat out|snowed under|(?:run|"
    r"rushed) off (?:our|my|their|his|her) feet|up to (?:our|my|their) eyes) as it is|"
    r"(?:already|too) stretched)\b",
    words="upheaval faff palaver rigmarole kerfuffle downtime curve nobody none plate plates "
    "stretched flat snowed feet eyes",
)


def burdens(clause: str, words: Collection[str], said: Said | None = None) -> int:
    """What ``clause`` tells the offer would cost the customer in work, time or trade: 2
    where it says so of the offer (:data:`_WOULD_COST`), 1 where it may be their days
    told (:data:`_BURDEN`), else 0. A reason not to go ahead, though no refusal."""
    if _WOULD_COST.search_words(clause, words, said) is not None:
        return 2
    return int(_BURDEN.search_words(clause, words, said) is not None)


# How long or how much the offer would bind them to, held against it: "twelve months is a
# long time to commit to", "that's a big commitment for a little shop", "we'd be tied in
# for two years" (not commitment denied: "no big commitment", "not a long time").
_BINDS = _WordLexicon(
    r"\b(?:(?<!no )(?<!not )(?<!not a )(?:(?:long|big|huge|serious) )(?:time|while|stretch) to "
    r"(?:commit|sign|be (?:tied|locked|stuck|bound))|"
    r"(?:that's|it's|that is|it is|that'd be|it'd be|that would be|it would be) (?:a |quite a |a "
    r"bit of a |a real |some |too (?:much|big) of a )(?:(?:big|huge|long|serious|real) )?"
    r"commitment\b(?! to (?:you|quality|service))|"
    r"(?:tied|locked|stuck|bound) (?:in|into|down|with (?:you|them|it))(?: (?:for|to))? (?:a "
    r"|the )?(?:\w+[ -])?(?:years?|months?|year-long|contract))\b",
    words="commit sign tied locked stuck bound commitment",
)


def binds(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """In ``clause`` the customer holds against the offer how long or how much it would
    bind them to."""
    return _BINDS.search_words(clause, words, said) is not None


# The offer's cost judged too big for the customer, with no word of worry: a word of size
# or degree said of the price — by its name ("the fee you quoted is very high", "your
# rates are steep for a charity") or as "that"/"it", what was just put to them ("that's
# very high for us", "it's a lot of money for a small shop", "that's on the dear side",
# "it's not cheap, is it?") — or the ask itself ("that's a big ask"). The judgement ends
# the clause or goes on to whom it is too big for: "it's a lot of money we'd save", "that's
# high quality", "it's very high in here" judge nothing of theirs; nor do praise or
# their own figures ("quality's very high", "our footfall's very high", "we turn over a
# lot of money").
_SIZE_DEGREE = (
    r"(?:(?:very|really|quite|rather|awfully|awful|extremely|terribly|pretty|fairly|so|just|"
    r"far|way|well|too|mighty|proper|dead|real|super|still|all|kinda|kind of|sort of|ever so|"
    r"a (?:wee |little )?bit|bit|a tad|a touch|a little) )*"
)
_MONEY = r"(?:money|cash|dosh|dough|brass|wonga|moolah|bucks|quid|pounds|dollars|euros|rupees|rand)"
_SIZE = (
    rf"(?:{_SIZE_DEGREE}(?:high|steep|stiff|hefty|costly|eye-?watering|dear(?! to))|"
    r"(?:a (?:wee |little )?bit|bit|a tad|rather|far|way|too) much|"
    # a bare "that's a lot" may marvel at a number, and "a lot for the lads" may be work;
    # "a lot for us", "a lot to pay" weigh the price against the customer
    rf"(?:quite |an awful |such )?a lot(?: of {_MONEY}|(?= for (?:us|me)\b)|(?= to (?:pay|spend)))|"
    rf"(?:lots|loads) of {_MONEY}|"
    rf"(?:serious|big|real) {_MONEY}|a (?:fair|good|tidy|pretty)(?: old)? (?:whack|bit|sum|"
    r"penny)(?: of money)?|a (?:high|steep|stiff|hefty) (?:figure|number|fee|quote|sum|rate|"
    r"charge|bill)|on the (?:dear|steep|high|pricey|expensive) side|(?:out of|beyond) (?:our|"
    r"my) (?:league|range|price range|reach|budget|means))"
)
_PRICED_BY = (
    r"(?:(?:the|your|that|this|those|these)(?: (?:monthly|weekly|yearly|annual|hourly|daily|"
    r"set-?up|installation|joining|up-?front|call-?out|service|total|final|whole|asking))? "
    r"(?:fees?|prices?|quotes?|rates|charges?|figure|costs?|bill|subscription|premium|deposit|"
    r"sum|amount)(?: (?:you|you've|they) (?:quoted|mentioned|said|gave|named|sent)(?: us| me)?)?|"
    r"(?:a|per) (?:month|week|year)|that|it|this)"
)
_PRICED_HIGH = _WordLexicon(
    rf"(?:\b{_PRICED_BY}(?:'s|'re|'d be|'ll be| is| are| was| were| would be| will be| seems?"
    rf"(?: like)?| looks?(?: like)?| sounds?(?: like)?| feels?(?: like)?)|(?:^|[,;:] )\W*(?:(?:oh|"
    r"ooh|well|hmm|gosh|crikey|blimey|wow|och|ah|sure|honestly)\W+)?(?:seems?|sounds?|looks?|"
    rf"feels?)(?: like)?) (?:{_SIZE}(?=\s*"
    r"(?:[^\w\s']|$)|\s+(?:for|to (?:pay|spend|find|fork|shell|lay|put|justify)|i'm afraid|"
    r"mate|pal|like|so it is|really|honestly|in fairness|to be (?:fair|honest))\b)|"
    r"(?:not|hardly|far from|no way) (?:exactly |that |very |so |too |really |all that )?cheap\b)|"
    rf"\b{_PRICED_BY} (?:isn't|wasn't|won't be|ain't) (?:exactly |that |very |so |too |really |"
    r"all that )?cheap\b|"
    r"\b(?<!not )(?<!isn't )(?<!wasn't )(?<!hardly )a (?:big|huge|tall|massive|hell of an?) ask\b",
    words="high steep stiff hefty costly eye watering eyewatering dear much lot lots loads money "
    "cash dosh dough brass wonga moolah bucks quid pounds dollars euros rupees rand whack bit sum "
    "penny side league range reach budget means cheap ask",
)
# a tag closing a statement: "it's not cheap, is it?" says it is dear, and asks nothing
_TAG_RE = re.compile(
    r",\s*(?:is|isn't|was|wasn't|are|aren't|does|doesn't)\s+(?:it|that|they)\s*\?$"
)


# Someone else's price set below the offer's: "another firm quoted us a grand less", "the
# other lot said they'd do it cheaper", "someone will do it for half that".
_UNDERCUT = _WordLexicon(
    r"\b(?:quot(?:ed|es?|ing)|charg(?:ed|es?|ing)|offer(?:ed|s|ing)?|(?:do(?:es|ing)?|did) "
    r"(?:it|them|the job|the lot|the work))(?: (?:us|me|it|them))?(?: (?:for|at))?"
    r"(?: [\w\u00a3$\u20ac.,'-]+){0,3}? (?:less|cheaper|lower)\b|"
    r"\bfor (?:half|less than|a lot less than|way less than) (?:that|the price|what you|yours|"
    r"your)\b|\bcheaper than (?:you|yours|that|your)\b|\bundercut(?:s|ting)?\b",
    words="less cheaper lower half undercut undercuts undercutting",
)


def prices_high(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """In ``clause`` the customer judges the offer's cost too big for them: a word of size
    said of its price or of "that", what was put to them (:data:`_PRICED_HIGH`), or
    someone else's price set below it (:data:`_UNDERCUT`)."""
    return (
        _PRICED_HIGH.search_words(clause, words, said) is not None
        or _UNDERCUT.search_words(clause, words, said) is not None
    )


def tagged_high(s: Sentence) -> bool:
    """Customer question ``s`` is a statement with a tag ("It's not cheap, is it?") that
    judges the offer's cost too big for them."""
    return _TAG_RE.search(s.lower) is not None and prices_high(s.lower, s.tokens, s)


_CONTRAST_RE = re.compile(r"\b(?:but|though|however|although)\b")
_CLAUSE_SPLIT = Lexicon(
    r"\b(?:but|however|although|though|except)\b|^\W*(?:still|even so|yet)\b(?=,)",
    *("but", "however", "though", "except", "still", "even so", "yet"),
)
#: one of which every match of _CLAUSE_SPLIT holds as a whole word
_CLAUSE_WORDS = frozenset(str.split("but however although though except still even yet"))


def _clauses(s: Sentence) -> list[str]:
    """``_CLAUSE_SPLIT.split(s.lower)``: for a sentence, whose words are at hand, a set
    lookup rules out the split words for less than scanning for them."""
    if _CLAUSE_WORDS.isdisjoint(s.tokens) and (
        "'" not in s.lower or _CLAUSE_WORDS.isdisjoint(_apart_of(s))
    ):
        return [s.lower]
    return _CLAUSE_SPLIT.split(s.lower)


_ACCEPT_RE = re.compile(
    r"\b(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|fine|works|suits|suit (?:me|us)|"
    r"great|good|perfect|"
    r"deal|lovely|let's|sounds|happy to|we'll be there|see you|come by|i can|we can|"
    r"i'll|we'll|that helps|helpful|reassuring|fair|better|makes sense|could live with|"
    r"doable|easier|safety net|a lot less|i like|definitely|absolutely|of course|"
    r"count me in|why not|that's different|no problem|no worries|not bad|not crazy|"
    # ("grand" alone is also a thousand: "ten grand")
    r"(?:that's|that is|it's|all) grand|"
    r"go (?:on|for it|ahead)|you'?re on|"
    r"(?:should|would|will|could|might) (?:work|do|suit)|(?:that|it) would (?:help|solve))\b",
)
# Agreement said as an order for the step ("book me in", "pencil us in", "put me down",
# "sign us up") or as the offer found enough ("that'll do", "it'd do"); not "put me down
# as a maybe", "that'll do nothing for the damp".
_BOOKS_IT = _WordLexicon(
    r"\b(?:(?:book|pencil) (?:me|us|him|her|them|it|that) in|"
    r"(?:pop|stick|slot|fit|squeeze) (?:me|us) in|"
    r"(?:put|pop|stick|write|mark|jot) (?:me|us|my name|our names?) down(?! as\b)|"
    r"sign (?:me|us) up|"
    r"(?:that|it|this)(?:'ll|'d) do\b(?! (?:\w+ )?(?:nothing|no|little|harm|damage)\b))",
    # ("ll", "d": what is left of "that'll" glued to a word before it, "o'that'll")
    words="book pencil pop stick slot fit squeeze put write mark jot sign that'll it'll this'll "
    "that'd it'd this'd ll d",
)
# ("pass" with an object before "on", "I can pass that on to him", or before "to" and whom
# it goes to, "I'll pass it to the owner", hands it over)
_REFUSE_RE = re.compile(
    r"\b(?:no|not|nope|never|neither|nor|pass(?! (?:\w+ ){1,3}?(?:on|along|over|to (?:my|our|"
    r"the|his|her|him|them|whoever|someone|somebody))\b)|"
    r"rather not|doubt|n't|cannot|skip|hold off|"
    r"maybe (?:next|later|"
    r"some)|let me think|think about it|get back to you|talk to my|no thanks|goodbye|bye)\b|"
    r"n't\b",
)
# Talk of the step put off to a far or open time ("so let's speak again once the rains
# are over, next year perhaps"), in a sentence that agrees to no time of its own.
_FAR_PUT_OFF_RE = (
    r"(?:^|(?<=[.!?]\s))(?![^.?!]*\b(?:yes|yeah|yep|sure|works|suits|fine|perfect|great|"
    r"lovely|good|see you)\b)[^.?!]*?\b(?:speak|talk|chat|call|ring|phone|come back|get back|"
    r"leave (?:it|this|that)|wait|revisit|try again|do (?:it|this|that))\b[^.?!]*?"
    r"\b(?:next (?:year|season|spring|summer|autumn|winter)|in the new year|"
    r"(?:once|when|after|till|until) (?:the |this |our |my )?\w+(?: \w+)?(?:'s|'re| is| are)? "
    r"(?:all )?(?:over|past|behind us))\b"
)
# (gated by its verbs, most of them polar words already: "over" or "year" would let many
# more clauses into the polarity reading)
_FAR_PUT_OFF = _WordLexicon(
    _FAR_PUT_OFF_RE,
    words="speak talk chat call ring phone come get leave wait revisit try do",
)


def _declines(text: str, words: Collection[str], said: Said | None = None) -> bool:
    """``text`` (words ``words``; the line or sentence ``said``, if given) decides against
    or puts the step off, far or near."""
    return (
        _DECLINE.search_words(text, words, said) is not None
        or _FAR_PUT_OFF.search_words(text, words, said) is not None
    )


# A decision against, worded without a negation ("we'll give it a miss"), or a put-off
# (the decision left for later is not a yes). Apart from _REFUSE_RE, and only searched
# in a clause with one of _DECLINE_WORDS, so that the common refusal stays cheap.
_DECLINE = _WordLexicon(
    r"\b(?:give (?:(?:it|this|that|them|those|him|her)(?: one)?|(?:the|this|that|these|those|"
    r"your) (?:\w+ ){0,2}?\w+) a miss|"
    # not troubling with it: "I'll not bother, mind", "we won't bother this year"; not
    # "I won't bother you again", nor sparing another errand ("I'll not bother asking")
    r"(?:(?:i|we)(?:'ll|'d| will| would| shall)?(?: just)? (?:not|never)|(?:i|we) (?:won't|"
    r"wouldn't|shan't|will not|would not))(?: even| really)? bother\b"
    r"(?! (?:you|him|her|them|anyone|anybody|\w+ing|to)\b)|"
    r"(?:leave|sit) (?:it|this|that) out|"
    r"(?:we|i)(?:'re|'m| are| am) (?:good|fine|okay|ok|sorted|covered) "
    r"(?:without|as (?:we|it|things) (?:are|is|stand)|for now)|"
    r"(?:we|i)'?ll (?:leave|skip|sit out|stick with|stay with) (?:it|this|that|what|our|my|the|"
    r"them|those)|"
    # staying put or looking on: "I'll keep what we have", "I'll stay where I am", "we'll
    # look around then" (not "I'll look around the site")
    r"(?:we|i)(?:'ll| will)(?: just| probably| still)? (?:keep|stay) (?:what|where|as) "
    r"(?:we|i)(?:'ve got| have| got| am| are|'re|'m)(?=\s*(?:[,.!;]|$|for now|then|thanks))|"
    r"(?:we|i)(?:'ll| will)(?: just| probably| have to)? (?:look|shop) around\b(?! (?:the|your|"
    r"our|my|it|here|there)\b)|"
    # making do with what they have: "we'll get by with the lad down the road"
    r"(?:we|i)(?:'ll|'d| will| would| can| could| are going to|'re going to|'m going to)?"
    r"(?: just| probably)? (?:manage (?:with|without|fine|ok|okay|alright|on (?:our|my) own|"
    r"(?:ourselves|myself)(?=\s*(?:[,.!;]|$|for now|then|thanks)))|"
    r"make do|get by|cope|muddle (?:on|through|along)|carry on|keep (?:going|on) with|"
    r"keep using|soldier on|continue (?:with|using) (?:the|our|my|what))|"
    r"(?:we|i)(?:'ll| will) (?:\w+ ){0,3}?(?:with what (?:we|i)(?:'ve got| have| got)|"
    r"as (?:we|things|it|they) (?:are|is|stand))|"
    # going on as now, in any verb: "I'll keep writing them by hand", "we'll continue to
    # print our own", "we'll do it the way we always have"
    r"(?:we|i)(?:'ll| will|'d rather| would rather|'re going to|'m going to)(?: just| probably|"
    r" still| happily)? (?:keep \w+ing|continue to \w+)\b|"
    r"(?:we|i)(?:'ll| will) (?:\w+ ){0,4}?the way (?:we|i|things|it)(?:'re|'ve| are| am| "
    r"is| do| did| have| always)|(?:we|i)'?ll (?:stick|keep) to (?:our|my|what|the old)|"
    r"decline|happy as (?:we|i|things) (?:are|am|is)|"
    # content with what they have now: "the plain one suits me fine", "my old van does us"
    r"(?:the|my|our) (?:old|plain|current|own|usual|existing|basic|present|standard) (?:\w+ )?"
    r"(?:suits|does|works|serves|is fine|is good|will do|'ll do|'s fine|'s good) (?:me|us|fine|"
    r"the job|well|nicely)|"
    r"let you know(?! (?:the|what|when|where|how|which|who|our|my))|we'll see\b(?! \w)|"
    r"(?:another|some other) time|keep (?:it|that|this|you) in mind|circle back|"
    # the decision put off until later or until someone else has met: "I'll have to see",
    # "I'll ring you after the board"
    r"(?:i|we)(?:'ll| will|'d| would) (?:have|need|want) to (?:see|wait|sleep on it|mull)|"
    # (a call-back in a clause that agrees, "yes, Thursday works, I'll text you when I'm
    # on my way", is arranging the step, not putting it off)
    r"^(?![^.?!]*\b(?:yes|yeah|yep|sure|great|fine|works|perfect|lovely|good|see you)\b)"
    r"(?:[^.?!]*[,.;]\s*)?(?:i|we)(?:'ll| will) (?:ring|phone|call|get back to|come back to|"
    r"email|text) you (?:back )?(?:after|once|when|later|next (?:week|month))\b)\b",
    words="miss bother leave sit without as now skip stick stay decline happy know we'll another "
    "other mind circle manage make get cope muddle carry keep soldier continue what see wait "
    "sleep mull ring phone call email text come suits works fine good do does serves way "
    "around",
)
# Someone the customer will consult, and the consulting left there or put before the
# step ("ask my husband first", "talk to the team about it", "check with the boss and
# ..."): not someone told to act ("ask the lads to clear the drive", "have a word with the
# caretaker so he lets you in"), nor the trainee ("I'll speak to you then").
_CONSULTED_WORD = (
    r"(?!(?:you|your|ya|a|an|some|any|it|this|that|about|for|if|whether|what|how|when|why|"
    r"where|on|at|in|into|around|then|there|here|now|again|more|first|and|before|tonight|"
    r"tomorrow|later|to|so|but)\b)[\w'-]+"
)
_CONSULTED = (
    rf"(?:(?:my|our|the|his|her|their|[a-z]+'s) )?{_CONSULTED_WORD}(?: {_CONSULTED_WORD}){{0,2}}"
    r"(?=\s*(?:[.,;:!?]|$|(?:first|and|before|if|whether|what|tonight|tomorrow|later|"
    r"about (?:it|this|that|things|them)|to (?:see|decide|approve|agree|sign|okay|ok|check|"
    r"think|have a look|look))\b))"
)
# The decision put off in the customer's own future or duty ("I'll", "we'll have to", "I
# must", "I've got to", "let me"), by a verb that waits on someone else, on thought, or on a
# later call: "I'll have to check with my partner first", "we'll run it past the board",
# "I'll think it over", "I'll see how the week goes", "I'll talk to the team and come back
# to you". Whatever agreement shares the clause, the step waits. An "I'll" that acts on
# the step stays a yes: "I'll be there", "I'll see you then", "we'll see how it goes" (the
# step itself tried out), and "let me see what …" looks in the diary.
_STALLS = _WordLexicon(
    r"\b(?!let (?:me|us)(?: just)? see\b)"
    r"(?:(?:i|we)(?:'ll| will| shall|'d| would|'m going to|'re going to| am going to| are "
    r"going to| must|'ve got to| have got to| got to| gotta| need to| have to| want to|"
    r" would like to|'d like to| would rather|'d rather)|let (?:me|us))"
    r"(?: (?:have|need|want|got) to)?"
    r"(?: (?:just|probably|first|really|definitely|still|obviously|also|certainly|actually|"
    r"maybe|perhaps|better|only))* "
    r"(?:"
    # consulting someone
    rf"(?:check|confirm|clear|square|discuss|raise|talk|speak|chat) (?:it |this |that |"
    rf"things |it all )?(?:over |through )?(?:with|to|by) {_CONSULTED}|"
    rf"(?:run|put|bounce|float) (?:it|this|that|things|the idea) (?:past|by|to|off|before) "
    rf"{_CONSULTED}|"
    rf"(?:ask|consult) {_CONSULTED}|(?:ask|check)(?=\s*(?:[.,;:!?]|$|(?:first|around)\b))|"
    rf"have a (?:word|chat|talk|natter) with {_CONSULTED}|"
    rf"get (?:the |an? )?(?:nod|ok|okay|go-ahead|say-so|green light|sign-off|approval|"
    rf"blessing) (?:from|off) {_CONSULTED}|"
    # thinking it over, or waiting to see
    r"think (?:it |this |that |things )?(?:over|through)|think (?:about|on|over) (?:it|this|"
    r"that|things)|think(?=\s*(?:[.,;!?]|$))|(?:talk|chat) (?:it|this|that|things) "
    r"(?:over|through)|have a (?:think|ponder|mull)|mull (?:it |this |that |things )?over|"
    r"sleep on (?:it|this|that)|chew (?:it |this |that )?over|weigh (?:it|this|that|things) "
    r"up|consider (?:it|this|that|the offer)|ponder (?:it|this|that)|give (?:it|this|that) "
    r"(?:some |a bit of |a little |more |proper )?thought|wait and see|"
    r"see (?:what|how)\b(?! (?:you|it|that|this|they) (?:go|goes|work|works|turn|turns)\b)"
    r"(?! you\b)|"
    # deciding once they have what they asked for: "put it in writing and I'll decide"
    r"decide(?=\s*(?:[.,;:!?]|$|(?:then|after|later|once|when)\b))|"
    # coming back later, whatever the customer does first ("we'll mull it over with the
    # accounts and bell you back")
    r"(?:[^.?!,;]*? and (?:then )?)?(?:(?:get|come) back to (?:you|ya)|(?:ring|call|phone|"
    r"text|email|bell|buzz|message) (?:you )?back|(?:be|get) in touch)(?! to confirm\b)"
    r")\b",
    words="check confirm clear square discuss raise talk speak chat run put bounce float ask "
    "consult word natter get think ponder mull sleep chew weigh consider give wait see come "
    "decide "
    "ring call phone text email bell buzz message touch",
)


# The concern eased, in the customer's own words: it is taken care of ("that covers it",
# "a relief"), or the worry is now less or none ("less of a worry then", "not as bad as I
# thought", "I feel better about it"). Read before negation and worry words, which these
# contain.
_EASED = _WordLexicon(
    r"\b(?:(?:that|this|it|which)(?:'s|'ll|'d| has| would| will| should| does| really| just|"
    r" pretty much| kind of)* (?:takes? care of|sorts?|sorted|covers?|answers?|settles?|"
    r"solves?|fixes|addresses|deals? with|handles?|clears? (?:that|it|things) up|eases?|"
    r"changes things)|(?:a|what a|such a) relief|puts? my mind at (?:rest|ease)|"
    r"reassur(?:ing|ed|es|e|ance)|"
    r"(?:that|it|thing)(?:'s| is)? sorted|"
    r"(?:less|no longer|not (?:so|as|that|too|such|much)|(?:is|was)n'?t (?:so|as|that|too|"
    r"such|much)) (?:of )?(?:an? )?(?:big )?(?:worr(?:y|ied|ies|ying)|concern(?:s|ed|ing)?|"
    r"problem|issue|bother|scary|bad|risky|daunting|deal|expensive|pricey|steep)|"
    # the worry denied of the speaker: "I'm not worried any more", "we're not concerned now",
    # "nothing else worries me" (the copula may go unsaid in dialect: "I not worried")
    r"nothing (?:else |more )?(?:worries|bothers|concerns|troubles) (?:me|us)|"
    r"(?:i|we)(?:'m|'re| am| are)? (?:not|no longer) (?:really |too |at all )?(?:worried|"
    r"concerned|bothered|nervous|anxious)(?: (?:about (?:it|that|this)|then|any ?more|now|"
    r"at all|already|either))*\s*(?:[.!,;]|$)|"
    # ... or put to the time to come: "I won't be worried any more", "I won't fret now"
    r"(?:i|we)(?: won't| will not|'ll not|'ll no longer| will no longer| needn't| need not) "
    r"(?:be (?:really |too )?(?:worried|concerned|bothered|nervous|anxious)|worry|fret)"
    r"(?: (?:about (?:it|that|this)|then|any ?more|now|at all))*\s*(?:[.!,;]|$)|"
    # ... or said of what they feel: "then I'm quite satisfied."
    r"(?:i|we)(?:'m|'re| am| are) (?:quite |perfectly |fully |more than )?satisfied"
    r"(?: (?:now|then|with (?:it|that|this)))*\s*(?:[.!;]|$)|"
    # the speaker's own ease, said as the line's last word on it ("With shutters, I'm
    # happier."); "I'm comfortable with our supplier" goes on and is no ease
    r"(?:i|we)(?:'m|'re| am| are) (?:now |much |a lot |far |quite )?(?:more )?"
    r"(?:comfortable|happier|easier|relaxed|at ease|at peace)"
    r"(?: (?:now|then|already|with (?:it|that|this)|about (?:it|that|this)))*\s*(?:[.!;]|$)|"
    # ("not bother" with no article is the verb: "I'll not bother" declines)
    r"(?:not(?! bother\b)|(?:is|was|are|were)n'?t|no) (?:an? |much of an? |such an? |big |real )?"
    r"(?:worry|concern|problem|issue|"
    r"bother|big deal)(?: (?:then|any ?more|now|after all|at all))?\s*(?:[.!,;]|$)|"
    r"(?<!'d )(?<!would )(?:feels?|feeling|sounds|seems) "
    r"(?:a (?:lot|good deal|great deal|bit|little) |much |far )?(?:better|"
    r"happier|easier|safer|smaller|lighter|more manageable|more comfortable)|can live wi(?:th\b|')|"
    # ... and the ease the answer would give, owed to nothing more: "I'd feel a lot happier
    # with that in the contract", "we'd feel safer knowing that" (not "... if you took
    # fifty off", which waits on what was not given)
    r"(?:i|we)(?:'d| would) feel (?:(?:a lot|a good deal|a bit|much|far) )?(?:better|happier|"
    r"easier|safer|more comfortable)(?: (?:with|knowing|about) (?:that|it|this)(?: [\w']+){0,4}?)?"
    r"(?: now| then)?\s*(?:[.!;]|$)|"
    # the same in a dialect: "that's settled me", "that'll do me"
    r"(?:that|this|it)(?:'s| has) settled (?:me|us|my|me mind)\b|(?:that|this|it)(?:'ll| will) do "
    r"(?:me|us)\b|"
    r"(?:worry|concern|problem|issue|fear)(?: is|'s| feels| seems)? (?:now )?(?:sorted|settled|"
    r"solved|dealt with|covered|gone|smaller|lighter)|"
    # the offer found better than feared: "fairer than I expected"
    r"(?:better|fairer|cheaper|easier|simpler|smaller|quicker|lighter) than (?:i|we) "
    r"(?:expected|thought|feared|imagined)|"
    # a burden said to be lifted: "a load off", "takes the edge off it", "weight lifted"
    r"(?:load|weight|burden|pressure|edge|strain|sting) (?:\w+ )?(?:off|lifted|gone)|"
    r"one (?:less|fewer) (?:thing|worry|headache)|"
    # the concern withdrawn: "if it holds, I've nothing else", "we've nothing more"
    r"(?:i|we)(?:'ve| have)(?: got)? nothing (?:else|more|further)|"
    # a worry named in the past and declared over in the same breath: "the noise was the
    # big worry, and that's gone", "the price was my only worry and you've dealt with it"
    r"(?:(?:was|were) (?:(?:the|my|our|one|only|big|biggest|main|real|just|a)\s+){0,3}"
    r"(?:worry|concern|fear|problem|issue|sticking point)|what (?:worried|bothered|concerned) "
    r"(?:me|us)),? and (?:(?:that|it)(?:'s| is| has)(?: now| all)? (?:gone|sorted|settled|"
    r"solved|covered|been dealt with|been answered|taken care of)(?! up| down| wrong| bust| off)|"
    r"you(?:'ve| have)(?: now| already| just)? (?:dealt with|sorted|answered|solved|fixed|"
    r"handled|covered|settled|addressed|taken care of|cleared up)))(?![a-z0-9])",
    words="care sort sorts sorted cover covers answer answers settle settles solve solves fixes "
    "addresses deal deals handle handles clear clears ease eases changes relief mind reassuring "
    "reassured reassure reassures reassurance worry worried worries worrying concern concerns "
    "concerned concerning problem issue bother scary bad risky daunting expensive pricey steep "
    "better happier easier safer comfortable live smaller lighter manageable fear gone fairer "
    "bothered nervous anxious worries bothers concerns troubles satisfied fret "
    "cheaper simpler quicker settled solved dealt covered relaxed peace "
    "load weight burden pressure edge strain sting less fewer nothing do sticking",
)
# "Use the side door, not the front": a correction of a detail, not a refusal.
_CORRECTION = Lexicon(r",\s*not (?:the|a|an|this|that|my|our|your|on|at|in) \w+", "not ")
# ... and, as the sentence's last word, a complaint the customer rules out: "people
# wouldn't blink at that.", "then the owner won't grumble." (not "they won't grumble,
# they'll just leave"; a bare "I don't mind" stays too lukewarm to count as a yes)
_POSITIVE_NEGATION = Lexicon(
    r"\b(?:no problem|no worries|no dramas?|n(?:o|ae) bother|not bad|not crazy|not a problem|"
    r"why not|not at all|"
    # no objection to the step, said as a negated negative: "can't see why not", "no reason
    # not to", "can't argue with that" ("no reason to" is none). The "that" opens the
    # sentence, pointing back at the trainee's line: "can't complain, business is steady"
    # and "business is steady, can't complain about that" are about something else.
    r"(?:can't|cannot|can not|couldn't|don't|do not) (?:see|think of)(?: (?:a|any) reason)? "
    r"why not|(?:no|(?:can't|cannot|couldn't|don't|do not) (?:see|think of) (?:a|any))"
    r"(?: good)? reason (?:why )?not(?: to)?|"
    r"(?<![\w,;:'-] )(?<![\w,;:'-])(?:(?:well|oh|ah|honestly|yeah|yes|right|okay|ok|aye|"
    r"fair enough)\W+)?(?:i |we |you )?(?:can't|cannot|can not|couldn't) (?:really )?"
    r"(?:(?:argue|quarrel|complain|grumble|moan|object) (?:with|about|at|to)|fault|beat|knock|"
    r"say no to) (?:that|it|this)(?= *(?:[.!,;]|$))|"
    r"(?:won't|wouldn't|will not|would not) (?:even )?(?:blink|bat an eye(?:lid)?|complain|"
    r"grumble|moan|shout|quibble|fuss)(?: (?:at|about|over) (?:that|it|this|them))?"
    r"(?= *(?:[.!;]|$)))\b",
    *("no", "n't", "nae"),
)
# A harm denied as the sentence's last words, the customer playing it down: "wouldn't
# kill anyone", "isn't the end of the world", "not too terrible then" ("isn't the problem,
# the contract is" goes on to the one that is; "I won't bother" harms no one); or a trouble
# denied (:data:`_NO_TROUBLE`).
_PLAYED_DOWN = Lexicon(
    rf"{_NO_TROUBLE.pattern.pattern}|"
    r"\b(?:(?:would|wo|is|was|does|did|ai|should|could|ca|are|were)n't|not|never)"
    r"(?: (?:be|do|really|exactly|too|that|so|all that|quite|even))* "
    r"(?:(?:a|an|any|such an?|much of an?) )?(?:(?:big|huge|major|real) )?(?:(?:kill|hurt|harm|"
    r"ruin)(?: (?:us|me|anyone|anybody|them))?|bother (?:us|me|anyone|anybody|them)|disaster|"
    r"catastrophe|tragedy|terrible|awful|dreadful|horrible|hardship|the end of the world|"
    r"(?<=a )(?:big |huge )?deal)"
    r"(?:,? (?:much|too much|so much|either|really|then|i suppose|i guess|to be fair|"
    r"in fairness))*"
    r"(?=\s*(?:[.!]|$))",
    *_NO_TROUBLE.hints,
    *("kill", "hurt", "harm", "ruin", "bother", "disaster", "catastrophe", "tragedy"),
    *("terrible", "awful", "dreadful", "horrible", "hardship", "end of the world", "deal"),
)


def _plays_down(text: str) -> str:
    """``text`` with the harms and troubles it denies (:data:`_PLAYED_DOWN`) and its other
    positive negations (:data:`_POSITIVE_NEGATION`) read as agreement."""
    return _POSITIVE_NEGATION.sub(" fine ", _PLAYED_DOWN.sub(" fine ", text))


_STOPWORDS = frozenset(
    str.split(
        """
    a about above after again all almost also am an and any anyone anything are aren't
    around as at be because been before being both but by can can't cannot could
    couldn't did didn't do does doesn't doing don't down each even ever every few for
    from get gets getting go goes going gone got had hadn't has hasn't have haven't
    having he he'd he'll he's her here hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself just know let let's like lot lots
    make many may me might more most much must my myself need no nor not now of off oh
    ok okay on once one only or other our ours ourselves out over own quite rather re
    really right said same say says see she she'd she'll she's should so some something
    still such sure take tell than thank thanks that that's the their theirs them
    themselves then there there's these they they'd they'll they're they've thing things
    think this those though through to too under until up upon us very want was wasn't
    way we we'd we'll we're we've well were weren't what what's when where which while
    who whom why will with won't would wouldn't yeah yes yet you you'd you'll you're
    you've your yours yourself actually basically honestly maybe probably usually sort
    kind great good hi hello hey hmm um uh mean guess anyway today day time bit little
    sounds sound okay alright sir maam use uses using
    """
    )
)


# Not frozen: a frozen dataclass's __init__ costs three times a plain one's.
@dataclass(slots=True)
class Sentence:
    text: str
    lower: str
    stems: frozenset[str]
    is_question: bool
    tokens: tuple[str, ...]
    is_open: bool = False
    is_pleasantry: bool = False
    is_proposal: bool = False
    has_time: bool = False
    #: its words taken apart at apostrophes (see :func:`_apart_of`), read on first use
    _apart: frozenset[str] | None = None


@dataclass(slots=True)
class Utterance:
    """One kept transcript line with what its form says."""

    index: int
    seq: int
    speaker: str
    text: str
    lower: str
    words: int
    stems: frozenset[str]
    sentences: tuple[Sentence, ...]
    tokens: frozenset[str] = frozenset()
    turn: int = 0
    ended_before: bool = False  # the customer had ended the call or asked to stop
    # Computed on first use, once per grading.
    _polarity: int | None = None
    _rude: bool | None = None
    _annoyed: bool | None = None
    _stop: bool | None = None
    _put_off: bool | None = None
    _concern: int | None = None
    #: the open concern is only that the customer is served already (see concern_level)
    _served: bool = False
    _mocking: bool | None = None
    _offended: bool | None = None
    #: the customer line (its index) last asked whether this line mocks it, and the answer
    _sarcastic_to: int = -1
    _sarcastic: bool = False
    _apart: frozenset[str] | None = None
    #: the place of a line that addressed the grader: no words, earns nothing
    gap: bool = False
    #: where the rest of a customer line starts after a "no" that answered the trainee's
    #: "anything else?" or either/or question (0: the line answered no such question)
    answer_end: int = 0


#: A line or one sentence of it: what a lexicon reads.
Said = Utterance | Sentence


@dataclass(slots=True)
class Conversation:
    utterances: list[Utterance]
    flagged: list[TranscriptLine]
    trainee_words: int = 0
    persona_words: int = 0
    #: index of each utterance's previous line by the other speaker (or -1)
    prev_other: list[int] = field(default_factory=list)
    #: index of the next line by the other speaker (or -1)
    next_other: list[int] = field(default_factory=list)
    #: the utterances of each speaker, in order
    trainee: list[Utterance] = field(default_factory=list)
    persona: list[Utterance] = field(default_factory=list)
    #: the names the trainee introduced their side by (see :func:`seller_names`)
    _seller: frozenset[str] | None = None
    #: what the trainee's first line says their side sells (see ``offline._wares``)
    _wares: frozenset[str] | None = None

    def previous_customer(self, u: Utterance) -> Utterance | None:
        i = self.prev_other[u.index] if u.speaker == "trainee" else -1
        return self.utterances[i] if i >= 0 else None

    def next_customer(self, u: Utterance) -> Utterance | None:
        i = self.next_other[u.index] if u.speaker == "trainee" else -1
        return self.utterances[i] if i >= 0 else None

    def trainee_reply(self, c: Utterance) -> list[Utterance]:
        """The trainee's turn right after customer line ``c`` (empty if none)."""
        utts = self.utterances
        start = c.index + 1
        while start < len(utts) and utts[start].speaker != "trainee":
            start += 1
        end = start
        while end < len(utts) and utts[end].speaker == "trainee":
            end += 1
        return utts[start:end]

    def customer_after(self, u: Utterance, limit: int) -> list[Utterance]:
        """Up to ``limit`` customer lines after ``u``."""
        first = bisect_right(self.persona, u.index, key=_index)
        return self.persona[first : first + limit]


def _index(u: Utterance) -> int:
    return u.index


def normalise(text: str) -> str:
    # The typographic characters are not ASCII, and most lines are.
    if not text.isascii():
        text = text.translate(_TYPOGRAPHIC)
    return " ".join(text.split())


_SUFFIXES = ("ing", "ed", "es", "s")
_UNDOUBLED = frozenset("bdgmnprt")


def _stem(word: str) -> str:
    """A crude stem, enough that a restatement in other inflections still shares words
    with the original ("phoning" and "phone", "delayed" and "delays"); "" for a short
    word or a stopword, which carry no content."""
    if len(word) <= 2 or word in _STOPWORDS:
        return ""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            if suffix != "s" and len(word) > 3 and word[-1] == word[-2] in _UNDOUBLED:
                word = word[:-1]  # "running", "stopped": the consonant doubled before it
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word[:5]


#: :func:`_stem` of the words seen so far; cleared when it grows past the limit.
_STEM_OF: dict[str, str] = {}
_STEM_CACHE_LIMIT = 50_000


def content_stems(lower: str) -> frozenset[str]:
    return _stems(_words(lower))


# What a customer sets the offer against: "more than the salon in town charges", "next to
# buying tablets", "compared with our old firm".
_COMPARED = _WordLexicon(
    r"\b(?:than|next to|compared (?:to|with)|versus|vs|instead of|against)\b",
    words="than next compared versus vs instead against",
)


# Whom the customer already buys from or is with, by name: "We buy from Kaltex", "we're
# with Northway" (capitalised words after the preposition, no day or month among them).
_SUPPLIER_RE = re.compile(r"\b(?:from|with|use|uses|using)\s+((?:[A-Z][\w'&-]*(?:\s+|$))+)")
_SUPPLIER_CUES = frozenset(str.split("from with use uses using"))
_CALENDAR_NAMES = frozenset(
    str.split(
        "i monday tuesday wednesday thursday friday saturday sunday " + _MONTHS.replace("|", " ")
    )
)


def contrasts(u: Utterance) -> bool:
    """Line ``u`` turns somewhere ("but", "though", "however", "although")."""
    return _CLAUSE_SPLIT.search(u.lower) is not None


def alternative(c: Utterance) -> frozenset[str]:
    """The content words of what customer line ``c`` compares the offer with, or of the
    supplier it names as the one they have now."""
    rival: frozenset[str] = frozenset()
    if (m := _COMPARED.search_in(c)) is not None:
        rival = content_stems(c.lower[m.end() :])
    if not _SUPPLIER_CUES.isdisjoint(c.tokens):
        for found in _SUPPLIER_RE.finditer(c.text):
            names = [w for w in found.group(1).lower().split() if w not in _CALENDAR_NAMES]
            rival |= content_stems(" ".join(names))
    return rival


def _stems(words: Sequence[str]) -> frozenset[str]:
    # A dict lookup per word, mapped in C, while every word is known: a cached call per
    # word costs several times that.
    known = _STEM_OF
    try:
        stems = list(map(known.__getitem__, words))
    except KeyError:
        if len(known) > _STEM_CACHE_LIMIT:
            known.clear()
        stems = []
        for w in words:
            stem = known.get(w)
            if stem is None:
                stem = known[w] = _stem(w)
            stems.append(stem)
    return frozenset(filter(None, stems))


# Words one of which every match of _TIME_RE / _STEP_RE contains: a set lookup is far
# cheaper than a failed regex search, and most sentences contain none of them.
_TIME_WORDS = frozenset(
    f"""monday tuesday wednesday thursday friday saturday sunday mondays weekend today
    tonight tomorrow week month morning afternoon evening lunchtime first early am pm
    o'clock noon midday one two three four five six seven eight nine ten eleven twelve
    second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth twentieth {_MONTHS.replace("|", " ")}""".split()
)
# A weekday owned or said to be ("Wednesday's ferry", "Friday's fine") is still that day:
# the tokeniser keeps the "'s" on the word, the time patterns see the day before it. (Not
# "today's price" or "this week's offer": what the day owns there is no occasion.)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OWNED_TIMES = {f"{w}'s": w for w in _WEEKDAYS}
_TIME_WORDS |= frozenset(_OWNED_TIMES)  # (a frozenset | dict keys would be a set)
_STEP_WORDS = frozenset(
    str.split(
        """
    meet meeting meetings call calls calling visit visiting come coming stop swing drop
    pop demo demos demonstration walk walkthrough tour screen screenshare share trial
    pilot send sending email emailing text texting book booking schedule scheduling set
    lock start starting deliver delivery install installation show showing look bring
    sign get pencil put reserve hold survey quote review sit catch confirm try test kick
    onboard onboarding
    """
    )
)
_DIGIT_RE = re.compile(r"\d")


def has_time_words(tokens: Iterable[str], lower: str) -> bool:
    return not _TIME_WORDS.isdisjoint(tokens) or _DIGIT_RE.search(lower) is not None


def time_words(tokens: Iterable[str]) -> frozenset[str]:
    """The words of ``tokens`` that name a day, a part of it or an hour ("friday's" as
    "friday")."""
    found = _TIME_WORDS.intersection(tokens)
    if found.isdisjoint(_OWNED_TIMES):
        return found
    return frozenset(_OWNED_TIMES.get(w, w) for w in found)


def mentions_time(tokens: Iterable[str], lower: str) -> bool:
    """A day or a time of day is named (``lower``'s words are ``tokens``)."""
    return has_time_words(tokens, lower) and _TIME_RE.search(lower) is not None


def has_step_words(tokens: Iterable[str]) -> bool:
    return not _STEP_WORDS.isdisjoint(tokens)


def _names_step(lower: str, tokens: Collection[str]) -> bool:
    """``lower`` (words ``tokens``) names a step, by its verb or in an idiom."""
    return (has_step_words(tokens) and _STEP_RE.search(lower) is not None) or (
        _STEP_IDIOM.search_words(lower, tokens) is not None
    )


_WH_START_RE = re.compile(
    rf"^\W*(?!{_WH_SUGGESTS})(?:what|how|why|when|where|who|which)\b(?! about| if)"
)
# "A card at booking would feel like a wall": a modal judging, not offering a step
_HYPOTHETICAL = Lexicon(
    # (not "How would you feel about a trial?", which puts the step up: _WH_SUGGESTS)
    r"\b(?:would|could|might|may)(?: \w+)? (?:feel(?! about)|seem|sound|look like|mean)\b",
    *("feel", "seem", "sound", "look like", "mean"),
)
# How long or how much something takes, lasts or costs ("Installation would take about
# two hours", "It can take up to a week", "It should last ten years", "That will cost
# you around three hundred"): a fact about the step, its modal no offer of it. Not with
# the seller or the customer as the subject, who take part ("We could take a couple of
# hours on Tuesday to go through it"), and not taking anything but a while ("We could
# take a look", "I could take you through it", "Our driver could take two pallets").
_ESTIMATE_QUALIFIER = (
    r"(?:(?:about|around|roughly|approximately|approx|only|just|under|over|nearly|almost|"
    r"barely|easily|maybe|perhaps|probably|up to|less than|more than|no more than|no longer "
    r"than|at least|at most|between|anything from|well|a good)\s+)*"
)
_WHILE = (
    r"(?:second|minute|min|hour|hr|day|night|morning|afternoon|evening|week|fortnight|month|"
    r"year|decade)s?\b(?!\s+(?:slot|visit|appointment|call|meeting|session|booking)s?\b)"
)
_ESTIMATE = _WordLexicon(
    r"\b(?<!\bi )(?<!\bwe )(?<!\byou )(?:would|will|could|can|should|might|may)"
    r"(?:\s+(?:only|just|probably|usually|normally|typically|generally|likely|still|easily|"
    r"also))?\s+(?:"
    rf"(?:take|last)(?:\s+(?:you|us|them|him|her|me))?(?:\s+for)?\s+{_ESTIMATE_QUALIFIER}(?:"
    rf"(?:{_FIGURE}(?:[.,]\d+)?|a|an|half|a few|a couple of|several)"
    rf"(?:\s*(?:-|and|or|to)\s*{_FIGURE})*(?:\s+and a half)?\s*"
    rf"(?:(?:good|full|whole|extra|single|solid)\s+)?{_WHILE}|"
    rf"half (?:an?|the) {_WHILE}|(?:the|a) (?:whole|full|best part of|better part of|rest of)\b|"
    r"all (?:day|morning|afternoon|evening|night|week)\b|"
    r"(?:ages|forever|long|longer|no time|a while|a bit|a lifetime|years|decades)\b)|"
    rf"(?:cost|come to)(?:\s+(?:you|us|them|him|her|me))?\s+{_ESTIMATE_QUALIFIER}(?:"
    rf"[£$€]\s*\d|{_FIGURE}\b|nothing|next to nothing|very little|a fortune|a packet|"
    r"an arm|peanuts|pennies|a lot|a bit|much|less|more)\b)",
    words="take last cost come",
)


def _framed(lower: str, tokens: Collection[str]) -> bool:
    """``lower`` is put as an offer (:data:`PROPOSAL_FRAME`) by more than the modal of
    an estimate (:data:`_ESTIMATE`)."""
    if PROPOSAL_FRAME.search_words(lower, tokens) is None:
        return False
    if _ESTIMATE.search_words(lower, tokens) is None:
        return True
    return PROPOSAL_FRAME.pattern.search(_ESTIMATE.pattern.sub(" ", lower)) is not None


_WH_WORDS = frozenset(str.split("what how why when where who which whose whom"))
# "… would you say?": asking for the customer's estimate or view, not offering anything
_OPINION = Lexicon(
    # (not "What would you say to a visit?": _WH_SUGGESTS)
    r"\b(?:would|do|did) you (?:say(?! to)|think|guess|reckon|estimate|figure)\b",
    *("you say", "you think", "you guess", "you reckon", "you estimate", "you figure"),
)


# Words that make a short question about a day ask about the customer's past or habits
# ("Since Monday?", "Every Friday?") or about them, not offer a slot: a subject, a verb
# form of being or doing, a wh-word, a span or a frequency.
_NOT_A_SLOT = frozenset(
    str.split(
        """
    i you we he she they it me us him them my your our his her their this that there
    is are was were am be been do does did have has had what how why when where who which
    since every each last ago usually always often until till ever yet already
    """
    )
)


def _time_fragment(tokens: Sequence[str]) -> bool:
    """A question that is essentially a day or time ("Monday after the market?",
    "Delivered Thursday?", "Monday?"): after an offer, it proposes that slot. Short, with
    no subject, no verb of being or doing and nothing that dates the customer's past."""
    return len(tokens) <= 6 and _NOT_A_SLOT.isdisjoint(tokens)


# Negators of Caribbean and other dialect English ("I en sure", "it ent working", "we ain
# need it"), after a subject: read as "not", so that negation scope is what it says.
_DIALECT_NEGATOR = Lexicon(
    r"\b(i|we|you|they|he|she|it|that|this|there|dat|dis|dem|mi|me) (?:en|ent|ain|aint)(?:'t)?\b",
    *(" en", " ain"),
)


def _negations_plain(lower: str) -> str:
    """``lower`` with its dialect negators (:data:`_DIALECT_NEGATOR`) said as "not"."""
    return _DIALECT_NEGATOR.sub(r"\1 not", lower)


# An auxiliary negated in another spelling: the apostrophe left out ("dont", "isnt",
# "cant") or a negative ending of Scots and northern English ("cannae", "didna",
# "dinnae"). Each is read as the standard "n't" form, so that negation is seen however
# it is spelled ("arena" and "dona" are words, so those endings stay off "are" and "do").
_NT_SPELLED = {
    **{
        f"{aux}nt": f"{aux}n't"
        for aux in str.split(
            "do does did is are was were would could should have has had must need"
        )
    },
    "cant": "can't",
    "wont": "won't",
    **{
        f"{aux}nae": f"{aux}n't"
        for aux in str.split("does did is was were would could should have has had must")
    },
    **{f"{aux}na": f"{aux}n't" for aux in str.split("does did is was would could should has had")},
    **{form: "can't" for form in ("cannae", "canna")},
    **{form: "won't" for form in ("willnae", "winnae", "winna")},
    **{form: "don't" for form in ("dinnae", "dinna", "dinny")},
}
_NT_SPELLED_WORDS = frozenset(_NT_SPELLED)
_NT_SPELLED_RE = re.compile(
    r"\b(?:" + "|".join(sorted(_NT_SPELLED, key=len, reverse=True)) + r")\b"
)


def _negations_spelled(lower: str) -> str:
    """``lower`` with its auxiliaries negated in other spellings (:data:`_NT_SPELLED`)
    in the standard form."""
    return _NT_SPELLED_RE.sub(lambda m: _NT_SPELLED[m.group()], lower)


def _sentence(text: str, *, trainee: bool, spelled: bool = False) -> Sentence:
    lower = text.lower()
    if " en" in lower or " ain" in lower:  # (the lexicon's hints, spared a call per sentence)
        lower = _negations_plain(lower)
    if spelled:
        lower = _negations_spelled(lower)
    qmark = text.endswith("?")
    tokens = tuple(_words(lower))
    if not trainee:
        return Sentence(text, lower, frozenset(), qmark, tokens)
    stems = _stems(tokens)
    is_question = qmark or _clause_search(_QUESTION_START_RE, lower) is not None
    # a day or time of the customer's own asked about is no time for a step: "How's your
    # morning been?" proposes nothing
    has_time = mentions_time(tokens, lower) and not _only_own_time(text, lower, tokens)
    is_proposal = False
    stepped = has_step_words(tokens) or not _STEP_IDIOM.words.isdisjoint(tokens)
    if (
        (has_time or stepped)
        and (_framed(lower, tokens) or (is_question and _asks_leave(lower, tokens)))
        and not _VAGUE_RE.search(lower)
        and not (qmark and _OPINION.search(lower))
        and not _HYPOTHETICAL.search(lower)
    ):
        # a question about the customer's past or present is discovery, not a proposal
        is_proposal = (
            (has_time or (stepped and _names_step(lower, tokens))) and not _WH_START_RE.match(lower)
        ) or (is_question and has_time)
    elif is_question and has_time:
        is_proposal = (qmark and _time_fragment(tokens)) or (
            _puts_slot(lower, tokens) and not _VAGUE_RE.search(lower)
        )
    is_open = is_question and (
        _clause_search(_OPEN_RE, lower) is not None
        # a wh-word placed last or inside ("Behind by how much?", "A nightmare how?")
        or (qmark and not _WH_WORDS.isdisjoint(tokens) and not _CLOSED_START_RE.search(lower))
        or ("ask" in tokens and _ASKED_LEAVE_RE.search(lower) is not None)
    )
    # Positional, as Utterance in read(): keywords would double the cost of building it.
    return Sentence(
        text,
        lower,
        stems,
        is_question,
        tokens,
        is_open,
        is_question and _is_pleasantry(text, lower, tokens),  # is_pleasantry
        is_proposal,
        has_time,
    )


def _sentence_parts(text: str) -> list[str]:
    """:func:`_split_sentences` of ``text``.

    Most lines are one sentence, its marks (if any) at the end: then the one part is the
    line, found for a fraction of the regex's cost.
    """
    body = text.rstrip(".!?")
    if "." in body or "!" in body or "?" in body:
        return _split_sentences(text)
    return [text] if body else []


def sentences(text: str, *, trainee: bool = True, spelled: bool = False) -> tuple[Sentence, ...]:
    """The sentences of ``text``; ``spelled``: it negates auxiliaries in other spellings."""
    # A loop, not a generator: a part is stripped once, and tuple() of a list is cheaper.
    out = []
    for part in _sentence_parts(text):
        if part := part.strip():
            out.append(_sentence(part, trainee=trainee, spelled=spelled))
    return tuple(out)


#: The customer's lines in which they may say the call is for someone else.
_FIRST_LINES = 2


def read(lines: Sequence[TranscriptLine]) -> Conversation:
    """Order, clean and annotate ``lines``; lines addressing the grader are set aside."""
    ordered = sorted([ln for ln in lines if ln.text.strip()], key=attrgetter("seq"))
    kept: list[Utterance] = []
    flagged: list[TranscriptLine] = []
    turn = 0
    ended = False
    heard = 0  # customer lines so far
    for ln in ordered:
        text = normalise(ln.text)
        lower = text.lower()
        if " en" in lower or " ain" in lower:
            lower = _negations_plain(lower)
        trainee = ln.speaker == "trainee"
        said = sentences(text, trainee=trainee)
        # A line's words are its sentences' in order: no word spans a sentence mark.
        # (Most lines are one sentence: its words are the line's as they are.)
        tokens = said[0].tokens if len(said) == 1 else [w for x in said for w in x.tokens]
        token_set = frozenset(tokens)
        if not trainee and not _NT_SPELLED_WORDS.isdisjoint(token_set):
            # (the customer's refusals are what other spellings of a negation hide)
            lower = _negations_spelled(lower)
            said = sentences(text, trainee=trainee, spelled=True)
            tokens = [w for x in said for w in x.tokens]
            token_set = frozenset(tokens)
        if kept and kept[-1].speaker != ln.speaker:
            turn += 1
        if is_grader_instruction(lower, token_set):
            flagged.append(ln)
            # Its place is kept, empty: what the other speaker says next answers it, so
            # nothing around it reads as a reply or a reaction it was not.
            gap = Utterance(len(kept), ln.seq, ln.speaker, "", "", 0, frozenset(), ())
            # it earns nothing, as a line after the call ended earns nothing
            gap.turn, gap.ended_before, gap.gap = turn, True, True
            kept.append(gap)
            continue
        if not trainee:
            stems = _stems(tokens)
        elif len(said) == 1:
            stems = said[0].stems
        else:
            stems = frozenset().union(*(x.stems for x in said))
        # Positional: matching eleven keyword arguments costs more than the rest of the build.
        u = Utterance(
            len(kept),
            ln.seq,
            ln.speaker,
            text,
            lower,
            len(tokens),
            stems,
            said,
            token_set,
            turn,
            ended,
        )
        kept.append(u)
        if ln.speaker == "persona":
            heard += 1
            if (
                heard <= _FIRST_LINES
                and not is_stop(u)
                and (
                    elsewhere(u)
                    or (lower[:2] in ("no", "na") and _someone_else(u, kept))
                    or not_the_one(u)
                )
            ):
                u._stop = True  # the wrong party: as a wrong number, nothing after it earns
            if is_stop(u):
                ended = True
    conv = Conversation(kept, flagged)
    last = {"trainee": -1, "persona": -1}
    prev: list[int] = []
    for u in kept:
        prev.append(last["persona" if u.speaker == "trainee" else "trainee"])
        last[u.speaker] = u.index
    nxt = [-1] * len(kept)
    upcoming = {"trainee": -1, "persona": -1}
    for u in reversed(kept):
        nxt[u.index] = upcoming["persona" if u.speaker == "trainee" else "trainee"]
        upcoming[u.speaker] = u.index
    conv.prev_other, conv.next_other = prev, nxt
    conv.trainee = [u for u in kept if u.speaker == "trainee"]
    conv.persona = [u for u in kept if u.speaker == "persona"]
    conv.trainee_words = sum(u.words for u in conv.trainee)
    conv.persona_words = sum(u.words for u in conv.persona)
    for u in conv.persona:
        # A "no" to "any other worries?" denies further worries, not the offer: every
        # reading of the line's stance starts after it.
        if u.lower[:1] in _NOT_A_NO or not answers_no(u):
            # (most lines; a set lookup spares the calls below) A "no" that answers no
            # question of the trainee's, opening a later sentence of agreement, waves the
            # customer's own doubt away just as it does opening the line.
            if _LATER_NO_MARKER.possible(u.lower) and asked_before(conv, u) is None:
                u.answer_end = _no_opens_agreement(u.lower)
            continue
        if (q := asked_before(conv, u)) is not None:
            if narrowing(q) or asks_obstacle(q):
                m = _NO_ANSWER.search(u.lower)
                u.answer_end = m.end() if m is not None else 0
        else:
            u.answer_end = _no_opens_agreement(u.lower)
    if any("mind" in t.tokens for t in conv.trainee):
        for u in conv.persona:
            if (q := asked_before(conv, u)) is not None and _ASKS_IF_MINDED.search_in(q):
                _answer_if_minded(u)
    for u in conv.persona:
        if (
            (len(u.sentences) > 1 and echo_concludes(conv, u))
            or ("so" in u.tokens and concludes_relief(conv, u))
            or (not _TAKE_UP_CUES.isdisjoint(u.tokens) and takes_up_answer(conv, u))
        ):
            u._concern, u._polarity = 0, 1
    for u in conv.trainee:
        # wonder at the customer's load is sympathy: read as such wherever rudeness is asked
        if "even" in u.tokens and prev[u.index] >= 0 and wonders(u, kept[prev[u.index]]):
            u._rude = False
    return conv


# --------------------------------------------------------------------------- predicates


def takes_up(reply: Utterance | Sequence[Utterance], said: Utterance) -> bool:
    """Whether ``reply`` reuses a content word of what the customer ``said``."""
    # isdisjoint, in a loop: no intersection built, no generator started
    if isinstance(reply, Utterance):
        return not reply.stems.isdisjoint(said.stems)
    for r in reply:  # noqa: SIM110
        if not r.stems.isdisjoint(said.stems):
            return True
    return False


# What a customer line does, met by what the reply does, with no word in common. The
# customer is short of time ("Only a minute", "I'm flat out") ...
_SHORT_OF_TIME = _WordLexicon(
    r"\b(?:(?:only|just)(?: got| have)? (?:a |one |two |five |a few |a couple of )?"
    r"(?:minute|minutes|min|mins|sec|secs|second|seconds|moment)|"
    r"(?:i'?m|we'?re|i am|we are) (?:a bit |very |really |so |pretty |rather )?(?:busy|rushed|"
    r"in a (?:rush|hurry)|flat out|swamped|slammed|run off (?:my|our) feet)|"
    r"(?:can'?t|cannot) (?:talk|stay|chat|speak) (?:long|for long)|"
    r"make it (?:quick|fast|short|snappy)|(?:not|no) (?:much|a lot of) time|"
    r"short (?:on|of) time|pressed for time)\b",
    words="minute minutes min mins sec secs second seconds moment busy rushed rush hurry flat "
    "swamped slammed run talk stay chat speak make time short pressed",
)
# ... and the reply fits the call to it: kept short, or moved to another time.
_FITS_TIME = _WordLexicon(
    r"\b(?:keep (?:it|this|things|you) (?:short|brief|quick|snappy)|"
    r"(?:i'?ll|i will|let me) be (?:quick|brief|fast|short)|"
    r"(?:won'?t|will not|shan'?t|not going to|don'?t want to) keep you|"
    r"(?:call|ring|phone|try|catch) (?:you )?(?:back|later|another time)|"
    r"(?:another|a better|a quieter) time|in (?:a|one) (?:nutshell|sentence)|short and sweet)\b",
    words="keep be back later another time nutshell sentence short",
)
# The customer asks to end the call now and have it another time: to be called at a later
# time ("Phone me some other time", "give us a ring next week"), to talk later, or says
# this is no time to talk ("Now's not a good time.") ...
_PUTS_OFF = _WordLexicon(
    r"\b(?:(?:(?:call|ring|phone|try|catch|buzz) (?:me|us)(?: back)?|(?:call|ring|phone) back|"
    r"give (?:me|us) a (?:call|ring|bell|buzz)|get back to (?:me|us)) (?:\w+ ){0,2}?"
    r"(?:another|some other|a different|a better|later|next|tomorrow|tonight|after|once|"
    r"in (?:a|an|half|the) (?:hour|bit|while|week|morning|afternoon|evening)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))|"
    r"(?:talk|speak|chat)(?: about (?:it|this|that))? (?:another|some other|a different|later|"
    r"tomorrow|next)|(?:do|pick|continue|finish) this (?:up )?(?:another|some other|later)|"
    r"(?:not|isn'?t|wasn'?t) (?:a |the )?(?:good|great|convenient|right|best) (?:time|moment)|"
    r"(?:a |the )?(?:bad|terrible|awful|awkward|wrong) (?:time|moment)"
    r"(?=\s*[.,;:!?-]|\s*$|\s+(?:right now|just now|to (?:talk|chat|speak|call))))\b",
    words="call ring phone try catch buzz give get talk speak chat do pick continue finish time "
    "moment",
)
# ... and the reply moves or ends it: the trainee will call again, asks when suits, or
# leaves the customer to it.
_MOVES_CALL = _WordLexicon(
    r"\b(?:(?:i'?ll|i will|we'?ll|we will|let me|shall i|shall we|can i|could i|may i|i can|"
    r"i could|happy to) (?:\w+ )?(?:call|ring|phone|try|catch|reach|contact|speak to|"
    r"talk to|get back to|come back to)\b|"
    r"(?:call|ring|phone|try|catch|speak|talk|chat)(?: to| with)?(?: you)? (?:back|again|later|"
    r"another time|some other time)|"
    r"(?:another|a better|a quieter|a different|some other|a more convenient) (?:time|day|moment)|"
    r"when(?:'s| is| would be| might be)? (?:better|best|easier|good|suits|works)|"
    r"(?:i'?ll|i will|let me) (?:let you (?:go|get back|get on)|leave you (?:to it|be|in peace))|"
    r"take care|(?:good)?bye|"
    r"sorry to (?:have )?(?:bother|disturb|interrupt|trouble|intrude|catch))\b",
    words="call ring phone try catch reach contact speak talk get come chat time day moment "
    "when when's better best easier good suits works let leave take bye goodbye sorry",
)
# The customer lets the call go on ("Go ahead, I can talk") ...
_GOES_AHEAD_TO_TALK = _WordLexicon(
    r"\b(?:go (?:ahead|on)|fire away|i(?:'ve| have)? got (?:a (?:minute|moment|few minutes|"
    r"sec|second)|time|five minutes)|i (?:can|could) (?:talk|chat|speak)|"
    r"(?:it's|it is|now's|now is) (?:quiet|fine|good|a good time|ok|okay)|"
    r"(?:i'?m|i am) (?:free|listening|all ears))\b",
    words="go fire got talk chat speak quiet fine good time ok okay free listening ears",
)
# ... and the reply thanks them for it.
_THANKS = frozenset(("thanks", "thank", "cheers", "appreciate", "appreciated"))
# The trainee acts on what the customer just took up: their own next step, said of it
# ("I'll drop it round first thing tomorrow").
_OWN_ACTION_RE = re.compile(
    r"^(?:(?:great|lovely|right|perfect|brilliant|good|okay|ok|sure|then|so),?\s+)*"
    r"(?:i'll|we'll|i will|we will|let me|i'm going to|we're going to|i can|we can)\b"
)


def short_of_time(u: Utterance) -> bool:
    """Customer line ``u`` says how little time they have for the call."""
    return _SHORT_OF_TIME.search_in(u) is not None


# The trainee sets the customer down as booked: "you're booked in", "that's you pencilled
# in", "I've put you down", "calendar hold incoming", "the invite's on its way".
_BOOKED_IN = _WordLexicon(
    r"\b(?:you(?:'re| are)(?: all)? (?:booked|set|locked|pencilled|penciled|inked|confirmed|"
    r"scheduled)(?! up| to)|that'?s you (?:booked|set|locked|pencilled|penciled|down)|"
    r"(?:i'?ve|i have|we'?ve|we have) (?:booked|locked|pencilled|penciled|popped|put|slotted|"
    r"scheduled|signed) you (?:in|down|up)|"
    r"(?:invite|invitation|confirmation|calendar hold|calendar invite)s?(?:'s| is| are)? "
    r"(?:coming|on (?:its|the) way|incoming|heading your way|going out))\b",
    words="you you're that's that i've i we've we invite invitation confirmation hold invites "
    "invite's invitations confirmations holds",
)


def books_in(s: Sentence) -> bool:
    """Trainee sentence ``s`` sets the customer down as booked (_BOOKED_IN)."""
    return not s.is_question and _BOOKED_IN.search_in(s) is not None


def puts_off(u: Utterance) -> bool:
    """Customer line ``u`` asks to end the call now and have it another time, and welcomes
    nothing ("Yes, ring me next week" takes a step up)."""
    if u._put_off is None:
        u._put_off = _PUTS_OFF.search_in(u) is not None and pol(u) <= 0
    return u._put_off


def _moves_call(s: Sentence) -> bool:
    return _MOVES_CALL.search_in(s) is not None


def carries_on_past(conv: Conversation, reply: Sequence[Utterance], said: Utterance) -> bool:
    """Customer line ``said`` puts the call off (:func:`puts_off`), and ``reply`` goes on
    with the business after the last sentence that moved or ended the call, or with none:
    it proposes a step, talks of the seller, or asks about something the customer did not
    say ("I'm at the hospice, phone me another time." "I hear you. What's the biggest
    headache?"). Sympathy alone, a wish or a caring question ("Is she comfortable?") does
    not go on."""
    return puts_off(said) and goes_on(conv, reply, said)


def goes_on(conv: Conversation, reply: Sequence[Utterance], said: Utterance) -> bool:
    """``reply`` goes on with the business past customer line ``said`` after the last
    sentence that moved or ended the call, or with none (see :func:`carries_on_past`)."""
    told = [s for u in reply for s in u.sentences]
    moved = max((k for k, s in enumerate(told) if _moves_call(s)), default=-1)
    names = seller_names(conv)
    for s in told[moved + 1 :]:
        if s.is_proposal or is_pitch(s):
            return True
        if s.is_question:
            # ("So, what …" opens a new question; it points back at nothing)
            words = s.tokens[1:] if s.tokens and s.tokens[0] == "so" else s.tokens
            if not s.is_pleasantry and s.stems.isdisjoint(said.stems) and not _has_anaphor(words):
                return True
        elif talks_of_seller(s, names) and not empathic(s) and not wishes_well(s, said):
            return True
    return False


def meets(conv: Conversation, reply: Utterance, said: Utterance) -> Sentence | None:
    """The first sentence of trainee line ``reply`` if it meets what customer line
    ``said`` does, sharing no word with it: a stated lack of time met by keeping the call
    short or moving it ("Then I'll keep it short, or ring back at three"), a request to
    have the call another time met by moving or ending it ("I'll try you on Thursday
    then."), leave to talk met by thanks, or a welcome of the trainee's offer met by
    carrying the offer out ("Really? That would rescue us." "I'll drop it round first
    thing tomorrow.")."""
    if not reply.sentences or is_annoyed(said):
        return None
    first = reply.sentences[0]
    if short_of_time(said) and not is_pitch(first) and _FITS_TIME.search_in(first):
        return first
    if puts_off(said) and _moves_call(first) and not carries_on_past(conv, (reply,), said):
        return first
    leave = _GOES_AHEAD_TO_TALK.search_in(said) is not None
    if leave and not _THANKS.isdisjoint(first.tokens[:3]):
        return first
    i = conv.prev_other[said.index]
    if (
        i >= 0
        and not first.is_question
        and _OWN_ACTION_RE.match(first.lower)
        and (first.has_time or has_step_words(first.tokens))
        and pol(said) >= 0
        and not is_concern(said)
    ):
        offers = [s for s in conv.utterances[i].sentences if PROPOSAL_FRAME.search_in(s)]
        if any(not _ANAPHORS.isdisjoint(first.tokens) or s.stems & first.stems for s in offers):
            return first
    return _asks_past_ease(conv, reply, said)


def acts_on_answer(conv: Conversation, reply: Utterance, said: Utterance) -> bool:
    """Trainee line ``reply`` proposes the next step, after a nod at most ("Right. I could
    come out Thursday."), to customer line ``said`` answering the question the trainee's
    turn before it ended on ("Front and side, before the summer."): the step may be built
    on the answer though it shares no word with it. Not after a line that asks, worries,
    complains or turns against the trainee, not when the step is a pitch, and not when
    the question felt for a trouble the customer told ("I'm sorry. Do you know what
    happened to her?"): the answer tells more of it, and a step passes it over."""
    i = conv.prev_other[said.index]
    if i < 0 or not reply.sentences or not conv.utterances[i].sentences:
        return False
    asked = conv.utterances[i].sentences
    if not asked[-1].is_question or any(empathic(s) for s in asked):
        return False
    if any(x.is_question for x in said.sentences) or pol(said) < 0 or is_annoyed(said):
        return False
    step = reply.sentences[0]
    if len(step.tokens) <= 2 and not _NODS.isdisjoint(step.tokens) and len(reply.sentences) > 1:
        step = reply.sentences[1]  # "Right. I could bring one up on Saturday."
    return step.is_proposal and not is_pitch(step) and not is_concern(said)


# The customer asks the trainee to do something for them: an imperative at the head of a
# clause ("Maybe, send me something first", "Possibly, but text me a link"), a "could you …"
# ("Could you email me the prices?"), or a wish about what the trainee does ("I'd rather
# you rang me next week").
_DO_VERBS = (
    "send|email|e-mail|post|text|pop|put|drop|ring|call|phone|give|book|pencil|forward|"
    "bring|keep|let|write|mail"
)
_ASKS_TO_DO = _WordLexicon(
    r"(?:^|[,;:]\s*)(?:(?:just|please|maybe|then|so|well|okay|ok|alright|fine|yes|yeah|but|and|"
    r"look)\W+)*"
    rf"(?:{_DO_VERBS}) (?:me|us|it|them|that|this|something|some|the|a|over|across|in)\b|"
    rf"\b(?:can|could|would|will) you (?:please |just |maybe )?(?:{_DO_VERBS})\b|"
    r"\bif you (?:could|can|would) (?:please |just )?"
    rf"(?:{_DO_VERBS})\b|"
    r"\b(?:i'd|i would|we'd|we would) (?:rather|prefer it if|sooner|like it if) you\b",
    words=_DO_VERBS.replace("|", " ") + " rather prefer sooner like",
)
# ... and the reply opens by doing it: a word of compliance that needs nothing after it
# ("Will do.", "Happy to.", "Of course."), or the trainee's own action, after at most a
# nod ("Sure, I'll send it across this afternoon").
_COMPLIES_RE = re.compile(
    r"^(?:(?:oh|ah|yes|yeah|yep|sure|okay|ok|right|alright|great|lovely|perfect|brilliant|"
    r"fine|good|then|no bother|no problem|no worries|not a problem)\W+)*"
    r"(?:(?:will do|can do|happy to|glad to|consider it done|gladly|with pleasure|of course|"
    r"certainly|absolutely|sure thing|no problem at all|no bother at all)\b|"
    r"(?:i'll|we'll|i will|we will|let me|i'm going to|we're going to|i can|we can|"
    r"it'll be|you'll have|you'll get)\b)"
)


def complies(reply: Utterance, said: Utterance) -> bool:
    """Customer line ``said`` asks the trainee to do something (_ASKS_TO_DO), and the
    first sentence of ``reply`` agrees to do it (_COMPLIES_RE), with nothing after it at
    once turning to a question about something ``said`` did not raise ("Will do. How many
    staff have you got?"): a request is taken up by being done, in whatever words."""
    if not reply.sentences or not any(
        _ASKS_TO_DO.search_words(s.lower, s.tokens) is not None for s in said.sentences
    ):
        return False
    first = reply.sentences[0]
    if first.is_question or is_pitch(first) or _COMPLIES_RE.match(first.lower) is None:
        return False
    if len(reply.sentences) == 1:
        return True
    nxt = reply.sentences[1]
    return not (
        nxt.is_question
        and not nxt.is_proposal
        and not nxt.is_pleasantry
        and nxt.stems.isdisjoint(said.stems)
        and not _has_anaphor(nxt.tokens)
    )


# A nod said in the customer's own words and nothing else: "Broken into, okay.", "The
# insurer, sure.", "Baristas, yes."
_NODS = frozenset(str.split("okay ok sure right yes yeah yep noted alright gotcha understood"))
_NOD_STEMS = content_stems(" ".join(_NODS))
_ECHO_LENGTH = 5


def echo_then_own(u: Utterance, said: Utterance) -> bool:
    """Trainee line ``u`` opens on a nod in words of customer line ``said`` and none of
    its own (_NODS), and goes straight on to the seller's side: a pitch, or a statement of
    we and ours that says nothing to the customer ("Broken into, okay. We fit reinforced
    locks at a fixed price."). The words are said back as a cue for the script; nothing of
    what the customer told is taken up. A nod before a question, or before what the
    seller will do for the customer ("We can give you the paperwork"), is left to what
    follows it."""
    if len(u.sentences) < 2:
        return False
    first = u.sentences[0]
    if first.is_question or len(first.tokens) > _ECHO_LENGTH or _NODS.isdisjoint(first.tokens):
        return False
    if first.stems.isdisjoint(said.stems) or not first.stems - said.stems <= _NOD_STEMS:
        return False
    nxt = u.sentences[1]
    if nxt.is_question or empathic(first) or empathic(nxt):
        return False
    return is_pitch(nxt) or (about_seller(nxt) and _SECOND_PERSON.isdisjoint(nxt.tokens))


# A clause that stops at its auxiliary, its verb left to be understood from what was just
# said: "Most people who run shops aren't", "Not many of us are", "I would too", "Who
# wouldn't?". Only a reply to a line can be said so.
_AUXILIARIES = frozenset(
    str.split(
        """
    am is are was were do does did have has had can could will would should must
    isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't can't couldn't
    won't wouldn't shouldn't mustn't
    """
    )
)
_AFTER_ELLIPSIS = frozenset(str.split("too either though really honestly"))
_HEAD_CLAUSE_RE = re.compile(r"[^,;:!?.]+")


def elides(reply: Utterance) -> bool:
    """The first clause of trainee line ``reply`` ends on an auxiliary whose verb is left
    out (_AUXILIARIES, perhaps then "too" or "either"): the reply says something of what
    the customer just said in the customer's own predicate, which only a reply can."""
    if not reply.sentences or _AUXILIARIES.isdisjoint(reply.sentences[0].tokens):
        return False
    m = _HEAD_CLAUSE_RE.search(reply.sentences[0].lower)
    words = _words(m.group()) if m is not None else []
    while words and words[-1] in _AFTER_ELLIPSIS:
        words.pop()
    return len(words) >= 2 and words[-1] in _AUXILIARIES


def _asks_past_ease(conv: Conversation, reply: Utterance, said: Utterance) -> Sentence | None:
    """The question opening ``reply`` (after at most a short "Great.") if it asks whether
    anything else holds the customer back, and ``said`` eased a concern of theirs raised
    before it: with the concern met, asking after the rest takes the ease up."""
    told = reply.sentences
    k = 0 if told[0].is_question else 1
    if k >= len(told) or (k and len(told[0].tokens) > 3) or not told[k].is_question:
        return None
    q = told[k]
    if q.is_proposal or not _asks_more(q) or pol(said) <= 0 or is_concern(said):
        return None
    return q if concern_before(conv, said) is not None else None


# A statement with "would", "could" or "might" and nobody to act: no I, we or you, no
# "let's", no our people ("Ten weeks without your barrels would stall the bottling").
_MODALS = frozenset(("would", "could", "might"))
_AGENTS = frozenset(
    str.split(
        """
    i we you i'll we'll i'd we'd you'll you'd let's let shall can will our he she they
    he'll she'll they'll me us
    """
    )
)


def weighs(s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` weighs what would happen to the customer, in the words of what they
    ``said``: a modal with nobody to act and no day or time, taking up their line. It
    restates the cost of their worry; it offers no step."""
    return (
        not s.is_question
        and not s.has_time
        and not _MODALS.isdisjoint(s.tokens)
        and _AGENTS.isdisjoint(s.tokens)
        and not s.stems.isdisjoint(said.stems)
    )


# The seller set above all others ("Nobody around does better work", "no one makes them
# finer"): the seller's standing, as praise is.
_NONE_BETTER = Lexicon(
    r"\b(?:nobody|no one|no-one|none|no other \w+)\b[^.?!]{0,30}\b(?:better|finer|cheaper|"
    r"faster|more careful|more reliable)\b",
    *("nobody", "no one", "no-one", "none", "no other"),
)


def talks_of_seller(s: Sentence, names: frozenset[str]) -> bool:
    """Statement ``s`` is about the seller's side: we, our, us, the seller's name as its
    subject, or the seller set above all others."""
    return about_seller(s) or speaks_of_seller(s, names) or _NONE_BETTER.search(s.lower) is not None


#: a day or an hour said back is the step agreed, no ware
_TIME_STEMS = content_stems(" ".join(_TIME_WORDS))


def echoes_wares(s: Sentence, said: Utterance, own: frozenset[str], names: frozenset[str]) -> bool:
    """Statement ``s`` about the seller's side takes nothing of customer line ``said`` up
    but the seller's wares (``own``, "we have jars in stock"
    after "four hundred jars to seal by Thursday and our press has packed in"). A refusal
    of what the customer asked that turns on "but" is read by the clause it ends on ("We
    don't hire presses, but the lids are a bargain")."""
    if s.is_question or not talks_of_seller(s, names):
        return False
    shared = s.stems & said.stems
    clauses = _CLAUSE_SPLIT.split(s.lower) if "but" in s.tokens else ()
    if len(clauses) > 1 and _NEGATION_RE.search(clauses[0]) is not None:
        shared = content_stems(clauses[-1]) & said.stems
    return shared <= own - _TIME_STEMS


def is_greeting(said: Utterance | Sentence) -> bool:
    """A line or one sentence of it greets (names are matched with their capitals)."""
    return bool(_GREETING_RE.search(said.text) or _GREETING_CI_RE.search(said.lower))


# A speaker saying who they are, first thing in their sentence ("Tom here, her son.",
# "Hello, this is Ama, the manager."): the form a voice new to the call opens with. A
# name keeps its capital; "Nobody here …", "It's broken" name nobody.
_SELF_NAMED_RE = re.compile(
    r"^\W*(?:(?i:hi|hello|hey|yes|yeah|right|okay|ok),?\s+)?"
    r"(?:(?i:this is|it's|my name's|my name is|i'm) [A-Z]|"
    r"(?!(?:No|Every|Some|Any)(?:body|one|thing)\b|(?:It|That|This|There|Who|What)\b)"
    r"[A-Z][a-z]+ (?:here|speaking)\b)"
)


def introduces_self(s: Sentence) -> bool:
    """Sentence ``s`` opens by saying who is speaking."""
    return _SELF_NAMED_RE.match(s.text) is not None


# The first word of every sentence the greeting patterns match at its start.
_GREETING_FIRST = frozenset(
    str.split(
        "hi hello hey hiya good morning afternoon evening thanks thank nice great pleasure "
        "my this i'm it's"
    )
)


def greets_first(s: Sentence) -> bool:
    """The sentence opens with a greeting ("a whole morning lost" greets nobody)."""
    if not s.tokens or s.tokens[0] not in _GREETING_FIRST:
        return False
    return bool(_GREETING_RE.match(s.text) or _GREETING_CI_RE.match(s.lower))


_RUDE_WORDS = frozenset(
    str.split(
        """
    stupid idiot idiotic dumb ugly lazy pathetic ridiculous incompetent clueless useless
    garbage rubbish moron shut grow problem loss suit whatever wrong mistake being slow
    sensitive rude difficult afford garage taught trust move switch buy should outdated
    poor survive yeah love boo boohoo big tragedy cry nice ha haha lol sure bet doubt
    live tough join welcome oh must even ever possibly seriously haven't havent
    disorganised disorganized scattered clueless backward backwards primitive amateurish
    sloppy hopeless naive gullible tiny puny helpless fashioned pushover child dinosaur
    amateur doormat sucker caveman toddler attitude excuse behind why yours anyone anybody
    call like
    cry crying weep weeping sob sobbing eyes heart however world universe old age care
    defensive touchy prickly uptight stubborn worked ways earth century forbid
    thick dim dense brainless illiterate deaf brains clueless capable competent qualified
    literate educated bright smart clever school college university uni smarter brighter
    cleverer competent brain smaller simpler shorter hard difficult complicated technical
    hair face voice head look dark get
    """
    )
)
# "No, go ahead": a "no" answering a question, not a negated statement.
_ANSWER_NO_RE = re.compile(r"^\W*no\b\W*")
# A bad state or experience, said without any word of worry.
_NEGATIVE_WORDS = frozenset(
    str.split(
        """
    wrong late later broke broken died dead failed fail fails failing mess messy error
    errors problem problems trouble nightmare disaster awful terrible horrible bad worse
    worst slow lost lose losing missing stuck hate hated refused refuse burned burnt
    scam ripped gave quit cancelled canceled delay delays delayed chaos confusing damage
    damaged overcharged stung struggle struggles struggling
    """
    )
)
_CONCERN_WORDS = frozenset(
    str.split(
        """
    worry worried worries concern concerns concerned scares scared scary afraid nervous
    terrified frightened petrified dread dreading anxious uneasy apprehensive
    risk risky hesitant unsure doubt skeptical wary expensive pricey cost costs price
    budget budgeted afford hassle disruption complain complained complaining complaints complaint
    disloyal uncomfortable hate hates complicated never too way locked lose lot huge
    more higher pricier dearer steeper double twice triple times
    want need sure switch switching interested able ready justify close have see
    """
    )
)


# A question about the customer's disposition rather than their business: "you" as the
# subject of "to be", an adjective of degree ("are you always this picky", "were you
# born so fussy"), or the customer's behaviour set against the speaker ("or is it only
# with me", "what's your problem"). Any adjective in that template judges the person,
# except the few that praise them or tell the business's state (asking whether they are
# always this busy is asking about the business).
_PERSON_JUDGED_RE = re.compile(
    r"\b(?:are|were|aren't|weren't) you (?:(?:always|usually|normally|generally|ever|often|"
    r"just|still|really|honestly|seriously|\w+ly) ){0,2}(?:this|that|so) (?!(?:"
    r"busy|quiet|full|booked|packed|swamped|slammed|stretched|short|popular|successful|"
    r"patient|kind|helpful|thorough|careful|calm|friendly|generous|organi[sz]ed|efficient|"
    r"nice|lovely|polite|quick|sure|keen|early|late|far)\b)[a-z-]+\b[^.?!]*\?|"
    r"\byou\b[^.?!]*\bis it (?:just|only) (?:with |to )?me\b|"
    r"\bis it (?:just|only) (?:with |to )?me\b[^.?!]*\byou\b|"
    r"\bwhat(?:'s| is) (?:your problem|(?:the matter|wrong) with you)\b"
    r"(?=\s*(?:[?.!,]|$|with (?:me|us|this|that|everyone)\b))"
)
# ("re you ", "n't you ": "are you", "weren't you" … before the judgement)
_PERSON_HINTS = (
    "re you ",
    "n't you ",
    "is it",
    "what's your",
    "what is your",
    "wrong with you",
    "matter with",
)


def judges_person(text: str) -> bool:
    """A question whose subject is the customer's character, with a judgement."""
    if "you" not in text:
        return False  # (every form names them; most lines are spared the hints below)
    for hint in _PERSON_HINTS:
        if hint in text:
            return _PERSON_JUDGED_RE.search(text) is not None
    return False


# Words of _RUDE_WORDS that sales talk uses all the time ("I'll call you", "sure", "what
# went wrong", "anyone", "get"), and literals one of which every rude match holding them
# holds as well ("that shed you call an office", "I'm sure you'll survive", "yeah, yeah",
# "you need to get"): a line with only these and none of those is spared the search.
_RUDE_COMPANIONS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "call": ("you call",),
    "sure": ("you",),
    "bet": ("you",),
    "doubt": ("you",),
    "should": ("you",),
    "live": ("you",),
    "yeah": ("yeah yeah", "yeah, yeah"),
    # "like a child", or "like you(rs)" in a question ("like that" and "like this" sneer
    # only beside "why" or "anyone", which the gate lets through by themselves)
    # (a tuple: all of its literals)
    "like": ("like a", ("like you", "?")),
    "wrong": ("you",),
    "anyone": ("why would", "?", "smarter", "brighter", "cleverer", "competent", "brain"),
    "get": ("need to get", "have to get", "get over"),
    # each in one or two set phrases, where the search costs a line as much as the
    # rest of its reading ("Would you like to …?", "Oh, I see", "big enough", "I must")
    "oh": ("wow", "joy", "dear me"),
    "look": ("you look",),
    "old": ("old are you",),
    "care": ("care at all", "care whether", "care if"),
    "school": ("to school", "finish school", "pass school"),
    "big": ("big deal",),
    "love": ("love that for you",),
    "must": ("must be nice",),
    "nice": ("must be nice", "nice for you"),
    "behind": ("behind the times",),
    "suit": ("suit yourself",),
    "problem": ("your problem",),
    "loss": ("your loss",),
    "haven't": ("heard of",),
    "havent": ("heard of",),
    "buy": ("need to buy", "have to buy"),
    "move": ("need to move", "have to move"),
    "being": ("re being",),
    "head": ("your head",),
}


def may_be_rude(lower: str, words: Collection[str], said: Said | None = None) -> bool:
    """Whether ``lower`` (words ``words``; of the line or sentence ``said``, if given)
    could match the rude patterns at all."""
    held = _RUDE_WORDS.intersection(words)
    if "'" in lower:
        # a word glued to another by an apostrophe ("you'even") is two to the patterns' \b
        held |= _RUDE_WORDS.intersection(_apart(words, lower) if said is None else _apart_of(said))
    for word in held:
        need = _RUDE_COMPANIONS.get(word)
        if need is None:
            return True
        for literal in need:
            if literal in lower if isinstance(literal, str) else all(x in lower for x in literal):
                return True
    return False


def is_rude(text: str) -> bool:
    return _rude(text, _words(text))


# What the customer has set against "a real" or "a proper" one, ending a question ("…
# before you get a real machine?", "… instead of a proper supplier?") ...
_SET_AGAINST_RE = re.compile(
    r"\w (?:instead of|rather than|before you (?:get|buy|find|hire)|when you could (?:get|have|"
    r"buy)) (?:a |an |some )?(?:real|proper|decent|grown-up) \w+[^.?!,]*\?"
)
_MEASURED = frozenset(("real", "proper", "decent", "grown"))
# ... in a question that is not the seller's offer or a choice put to the customer
# ("Could we lend you one instead of a proper new one?", "Would you rather …?")
_OFFERING_RE = re.compile(
    r"\b(?:we|i|us|our|let's|i'll|we'll|we'd|i'd|prefer|would you (?:rather|like)|do you want)\b"
)


def _offered_in(lower: str, m: re.Match[str]) -> bool:
    """The sentence of ``lower`` holding match ``m`` is the seller's offer or a choice put
    to the customer (see _OFFERING_RE), up to the end of the match."""
    start = max(lower.rfind(mark, 0, m.start()) for mark in (". ", "? ", "! ")) + 1
    return _OFFERING_RE.search(lower, start, m.end()) is not None


def belittles_theirs(lower: str, words: Collection[str]) -> bool:
    """A question sets what the customer has against "a real" or "a proper" one."""
    if _MEASURED.isdisjoint(words) or "?" not in lower:
        return False
    m = _SET_AGAINST_RE.search(lower)
    if m is None:
        return False
    return not _offered_in(lower, m)


# A taunt in question form: contempt by what the question assumes, not by an insult word.
# The customer's trade set as one option against a pastime ("is that a business or a
# hobby?", "a real job, or just something to keep you busy?", "a side hustle?"); its takers
# doubted by age or by being left at all ("who still buys candles, only old people?",
# "does anyone under eighty still play records?"); the customer's or their customers'
# means doubted with "even" ("can students even afford anything?").
_PASTIME = (
    r"(?:an? |some |your )?(?:little )?(?:hobby|pastime|bit of fun|something to (?:keep|pass|fill)|"
    r"way to (?:pass|fill|kill)|pocket money|side (?:hustle|gig))"
)
_TAUNT_RE = re.compile(
    rf"\bor\s+(?:is it |it's |just |only |merely |more (?:of )?|really |simply )*{_PASTIME}"
    rf"[^.!?]*\?|"
    rf"\b{_PASTIME}\b[^.!?]*\bor\s+(?:an? )?(?:real|proper|actual|serious)\s+\w+[^.!?]*\?|"
    r"\b(?:only|just)\s+(?:\w+\s+)?(?:old|elderly)\s+(?:people|folks?|ladies|men|women|timers|"
    r"dears|codgers)\b[^.!]*\?|"
    r"\b(?:anyone|anybody|people|who|someone)\s+(?:\w+\s+)?(?:under|below|younger than)\s+"
    r"(?:[6-9]\d|1\d\d|sixty|seventy|eighty|ninety|a hundred)\b[^.!]*\?|"
    # (who still buys it at all, not who still does it at the customer's: "on your team")
    r"\bwho\s+(?:on earth\s+|even\s+|actually\s+|really\s+)?still\s+(?:\w+\s+)?(?:buys?|uses?|"
    r"wants?|needs?|plays?|listens?|reads?|orders?|wears?|goes|eats|drinks|watches|hires?|"
    r"rents?|bothers?)\b(?![^.!?]*\b(?:your|you)\b)[^.!]*\?|"
    r"\b(?:can|could)\s+(?!you\b|we\b|i\b|your\b)(?:\w+\s+){1,2}even\s+(?:afford|manage|cope|count|"
    r"read|write|spell|run|handle|keep up|tell)\b[^.!]*\?"
)
_TAUNT_WORDS = frozenset(
    str.split(
        """
    hobby pastime fun something way pocket side old elderly under below younger still even
    """
    )
)


def taunts(lower: str, words: Collection[str]) -> bool:
    """A question holding the customer, their trade or their customers in contempt by
    what it assumes (see _TAUNT_RE); not the seller's offer or a question of their own
    ("we" or "I" asking about themselves)."""
    if "?" not in lower or _TAUNT_WORDS.isdisjoint(words):
        return False
    m = _TAUNT_RE.search(lower)
    if m is None:
        return False
    return not _offered_in(lower, m)


# A question that presumes the customer cannot run their own business or is not the one in
# charge: the one in charge asked for, with the customer as the lesser option ("is the
# owner in, or only you?"; not "does the landlord do repairs, or is it just you?"); whether
# they know what a thing of their trade is for, asked of a thing in general ("do you know
# what a boiler does?", not "what the boiler's model is", nor the seller's lead-in to
# explaining it, "… does? It moves heat …"); wonder that the business is still open at all
# ("how have you stayed in business this long?", "how is the café still afloat?"); or "how
# hard is it …?" put rhetorically, as a reproach ("seriously, how hard can it be to …?"),
# not asking how hard something is.
_CONDESCENDING_RE = re.compile(
    rf"\b(?:(?:is|are) (?:the|your) {_IN_CHARGE} (?:\w+ )?(?:about|around|in(?! charge)|there|here|"
    rf"available|free|back)|(?:speak|talk) (?:to|with) (?:the|your|a) {_IN_CHARGE}|"
    r"(?:someone|somebody|anyone|anybody) (?:in charge|senior|above you|who (?:decides|runs|"
    r"owns))|a grown-?up|an adult)\b[^.?!]*\bor (?:is it |it's |are you |was it )?(?:just|only|"
    r"merely) (?:you|yourself)\b[^.!]*\?|"
    r"\b(?:do|does|did) you (?:(?:even|actually|really|honestly|genuinely) )?(?:know|understand)"
    r" (?:what|how) an? \w+(?: \w+)? (?:does|do|means|is for|is used for|is meant for)\b"
    r"[^.!]*\?(?P<told>\s*[^?]+$)?|"
    r"\bhow (?:on earth |in the world )?(?:have|has|did|do|does|'ve) (?:you|your \w+|the \w+)"
    r"\b[^.?!]*\b(?:open|in business|afloat|trading)\b[^.?!]*\b(?:this|so) long\b[^.!]*\?|"
    r"\bhow (?:on earth |in the world )?(?:are|is) (?:you|your \w+|the \w+) (?:even )?still "
    r"(?:open|in business|afloat|trading)\b[^.!]*\?|"
    r"\b(?:honestly|seriously|really|surely|come on),? how (?:hard|difficult|tough|complicated) "
    r"(?:is|was|can|could|would) it\b[^.?!]*\?|"
    r"\bhow (?:hard|difficult|complicated) (?:can|could) it (?:possibly |really )?be\b[^.!]*\?|"
    r"\bhow (?:hard|difficult) (?:is|was|would) it (?:have been )?to (?:just|simply)\b[^.!]*\?"
)
_CONDESCENDING_WORDS = frozenset(
    str.split("just only merely yourself know understand long still hard difficult tough")
)


def condescends(lower: str, words: Collection[str]) -> bool:
    """A question (``lower`` holds a "?") talking down to the customer (see
    :data:`_CONDESCENDING_RE`): no insult word, the contempt is in what it presumes of
    them."""
    if _CONDESCENDING_WORDS.isdisjoint(words):
        return False
    m = _CONDESCENDING_RE.search(lower)
    # a question the seller goes on to answer themselves is a lead-in, not a test
    return m is not None and m.group("told") is None


# A question into the customer's private life, which no sale calls for: whether they are
# married or single, their faith or their vote, their own pay, their health or their
# children, whom they live with. Asked of the person ("are you married?", "what church do
# you go to?", "how much do you personally earn?"), not of their trade ("how much do your
# staff earn?", "do your clients have children?").
_PRIVATE = _WordLexicon(
    r"\b(?:are|were) you (?:\w+ )?(?:married|single|divorced|engaged|widowed|religious|"
    r"seeing (?:anyone|someone|somebody)|(?:a |an )?(?:hindu|muslim|christian|jewish|catholic|"
    r"buddhist|sikh|atheist|believer|churchgoer)|pregnant|ill|sick|gay|straight)\b[^.!]*\?|"
    r"\b(?:what|which) (?:church|mosque|temple|synagogue|religion|faith|party)\b[^.!?]*\byou\b"
    r"[^.!]*\?|"
    r"\bwho (?:did|do|will|would) you (?:\w+ )?vote\b[^.!]*\?|"
    r"\bhow much (?:do|did|are|were) (?:you|they) (?:\w+ )?(?:personally |actually )?"
    r"(?:earn|earning|take home|taking home|paid|pay you|get paid)\b[^.!]*\?|"
    r"\bwhat (?:do|does|did) (?:they|the owners?|your boss) pay you\b[^.!]*\?|"
    r"\byour (?:own )?(?:salary|wages|star sign|love life|religion|health|weight)\b[^.!]*\?|"
    r"\b(?:any |have you (?:got )?(?:any )?|do you have (?:any )?)health (?:problems|issues|"
    r"conditions)\b[^.!]*\?|"
    r"\b(?:have you got|do you have|got) (?:any )?(?:kids|children|a (?:wife|husband|partner|"
    r"girlfriend|boyfriend))\s*\?|"
    r"\bdo you (?:still )?live with (?:your|ur) (?:parents|mum|mom|mother|dad|father|folks)\b",
    words="married single divorced engaged widowed religious seeing hindu muslim christian "
    "jewish catholic buddhist sikh atheist believer churchgoer pregnant ill sick gay "
    "straight church mosque temple synagogue religion faith party vote earn earning "
    "take taking paid pay salary wages sign love health weight kids children wife "
    "husband partner girlfriend boyfriend live",
)


# A question the speaker forewarns may offend ("with respect, …", "no offence, but …",
# "I don't mean to be rude, but …"), and that judges the customer: a yes-or-no question
# about them or theirs, or one that doubts ("really", "actually", "even"). The disclaimer
# says the speaker knows what the question implies; the polite dress changes nothing. A
# plain question about the business after it ("sorry if this sounds blunt, but is budget
# the blocker?", "no offence, but what do you pay now?") stays discovery.
_FOREWARNED = _WordLexicon(
    r"\b(?:with (?:all )?(?:due )?respect|respectfully|no offen[cs]e|no disrespect|"
    r"(?:don'?t|do not) mean to (?:be rude|offend|be harsh|be funny)|not to be rude|"
    r"take (?:this|it) (?:the )?wrong way|"
    r"(?:sorry|forgive me|pardon me),? (?:if|but) (?:this|that|it) (?:sounds?|comes? across|is) "
    r"(?:\w+ )?(?:harsh|rude|blunt|personal|mean|unkind)|"
    r"(?:pardon|forgive) me(?: for (?:asking|saying))?(?=,? but\b))\b"
    r"[^?]*?(?:^|[,.;:!-]\s*|\bbut\s+)"
    r"(?:(?:do|does|did|is|are|was|were|have|has|can|could|would|will|should|isn'?t|aren'?t|"
    r"wasn'?t|don'?t|doesn'?t|haven'?t|wouldn'?t|shouldn'?t|can'?t)\s+"
    r"(?:(?:you|she|he|they|your|her|his|their|a|an|the|people|anyone)\b[^?]*|"
    r"[^?]*\b(?:really|actually|even|honestly|still|seriously)\b[^?]*)\?)",
    words="respect respectfully offence offense disrespect mean rude wrong harsh blunt "
    "personal unkind pardon forgive",
)


# A question that takes the customer's failure as given and asks only its extent, its
# start or its cause: "how long have you been losing money like this?", "when did you stop
# caring?", "how many jobs have you botched?", "why do your members keep leaving you?".
# The presupposition judges the customer's competence or worth; asking whether something
# went wrong ("have you lost members this year?", "why did the last supplier lose you?")
# stays discovery.
_PRESUMED_FAILING = _WordLexicon(
    r"\b(?:how long|how many|how much longer|how often|when|why)\b[^.?!]*\b(?:you|your)\b"
    r"[^.?!]*\b(?:"
    r"(?:losing|lost|lose|wasting|wasted|bleeding) (?:money|cash|customers|clients)"
    r" (?:like (?:this|that)|hand over fist)|"
    r"botch(?:ed|ing)?|bodg(?:ed|ing)|screw(?:ed|ing) up|mess(?:ed|ing) up|"
    r"(?:making|make|made) (?:the same |so many |these |those )?mistakes|"
    r"(?:stop|stopped) caring|out of (?:your|their) depth|(?:go|going|gone) (?:bust|under|"
    r"bankrupt|out of business)|ripp(?:ed|ing) (?:people|customers|clients|them) off|"
    r"keep (?:losing|leaving|failing|getting (?:it|things) wrong|messing|walking out)|"
    r"(?:this|so) empty"
    r")\b[^.!]*\?",
    words="like hand botch botched botching bodged bodging screwed screwing messed messing "
    "mistakes caring depth bust under bankrupt business ripped ripping keep empty",
)


# A question that tests whether the customer can do their own job or knows its words:
# whether they (actually) know how to do it or what they are doing, what a term means, can
# count, have heard of a thing everyone has; whether it is beyond them; whether their
# qualification or business is a real one; or their way of working set against making it
# up ("or do you just wing it?"). A question about what they know of their own numbers
# or kit ("do you know what your margin is?", "do you know how old the boiler is?") asks
# for facts and stays discovery.
_TESTED = _WordLexicon(
    r"\b(?:do|does|did|can|could) (?:you|she|he|they|your \w+|any of you)\b(?: \w+)?? "
    r"(?:(?:(?:actually|even|really|honestly|genuinely) )?(?:know|understand|have (?:a|any) "
    r"(?:clue|idea)) what (?:you'?re|you are|she'?s|she is|he'?s|he is|they'?re|they are) "
    r"doing|(?:actually|even|really|honestly|genuinely) (?:know|understand) how to)\b[^.!]*\?|"
    r"\b(?:know|understand) what ['\"]?(?!(?:that|this|it|they|the|your|our|my|their)\b)"
    r"[a-z][\w'-]*(?: [\w'-]+){0,2}['\"]? means\b[^.!?]*\?|"
    r"\b(?:heard of|know about) (?:a thing|something|this thing) called\b|"
    r"\bheard of the (?:internet|computer|phone|calculator|spreadsheet)\b[^.!]*\?|"
    r"\bcan you (?:(?:even|actually) (?:count|read|spell|add up)|count to)\b[^.!]*\?|"
    r"\b(?:a bit|bit|too|rather|way) (?:advanced|complicated|technical|clever|sophisticated|"
    r"posh) for (?:you|you lot|your lot|the likes of you|people like you)\b|"
    r"\b(?:is|was) (?:that|it|this|she|he) (?:even|actually|really) a (?:real|proper|"
    r"recogni[sz]ed|genuine) (?:qualification|certificate|course|degree|business|job|company|"
    r"shop|trade)\b[^.!]*\?|"
    r"\bor (?:do|does|did) (?:you|she|he|they)\b (?:\w+ )?(?:just )?(?:wing it|make it up|"
    r"guess|give it a go|bluff)\b|"
    r"\bdo you (?:honestly|really|seriously|genuinely|actually) (?:think|believe|reckon) "
    r"(?:you|you lot|your (?:\w+ )?(?:shop|business|firm|place|team|salon|studio|practice)) "
    r"(?:can|could|will|stand|are able)\b[^.!]*\?",
    words="know understand means called internet computer phone calculator spreadsheet "
    "count read spell add advanced complicated technical clever sophisticated posh "
    "real proper recognised recognized genuine wing make guess give bluff clue idea "
    "think believe reckon",
)


# The customer's place, town, voice or trade named with scorn in a question: a dump or a
# hovel "like that", the middle of nowhere, a backwater, their accent made a handicap
# ("with that accent"), their trade a dead end, themselves an amateur or a cowboy. A
# question about the premises or the area in plain words ("how far out are you?", "is
# the shop on the high street?") stays discovery.
_SCORNED = _WordLexicon(
    r"\b(?:dump|dive|hovel|pigsty|tip|shack|hole|slum|shed|shambles) like (?:that|this|yours|"
    r"it)\b[^.!]*\?|"
    r"\b(?:the middle of nowhere|the back of beyond|(?:a|some) backwater|(?:a|some) "
    r"godforsaken|the arse end of)\b(?![^.!?]*\bas you (?:said|say|put it)\b)[^.!]*\?|"
    r"\bwith (?:that|an|your|them) accents?\b[^.!]*\?|\bwhat(?:'s| is) that accent\b|"
    r"\b(?:a |such a )?dead[- ]end (?:job|trade|business|line of work|career)\b[^.!]*\?|"
    r"\b(?:getting|hiring|using|dealing with|talking to) (?:an? )?(?:amateur|cowboy|chancer|"
    r"bodger|clown)s?\b[^.!]*\?",
    words="dump dive hovel pigsty tip shack hole slum shed shambles middle back backwater "
    "godforsaken arse accent accents dead amateur amateurs cowboy cowboys chancer "
    "chancers bodger bodgers clown clowns",
)


# The questions rude by their form rather than an insult word (the lexicons above): prying,
# testing, scorning, presuming failure, or forewarned as likely to offend.
_RUDE_QUESTIONS = (_PRIVATE, _TESTED, _SCORNED, _PRESUMED_FAILING, _FOREWARNED)


def _rude(lower: str, words: Collection[str], said: Said | None = None) -> bool:
    """Contempt for the person in ``lower``, whose words are ``words`` (``said``: the line
    they are, if any)."""
    # Every match of the rude patterns holds one of _RUDE_WORDS: a set lookup spares most
    # lines the regex searches.
    return (
        (
            may_be_rude(lower, words, said)
            and bool(
                _RUDE_RE.search(lower)
                # (every match of the disbelief pattern holds "even")
                or ("even" in lower and _DISBELIEF_RE.search(lower))
            )
        )
        or judges_person(lower)
        or belittles_theirs(lower, words)
        or taunts(lower, words)
        or (
            "?" in lower
            and (
                condescends(lower, words)
                or any(q.search_words(lower, words) is not None for q in _RUDE_QUESTIONS)
            )
        )
    )


# Sympathy or congratulation in a stock phrase: warm when the rest of the reply takes the
# customer up ("Windows open all week in this cold, poor you."), a put-down when it is all
# the reply gives them ("Poor you. Anyway, …").
_STOCK_FEELING_RE = re.compile(r"\b(?:poor (?:you|thing|dear|love)|lucky you|good for you)\b")
_STOCK_FEELING_WORDS = frozenset(("poor", "lucky", "good"))


def stock_feeling(u: Utterance) -> bool:
    return not _STOCK_FEELING_WORDS.isdisjoint(u.tokens) and is_stock_feeling(u.lower)


def is_stock_feeling(text: str) -> bool:
    return any(not _asks_what_suits(text, m) for m in _STOCK_FEELING_RE.finditer(text))


# "good for you" asking what suits the customer: the predicate of a question ("would ten
# be good for you?") or of a condition ("if Monday is good for you"), no stock approval.
_SUITS_BEFORE_RE = re.compile(r"\b(?:if|whether|when)\b[^.!?,;]*$")
_SUITS_AFTER_RE = re.compile(r"[^.!]*\?")


def _asks_what_suits(text: str, m: re.Match[str]) -> bool:
    """Match ``m`` of a stock feeling in ``text`` is "good for you" asking what suits."""
    return m.group() == "good for you" and (
        _SUITS_AFTER_RE.match(text, m.end()) is not None
        or _SUITS_BEFORE_RE.search(text, 0, m.start()) is not None
    )


# The customer's lot called enviable, a treat or fun: said to bad news, the evaluation is
# turned against it ("Lucky you.", "Aren't you the lucky one.", "What a treat.", "Sounds
# like a real highlight of your year.", "Living the dream."). Negated, it is sympathy
# ("that can't have been fun", "no fun at all").
_ENVY = _WordLexicon(
    r"\b(?:lucky (?:old )?you|(?:you|you're|aren't you) (?:the |a )?lucky (?:one|thing|devil|"
    r"beggar|so-and-so)|you lucky (?:thing|devil|beggar)|good for you(?! for)|"
    r"what an? (?:\w+ )?(?:treat|joy|delight|laugh|lark|hoot|blast|thrill)|"
    r"(?:how|so|sounds(?: like)?|that sounds(?: like)?|must be|must have been|bet (?:that|it) "
    r"was|what) (?:(?:great|such|real|right|proper) )?(?:fun|exciting|thrilling|delightful|a "
    r"(?:\w+ )?(?:blast|treat|laugh|hoot|thrill|barrel of laughs))(?: for you)?|"
    r"barrel of laughs|highlight of (?:your|the) (?:day|week|month|year|life)|"
    r"living the dream)\b",
    words="lucky good treat joy delight laugh laughs lark hoot blast thrill fun exciting "
    "thrilling delightful highlight living",
)
# Words of the customer's line that make it good news, whatever else it tells ("we opened
# a second shop last month and it's going really well").
_GOOD_NEWS = frozenset(str.split("well happy pleased proud delighted thrilled excited"))
# A negation just before such a phrase: "not exactly a barrel of laughs".
_NEGATED_BEFORE_RE = re.compile(r"(?:n't|\b(?:no|not|never|hardly))(?: \w+){0,2} ?$")


def envies_trouble(s: Sentence, said: Utterance) -> bool:
    """Sentence ``s`` envies or approves of (:data:`_ENVY`) what customer line ``said``
    told as bad news (:func:`_bad_news`): the stock phrase turned against its sense,
    whatever of theirs it names ("Three days with the taxman, lucky you.")."""
    return (
        any(
            not _asks_what_suits(s.lower, m)
            and _NEGATED_BEFORE_RE.search(s.lower, 0, m.start()) is None
            for m in _ENVY.pattern.finditer(s.lower)
        )
        and _bad_news(said)
        and _GOOD_NEWS.isdisjoint(said.tokens)
    )


def rude(u: Utterance) -> bool:
    if u._rude is None:
        u._rude = _rude(u.lower, u.tokens, u)
    return u._rude


def wonders(u: Utterance, said: Utterance) -> bool:
    """``u``'s only sign of rudeness is an incredulous question that is sympathy: it asks
    when or how the customer themselves copes ("when do you even …"), not whether they
    know, care or think, and it is about what the customer ``said``: the turn took their
    words up first, or the question points back at them ("Forty a day, on top of your
    real job. When do you even get to them?"). Rudeness needs plain evidence: contempt
    for the person, not wonder at their load."""
    if "even" not in u.tokens or _RUDE_RE.search(u.lower) is not None:
        return False
    taken_up = wondered = False
    for s in u.sentences:
        if _DISBELIEF_RE.search(s.lower) is None:
            taken_up = taken_up or bool(s.stems & said.stems) or empathic(s)
            continue
        if not (
            _WONDER_START_RE.match(s.lower)
            and _MIND_WORDS.isdisjoint(s.tokens)
            and (taken_up or not _ANAPHORS.isdisjoint(s.tokens) or bool(s.stems & said.stems))
        ):
            return False
        wondered = True
    return wondered


def pol(u: Utterance) -> int:
    if u._polarity is None:
        u._polarity = polarity(u.lower[u.answer_end :])
    return u._polarity


# An assent that turns into a retort: "Oh sure, because …", "Yeah right, as if …", "Sure,
# as if …", or a bare "Right, because" whose reason ends the sentence ("Right, because
# that's my problem."); a plain "Yes, because our vans run on Sundays" answers.
_IRONIC_ASSENT_RE = re.compile(
    r"^\W*(?:(?P<oh>oh|ah)\W+)?(?:(?P<idiom>yeah\W+right)|(?P<bare>right)|sure(?:\W+sure)?|"
    r"yeah|yes)\W+"
    r"(?:(?P<as_if>as if)|because(?! of))\b(?P<rest>[^,;]*)(?P<more>[,;].*)?$"
)
# A stage direction of scorn or of exasperation: "*rolls eyes*", "(eye roll)", "[scoffs]",
# "*sighs*", "[sighs heavily]", "(groans)": the line is said at the customer's expense,
# however its words read.
_SCORN_DIRECTION_RE = re.compile(
    r"[*(\[]\s*(?:\w+\s+)?(?:rolls?|rolling)\s+(?:\w+\s+)?eyes\s*[*)\]]|"
    r"[*(\[]\s*(?:eye[- ]?rolls?|scoffs?|smirks?|snorts?|sarcastic(?:ally)?|"
    r"(?:\w+\s+)?(?:sighs?|sighing|groans?|groaning|tuts?|tutting|huffs?|huffing|yawns?|"
    r"yawning)(?:\s+\w+)?)\s*[*)\]]"
)
_SCORN_MARKS = frozenset("*([")
_ASSENT_FIRST = frozenset(str.split("oh ah yeah right sure yes"))
_QUOTED_OFF = frozenset(str.split("right sure apparently"))
# The customer's own words held up in quotes and waved off: "'Slow', right."
_QUOTED_OFF_RE = re.compile(r"(?:^|\s)['\"]([^'\"]{2,40})['\"],?\s+(?:right|sure|apparently)\b")


def retorts(reply: Utterance, said: Utterance) -> bool:
    """Trainee line ``reply`` grants customer line ``said`` only in irony: an assent that
    turns into a retort ("Oh sure, because the sun never shines.", "Yeah right, as if …";
    a bare "Right, because …" only when the reason ends the sentence in none of the
    customer's words: "Right, because that's my problem."), a stage direction of scorn
    ("*rolls eyes*"), or the customer's own words quoted and waved off ("'Slow',
    right."). A sincere "Right, because the roadworks cut your
    trade, …" explains in their words and goes on."""
    if not _SCORN_MARKS.isdisjoint(reply.text) and _SCORN_DIRECTION_RE.search(reply.lower):
        return True
    for s in reply.sentences:
        if not s.tokens or (s.tokens[0] not in _ASSENT_FIRST and _QUOTED_OFF.isdisjoint(s.tokens)):
            continue  # (most sentences open on no assent and wave nothing off)
        m = _IRONIC_ASSENT_RE.match(s.lower)
        if m is not None and (
            m.group("oh")
            or m.group("as_if")
            or m.group("idiom")
            or (
                m.group("bare")
                and not m.group("more")
                and content_stems(m.group("rest")).isdisjoint(said.stems)
            )
        ):
            return True
        q = _QUOTED_OFF_RE.search(s.text.translate(_TYPOGRAPHIC).lower())
        if q is not None and content_stems(q.group(1)) <= said.stems:
            return True
    return False


def is_sarcastic_reply(reply: Utterance, said: Utterance) -> bool:
    """A cheerful opener in reply to bad news, an explicit sneer, sympathy said with
    mocking stress ("that must be SO hard") or waved away in the same breath ("what a
    disaster. Anyway, our rates …")."""
    # asked of the same reply to the same line from several readings: read once
    if reply._sarcastic_to == said.index:
        return reply._sarcastic
    sarcastic = (
        mocking(reply)
        or mock_grief(reply, said)
        or mock_marvel(reply, said)
        or incongruous(reply, said)
        or retorts(reply, said)
        or (
            not _ENVY.words.isdisjoint(reply.tokens)
            and any(envies_trouble(s, said) for s in reply.sentences)
        )
        or trivialises(reply, said)
        or mock_coping(reply, said)
        or mock_helplessness(reply, said)
        or calls_stale(reply, said)
        or (
            not _MOCK_GATE.isdisjoint(reply.tokens)
            and (mock_sympathy(reply, said) or mock_thanks(reply, said))
        )
        or (
            reply.lower.startswith(_POSITIVE_OPENERS)
            and _POSITIVE_OPENER_RE.search(reply.lower) is not None
            and pol(said) < 0
            and not _opens_warmly(said)
            # ("we're fine with the lads we use" declines, and is their good news)
            and not served_already(said)
        )
    )
    reply._sarcastic_to, reply._sarcastic = said.index, sarcastic
    return sarcastic


# An acknowledgement whose evaluation makes the customer's worry weigh nothing: it is
# said to be nothing, hardly a thing, a small matter, no real problem, the customer left
# to get through it themselves ("you'll manage"), or granted only as their say-so; or
# their trouble affirmed, not denied, to be "the end of the world". Negated it is the
# opposite ("that's no small thing", "not the end of the world, we can fix it Friday").
_TRIVIAL = _WordLexicon(
    r"\b(?:is|are|was|that's|it's|that is|it is)\s+(?:just\s+|really\s+|honestly\s+)?nothing"
    r"\b(?!\s+(?:to worry|to be|we|i|our|that)\b)|"
    r"\bhardly (?:a|an) (?!surprise|wonder|shock)|"
    r"\b(?<!not )(?<!not a )(?<!no )(?<!n't a )(?:small|minor|tiny|trivial|little) (?:matter|"
    r"thing|problem|issue|worry)\b|"
    r"\bnot (?:a |an )?(?:real|big|serious|actual|proper) (?:problem|issue|worry|concern|deal)\b|"
    r"\byou(?:'ll| will) (?:\w+ )?(?:manage|survive|live|cope|get over it)(?:\s+(?:somehow|fine|"
    r"just fine|ok|okay))?\s*(?:[.!,;]|$)|\byou(?:'ll| will) (?:hardly|barely) notice\b|"
    r"\bif you say so\b|\b(?<!not )(?<!n't )(?<!not quite )the end of the world\b|"
    # ranked below worse troubles, called beside the point, or cared about by nobody
    r"\bi'?ve seen (?:\w+ )?worse\b|\bcould (?:have been|be) (?:a lot |much |far |way |so much )?"
    r"worse\b|\b(?:not (?:really |that |very )?relevant|irrelevant|beside the point)\b|"
    r"\b(?:nobody|no one|no-one) (?:really )?cares\b(?! (?:more|as much)\b)",
    words="nothing hardly small minor tiny trivial little real big serious actual proper manage "
    "survive live cope get notice say end worse relevant irrelevant beside cares",
)


def trivialises(reply: Utterance, said: Utterance) -> bool:
    """A sentence of ``reply`` that takes up what the customer ``said`` (their words, a
    pointer back, or "you") makes a worry or a trouble of theirs weigh nothing (see
    _TRIVIAL): a put-down in the place of an acknowledgement. The seller's own side
    ("a small job for us") is no evaluation of the customer's matter."""
    if _TRIVIAL.words.isdisjoint(reply.tokens):
        return False
    # the customer's worry is read last: it costs more than the lexicon's search
    return any(
        not s.is_question
        and _TRIVIAL.search_in(s) is not None
        and not about_seller(s)
        and (
            "you" in s.tokens
            or not _ANAPHORS.isdisjoint(s.tokens)
            or not s.stems.isdisjoint(said.stems)
        )
        for s in reply.sentences
    ) and (_bad_news(said) or concern_level(said) > 0)


# Wonder or praise put on as a show: a find or a feat made of nothing ("what a
# revelation", "who'd have thought", "who could ever have seen that coming", "how very
# clever"), the stock retorts to the obvious, an adverb in the frame or not.
_MARVEL = _WordLexicon(
    r"\bwhat an? (?:\w+ )?(?:revelation|discovery|insight|breakthrough|bombshell|scoop|"
    r"news ?flash|eye-?opener)\b|\bwho(?: would|'d| could)(?: ever| possibly)?(?:'ve| have)"
    r"(?: ever)? (?:thought|guessed|known|predicted|seen (?:that|this|it) coming)\b|"
    r"\bwho knew\b|\b(?:very|so|how|how very|aren't you|you're so|"
    r"ever so) (?:clever|smart|observant|perceptive|astute|original|insightful|sharp|bright)\b|"
    r"\byou don'?t say\b|\bno kidding\b|\bstop the press(?:es)?\b|\b(?:ground|earth)[- ]?"
    r"(?:breaking|shattering)\b|\bmind[- ]?blowing\b",
    words="revelation discovery insight breakthrough bombshell scoop news newsflash eye "
    "eyeopener eye-opener who who'd clever smart observant perceptive astute original insightful "
    "sharp bright say kidding stop ground earth groundbreaking groundshattering earthbreaking "
    "earthshattering mind mindblowing",
)


def mock_marvel(reply: Utterance, said: Utterance) -> bool:
    """Wonder or praise laid on (:data:`_MARVEL`) at what the customer just told, taken up
    in its own words ("Thank you for telling me a cafe uses milk, what a revelation"): the
    customer's own business handed back as news, in mockery."""
    return _MARVEL.search_in(reply) is not None and not reply.stems.isdisjoint(said.stems)


# Incongruity: an acknowledgement's place taken by a remark no sincere reply makes. Each
# family is a form of evaluation turned against what the customer told, not a phrase:
# a feat praised where they told of a loss ("congratulations, a whole weekend without
# lettuce"); a question making the complaint small against a scale of disaster ("is that
# really the end of the world?"); feelings or mourning given to a thing ("is it
# traumatised?", "send it flowers"); a superlative of all time laid on the customer's own
# way ("the greatest invention of the century"); a return to the past proposed and praised
# as modern ("let's all go back to candles, very modern"), or an old way praised as modern
# and sent to a museum.
_FEAT = _WordLexicon(
    r"\b(?:congratulations|congrats|well done|bravo|hats off|kudos|three cheers|"
    r"(?:quite|what|some|such|real) (?:an? )?(?:achievement|accomplishment|feat|record)|"
    r"(?:a|new) (?:personal |world )?record|impressive|how (?:very )?(?:efficient|organised|"
    r"organized|professional))\b",
    words="congratulations congrats done bravo hats kudos cheers achievement accomplishment "
    "feat record impressive efficient organised organized professional",
)
_BELITTLED = _WordLexicon(
    r"\b(?:end of the world|big deal|life or death|matter of life|(?:such|that|so) (?:a |an )?"
    r"(?:big |huge )?(?:deal|drama|crisis|tragedy|catastrophe|disaster|emergency|hardship|"
    r"problem)|(?:the|a) (?:crisis|tragedy|catastrophe|disaster|emergency) of)\b",
    words="end deal life matter drama crisis tragedy catastrophe disaster emergency hardship "
    "problem",
)
_REALLY = frozenset(str.split("really honestly seriously actually truly"))
_MOURNED = frozenset(
    str.split(
        """
    traumatised traumatized flowers funeral condolences vigil wreath grieving mourning mourn
    heartbroken
    """
    )
)
_THING_PRONOUNS = frozenset(str.split("it it's its"))
_ALL_TIME = _WordLexicon(
    r"\b(?:greatest|best|finest|smartest|cleverest|brightest|most \w+) [^.!?]{0,40}?"
    r"(?:of (?:the|this) (?:century|age|millennium|decade)|of all time|in (?:human )?history|"
    r"known to (?:man|mankind|humanity)|since sliced bread|ever (?:made|invented|devised))\b",
    words="greatest best finest smartest cleverest brightest most",
)
_BACKWARDS = _WordLexicon(
    r"\b(?:(?:go|going|get|getting|head|heading|return|returning) (?:straight |right |all )?back "
    r"to (?:the )?|(?:and )?while we'?re at it|why not (?:bring back|go back))",
    words="back while why",
)
_MODERN = _WordLexicon(
    r"\b(?:very|so|how|ever so|terribly|truly|really) (?:\w+ly )?(?:modern|progressive|advanced|"
    r"futuristic|cutting[- ]edge|high[- ]tech|innovative)\b",
    words="modern progressive advanced futuristic edge tech innovative",
)
# ... or their way consigned to the past in the same breath ("they'll want you in a
# museum", "straight out of the Stone Age").
_RELIC = _WordLexicon(
    r"\b(?:in|for|into|from) (?:a|the) museum\b|\bmuseum piece\b|\bstone age\b|\bdark ages\b|"
    r"\bhistory books\b|\bjurassic\b",
    words="museum stone dark history jurassic",
)


def _bad_news(said: Utterance) -> bool:
    """The customer told of a loss, a fault or a worry rather than good news (being
    served already is good news of theirs, though it is a concern)."""
    return pol(said) <= 0 and (
        (concern_level(said) > 0 and not served_already(said))
        or not _NEGATIVE_WORDS.isdisjoint(said.tokens)
        or not _CALAMITY.isdisjoint(said.tokens)
    )


# Every family above needs one of these words: most replies have none.
_INCONGRUITY_WORDS = _MOURNED | _FEAT.words | _BELITTLED.words | _ALL_TIME.words | _MODERN.words


def incongruous(reply: Utterance, said: Utterance) -> bool:
    """The reply's evaluation is turned against what the customer ``said`` (see _FEAT …
    _MODERN): sarcasm by its form, whatever words carry it."""
    if _INCONGRUITY_WORDS.isdisjoint(reply.tokens):
        return False
    for s in reply.sentences:
        mourned = _MOURNED.intersection(s.tokens)
        if (
            mourned
            and (s.is_question or "poor" in s.tokens)
            and not _THING_PRONOUNS.isdisjoint(s.tokens)
            and mourned.isdisjoint(said.tokens)
            and _CALAMITY.isdisjoint(said.tokens)
        ):
            return True  # ("shall we send it flowers?": the seller may offer the mourning)
        if about_seller(s):
            continue  # the seller's own boasts are no evaluation of the customer's matter
        if (
            s.is_question
            and (not _REALLY.isdisjoint(s.tokens) or not _ANAPHORS.isdisjoint(s.tokens))
            and _BELITTLED.search_in(s) is not None
        ):
            return True
        if _ALL_TIME.search_in(s) is not None:
            return True
        # (after bad news only: a feat of the customer's own, "congratulations on the new
        # shop", is praise)
        if (
            _FEAT.search_in(s) is not None
            and not s.stems.isdisjoint(said.stems)
            and _bad_news(said)
        ):
            return True
    if _MODERN.search_in(reply) is None:
        return False
    if _RELIC.search_in(reply) is not None and _RELIC.words.isdisjoint(said.tokens):
        return True
    backwards = _BACKWARDS.search_in(reply)
    # ("while we're at it" joins the speaker to the mockery; it is not the seller's side)
    return backwards is not None and _SELLER.isdisjoint(
        _words(_BACKWARDS.pattern.sub(" ", reply.lower))
    )


# Sympathy laid on past the trouble the customer told, each a mark by itself that can be
# sincere, mockery together: stock pity ("aw", "poor you", "bless you"); the customer's own
# figure stressed as if it were a lot ("five whole hours", "all of two days"); a word of
# great suffering for it ("such hardship", "all that toil", "what heroism"); or wonder at
# how "you lot" get through it.
_PITY_RE = re.compile(
    r"(?:^|[.!?,]\s*)aw+\b|\bpoor (?:you|thing|dear|love|lamb|soul)\b|\byou poor\b|"
    r"\bbless (?:you|your (?:heart|cotton socks)|'?em|them)\b"
)
_PITY_WORDS = frozenset(str.split("aw aww awww poor bless"))
_STRESSED_FIGURE_RE = re.compile(
    r"\b(?P<n>[a-z0-9]+) (?:whole|entire|full|solid|long) \w+|\ball of (?P<m>[a-z0-9]+) \w+"
)
_HARDSHIP_RE = re.compile(
    r"\b(?:such|all (?:that|this|the)|so much|this|that|what an?|the) (?:\w+ )?(?:hardship|"
    r"hardships|suffering|adversity|torment|toil|tribulations?|agony|heroics|heroism|"
    r"martyrdom)\b"
)
_HARDSHIP_WORDS = frozenset(
    str.split(
        "hardship hardships suffering adversity torment toil tribulation tribulations agony "
        "heroics heroism martyrdom"
    )
)
_YOU_LOT_COPE_RE = re.compile(
    r"\bhow (?:you|y'all|yous|youse) (?:lot |people |folks? |guys |all )?(?:ever )?(?:cope|"
    r"manage|survive|bear|stand|get through|do it)\b"
)
_SYMPATHY_MARKS = _PITY_WORDS | _HARDSHIP_WORDS | frozenset(("whole", "entire", "lot", "people"))


def mock_sympathy(reply: Utterance, said: Utterance) -> bool:
    """Sympathy with two of the marks above at once, for what the customer ``said`` that
    told of no calamity: pity with their own figure stressed ("Aw, poor you. Five whole
    hours."), or great suffering named and pity or wonder besides ("poor you, such
    hardship", "how you lot cope with such toil")."""
    if len(_SYMPATHY_MARKS.intersection(reply.tokens)) < 2 or not _CALAMITY.isdisjoint(said.tokens):
        return False
    lower = reply.lower
    pity = _PITY_RE.search(lower) is not None
    stressed = _stresses_their_figure(lower, said)
    hardship = _HARDSHIP_RE.search(lower) is not None
    wonder = _YOU_LOT_COPE_RE.search(lower) is not None
    return (pity and stressed) or (hardship and (pity or stressed or wonder))


def _stresses_their_figure(lower: str, said: Utterance) -> bool:
    """``lower`` stresses a figure the customer ``said`` as if it were a lot
    (:data:`_STRESSED_FIGURE_RE`: "five whole hours", "all of two days")."""
    for m in _STRESSED_FIGURE_RE.finditer(lower):
        figure = m.group("n") or m.group("m")
        if figure in said.tokens and is_number(figure) and figure != "one":
            return True
    return False


# How the customer will ever get through it, asked of them as the clause's last word ("how
# will you survive", "however would you cope?"): with their own figure stressed beside it
# (:func:`_stresses_their_figure`), mock wonder. Either alone can be sincere; a question of
# how they will handle something ("how will you manage the busy season?") asks.
_GET_THROUGH_RE = re.compile(
    r"\bhow(?:ever)? (?:will|would|shall|could|can) you (?:\w+ )?(?:ever |possibly |even )?"
    r"(?:survive|cope|manage|bear it|stand it|get by|go on|carry on|pull through|live)"
    r"(?=\s*(?:[.?!,;]|$))"
)
_GET_THROUGH_WORDS = frozenset(("how", "however"))
_STRESS_WORDS = frozenset(str.split("whole entire full solid long all"))


def mock_coping(reply: Utterance, said: Utterance) -> bool:
    """The customer's own figure stressed, and a question of how they will ever get
    through it (see :data:`_GET_THROUGH_RE`), as in "Wow, fifteen whole percent, how will
    you survive"."""
    if _GET_THROUGH_WORDS.isdisjoint(reply.tokens) or _STRESS_WORDS.isdisjoint(reply.tokens):
        return False
    lower = reply.lower
    return _GET_THROUGH_RE.search(lower) is not None and _stresses_their_figure(lower, said)


# Helplessness put on at a worry, as a question no one answers: "whatever shall we do",
# "how will you ever sleep again", "how could anyone possibly bear it". Asked with
# nothing after it and with "ever" or "possibly" to stress it; a plain "how will you
# cope with the extra orders?" is a question about their business, and "how would you
# ever know?" grants that a hidden fault is hard to see.
_HELPLESS = _WordLexicon(
    r"\bwhatever (?:shall|will|would|are|can) (?:we|you|i|they|anyone)(?: going to)? do\b|"
    r"\bhow(?:ever)? (?:will|would|shall|could|can|do|does) (?:you|we|they|anyone|anybody|"
    r"one|the \w+) (?:ever|possibly) (?:survive|cope|manage|sleep|rest|recover|bear it|"
    r"stand it|get over it|go on|carry on|live with it|live)(?: again)?(?=\s*(?:[.?!]|$))",
    words="whatever ever possibly",
)


def mock_helplessness(reply: Utterance, said: Utterance) -> bool:
    """Helplessness put on (:data:`_HELPLESS`) at what the customer ``said``, a worry
    or a trouble that is no calamity: their matter made a drama to laugh at. Sympathy
    after it ("… how would you ever rest? I'd worry too.") shows the question meant."""
    if _HELPLESS.words.isdisjoint(reply.tokens):
        return False  # (most replies)
    if not _CALAMITY.isdisjoint(said.tokens) or not (concern_level(said) > 0 or _bad_news(said)):
        return False
    for k, s in enumerate(reply.sentences):
        if _HELPLESS.search_in(s) is not None:
            return not any(empathic(x) for x in reply.sentences[k + 1 :])
    return False


# The customer's worry called a stock line the trainee has heard too often: "never heard
# that one before", "if I had a pound for every time", "the old chestnut". Hearing a worry
# often, said in earnest ("I hear that from a lot of charities"), names no stock line.
_STALE = _WordLexicon(
    r"\b(?:never|not) heard that one\b|\bheard that one (?:before|a (?:few|hundred|thousand|"
    r"million) times)|\bif i had an? (?:pound|penny|dollar|quid|nickel|euro|fiver|tenner) for "
    r"every (?:time|one)\b|\bold (?:[\w'-]+ ){0,3}?chestnut\b",
    words="heard pound penny dollar quid nickel euro fiver tenner chestnut",
)


def calls_stale(reply: Utterance, said: Utterance) -> bool:
    """The reply calls the worry or trouble the customer ``said`` a stock line heard too
    often (:data:`_STALE`): a put-down in the place of an acknowledgement."""
    return _STALE.search_in(reply) is not None and (_bad_news(said) or concern_level(said) > 0)


# Thanks for a worry or a complaint, raised to a pronouncement: gratitude or credit for
# it ("how generous of you", "thank you for enlightening us", "we're so grateful") with the
# customer's view made out to be expert wisdom ("that expert view", "such wisdom", "pearls",
# "the baker has spoken"). Deference to what the customer knows of their own trade, "you're
# the expert on your boats", puts no view on a pedestal.
_CREDIT_RE = re.compile(
    r"\bhow (?:very |terribly |awfully )?(?:generous|kind|good|gracious|thoughtful|sweet|nice|"
    r"noble|wise) of you\b|\bthank(?:s| you)(?: so much| ever so much| kindly)? for\b|"
    r"\b(?:i|we) (?:really |truly |do )?appreciate\b|\b(?:so|most|eternally|truly) grateful\b|"
    r"\bmuch obliged\b|\bwhat an? (?:honou?r|privilege)\b"
)
_CREDIT_WORDS = frozenset(
    str.split("generous kind good gracious thoughtful sweet nice noble wise thank thanks ")
    + str.split("appreciate grateful obliged honour honor privilege")
)
_PEDESTAL_RE = re.compile(
    r"\bexpert (?:view|views|opinion|opinions|take|verdict|analysis|assessment|advice|eye|"
    r"insight|insights|knowledge|word)\b|\b(?:wisdom|pearls|wise words|enlighten\w*|oracle|"
    r"guru|sage|genius|professor)\b|\b(?:the|a|our) \w+ (?:has|have) spoken\b"
)
_PEDESTAL_WORDS = frozenset(
    str.split("expert wisdom pearls wise enlighten enlightening enlightened enlightenment")
    + str.split("oracle guru sage genius professor spoken")
)


def mock_thanks(reply: Utterance, said: Utterance) -> bool:
    """Gratitude for what the customer ``said`` (a worry, a complaint) with their view put
    on a pedestal (see _CREDIT_RE, _PEDESTAL_RE): ironic, so no acknowledgement."""
    if _PEDESTAL_WORDS.isdisjoint(reply.tokens) or _CREDIT_WORDS.isdisjoint(reply.tokens):
        return False
    return (
        _CREDIT_RE.search(reply.lower) is not None
        and _PEDESTAL_RE.search(reply.lower) is not None
        and (_bad_news(said) or concern_level(said) > 0)
    )


# Every mock sympathy holds a word of pity or suffering, every mock thanks a pedestal: one
# set lookup spares most replies both readings.
_MOCK_GATE = _PITY_WORDS | _HARDSHIP_WORDS | _PEDESTAL_WORDS


def _opens_warmly(said: Utterance) -> bool:
    """The customer's line is good news before it turns ("It came, it's lovely, but …"),
    and tells of no calamity: a cheerful opener can echo that first half, it need not be
    cheer at the bad news after the turn."""
    m = _CLAUSE_SPLIT.search(said.lower)
    if m is None or m.start() == 0:
        return False
    first = said.lower[: m.start()]
    words = _words(first)
    return (
        bool(words)
        and _clause_polarity(first, words) >= 0
        and _NEGATIVE_WORDS.isdisjoint(words)
        and "n't" not in first
        and _CONCERN_RE.search(first) is None
        and _CALAMITY.isdisjoint(said.tokens)
    )


# Grief words stressed by an intensifier ("truly devastating", "how heartbreaking"): mock
# sympathy when what the customer told was no calamity.
_GRIEF = _WordLexicon(
    r"\b(?:truly|utterly|simply|positively|absolutely|how|what an?|such an?)\s+(?:\w+\s+)?"
    r"(?:devastating|heartbreaking|heart-breaking|tragic|tragedy|catastrophic|catastrophe|"
    r"calamity|calamitous|harrowing|unbearable)\b",
    words="devastating heartbreaking heart tragic tragedy catastrophic catastrophe calamity "
    "calamitous harrowing unbearable",
)
_CALAMITY = frozenset(
    str.split(
        """
    died dead death fire burned burnt flood flooded flooding accident crash injured injury
    hospital funeral passed cancer destroyed bankrupt stolen robbed burgled fatal
    """
    )
)


# A question asking the customer nothing: how someone other than them will "ever" or
# "possibly" get through it ("How will the town ever survive?", "How will your kids
# possibly cope?").
_RHETORICAL_RE = re.compile(
    r"\bhow (?:will|would|shall|can|could|do|does|did|is|are|was|were) (?!you\b)"
    r"[^.!?]*\b(?:ever|possibly)\b[^.!?]*\?"
)


def mock_grief(reply: Utterance, said: Utterance) -> bool:
    """Grief words pushed by an intensifier in reply to a line that told of no calamity,
    pity for someone with an exclamation about their lot, or mock horror: an exclamation
    and a rhetorical question about how others will ever get through it."""
    if _GRIEF.search_in(reply) is not None and _CALAMITY.isdisjoint(said.tokens):
        return True
    if (
        "!" in reply.text
        and _RHETORICAL_RE.search(reply.lower) is not None
        and _CALAMITY.isdisjoint(said.tokens)
    ):
        return True
    if ("!" in reply.text or not _ALARM.words.isdisjoint(reply.tokens)) and any(
        _blows_up(s, said) for s in reply.sentences
    ):
        return True
    return "poor" in reply.tokens and mock_pity(reply.lower, said)


# A public scale no customer's shop trouble has: mock alarm names it ("Alert the
# government!", "This will make the headlines!"); not the seller's reach ("nationwide").
_PUBLIC_SCALE = frozenset(
    str.split(
        """
    national nation army military police government parliament headlines newspapers
    """
    )
)


# Mock alarm needs no exclamation mark when its form is the alarm itself: a national
# authority or the news called in ("alert the prime minister", "somebody ring the papers",
# "alert the media") or a whole nation's doom or mourning declared ("the country's
# finished", "the whole county will be in mourning"). The police or the council are no
# such scale: calling them can be advice.
_ALARM = _WordLexicon(
    r"\b(?:alert|call|ring|phone|tell|inform|notify|wake|summon|get) (?:up )?the (?:prime "
    r"minister|president|government|parliament|papers|newspapers|press|media|news|army|navy|"
    r"king|queen|united nations|cabinet)\b|\b(?:the|this) (?:whole |entire )?(?:country|"
    r"nation|county|kingdom|world)(?:'s| is| will be| would be| must be)? (?:finished|doomed|"
    r"done for|in mourning|grieving)\b|\bnational (?:day of )?mourning\b",
    words="minister president government parliament papers newspapers press media news army "
    "navy king queen nations cabinet country nation county kingdom world national",
)


def _blows_up(s: Sentence, said: Utterance) -> bool:
    """An exclamation in ``s`` raising what the customer ``said`` to a public scale they
    never spoke of, or a mock alarm (_ALARM) at it; not about the seller's side ("We
    deliver nationwide!")."""
    if _CALAMITY.isdisjoint(said.tokens) and not about_seller(s):
        if s.text.endswith("!") and not _PUBLIC_SCALE.isdisjoint(s.tokens):
            return _PUBLIC_SCALE.isdisjoint(said.tokens)
        alarm = _ALARM.search_in(s)
        return alarm is not None and _ALARM.words.isdisjoint(said.tokens)
    return False


# Pity for someone ("the poor neighbours"), and an exclamation (see _NOT_EXCLAIMING).
_PITIED_RE = re.compile(r"\bpoor (\w+)")
_EXCLAMATION_RE = re.compile(rf"\bhow (?!many|much)\w+ {_EXCLAIMED_SUBJECT}\b[^?]*(?:[.!]|$)")


def mock_pity(lower: str, said: Utterance) -> bool:
    """Exaggerated pity about a concern that told of no calamity: someone other than the
    customer pitied and their lot exclaimed over ("the poor neighbours, hearing a hum,
    how cruel life is for them"). Sincere sympathy takes the worry up without grieving."""
    pitied = any(not m.startswith(("you", "thing")) for m in _PITIED_RE.findall(lower))
    return (
        pitied and _CALAMITY.isdisjoint(said.tokens) and _EXCLAMATION_RE.search(lower) is not None
    )


def mocking(u: Utterance) -> bool:
    """The line sneers, whatever it answers: rude words, mocking stress, or sympathy
    waved away."""
    if u._mocking is None:
        u._mocking = rude(u) or mocks(u) or sets_aside_sympathy(u)
    return u._mocking


# An intensifier shouted in a line otherwise in lower case: stress that mocks.
_SHOUTED_RE = re.compile(
    r"\b(?:SO{1,3}|SUCH|REALLY|VERY|TOTALLY|TRULY|SUPER|AWFULLY|TERRIBLY|INCREDIBLY)\b"
)
_SHOUTED_WORDS = frozenset(
    str.split("so soo sooo such really very totally truly super awfully terribly incredibly")
)


def mocks(said: Utterance | Sentence) -> bool:
    """The line or sentence (as written) stresses an intensifier in capitals ("SO hard")."""
    if _SHOUTED_WORDS.isdisjoint(said.tokens):
        return False  # most lines: no intensifier at all
    return _SHOUTED_RE.search(said.text) is not None and not said.text.isupper()


# What sets the previous words aside: a pivot at the start of a sentence or clause.
_SET_ASIDE = _WordLexicon(
    r"(?:^|[.!?,;:]\s*|\s-+\s*)(?:anyway|anyhow|moving on|regardless|be that as it may|"
    r"enough about (?:that|this))\b",
    words="anyway anyhow moving regardless may enough",
)
# An exclamation: an interjection, "what a …", or "how awful" closing on nothing more.
_EXCLAIM_RE = re.compile(
    r"^\W*(?:oh|wow|gosh|goodness|gee|golly|dear|aw+|ah|my)\b|\bwhat an? \w+|"
    r"\bhow \w+(?= for (?:you|them|him|her)\b|\s*(?:[.!,;]|$))"
)


# What a bare evaluation or stock sympathy may hold besides its evaluative word.
_BARE_FRAME = frozenset(str.split("oh ah aw well that's that is it's so very just how i'm i am"))
_EMPATHY_STEMS = content_stems(" ".join(_EMPATHY.words))


def _bare_cheer(s: Sentence) -> bool:
    """The sentence is a positive evaluation and nothing else ("Lovely.", "Oh, great!")."""
    if len(s.tokens) > 6 or _POSITIVE_SET.isdisjoint(s.tokens):
        return False  # (most opening sentences)
    rest = [w for w in s.tokens if w not in _BARE_FRAME]
    return 0 < len(rest) <= 2 and all(w in _POSITIVE_SET for w in rest)


def _bare_sympathy(s: Sentence, said: Utterance) -> bool:
    """Stock sympathy with no word of what the customer told ("Sorry about that.")."""
    return (
        s.stems <= _EMPATHY_STEMS
        and len(s.tokens) <= 6
        and s.stems.isdisjoint(said.stems)
        and empathic(s)
    )


# A stock concession grants the customer their view without saying what it is: "That's
# completely fair", "I totally respect that", "I hear you", "Makes sense". Its words are
# the grant and the intensifiers that dress it, nothing of what the customer told.
_GRANT_STEMS = content_stems(
    "fair understand understandable hear respect respected appreciate sense reasonable valid "
    "point course problem get"
)
_GRANT_DRESSING = _GRANT_STEMS | content_stems(
    "completely totally absolutely entirely perfectly really truly fully quite enough "
    "makes complete concern question worry"
)


def _stock_grant(s: Sentence) -> bool:
    """Sentence ``s`` is a stock concession by its words: a few, all of the grant and its
    dressing ("That's completely fair", "I understand your concern")."""
    return (
        len(s.tokens) <= 6 and not s.stems.isdisjoint(_GRANT_STEMS) and s.stems <= _GRANT_DRESSING
    )


def stock_concession(
    u: Utterance, s: Sentence, told: frozenset[str], names: frozenset[str], said: Utterance
) -> bool:
    """Sentence ``s`` of ``u`` is a stock concession sharing no word with ``told``, the
    words of the concern ``said``, followed at once by the seller's own standing (in none
    of those words; ``names`` are the seller's): a formula any objection would get on the
    way to the credentials, which takes none of this one up. What the customer would pay,
    to a worry about the cost (:func:`meets_cost`: "I hear you. We do a banner for £120."),
    is no standing of the seller's: the concession led to an answer to this concern."""
    if not _stock_grant(s) or not s.stems.isdisjoint(told):
        return False  # (most sentences)
    at = u.sentences.index(s) + 1
    if at == len(u.sentences):
        return False
    nxt = u.sentences[at]
    return not nxt.is_question and credentials(nxt, told, names) and not meets_cost(nxt, said)


_SPAN_AHEAD = frozenset(
    str.split("year quarter season spring summer autumn winter week month term")
)
# Stock sympathy runs to a few words: "I understand how frustrating that must be."
_STOCK_LENGTH = 8


def sympathy_then_elsewhere(u: Utterance, said: Utterance) -> bool:
    """Trainee line ``u`` opens on a few words of sympathy in no word of customer line
    ``said`` ("I understand.", "I hear you, I really do."), then asks about something
    ``said`` did not raise: no word of theirs, no pointer back at it, not a pleasantry,
    and long enough to name its own topic ("What are your priorities for the garden this
    spring?"; a short "Is everyone okay?" can only be about what was just said). The
    sympathy is the way into the script, whatever the customer told."""
    if len(u.sentences) < 2:
        return False
    first, q = u.sentences[0], u.sentences[1]
    if len(first.tokens) > _STOCK_LENGTH or not q.is_question:
        return False
    if not first.stems.isdisjoint(said.stems) or not empathic(first):
        return False
    if q.is_proposal or q.is_pleasantry or len(q.tokens) <= 6 or not q.stems.isdisjoint(said.stems):
        return False
    return not _has_anaphor(q.tokens)


def _has_anaphor(words: Sequence[str]) -> bool:
    """A pointer back at what was said among ``words``; "this year", "this quarter" point
    at a time."""
    return any(
        w in _ANAPHORS and not (k + 1 < len(words) and words[k + 1] in _SPAN_AHEAD)
        for k, w in enumerate(words)
    )


# The speaker's own side: a statement whose opening clause is about the trainee or the
# seller ("I used to ride with a club myself", "My own cob went lame once", "Cracked bells
# are our speciality", "Plenty of clubs wear our kit") and says nothing to the customer
# (no you or your) is the seller's story or boast, whatever of the customer's words it
# borrows. Not the speaker's stance on what was said, said first ("I know how that feels",
# "I can only imagine", "I'd be furious too", "I'm sure", "my condolences"), nor the
# seller's side inside a clause about the customer's people ("Whatever we fit has to let
# Geoff get upstairs on his own"): those are about the customer's matter.
_OWN_SIDE = frozenset(str.split("i i'm i've i'll my me myself we we're we've we'll our us"))
_LEAD_IN = frozenset(
    str.split("oh ah well so and yes yeah actually honestly funnily funny enough you know see")
)
_OWN_STANCE_RE = re.compile(
    r"^(?:i|we)(?:'d| would| can| could)?(?: (?:only|just|really|totally|completely|so|do))? "
    r"(?:know|knew|understand|see|hear|imagine|get|appreciate|feel|felt|bet|guess|agree|think|"
    r"hope|wish|remember how|can tell|believe)\b|"
    r"^(?:i|we)(?:'d| would)\b|^(?:i'm|i am|we're|we are) (?:so |very |really |truly )?"
    r"(?:sorry|sure|glad|pleased|sad|gutted|afraid|worried|delighted|thrilled)\b|"
    r"^my (?:condolences|sympathies|heart|goodness|god|word|gosh)\b"
)
_THEIR_PEOPLE = frozenset(str.split("he she his her him they their them"))
_CLAUSE_END_RE = re.compile(r"[,;:\u2014]|\s-\s")


def tells_own_side(s: Sentence) -> bool:
    """Statement ``s`` opens on the speaker's own side and says nothing to the customer
    (:data:`_OWN_SIDE`): the seller's story or boast, not the customer's matter."""
    if _OWN_SIDE.isdisjoint(s.tokens) or not _SECOND_PERSON.isdisjoint(s.tokens):
        return False
    # the first clause with more than a lead-in ("Oh, I used to …")
    words: list[str] = []
    for clause in _CLAUSE_END_RE.split(s.lower):
        words = _words(clause)
        while words and words[0] in _LEAD_IN:
            words = words[1:]
        if words:
            break
    if _OWN_SIDE.isdisjoint(words):
        return False
    if words[0] in _OWN_SIDE:
        return _OWN_STANCE_RE.match(" ".join(words)) is None
    return _THEIR_PEOPLE.isdisjoint(words)


# The customer's worry or trouble set aside: "Don't worry about the reviews", "Never mind
# the old supplier", "Forget the cost", "Nothing to worry about". Not when the speaker
# says in the same sentence what they will do about it ("Don't worry, I'll keep it short"):
# that answers it. (A bare "no worries" is a stock reply, see :data:`STOCK_REPLY_RE`.)
_SET_ASIDE_RE = re.compile(
    r"^\W*(?:(?:oh|ah|well|look|no|so|and|but|now)\W+)*(?:"
    r"(?:don't|do not|dont) (?:you )?(?:worry|fret|stress|bother|mind)|"
    r"(?:there's |there is )?(?:no need to|nothing to) (?:worry|fret|stress)|not to worry|"
    r"never mind|forget (?:about )?(?:the|that|it|them|those|your)\b|"
    r"(?:don't|do not) let (?:it|that|them|this) (?:bother|worry|get to) you)"
)
_SPEAKER_DOES_RE = re.compile(r"\b(?:i|we)(?:'ll| will|'re going to| can| could)\b")


def sets_aside(s: Sentence) -> bool:
    """Statement ``s`` tells the customer not to mind what they told, and offers nothing
    of the speaker's to meet it."""
    return _SET_ASIDE_RE.match(s.lower) is not None and _SPEAKER_DOES_RE.search(s.lower) is None


# Words that deny or shrink what follows them ("not costly", "barely hurts", "hardly ever
# cracks") and those a denial passes over on the way: degree, "ever", "to", "be".
_GAINSAY = frozenset(str.split("not never hardly barely scarcely rarely seldom nothing"))
_GAINSAY_PASS = frozenset(
    str.split("really that so very ever even too at all much actually to be going any")
)
# what a customer is told not to do about their matter: "don't worry", "nothing to fret over"
_FRET = frozenset(str.split("worry worrying fret fretting stress stressing panic"))


def _denied(tokens: Sequence[str]) -> Iterator[str]:
    """The words ``tokens`` deny or make small: each first word after a word of
    :data:`_GAINSAY` (or one ending in "n't") past those of :data:`_GAINSAY_PASS`."""
    for i, t in enumerate(tokens):
        if t not in _GAINSAY and not t.endswith("n't"):
            continue
        w = next((w for w in tokens[i + 1 : i + 4] if w not in _GAINSAY_PASS), None)
        if w is not None:
            yield w


def denied_stems(*lines: Utterance) -> frozenset[str]:
    """The stems of the words customer ``lines`` themselves deny ("they never turned up")."""
    return frozenset(_stem(w) for u in lines for x in u.sentences for w in _denied(x.tokens))


# Words of size that make what they are said of small: after it and a verb of being ("the
# risk really is tiny", "the chances are slim"), or, those that say nothing but how small,
# before it ("a tiny risk"; a "small business" or a "low wall" is a kind, not a size put on).
_SHRINK_BEFORE = frozenset(str.split("tiny minimal negligible minuscule insignificant"))
_SHRINK = _SHRINK_BEFORE | frozenset(str.split("slim small low"))
# ... and words that, said of it, make it lesser: no more than the usual ("the clauses are
# mostly boilerplate", "basically standard wording"), behind the times or overblown
# ("wooden worktops are a bit old-fashioned", "the risk is overstated"), or seldom met
# ("frost damage is pretty rare these days").
_LESSER = frozenset(
    str.split(
        "mostly merely basically outdated dated fashioned overrated overblown exaggerated "
        "overstated rare uncommon unusual"
    )
)
_SAID_SMALL = _SHRINK | _LESSER
# what may stand between a verb of being and the word said of its subject: "a bit", "rather"
_DEGREE_PASS = _GAINSAY_PASS | frozenset(str.split("a bit quite rather pretty little old"))
_BEING = frozenset(str.split("is are was were be"))


def _shrunk(tokens: Sequence[str], theirs: frozenset[str]) -> Iterator[str]:
    """The words ``tokens`` call small or lesser (:data:`_SAID_SMALL`) by a word none of
    ``theirs`` (the customer's stems): the subject it is said of, its last two words ("the
    risk's tiny", "the risk really is tiny", "frost damage is rare"), and for one of
    :data:`_SHRINK_BEFORE` the first after it past those of :data:`_GAINSAY_PASS` ("a tiny
    risk")."""
    for i, t in enumerate(tokens):
        if t not in _SAID_SMALL or _stem(t) in theirs:
            continue
        w = next((w for w in tokens[i + 1 : i + 4] if w not in _GAINSAY_PASS), None)
        if w is not None and t in _SHRINK_BEFORE:
            yield w
        j = i - 1
        while j >= 0 and tokens[j] in _DEGREE_PASS:
            j -= 1
        if j >= 0 and tokens[j] in _BEING:
            j -= 1
            while j >= 0 and tokens[j] in _GAINSAY_PASS:
                j -= 1
            yield from tokens[max(j - 1, 0) : j + 1]
        elif j >= 0 and tokens[j].endswith("'s"):
            yield tokens[j]


def gainsays(s: Sentence, concern: frozenset[str], denied: frozenset[str]) -> bool:
    """Statement ``s`` denies or makes small what the customer feared, in the concern's own
    words ``concern``: a negation or a word of rarity right before one of them ("it is not
    costly at all", "it's never too early", "it barely hurts", "we hardly ever crack a
    tile"), a word of size or a lesser kind said of one ("the risk really is tiny", "a tiny
    risk", "the clauses are mostly boilerplate": a size the customer gave it themselves,
    "the small print", is theirs said back), or the worry itself told off ("nothing to
    worry about"). It argues with the concern; it does not recognise it. A want, a blame
    or a comparison negated takes the customer's side ("you don't want strangers in the
    house", "I don't blame you for worrying", "nothing worse than a leak"): the word denied
    is not the concern's; nor is one the customer denied themselves (``denied``: "cleaners
    not turning up" to "they never turned up" says their complaint back)."""
    for w in _denied(s.tokens):
        if w in _FRET:
            return True
        stem = _stem(w)
        if stem in concern and stem not in denied:
            return True
    return not _SAID_SMALL.isdisjoint(s.tokens) and any(
        _stem(w) in concern for w in _shrunk(s.tokens, concern)
    )


#: A stock reply whose words are no words of the customer's taken up: "No worries" to
#: "that worries me" says back nothing.
STOCK_REPLY_RE = re.compile(
    r"\b(?:no|not a) (?:worries|worry|problem|problems|bother|trouble|prob|probs)\b"
)


def brushes_off(u: Utterance, said: Utterance, names: frozenset[str]) -> bool:
    """Reply ``u`` opens on a token that passes over the trouble the customer told: cheer
    at bad news ("Lovely.", then anything), stock sympathy followed at once by the seller's
    own business ("Sorry about that. So, the reason for my call, we …"), or stock sympathy
    or a stock concession followed at once by the trouble argued away ("I hear you. That's
    very unlikely, mate.", "Fair enough. Never mind the print."), or either taken back
    in the same sentence by "but" and the seller's business ("I get that, but ours are the
    best on the market"). None says back what happened, which is what an acknowledgement
    does."""
    if not u.sentences:
        return False
    first = u.sentences[0]
    if "but" in first.tokens and _grant_taken_back(first, said, names):
        return True
    if len(first.tokens) > 6:
        return False  # neither is more than a few words
    if _bare_cheer(first):
        return _bad_news(said) and not _opens_warmly(said)
    if len(u.sentences) < 2:
        return False
    nxt = u.sentences[1]
    if nxt.is_question:
        return False
    if (_stock_grant(first) or _bare_sympathy(first, said)) and _argues_away(u, nxt, said):
        return True
    if not _bare_sympathy(first, said):
        return False
    if _BARE_GRANT_RE.match(first.lower) and not _takes_up_after_grant(nxt, said):
        return True
    if puts_off(said) and _moves_call(nxt):
        return False  # the call moved as the customer asked: "Sorry. I'll ring next week."
    if not (is_pitch(nxt) or nxt.is_proposal or talks_of_seller(nxt, names)):
        return False
    # (the seller's offer of what the customer would pay, to a worry about the cost, takes
    # the worry up: "I hear you. We do a banner for £120.")
    return not meets_cost(nxt, said)


def _grant_taken_back(s: Sentence, said: Utterance, names: frozenset[str]) -> bool:
    """Sentence ``s`` opens on stock sympathy or a stock concession and goes on, after
    "but", to praise or the seller's own business (``names`` are the seller's), not to what
    the customer would pay for a worry about the cost."""
    head, _, tail = s.text.partition(" but ")
    if not tail:
        return False
    grant = _sentence(head.rstrip(" ,;"), trainee=True)
    if not (_stock_grant(grant) or _bare_sympathy(grant, said)):
        return False
    rest = _sentence(tail, trainee=True)
    return (is_pitch(rest) or is_praise(rest) or talks_of_seller(rest, names)) and not meets_cost(
        rest, said
    )


def _argues_away(u: Utterance, s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` of ``u`` dismisses what the customer ``said`` (not a rebuttal that
    says why), sets it aside, or argues it away in its words (:func:`gainsays`), with
    nothing the speaker will do about it ("Don't worry, I'll go through it with you")."""
    if _brushes(u, s, said) or sets_aside(s):
        return True
    return _SPEAKER_DOES_RE.search(s.lower) is None and gainsays(s, said.stems, denied_stems(said))


def _brushes(u: Utterance, s: Sentence, said: Utterance) -> bool:
    return is_dismissive(u, s) and not rebuts(u, s, said.stems)


# A bare "Of course." grants the customer what they said ("I've got a client on the other
# line") and says nothing of it: only what comes next can take it up.
_BARE_GRANT_RE = re.compile(r"^\W*(?:(?:oh|yes|yeah|but)\W+)?of course\W*$")


def _takes_up_after_grant(s: Sentence, said: Utterance) -> bool:
    """Statement ``s``, after a bare "Of course.", takes up customer line ``said``: their
    words, feeling, a wish, or fitting the call to their time ("I'll be quick")."""
    return (
        not s.stems.isdisjoint(said.stems)
        or empathic(s)
        or wishes_well(s, said)
        or _FITS_TIME.search_in(s) is not None
    )


def sets_aside_sympathy(u: Utterance) -> bool:
    """Sympathy or an exclamation, then a pivot past it: "Oh, what a shame. Anyway, …"."""
    lower = u.lower
    m = _SET_ASIDE.search_in(u)
    if m is None or m.start() == 0:
        return False
    before = lower[: m.start()]
    return bool(_EXCLAIM_RE.search(before)) or is_empathic(before)


# How a reply to a question opens when it answers it: yes or no, or their stand-ins.
_ANSWER_WORDS = frozenset(
    str.split(
        """
    yes yeah yep yup no nope sure absolutely definitely certainly of course only not
    correct right exactly afraid unfortunately it's we're they're he's she's
    """
    )
)
_NUMBER_WORDS = frozenset(
    str.split(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen dozen twenty thirty forty fifty sixty "
        "seventy eighty ninety hundred thousand"
    )
)


def is_number(word: str) -> bool:
    """A number, in digits or words (also a stem of one)."""
    return word in _NUMBER_WORDS or word.isdigit()


# ("one" is a pronoun as often as a number: "the one oven", "a good one")
_COUNT_WORDS = _NUMBER_WORDS - {"one"}


def counts(s: Sentence) -> bool:
    """The sentence gives a figure, in digits or in words ("about six hundred a year"; a
    number word telling the hour, "Thursday at four", is a time, no figure)."""
    if _DIGIT_RE.search(s.lower) is not None:
        return True
    said = _COUNT_WORDS.intersection(s.tokens)
    return bool(said) and (not s.has_time or not said <= time_words(s.tokens))


def credentials(s: Sentence, concern: frozenset[str], names: frozenset[str]) -> bool:
    """A statement of the seller's own standing ("We've fitted nine thousand kitchens in
    thirty years", "Guardline protects eighty thousand homes"): about the seller (we, or
    opening on a name the trainee introduced their side by, ``names``), to nobody, in
    none of the words of the concern ``concern``: it answers no worry of the customer's."""
    return (
        (not _SELLER.isdisjoint(s.tokens) or speaks_of_seller(s, names))
        and _SECOND_PERSON.isdisjoint(s.tokens)
        and s.stems.isdisjoint(concern)
    )


# What the customer can spend: the price, their budget, what they can afford ("a new sign
# is more than we can spend", "money's tight", "we can't justify the outlay").
_COST_WORDS = _WordLexicon(
    r"\b(?:expensive|pricey|overpriced|unaffordable|afford|budgets?|spend|spending|money|"
    r"cash|funds|outlay|costs?|costing|prices?|pricing|fortune|too dear|"
    r"(?:can't|cannot|couldn't|won't|not) (?:\w+ )?pay(?:ing)?)\b",
    words="expensive pricey overpriced unaffordable afford budget budgets spend spending money "
    "cash funds outlay cost costs costing price prices pricing fortune dear pay paying",
)
# The cost named only to be set aside: "it's not the money", "price isn't the issue",
# "money's no object", "the cost is fine".
_COST_ASIDE = _WordLexicon(
    r"\b(?:(?:it|that|this)(?:'s| is| was) not|(?:it|that|this) (?:isn't|wasn't)|not about) "
    r"(?:really |just |so much |about )?(?:the )?(?:cost|price|money|budget)\b|"
    r"\b(?:cost|price|money|budget)(?:'s| is| was)? (?:not|no|isn't|wasn't|doesn't|does not) "
    r"(?:really )?(?:an? |the |my |our )?(?:issue|problem|object|worry|concern|matter)|"
    r"\b(?:cost|price|money|budget)(?:'s| is| was) (?:fine|okay|ok|fair|reasonable|good)\b",
    words="cost price money budget",
)


def worries_cost(u: Utterance) -> bool:
    """Customer line ``u`` holds the cost against the offer: a statement of theirs about
    the price, their budget or what they can spend, the cost not set aside ("It's not the
    money, it's the disruption", "The price is fine, but …")."""
    return any(
        not s.is_question
        and (
            (_COST_WORDS.search_in(s) is not None and _COST_ASIDE.search_in(s) is None)
            or _UNDERCUT.search_in(s) is not None
        )
        for s in u.sentences
    )


_NUMERALS = (
    r"(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|few|"
    r"couple of)"
)
# A sum of money: "£120", "$45", "a hundred and twenty pounds", "30 quid", "a tenner".
_SUM = (
    rf"(?:[£$€] ?\d[\d,.]*|{_NUMERALS}(?:[ -](?:and )?{_NUMERALS}){{0,5}} (?:pounds?|quid|dollars?|"
    rf"euros?|pence)\b|{_NUMERALS} grand(?= ?[,.;!?]|$)|(?:a|one) (?:fiver|tenner))"
)
# A sum as what something costs the customer: said to be its price ("for £120", "it's
# from ninety pounds", "costs under a grand") or a rate or a sum taken off ("thirty pounds
# a month", "£20 off"). A sum the seller has turned over or saved others is no price.
_PRICE = Lexicon(
    r"(?:'s|\b(?:for|at|from|costs?|costing|priced|is|are|be|only|just|charge|pay|paying))"
    r" (?:(?:just|only|about|around|roughly|under|over|less than|as little as|from|starting "
    rf"at|a flat|flat) )*{_SUM}|{_SUM} (?:(?:a|per|each|every) (?:month|week|year|day)|off|"
    r"down|up ?front|deposit|apiece|each)\b",
    *("£", "$", "€", "pound", "quid", "dollar", "euro", "pence", "grand", "fiver", "tenner"),
)
# A way to pay less, later or not at all: a smaller or cheaper version, a payment plan,
# a discount, something free, a trial, a guarantee of the money back.
_PAYS_LESS = _WordLexicon(
    r"\b(?:an? (?:\w+ )?(?:cheaper|smaller|simpler|basic|lower[- ]cost|no[- ]frills|"
    r"cut[- ]down|scaled[- ]down|entry[- ]level|starter) \w+|cost(?:s|ing)? less|for less|"
    r"budget (?:option|version|range|model|package)|"
    # paying over time
    r"payment plans?|pay[- ](?:monthly|weekly|later|nothing|as you go|in (?:instal|install)"
    r"ments|in (?:stages|parts))|(?:instal|install)ments?|"
    r"spread (?:the |your )?(?:cost|payments?|price|bill)|spread (?:it|that|this) (?:out|over)|"
    r"interest[- ]free|financ(?:e|ing)|leas(?:e|ing)|"
    # paying less
    r"discount(?:s|ed)?|(?:\w+ ?(?:%|per ?cent|percent)|half|a third|a quarter) off|"
    r"money off|off the (?:price|cost|bill)|half[- ]price|reduced (?:rate|price)|"
    # paying nothing, or nothing for a while
    r"free (?:trial|of charge|for|month|week|fitting|installation)|for free|"
    r"(?:weeks?|months?) free|(?:the|your) first (?:\w+ ){1,2}free|"
    r"no (?:\w+ )?(?:charge|cost)|nothing (?:to pay|up ?front)|"
    r"(?:free|a|week's|month's|\w+[- ](?:day|week|month)) trial|"
    # the money back if it does not do
    r"money[- ]back|refund(?:s|ed|able)?|(?:a|an|our|the) (?:\w+ )?guarantee)\b",
    words="cheaper smaller simpler basic lower cost no frills cut scaled entry starter costs "
    "costing less budget payment pay instalments installments instalment installment spread "
    "interest finance financing lease leasing discount discounts discounted off half reduced "
    "free charge nothing trial money refund refunds refunded refundable guarantee",
)


def pays_less(s: Sentence) -> bool:
    """Statement ``s`` offers the customer something on the cost itself: a price, a
    cheaper or smaller option, a payment plan, a discount, a free trial, a guarantee.
    To a worry about the cost (:func:`worries_cost`) that is an answer specific to it,
    though it shares no word with it: "We do a vinyl banner for a hundred and twenty
    pounds." to "a new sign is more than we can spend this year"."""
    return _PRICE.search(s.lower) is not None or _PAYS_LESS.search_in(s) is not None


def meets_cost(s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` offers something on the cost (:func:`pays_less`) to customer line
    ``said``, which worries about the cost: the seller's offer, taking the worry up."""
    return pays_less(s) and worries_cost(said)


def has_number(u: Utterance) -> bool:
    return not _NUMBER_WORDS.isdisjoint(u.tokens) or _DIGIT_RE.search(u.lower) is not None


# An elliptical answer: a subject and the auxiliary alone, the rest of the question
# understood ("We are, yeah", "Yes, it is.", "No, we didn't, …"), or "that's us".
_ELLIPTICAL_RE = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|yup|aye|ja|no|nope|nah)\W+)?(?:(?:we|i|it|they|he|she|that) "
    r"(?:am|are|is|was|were|did|do|does|have|has|had|can|could|will|would)(?:n't| not)?|"
    r"(?:we're|it's|they're|he's|she's|i'm) not|that'?s (?:us|me|him|her|them|the one))"
    r"\s*(?:[,;:.!]|-|$)"
)


# The customer asking who is on the line: "Who's this?", "who am I talking to?", "And
# you are?", "Who's calling, please?", "What's your name?"; or, mid-call, which firm the
# caller is with: "Who did you say you're with?", "Sorry, which firm is this?".
_WHO_CALLS_RE = re.compile(
    r"\bwho(?:'s| is| are| am| might| would| may)(?: \w+)?? (?:you|i|it|this|that|there|"
    r"calling|speaking|ringing|talking)\b|^\W*(?:\w+,? )?you are\W*$|\bwhat(?:'s| is) your name\b|"
    r"\bwho (?:did you say )?(?:you're|you are|you were|are you|were you) (?:with|from)\b|"
    r"\b(?:which|what) (?:firm|company|business|outfit) (?:is (?:this|that|it)|"
    r"(?:are|were) you (?:with|from)|did you say)\b"
)
# The speaker's name or firm given: "it's Bea from Northgate", "I'm with Northgate",
# "Bea Olsen, Northgate Pest Control" (the capital a name keeps).
_GIVES_NAME_RE = re.compile(
    r"(?:^|\W)(?i:this is|it's|it is|my name's|my name is|name's|i'm|i am|i'm with|"
    r"i'm calling from|calling from|from|with) [A-Z]|^\W*(?:\w+,\s+)?[A-Z][a-z]+ [A-Z][a-z]+,"
)


# The customer asking what the call is for: "Anyway, what's this about?", "So what are you
# ringing for?", "What can I do for you?".
_WHAT_FOR_RE = re.compile(
    r"\bwhat(?:'s| is| was) (?:this|it|that|the call) (?:about|regarding|in aid of|for)\b|"
    r"\bwhat (?:are|were) you (?:ringing|calling|phoning) (?:for|about)\b|"
    r"\bwhy (?:are|were) you (?:ringing|calling|phoning)\b|\bwhat can i do for you\b|"
    # what the caller wants, asked with nothing after it: "What did you want?", "What are
    # you after?" ("what do you want me to do about …" asks more; a bare "what is it?" may
    # ask what a thing just named is)
    r"\bwhat(?: (?:do|did) you (?:want|need)(?: (?:from|with) (?:me|us))?| (?:are|were) you "
    r"after|'s up)\W*(?:then|now)?\W*$"
)


def answers_question(reply: Utterance, c: Utterance) -> bool:
    """The trainee's ``reply`` opens with an answer to the question ``c`` ends with.

    "Can someone come before Tuesday?" "Yes, Ravi can be there Monday at eight." shares no
    word with the question and still takes it up: an answer opens with yes or no (or a
    subject answering for itself), or gives the day, time or number asked for; to "who's
    this?", the trainee's name or firm; to "what's this about?", what the seller offers.
    """
    if not c.sentences or not c.sentences[-1].is_question or is_annoyed(c):
        return False
    if not reply.sentences or reply.sentences[0].is_question:
        return False
    first = reply.sentences[0]
    words = first.tokens
    if not words or first.lower.startswith(PIVOTS):
        return False
    if _WHO_CALLS_RE.search(c.sentences[-1].lower) and _GIVES_NAME_RE.search(first.text):
        return True
    if _ELLIPTICAL_RE.search(first.lower) is not None:
        return True  # "We are, yeah, all the cellar lines": the yes, however it goes on
    if _WHAT_FOR_RE.search(c.sentences[-1].lower) is not None and (
        is_pitch(first) or about_seller(first)
    ):
        return True  # what the seller offers is what the call is for
    if is_pitch(first):
        return False
    if words[0] in _ANSWER_WORDS:
        return True
    if len(words) > 1 and words[0] in _SUBJECTS and words[1] in _SHORT_ANSWER_AUX:
        return True  # "We can …", "It does …": the question's own form, answered
    return (
        first.has_time
        or not _NUMBER_WORDS.isdisjoint(first.tokens)
        or any(ch.isdigit() for ch in first.lower)
    )


_SUBJECTS = frozenset(str.split("we i it they he she someone somebody"))
_SHORT_ANSWER_AUX = frozenset(str.split("can could do does did will would is are was have has"))
#: Openers that set aside what came before ("Anyway, our rates …").
#: ("whatever" only as a retort: "Whatever we fit has to suit him" heads a clause)
PIVOTS = (
    "anyway",
    "anyhow",
    "moving on",
    "regardless",
    "whatever,",
    "whatever.",
    "be that as it may",
)


def is_empathic(text: str) -> bool:
    return bool(_EMPATHY.pattern.search(text))


def empathic(s: Sentence) -> bool:
    """:func:`is_empathic` of sentence ``s``."""
    return _EMPATHY.search_in(s) is not None


# The customer's news made the premise of the seller's wares: what they (or their kind)
# now need or want is "our" something ("as head chef you'll want our apron package", "a
# head chef needs our premium range"), or the news is the cue for the seller to "come in"
# ("that's exactly where our service comes in"). What the seller needs of its own ("we
# need our fitters on site") is no such push.
# (Paired: "our" and "we" are in most trainee sentences, the verbs far fewer.)
_PUSHES_WARES = _PairedLexicon(
    r"(?<!\bwe )(?<!\bi )(?<!\bwe'll )(?<!\bi'll )\b(?:need|needs|want|wants)(?: \w+)? our\b|"
    r"\bthat'?s (?:exactly |just |precisely )?(?:when|where) (?:our \w+|we)(?: \w+)? "
    r"(?:comes? in|steps? in|can help|help)\b",
    words="our we",
    also="need needs want wants when where",
)


def pushes_wares(s: Sentence) -> bool:
    """Statement ``s`` turns what the customer told into their need of the seller's wares
    (_PUSHES_WARES): a pitch on their words, taking nothing up."""
    return _PUSHES_WARES.search_in(s) is not None


# A demand on the customer by a time: what the seller needs of them ("we need the
# artwork by Monday, no later") or what they must do ("you'd need to sign by Friday",
# "you have to pay the deposit today"). Said to their news, it makes the news the
# condition of the seller's deadline. (Paired: "have" is in most sentences, the times not.)
_DEMANDS = _PairedLexicon(
    r"\b(?:we|i)(?:'ll| will| would|'d)? need (?:\w+ ){1,3}?(?:by|before|no later than) |"
    r"\byou(?:'ll| will|'d| would)? (?:need|have) to (?:\w+ ){1,4}?"
    r"(?:by|before|today|tonight|now|quickly|fast)\b|\bno later\b",
    words="need have later",
    also="by before today tonight now quickly fast later",
)


def demands(s: Sentence) -> bool:
    """Statement ``s`` lays a demand on the customer by a time (_DEMANDS)."""
    return _DEMANDS.search_in(s) is not None


def is_pitch(sentence: Sentence) -> bool:
    # ("Family is family, …" opens like a company telling what it is: a saying, no pitch)
    return bool(
        _PITCH_START.search_in(sentence)
        or (
            _COMPANY_START_RE.search(sentence.text) and _TAUTOLOGY_RE.search(sentence.lower) is None
        )
    )


# A shrug of a set phrase at the customer's news: a tautology, the same words either side
# of the verb ("weather's weather", "a van is a van", "it is what it is"), the trouble
# put down to the trade or the world ("that's farming for you", "such is retail"), or
# said to befall everyone ("happens to every shop", "these things happen"). It says
# nothing of what this customer told, whatever noun fills it.
_TAUTOLOGY_RE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:ah|oh|well|look|still|hey|sure|yeah|but)\W+)"
    r"((?:(?:a|an|the|old|new) )?[a-z]+(?:'s)?)(?:'s| is| are| will be|'ll be)"
    r"(?: just| still| always| only)? \1\s*(?:[,.;!?-]|$|for you|after all)|"
    r"\b(\w+) (?:is|are) what \2 (?:is|are)\b"
)
_SHRUG_RE = re.compile(
    r"\b(?:that'?s|that is|such is) (?:just )?(?:the )?(?:(\w+) )?(\w+) for (?:you|ya|ye)\s*"
    r"(?:[,.;!?-]|$)|\bsuch is (?:\w+ )?\w+\s*(?:[,.;!?-]|$)|\bthat'?s (?:just )?life\b|"
    r"\b(?:that'?s|it'?s) (?:just )?(?:how (?:it|things|life) goes|the way (?:it|things|life) "
    r"(?:goes|is|are))\b|"
    r"\bhappens? (?:to |in |at |with )?(?:every|all|any|the best)\w*\b|"
    r"\b(?:these|such|those) things happen\b"
)
# The speaker granting what the saying stood for: "I respect that", "I understand that".
_GRANTED_RE = re.compile(
    r"\b(?:i|we) (?:(?:totally|fully|really|can|do) )?(?:respect|understand|accept) "
    r"(?:that|it|you|him|her|them)\b"
)


def grants_saying(s: Sentence) -> bool:
    """Sentence ``s`` says a saying (:data:`_TAUTOLOGY_RE`) and then grants it as the
    customer's reason ("Family is family, I respect that."): no shrug at their news."""
    m = _TAUTOLOGY_RE.search(s.lower)
    return m is not None and _GRANTED_RE.search(s.lower, m.end()) is not None


# The news filed under the common lot by a generic opening a clause: a trouble that just
# happens ("fires happen"), a kind of people or things that always do so ("neighbours
# always complain"), or everyone's lot ("everybody misses calls"; "every visit is
# covered" tells of the seller's wares).
# The clause stops short, a shrug and no more: one going on to say when or why ("fires
# happen when the wiring is old, so …") explains, what a kind of thing always needs
# advises, and the feeling said to be everyone's ("everyone gets nervous") is sympathy.
_COMMON_LOT = _WordLexicon(
    r"(?:^|[,;:]\s*|\b(?:ah|oh|well|look|hey|sure|yeah|but|ja|mate)\W+)"
    r"(?:(?!(?:our|the|your|my|these|those|their|his|her|its|what|it|that|this)\b)"
    r"(?:\w+ )?(?:[\w-]+s|people|folk|children|men|women) "
    r"(?:always (?!(?:need|want|require|should|must)\b)\w+|happen)|"
    r"(?:everybody|everyone) (?!(?:gets|feels|is|goes) (?:\w+ )?(?:nervous|worried|"
    r"anxious|stressed|scared|frightened|upset|shaken|emotional|jittery)\b)\w+s)"
    r"(?:\s+(?!(?:when|whenever|if|unless|because|until|since|so|and)\b)[\w'-]+){0,5}"
    r"\s*(?:[,.;!?-]|$)",
    words="always happen everybody everyone",
)


# The customer's own trouble said back as what befalls them every so often: "herons take
# koi all the time", "sooner or later", "every spring". Read only in the customer's words
# (:func:`lot_of_theirs`). ("Every orchard lives with frost" is not read: "every install
# comes with a warranty" says the seller's wares in the same words.)
_LOT_OF_THEIRS = _WordLexicon(
    r"\b(?:all the time|sooner or later|(?:every|each) (?:year|winter|spring|summer|autumn|"
    r"season|day|week|month))\b",
    words="every each time later",
)
# What makes a generic explain rather than shrug: when, if or why it comes about.
_EXPLAINS = frozenset(str.split("when whenever if unless because until since so"))


def lot_of_theirs(s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` files what customer line ``said`` told under what happens all the
    time, in their own words (:data:`_LOT_OF_THEIRS`): their news made nobody's in
    particular. Not when it feels with them, speaks of them ("you must have checked on
    them every day"), says when or why it comes about, or tells of the speaker's own side
    ("I hear that all the time", "we net ponds every spring")."""
    return (
        not s.is_question
        and _LOT_OF_THEIRS.search_in(s) is not None
        and not s.stems.isdisjoint(said.stems)
        and _OWN_SIDE.isdisjoint(s.tokens)
        and _SECOND_PERSON.isdisjoint(s.tokens)
        and _EXPLAINS.isdisjoint(s.tokens)
        and not empathic(s)
    )


# Words one of which each shrug holds: a set lookup spares most sentences the patterns.
_COPULAS = _BEING - {"was", "were"}  # (a tautology is said in the present)
_YOU = frozenset(("you", "ya", "ye"))
_SHRUG_WORDS = frozenset(str.split("such life goes way happen happens"))


def shrugs(s: Sentence) -> bool:
    """Sentence ``s`` shrugs at what the customer told with a set phrase (see
    _TAUTOLOGY_RE, _SHRUG_RE)."""
    # (a tautology says a word twice, or once more with "'s": "weather's weather")
    tokens = s.tokens
    if (
        (not _COPULAS.isdisjoint(tokens) and len(set(tokens)) < len(tokens))
        or ("'s " in s.lower and any(t.endswith("'s") and t[:-2] in tokens for t in tokens))
    ) and _TAUTOLOGY_RE.search(s.lower) is not None:
        return True
    if _COMMON_LOT.search_in(s) is not None:
        return True
    if _SHRUG_WORDS.isdisjoint(tokens) and ("for" not in tokens or _YOU.isdisjoint(tokens)):
        return False
    m = _SHRUG_RE.search(s.lower)
    return m is not None and m.group(1) not in _GOOD_FOR_YOU and m.group(2) not in _GOOD_FOR_YOU


def shrugs_off(reply: Utterance, said: Utterance) -> bool:
    """``reply`` meets the trouble the customer ``said`` with a shrug (:func:`shrugs`,
    :func:`lot_of_theirs`) and no feeling for it anywhere in the turn: the trouble waved
    away, a dismissive remark. Said with sympathy ("I'm so sorry, these things happen")
    the same shrug consoles."""
    return (
        any(
            not s.is_question and (shrugs(s) or lot_of_theirs(s, said)) and not grants_saying(s)
            for s in reply.sentences
        )
        and not any(empathic(s) for s in reply.sentences)
        and (_bad_news(said) or any(_tells_trouble(x) for x in said.sentences))
    )


def _tells_trouble(s: Sentence) -> bool:
    """Customer sentence ``s`` tells of a loss or a fault and is not cheerful: the news of
    a line whose "Yes." to the name check reads positive as a whole."""
    return (
        not s.is_question
        and not (_NEGATIVE_WORDS.isdisjoint(s.tokens) and _CALAMITY.isdisjoint(s.tokens))
        and polarity(s.lower) <= 0
    )


def is_dismissive(u: Utterance, sentence: Sentence) -> bool:
    return (
        bool(_DISMISS.search_in(sentence))
        or shrugs(sentence)
        or (mocking(u) and (is_rude(sentence.lower) or mocks(sentence)))
    )


def denies(s: Sentence) -> bool:
    """The sentence says something is not so: a negation."""
    return _NEGATION_RE.search(s.lower) is not None


def rebuts(u: Utterance, s: Sentence, concern: frozenset[str]) -> bool:
    """Sentence ``s`` of ``u`` contradicts the premise of a concern whose words are
    ``concern`` and then says concretely why it does not hold ("Ours don't leave: the
    truck parks at yours and you can watch"): an answer, not a brush-off. The
    contradiction is a negation that takes up the concern's own words (a dismissal of the
    customer, "heard that before", does not), and an explanation of five words or more
    follows it in the sentence or in the next one: a statement, not praise or a hedge.
    Never when the line mocks."""
    if s.stems.isdisjoint(concern) or mocking(u):
        return False
    m = _DISMISS.search_in(s)
    if m is None or _NEGATION_RE.search(m.group()) is None:
        return False  # a concession in name only or a prediction contradicts nothing
    rest = s.lower[m.end() :]
    if len(rest.split()) < 5:
        at = next((i for i, x in enumerate(u.sentences) if x is s), len(u.sentences))
        after = u.sentences[at + 1 : at + 2]
        if not after or after[0].is_question:
            return False
        rest = after[0].lower
        if len(rest.split()) < 5:
            return False
    words = _words(rest)
    praise = not _PRAISE_WORDS.isdisjoint(words) and _DIGIT_RE.search(rest) is None
    return not praise and not is_hedged(rest)


# Hesitation sounds are whole words ("um", "er", "erm", not "umbrella" or "error"); "like"
# is a filler before a comma or closing a clause after one ("about the kettles, like.",
# where "if you like." or "what would you like?" is the verb).
_FILLER = Lexicon(
    r"\b(?:(?:um+|uh+|er+m*)\b|basically|literally|"
    r"you know(?![ ,]+(?:what|how|who|whether|if|that))|like,|,\s*like(?=\s*(?:[.!?;]|$))|"
    r"i mean,)",
    *("um", "uh", "er", "basically", "literally", "you know", "like", "i mean,"),
)


def fillers(text: str) -> int:
    return len(_FILLER.findall(text))


# Praise of the offer: an answer to nothing in particular.
_PRAISE_WORDS = frozenset(
    str.split(
        """
    best popular modern leading leader amazing excellent fantastic superior premium finest
    loved love loves trusted reliable proven incredible awesome powerful robust brilliant
    wonderful unbeatable great superb outstanding exceptional
    """
    )
)


def is_praise(s: Sentence) -> bool:
    """The sentence praises without saying anything checkable: an evaluative word and no
    number, condition or offer ("Our system is hugely popular", "You'll love it")."""
    if _PRAISE_WORDS.isdisjoint(s.tokens) or _DIGIT_RE.search(s.lower):
        return False
    return "if" not in s.tokens and PROPOSAL_FRAME.search_in(s) is None


_HEDGE_RE = re.compile(r"\b(?:i guess|i suppose|whatever|or something|if you want)\b")


def is_hedged(text: str) -> bool:
    return bool(_HEDGE_RE.search(text))


_INVITE_WORDS = frozenset(
    str.split("think sound feel concerns questions worries hesitations stop holding stopping sense")
)


def invites_view(u: Utterance) -> bool:
    return not _INVITE_WORDS.isdisjoint(u.tokens) and bool(_INVITE_RE.search(u.lower))


def is_stop(u: Utterance) -> bool:
    if u._stop is None:
        m = _STOP.search_in(u)
        # A farewell closes the speaker's turn: a "bye" with a clause after it in the same
        # line is a form of address ("It's small, bye, half of it's the tractor"), and the
        # line is a stop only if something else in it is one.
        while m is not None and m.group() in _FAREWELLS and _said_after(u.lower, m.end()):
            m = _STOP.pattern.search(u.lower, m.end())
        u._stop = m is not None
    return u._stop


_FAREWELLS = frozenset({"bye", "goodbye"})
# what may follow a farewell in its line: "bye for now", "bye then, thanks"
_AFTER_FAREWELL = frozenset({"now", "then", "bye", "for", "and", "thanks", "thank", "you", "so"})


def _said_after(lower: str, end: int) -> bool:
    """Whether ``lower`` goes on past ``end`` with a clause, not a farewell's tail."""
    return sum(w not in _AFTER_FAREWELL for w in _words(lower[end:])) >= 3


def agrees_signing_off(u: Utterance) -> bool:
    """Customer line ``u`` agrees, says back when they will meet, and says goodbye
    ("Monday at eight's fine, thanks, bye.", "Okay, see you then, bye now."): the farewell
    closes an arrangement, it does not end the call on a no. Assent alone before a
    farewell, however warm, hurries the caller off ("Fine, bye.", "Yep, great, bye."), and
    a line that asks to stop, is annoyed or scoffs anywhere else ends the call."""
    if not is_stop(u) or _ANNOYED.search_in(u) is not None or is_offended(u) or scoffs(u):
        return False
    m = _STOP.search_in(u)
    if m is None or m.group() not in _FAREWELLS or _said_after(u.lower, m.end()):
        return False
    head = u.lower[: m.start()]
    if "see you" not in head and not mentions_time(_words(head), head):
        return False
    return polarity(head) > 0


def is_annoyed(u: Utterance) -> bool:
    if u._annoyed is None:
        u._annoyed = bool(_ANNOYED.search_in(u)) or is_stop(u) or is_offended(u) or scoffs(u)
    return u._annoyed


# The customer's assent or praise said in scorn. Praise of one more of something, said as
# the whole sentence with nothing counted ("Oh great, another promise.", "Lovely, more
# paperwork.", "Brilliant, just what I needed, another bill."), anywhere in the turn; or,
# as the turn's last word, disbelief or a shrug in agreement's words: "Yeah, right.", "As
# if.", "Sure, whatever you say.", or an assent echoing the trainee's own claim back at
# them ("Sure you will.", "Of course you do."). A sincere "Great, two more cleans a month"
# counts what it takes up; "Yeah, right, Monday at eight" goes on to the step; "Sure you
# can" gives leave.
_SCORN_PRAISE_RE = re.compile(
    r"^\W*(?:(?:oh|ah|well|wow)\W+)*(?:great|brilliant|lovely|wonderful|fantastic|marvellous|"
    r"marvelous|super|terrific|fabulous|splendid|excellent|perfect|joy|goody|smashing)\W+"
    r"(?:just what (?:i|we) (?:needed|need|wanted)\W+)?(?:yet )?(?:another|more) "
    r"(?P<thing>(?:[a-z'-]+ ){0,2}[a-z'-]+)\W*$"
)
_SCORN_LAST_RE = re.compile(
    r"^\W*(?:(?:oh|ah)\W+)?(?:(?:yeah|yes|aye)\W+right|(?:yeah\W+)?as if|"
    r"(?:sure|yeah|of course|course)\W+you (?:will|would|do|did|are|were|have)|"
    r"(?:(?:sure|yeah|okay|ok|fine|right)\W+)?whatever(?: you say)?)\W*$"
)
#: words at most of a :data:`_SCORN_LAST_RE` sentence ("Oh, sure, whatever you say.")
_SCORN_LAST_WORDS = 5
_SCORN_WORDS = frozenset(
    str.split(
        "great brilliant lovely wonderful fantastic marvellous marvelous super terrific "
        "fabulous splendid excellent perfect joy goody smashing"
    )
)
_COUNTED = re.compile(
    r"\b(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|dozen|few|"
    r"couple|free|off)\b"
)


def scoffs(u: Utterance) -> bool:
    """Customer line ``u`` assents or praises in scorn (see :data:`_SCORN_PRAISE_RE`,
    :data:`_SCORN_LAST_RE`): disbelief or resentment, whatever its words."""
    if not u.sentences:
        return False
    last = u.sentences[-1]
    if len(last.tokens) <= _SCORN_LAST_WORDS and _SCORN_LAST_RE.match(last.lower) is not None:
        return True
    if _SCORN_WORDS.isdisjoint(u.tokens):
        return False
    for x in u.sentences:
        m = _SCORN_PRAISE_RE.match(x.lower)
        if m is not None and _COUNTED.search(m.group("thing")) is None:
            return True
    return False


# The customer says what they were asked they had already told: "as I said", "like I told
# you", "I've said that", "I did mention that". (Not "I said to my son …": said to others.)
_TOLD_ALREADY = _WordLexicon(
    r"\b(?:(?:as|like) i (?:just |already )?(?:said|told you|mentioned)|"
    r"i(?:'ve| have)? (?:already |just )?(?:said|told you|mentioned) (?:that|this|it)|"
    r"i (?:already |just )?told you|i did (?:say|mention|tell you))\b",
    words="said told mentioned mention say tell",
)


def told_already(u: Utterance) -> bool:
    """Customer line ``u`` says the question it answers asked what they had already told."""
    return _TOLD_ALREADY.search_in(u) is not None


def unheard(u: Utterance) -> bool:
    """The customer says they are not being answered or will go elsewhere."""
    return _UNHEARD.search_in(u) is not None or _MISSES_POINT.search_in(u) is not None


# "not just a bit of water", "not merely a leak": what follows is the other side's word
# for the matter, said to be short of it.
_SHORT_OF_IT = Lexicon(
    r"\bnot (?:just|only|merely|simply|exactly) ((?:[\w']+ ){0,3}[\w']+)",
    *("not just", "not only", "not merely", "not simply", "not exactly"),
)


def corrects(c: Utterance, before: Utterance) -> bool:
    """Customer line ``c`` protests that trainee line ``before`` made light of what they
    told: it negates the trainee's own words for it as falling short ("It's not just a
    bit of water, there's wiring back there")."""
    m = _SHORT_OF_IT.search(c.lower)
    return m is not None and not content_stems(m.group(1)).isdisjoint(before.stems)


def presses(u: Utterance) -> bool:
    """The customer closes on "…, or not?": a yes or no wanted, now."""
    return u.lower.endswith(("or not?", "or not ?"))


# Taken as mockery: the customer names the remark a joke at their expense, whatever form
# the remark took ("Very funny.", "Are you making fun of me?"), or rebukes the levity in a
# sentence of its own ("It's not funny.", "It isn't a joke.", "There's no need to be
# smart."). Laughing along ("Haha, never.") is no such naming: it takes the remark as it
# was meant; nor is a sentence that goes on to what is not funny ("It's not funny how often
# it breaks"), or "no joke", which says a thing is hard.
_MOCKED = _WordLexicon(
    r"(?:^|[.!?]\s*)(?:oh,? |well,? )?(?:very|how|most|real) (?:funny|amusing|droll)\b|"
    r"(?:^|[.!?]\s*)hilarious\s*(?:[.!]|$)|"
    r"\b(?:making fun of|mocking|taking the (?:mick|mickey|piss) out of|laughing at) (?:me|us)\b|"
    r"\b(?:is|was) (?:that|this) (?:meant|supposed) to be (?:funny|a joke)\b|"
    r"(?:^|[.!?]\s*)(?:(?:look|listen|sorry|come on),? )?(?:it|this|that)(?:'s not| is not| isn't) "
    r"(?:funny|a joke|amusing|a laughing matter)\s*(?:[.!]|$)|"
    r"(?:^|[.!?]\s*)(?:there's )?no need to (?:be|get) (?:smart|clever|cheeky|facetious|funny)\b",
    words="funny amusing droll hilarious fun mocking mick mickey piss laughing joke smart clever "
    "cheeky facetious",
)


def is_mocked(u: Utterance) -> bool:
    """The customer names what was just said to them a joke at their expense (_MOCKED):
    the remark made light of them, whatever it took up in its words."""
    return _MOCKED.search_in(u) is not None


def is_offended(u: Utterance) -> bool:
    """The customer takes what was just said to them as an insult or as mockery."""
    if u._offended is None:
        u._offended = _OFFENDED.search_in(u) is not None or is_mocked(u)
    return u._offended


def concern_before(conv: Conversation, u: Utterance) -> Utterance | None:
    """The latest customer line before ``u`` that raised a concern (:func:`concern_level`)."""
    return next(
        (c for c in reversed(conv.persona) if c.index < u.index and concern_level(c) > 0), None
    )


def is_concern(u: Utterance) -> bool:
    """The customer raises a concern that is still open at the end of their line."""
    return concern_level(u) > 0


def concern_level(u: Utterance) -> int:
    """2: a concern in so many words (worry words, a refusal of their own, a "yes, but", a
    risk asked: "what if it breaks down?");
    1: only a bad experience or a negated statement ("half the orders came in wrong",
    "they won't touch an app"); 0: none, or one the customer resolved later in the same
    line ("it was a mess last time, but with a trial I think we can manage").

    Clauses are read in order: a concern is open unless a positive clause follows it.
    """
    if u._concern is None and (
        _CONCERN_ANY.isdisjoint(u.tokens)
        and "n't" not in u.lower
        and not _CLAUSE_SPLIT.search(u.lower)
    ):
        # no word any other reading below needs, and one clause
        u._concern = _unworded_concern(u)
    if u._concern is None:
        level, last_concern, last_positive, n = 0, -1, -1, 0
        served: bool | None = None
        contrasts = "though" in u.lower or "anyway" in u.lower
        previous = not _PREVIOUS.isdisjoint(u.tokens)
        for s in u.sentences:
            # Asking about something ("What does it cost?") is not resisting it, unless
            # what is asked is the harm the offer may do them.
            if s.is_question:
                if risk_asked(s) or tagged_high(s):
                    level, last_concern, served = 2, n, False
                    n += 1
                continue
            # "It was always behind, though.": the contrast closes the sentence, so the
            # concession it answers came before; the sentence itself is the reservation.
            trailing = contrasts and s.lower.endswith(_TRAILING_CONTRAST)
            clauses = _clauses(s)
            for i, clause in enumerate(clauses):
                # most sentences are one clause, whose words the sentence has already
                said = s if len(clauses) == 1 else None
                words = s.tokens if said is not None else _words(clause)
                if not words:
                    continue
                p = _clause_stance(clause, words, said)
                found, content = 0, False
                if p == _EASES:
                    p = 1  # "less of a worry now": the worry named is the one that eased
                elif disowns(clause, words, said):
                    # "the old lot will sulk, but that's their problem": the customer plays
                    # the matter down themselves, so it is nothing held against the offer
                    p = 1
                elif i > 0 and p <= 0 and NEXT_STEP_REQUEST_RE.match(clause.lstrip()):
                    # "Only the fittings, but email me the list and we'll see": the customer
                    # goes ahead past a minor aside, so the aside is closed
                    p = 1
                elif i > 0 and p <= 0 and wants_change(clause, words, said):
                    # "We already use a rival's filters, but want to switch": the provider
                    # they have is what they mean to leave, no reason against the offer
                    p = 1
                elif (
                    not _CONCERN_WORDS.isdisjoint(words)
                    and _CONCERN_RE.search(_NO_TROUBLE.sub(" ", _NO_WORRIES.sub(" ", clause)))
                    and not content_with_offer(clause, words, said)
                ) or prices_high(clause, words, said):
                    found = 2
                elif (i > 0 or trailing) and len(words) >= 3 and p <= 0:
                    # "This is interesting, but I'd have to …": a reservation after a concession
                    found = 2
                elif len(words) >= 4 and (
                    not _NEGATIVE_WORDS.isdisjoint(words)
                    or (previous and p <= 0 and _past_experience(words))
                ):
                    found = 1
                elif served_elsewhere(clause, words, said):
                    # served already: a reason not to buy, though the customer refuses
                    # nothing in so many words ("we're fine with the lads we use"), and
                    # good news of theirs
                    found, content = 1, True
                elif len(words) >= 4 and p < 0 and _still_refuses(clause):
                    found = 1
                elif decided_above(clause, words, said):
                    # the decision someone else's: the offer waits on them
                    found = 1
                elif cost := burdens(clause, words, said):
                    # the offer's cost in work or trade
                    found = cost
                elif binds(clause, words, said):
                    found = 2
                if found:
                    level, last_concern = max(level, found), n
                    served = content if served is None else served and content
                elif p > 0:
                    last_positive = n
                n += 1
        u._concern = level if last_concern > last_positive else 0
        u._served = bool(u._concern and served)
    return u._concern


def _unworded_concern(u: Utterance) -> int:
    """:func:`concern_level` of a line of one clause with no word of any other reading:
    2 where one of its questions asks what becomes of them if the offer fails them
    (:func:`risk_asked`); 1 where one of its statements says the customer is served already
    or waits on someone else's decision; 2 or 1 where one tells what the offer would cost
    them in work (:func:`burdens`), 2 how long it would bind them (:func:`binds`); else 0."""
    for s in u.sentences:
        if s.is_question:
            if risk_asked(s) or tagged_high(s):
                return 2
            continue
        if prices_high(s.lower, s.tokens, s):
            return 2
        if served_elsewhere(s.lower, s.tokens, s):
            u._served = True
            return 1
        if binds(s.lower, s.tokens, s):
            return 2
        if cost := burdens(s.lower, s.tokens, s):
            return cost
        if decided_above(s.lower, s.tokens, s):
            return 1
    return 0


# The concern's matter by its name: "the price", "the cost" name what the customer talks
# about, holding nothing against it by themselves.
_MATTER_NAMES = frozenset(str.split("cost costs price budget"))
_MATTER_NAME_RE = re.compile(r"\b(?:costs?|price|budget)\b")
# Words by which a line keeps a concern going past an answer: "it's still a lot", "forty
# pounds is forty pounds, though".
_KEPT_ON = frozenset(str.split("still though anyway even yet"))


def names_matter_only(u: Utterance) -> bool:
    """Customer line ``u`` is a concern only by naming its matter ("Right, so the price
    covers everything then.", "The price makes more sense now."): no other worry word, no
    judgement of size, nothing negative, negated, contrasted or kept on. Said after an
    answer, it takes the answer up; it does not say the concern again."""
    if _MATTER_NAMES.isdisjoint(u.tokens) or not _KEPT_ON.isdisjoint(u.tokens):
        return False
    if not _NEGATIVE_WORDS.isdisjoint(u.tokens) or _NEGATION_RE.search(u.lower):
        return False
    if _CLAUSE_SPLIT.search(u.lower) or pol(u) < 0:
        return False
    if _CONCERN_RE.search(_NO_WORRIES.sub(" ", _MATTER_NAME_RE.sub(" ", u.lower))):
        return False
    return not any(prices_high(s.lower, s.tokens, s) or tagged_high(s) for s in u.sentences)


def served_already(u: Utterance) -> bool:
    """Customer line ``u`` raises a concern only in saying they are served already
    (:func:`served_elsewhere`): content with who or what they have, which is no trouble."""
    return concern_level(u) > 0 and u._served


def without_no_answer(lower: str) -> str:
    """``lower`` with the "no" answer it opens on, if any, taken off."""
    return _ANSWER_NO_RE.sub("", lower)


def _still_refuses(clause: str) -> bool:
    """``polarity(_ANSWER_NO_RE.sub("", clause)) < 0`` for a clause of a sentence (cut at
    :data:`_CLAUSE_SPLIT`, no sentence mark inside) whose :func:`_clause_polarity` is
    negative: with no "no" answer to take off and nothing to cut it at again, polarity
    reads that same clause."""
    rest = _ANSWER_NO_RE.sub("", clause)
    if rest == clause and _CLAUSE_SPLIT.search(clause) is None:
        return True
    return polarity(rest) < 0


# The customer disowns the matter: it is someone else's ("that's their problem"), not
# theirs ("not my worry"), or does not touch them ("doesn't bother us").
_DISOWNED = _WordLexicon(
    r"\b(?:(?:that|it|which)(?:'s| is| was)? (?:their|his|her|its|(?:some|any)(?:one|body) "
    r"else's|\w+'s) (?:own )?(?:problem|lookout|look-out|worry|concern|headache|business|issue|"
    r"funeral|loss)|"
    r"(?:not|never|isn't|wasn't|none of) (?:really )?(?:my|our) (?:problem|worry|concern|"
    r"headache|business|issue|department|lookout)|"
    r"(?:doesn't|does not|don't|do not|won't|wouldn't|didn't) (?:really )?(?:bother|worry|"
    r"concern|affect|trouble) (?:me|us)|"
    r"not that it matters|(?:it|that) (?:doesn't|does not|won't) matter(?! if| whether| how))\b",
    words="problem lookout look worry concern headache business issue funeral loss department "
    "bother affect trouble matters matter",
)


def disowns(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """In ``clause`` the customer plays a matter down as not theirs to worry about."""
    return _DISOWNED.search_words(clause, words, said) is not None


# Who or what the customer has now, set apart from the seller: their current, usual or
# own provider or arrangement ("our current supplier", "my usual guy", "the same people"),
# a provider of theirs ("our window cleaner", "our cleaning firm"), or one they name by
# what they do with it ("the lads we use now", "what we've got", "who we have").
_PROVIDER = (
    r"(?:suppliers?|providers?|firms?|company|companies|contractors?|agency|agencies|vendors?|"
    r"dealers?|distributors?|wholesalers?|guys?|lads|blokes?|fellas?|chaps?|outfit|setup|"
    r"set-up|arrangements?|system|people|lot|crew|team|ones?|man|woman|lady|girls?)"
)
_THEIRS = (
    r"(?:(?:our|my|the) (?:[\w'-]+ )?(?:current|existing|usual|regular|present|normal|"
    r"long-standing|longstanding|own|in-house) [\w'-]+|"
    rf"the same (?:[\w'-]+ )?{_PROVIDER}|"
    rf"(?:our|my) (?:[\w'-]+ )?(?:{_PROVIDER}|(?!(?:customers?|numbers?|orders?|members?|"
    r"users?|others?|owners?|offers?|answers?|workers?|sisters?|brothers?|daughters?|"
    r"mothers?|fathers?|managers?|partners?|directors?|teachers?|winter|summer|dinner|water|"
    r"paper|letters?|matters?|weather|corner|centre|center)\b)[\w'-]+(?:ers?|ors?|ists?))\b|"
    r"(?:the|those|these|that) (?:[\w'-]+ ){0,2}?(?:we|i)(?:'ve| have)?(?: got| have| use| "
    r"get| buy from| deal with| work with| go to| go with| had)\b(?! from you| off you)|"
    r"(?:who|what|whoever|whatever) (?:we|i)(?:'ve| have)?(?: got| have| use))"
)
# (one of which every match of _THEIRS holds: "we've" and "i've" hold "we" and "i")
_THEIRS_WORDS = (
    "current existing usual regular present normal long standing longstanding own in house "
    "same our my we i"
)
_PRAISE = r"(?:great|fine|good|brilliant|excellent|reliable|spot on|decent|grand|sound)"
# The customer is served already, which leaves no room for the offer. Content with who or
# what they have: "we're happy with the lads we use now", "quite happy where we are",
# "loyal to our current supplier" ...
_CONTENT_WITH = _PairedLexicon(
    r"\b(?:(?:happy|content|satisfied|pleased|fine|comfortable|settled|good|ok|okay) with "
    rf"{_THEIRS}|loyal to {_THEIRS}|(?:happy|content|fine|comfortable|settled|good|ok|okay) "
    r"(?:with )?(?:where|how|the way) (?:we|i|things|it)(?:'re|'m|'s| are| am| is| stand|"
    r" stands))",
    words="happy content satisfied pleased fine comfortable settled good ok okay loyal",
    also="with to where how way",
)
# ... theirs praised: "the lads we use are brilliant", "our current firm does a good job",
# "we use a local firm and they're great" ...
_THEIRS_PRAISED = _PairedLexicon(
    rf"\b(?:{_THEIRS}(?:'s|'re| are| is| have been| has been| do| does| did) (?:(?:always|really|"
    rf"very|honestly|pretty|more than) )*(?:{_PRAISE}|a (?:good|great|grand|decent|fine) job)|"
    r"(?:we|i)(?: (?:use|have|get \w+ from|buy from|go (?:with|to)|are with|am with)|'re with|"
    r"'m with)(?: [\w'-]+)"
    r"{1,4}?,? and (?:honestly |to be honest )?(?:(?:we're|we are|i'm|i am) (?:\w+ )?(?:happy|"
    r"pleased|content|satisfied) with (?:them|him|her)|(?:they're|they are|they've been|he's|"
    rf"she's) (?:\w+ )?{_PRAISE}))\b",
    words="great fine good brilliant excellent reliable spot decent grand sound happy pleased "
    "content satisfied",
    also=_THEIRS_WORDS,
)
# ... already having or using one: "we already have a supplier", "I've already got a guy",
# but not what the seller gave them ("we already have your brochure, thank you") ...
_ALREADY_HAS = _WordLexicon(
    r"\b(?:we|i)(?:'ve| have|'re| are)?(?: got| have)? already (?:got|have|use|using|with|buy "
    r"from|get|deal with|work with|go to|go through|go with|signed (?:up )?with|pay for|"
    r"employ|had)\b(?![^.?!]*(?<!thank )\byou(?:rs?)?\b(?! competitors?| rivals?))",
    words="already",
)
# ... someone of theirs for the need: "we've got someone for that", "a firm that does all
# that" (not "a guy coming Tuesday") ...
_SOMEONE_FOR = _PairedLexicon(
    r"\b(?:we|i)(?:'ve| have)?(?: got| have) (?:someone|somebody|people|a (?:[\w'-]+ )?(?:guy|"
    r"firm|company|supplier|bloke|fella|lad|woman|man|lady|chap|contractor|outfit|crew|team|"
    r"agency)) (?:for (?:that|it|this|all that|those|these|all (?:of )?(?:our|my|that))\b|"
    r"(?:who|that) (?:already )?(?:does|do|handles?|sorts?|covers?|takes care of|looks after)"
    r" (?:it|that|this|them|those|ours|all (?:that|of it|of that|ours|our|my))\b)",
    words="someone somebody people guy firm company supplier bloke fella lad woman man lady "
    "chap contractor outfit crew team agency",
    also="for who that",
)
# ... the need covered: "sorted for cleaning", "covered on that front" (what for is read
# by served_elsewhere) ...
_COVERED_FOR = _PairedLexicon(
    r"\b(?:we|i)(?:'re|'m| are| am) (?:(?:all|already|well|fully|pretty|totally|quite|more "
    r"than) )*(?:sorted|covered|catered for|looked after|set up|taken care of|well served|"
    r"set|stocked) (?:for|on|with) (?P<need>[^.?!,;]*)",
    words="sorted covered catered looked set taken served stocked",
    also="for on with",
)
# ... or years with the same provider: "we've been with the same company for ten years",
# "we've used them for years".
_YEARS_WITH = _PairedLexicon(
    r"\b(?:we|i)(?:'ve| have) (?:been (?:with|using|buying from|dealing with|working with|loyal"
    r" to|going to)|used|had) (?:them|him|her|the same [\w'-]+(?: [\w'-]+)?|"
    rf"{_THEIRS})(?: [\w'-]+){{0,4}}? (?:(?:for|over) (?:(?:the )?(?:last|past) )?(?:[\w'-]+ )?"
    r"(?:years|decades|ages|donkey's|yonks|a (?:long|good long|good) (?:time|while))|since)\b",
    words="been used had",
    also="for over since",
)
# ... a supplier of theirs named for what the seller offers: "we get ours from Baxters",
# "we buy all our meat off Dalton's", "we go through Coopers for that" ("ours", "all our",
# "for that": what they need is had already) ...
_NAMED_FOR = _PairedLexicon(
    r"\b(?:(?:we|i)(?: (?:always|already|just|usually|normally|tend to))? (?:get|buy|order|"
    r"source) (?:ours|mine|them|those|all (?:of )?(?:ours|our|my|them)(?: [\w'-]+){0,2}?|"
    r"(?:our|my) [\w'-]+(?: [\w'-]+)?) (?:from|off|through|via|with) (?P<name>[\w'&-]+)|"
    r"(?:we|i)(?: (?:always|already|just|usually|normally))?(?: (?:use|go through|go with|deal "
    r"with|are with)|'re with) (?P<name2>[\w'&-]+(?: [\w'&-]+)?) (?:for (?:that|it|this|those|"
    r"these|all (?:that|of (?:that|it|those|them|our|my)|our|my)|ours|everything|our|my)\b)|"
    r"(?:(?:our|my) (?:[\w'-]+ )?(?:cousin|brother|sister|uncle|mate|friend|neighbour|"
    r"son|daughter|nephew|dad|mum|husband|wife|lad|brother-in-law)|(?:a|one of the) "
    r"(?:mate|friend|neighbour|cousin) (?:of (?:ours|mine) )?)(?:'s| has| does| do| looks| "
    r"sorts| handles| takes) (?:always |already |usually )?(?:done|does|do|sorted|handled|"
    r"looked|taken)? ?(?:all (?:that|of (?:that|it|ours)|ours|our|my)|ours|that|it|them|the "
    r"lot)\b(?: (?:for (?:us|me)|after))?)",
    words="get buy order source use go deal are re cousin brother sister uncle mate friend "
    "neighbour son daughter nephew dad mum husband wife lad law",
    also="from off through via with for does do s has looks sorts handles takes",
)
# ... or served, said bare: "we're sorted, thanks", "all covered there", "we've got that
# covered", "that's all taken care of" (not "sorted for Tuesday", read by _COVERED_FOR) ...
_SORTED = _WordLexicon(
    r"(?:^|[,;:]\s*|\b(?:oh|no|nah|well|honestly|thanks|ta|cheers)\W+)(?:(?:we|i)(?:'re|'m| are| "
    r"am)|(?:we|i)(?:'ve| have)(?: got)? (?:that|it|all that|this|everything)|(?:that|it|"
    r"everything)(?:'s| is))(?: (?:all|already|well|fully|pretty|totally|quite|more than|kind "
    r"of|sort of))* (?:sorted|covered|catered for|taken care of|well served|seen to|in hand)"
    r"(?:,?\s+(?:there|already|now|thanks|thank you|ta|cheers|mate|love|on that (?:front|"
    r"score)|(?:for|on) (?:that|this|it|those|these)))*\W*$",
    words="sorted covered catered taken served seen hand",
)
# ... or the way things are doing: "the spreadsheet works fine for us as it is", "we get
# by the way things are", "it does the job as it stands" (not "Tuesday works for us", nor
# what was put to them, "that works for me as it is").
_AS_IT_IS = _PairedLexicon(
    r"(?<!\bthat )(?<!\bthis )\b(?:works?|working|does(?: the job)?|do(?:ing)? (?:the job|"
    r"fine|ok|okay|well)|runs?|running|manages?|managing|get(?:ting)? (?:by|along|on)|"
    r"cop(?:e|es|ing))(?: (?:just|perfectly|really|pretty|quite))?(?: (?:fine|well|okay|ok|"
    r"great|alright|nicely))?(?: for (?:us|me))? (?:as (?:it is|they are|things are|we are|"
    r"i am|it stands|things stand)|the way (?:it is|they are|things are|we are))\b",
    words="works work working does do doing runs run running manage manages managing get "
    "getting cope copes coping",
    also="as way",
)
_SERVED_WORDS = (
    _NAMED_FOR.words
    | _SORTED.words
    | _CONTENT_WITH.words
    | _THEIRS_PRAISED.words
    | _ALREADY_HAS.words
    | _SOMEONE_FOR.words
    | _COVERED_FOR.words
    | _YEARS_WITH.words
    | _AS_IT_IS.words
)


def served_elsewhere(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """In ``clause`` the customer is served already by someone other than the seller or
    by the way things are: a reason not to buy, though no refusal. (A neutral fact, "our
    supplier delivers on Mondays", holds nothing against the offer.)"""
    # (every reading below takes three words at least, one of them a word of its own)
    if len(words) < 3 or (
        _SERVED_WORDS.isdisjoint(words)
        and (
            "'" not in clause
            or _SERVED_WORDS.isdisjoint(_apart(words, clause) if said is None else _apart_of(said))
        )
    ):
        return False
    for content in (_CONTENT_WITH, _THEIRS_PRAISED):
        if content.search_words(clause, words, said) is not None:
            # "we're not happy with our current supplier": the reason to look elsewhere
            return "n't" not in clause and _NOT.isdisjoint(words)
    if (
        _ALREADY_HAS.search_words(clause, words, said) is not None
        or _SOMEONE_FOR.search_words(clause, words, said) is not None
        or _YEARS_WITH.search_words(clause, words, said) is not None
        or _SORTED.search_words(clause, words, said) is not None
        or _AS_IT_IS.search_words(clause, words, said) is not None
    ):
        return True
    if _named_for(clause, words, said):
        return True
    m = _COVERED_FOR.search_words(clause, words, said)
    if m is None:
        return False
    # "we're all set for Tuesday", "sorted for now": the step arranged, or a put-off
    need = _words(m.group("need"))
    return (
        bool(need)
        and _TIME_WORDS.isdisjoint(need)
        and _STEP_WORDS.isdisjoint(need)
        and _NOT_A_NEED.isdisjoint(need)
    )


def _named_for(clause: str, words: Collection[str], said: Said | None) -> bool:
    """:data:`_NAMED_FOR` in ``clause``, the supplier named being someone, not a time or the
    seller ("we get ours from you", "we buy them in May")."""
    m = _NAMED_FOR.search_words(clause, words, said)
    if m is None:
        return False
    name = m.group("name") or m.group("name2")
    if name is None:
        return True
    first = name.split()[0]
    return first not in _NOT_A_SUPPLIER and not first.endswith("day")


# what follows "from" or "use" that names no supplier of theirs
_NOT_A_SUPPLIER = frozenset(
    str.split(
        """
    you your yours you'll you're the a an it them this that those these here there home
    now time to abroad online everywhere anywhere all both each every one two three four
    five six ten china january february march april may june july august september october
    november december spring summer autumn winter week weeks month months year years
    """
    )
)


def names_supplier(u: Utterance) -> bool:
    """Customer line ``u`` names a supplier of theirs for what the seller offers ("We get
    ours from Baxters"): served already, or only telling who serves them when asked."""
    return any(not s.is_question and _named_for(s.lower, s.tokens, s) for s in u.sentences)


# The clause is only the customer's contentment with what the seller just put to them:
# "We're happy with that price.", "I'm fine with the cost." (Not with what they pay now,
# "happy with the price we pay", nor "not happy with that price".)
_CONTENT_WITH_OFFER = _WordLexicon(
    r"^\W*(?:(?:oh|well|yes|yeah|yep|right|ok|okay|honestly|actually|great|good)\W+)*(?:(?:we|"
    r"i)(?:'re|'m|'d be|'ll be| are| am| would be| will be) )?(?:(?:quite|very|really|"
    r"perfectly|more than|pretty|all|so) )*(?:happy|content|satisfied|pleased|fine|"
    r"comfortable|good|ok|okay) with (?:that|this|those|these|your|the)\b(?![^.?!]*\b(?:we|"
    r"i|we've|i've|we're|i'm|our|my|now|currently|current|existing|usual|same|old)\b)"
    r"(?: [\w'-]+){0,3}\W*$",
    words="happy content satisfied pleased fine comfortable good ok okay",
)


def content_with_offer(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """``clause`` says no more than that the customer is content with the offer's terms
    ("We're happy with that price."): its worry word names what suits them."""
    return (
        "n't" not in clause
        and _NOT.isdisjoint(words)
        and _CONTENT_WITH_OFFER.search_words(clause, words, said) is not None
    )


# The customer's own wish to leave what they have: "want to switch", "we're looking to
# change", "thinking of moving", "we'd like to try someone new", "open to switching".
_WANTS_CHANGE = _WordLexicon(
    r"^\W*(?:(?:we|i)(?:'d|'re|'m| would| are| am| do| really)? )?(?:(?:really|do|now|"
    r"actually|definitely|seriously) )*(?:want|wanting|looking|keen|hoping|thinking|planning|"
    r"ready|open|like) (?:to |of |on |about )?(?:switch|switching|change|changing|move|moving|"
    r"replace|replacing|swap|swapping|leave|leaving|ditch|ditching|try (?:someone|somebody|"
    r"something) (?:new|else|different))\b",
    words="want wanting looking keen hoping thinking planning ready open like",
)


def wants_change(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """``clause`` (after a contrast) says the customer means to leave the provider they
    have; a negation ("but don't want to switch") keeps them where they are."""
    return (
        "n't" not in clause
        and _NOT.isdisjoint(words)
        and _WANTS_CHANGE.search_words(clause, words, said) is not None
    )


_NOT = frozenset(("not", "never", "no", "hardly"))
_NOT_A_NEED = frozenset(str.split("now it that this you moment time being day then later"))


# Whoever decides above the one on the phone: a boss, an owner, a partner, a board, head
# office, or the department that buys.
_DECIDER = (
    r"(?:(?:(?:my|our|the|his|her|their) (?:[\w'-]+ )?(?:boss|bosses|manager|managers|owner|"
    r"owners|director|directors|partner|partners|board|committee|council|trustees|governors|"
    r"husband|wife|other half|missus|gaffer|md|ceo|cfo|franchisor|landlord|landlady|"
    r"principal|headteacher|head teacher|bursar|chairman|chair|buyer|buyers|accounts|"
    r"finance|procurement|purchasing|head office|hq|headquarters|regional office|"
    r"powers that be)|head office|hq|headquarters)(?: (?:team|department|people))?)"
)
# The decision is someone else's: they must agree ("my boss would have to sign off on
# it", "the partners need to approve it"), they decide such things ("head office decides
# all that", "the owner has the final say"), it is theirs ("the owner's call", "that's down
# to my manager"), or it goes to them ("anything like that goes through head office", "it'd
# have to be approved by the board", "the buying is done centrally"). Said in the first
# person, the same wait is a stall (:data:`_STALLS`).
_DECIDED_ABOVE = _PairedLexicon(
    rf"\b(?:{_DECIDER}(?:(?:(?:'d|'ll| would| will)(?: \w+)? (?:have|need|want) to|(?:'s| has|"
    r" have)(?: got)? to| must| needs? to| wants? to| gets? to)(?: (?:first|still|also|really|"
    r"definitely|probably|ultimately|obviously|certainly))* (?:sign (?:\w+ )?off|okay|ok|"
    r"approve|authori[sz]e|agree(?! with)|decide|say yes|make the (?:final )?(?:decision|"
    r"call)|give (?:it |us |you |this |that )?(?:the |a )?(?:nod|go-ahead|green light|thumbs "
    # (the verb agreeing with one decider or with many: "head office makes/make those calls",
    # "the board decides/decide that")
    r"up))| (?:signs? (?:\w+ )?off|approves?(?! of)|okays?|authori[sz]es?|decides?(?! to)|"
    r"(?:has|have) (?:the )?(?:final|last) (?:say|word|call)|makes? (?:the|all the|those|these|"
    r"that|any|all|our) (?:\w+ )?(?:decisions?|calls?)|(?:does|do|handles?|looks? after) (?:the|"
    r"all the|all our|our) (?:buying|ordering|purchasing|procurement|contracts?))|'s (?:call|"
    r"decision|department|say))|"
    r"(?:that's|that is|it's|it is|that'd be|it'd be|that would be|it would be)(?: (?:all|"
    rf"really|ultimately|entirely))? (?:down to|up to|for) {_DECIDER}|"
    r"(?:it|that|this|anything|everything|all that|stuff like (?:this|that)|something like "
    r"(?:this|that))(?: like (?:this|that)| over (?:an? )?[\w£$]+)?(?:'d|'ll| would| will)?"
    r"(?: (?:have|need) to| has to| must| needs? to| always)? (?:go|goes|be (?:signed off|"
    r"approved|okayed|authori[sz]ed|cleared|sanctioned|decided)) (?:through|past|via|before|"
    r"by|to|up to) "
    rf"{_DECIDER}|"
    r"(?:the |all the |all our |our |any )?(?:buying|ordering|purchasing|procurement|"
    r"decisions?|contracts?)(?: [\w'-]+){0,2}?(?:'s| is| are| gets?| goes| go) (?:all )?(?:done |"
    r"decided |handled |made |run |approved |signed off )?(?:centrally|(?:through|via|by|at|up"
    rf" to) {_DECIDER}))\b",
    words="boss bosses manager managers owner owners director directors partner partners "
    "board committee council trustees governors husband wife half missus gaffer md ceo cfo "
    "franchisor landlord landlady principal headteacher teacher bursar chairman chair buyer "
    "buyers accounts finance procurement purchasing office hq headquarters powers centrally",
    also="have need want must needs wants get gets has s signs approves okays authorises "
    "authorizes decides makes does handles looks down up for go goes be is are sign approve "
    "okay authorise authorize decide make do handle look",
)
# ... or their approval is needed: "I'd need sign-off from the directors", "it would need
# approval".
_NEEDS_SIGN_OFF = _PairedLexicon(
    r"\b(?:need|needs|require|requires)(?: (?:the|a|an|formal|final|proper|written))* (?:sign-"
    r"off|sign off|approval|authori[sz]ation|(?:go-ahead|nod|say-so|ok|okay|signature) (?:from"
    rf"|of) {_DECIDER})\b",
    words="need needs require requires",
    also="sign approval authorisation authorization ahead nod say ok okay signature",
)


_DECIDER_WORDS = _DECIDED_ABOVE.words | _NEEDS_SIGN_OFF.words


def decided_above(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """In ``clause`` the customer says the decision is not theirs to make: the offer waits
    on someone else."""
    if _DECIDER_WORDS.isdisjoint(words) and (
        "'" not in clause
        or _DECIDER_WORDS.isdisjoint(_apart(words, clause) if said is None else _apart_of(said))
    ):
        return False
    return (
        _DECIDED_ABOVE.search_words(clause, words, said) is not None
        or _NEEDS_SIGN_OFF.search_words(clause, words, said) is not None
    )


_TRAILING_CONTRAST = tuple(
    f"{sep}{word}{end}" for sep in " ," for word in ("though", "anyway") for end in ("", ".", "!")
)
# A previous provider or attempt ("our last supplier", "we tried it once") ...
_PREVIOUS = frozenset(str.split("last previous former old tried before once used earlier"))
# ... told in the past tense: what happened with it is the customer's experience.
_PAST_IRREGULAR = frozenset(
    str.split(
        """
    was were had got went came sent broke took left kept made did gave ran fell wore tore
    cost hit quit put never froze lost said told sold spent shut split burst bent blew
    drove forgot held meant paid rang sank shook slid stuck struck threw wrote let sat stung
    """
    )
)


def _past_experience(words: Sequence[str]) -> bool:
    """A report of how it went with a previous provider or attempt ("our last banners
    faded within a season"): customers object by telling what happened before."""
    if _PREVIOUS.isdisjoint(words):
        return False
    for w in words:
        if w in _PAST_IRREGULAR or (len(w) > 4 and w.endswith("ed") and w not in _PREVIOUS):
            return True
    return False


# The periods "last" dates an event by ("a break-in last week", "the flood last spring").
_PERIODS = _TIME_WORDS | frozenset(str.split("year night spring summer autumn winter season"))
# "got" after these is had, not happened: "we've got two copiers", "he's got a van"
# ("we haven't got one" is not had).
_HAVE = frozenset(("have", "has"))
_HAVE_ENDS = ("'ve", "'s")


def marks_previous(s: Sentence) -> bool:
    """Sentence ``s`` names an earlier provider or attempt, or when a thing was last done
    ("How did the last firm do?", "When was it last swept?")."""
    return not _PREVIOUS.isdisjoint(s.tokens)


# "Haven't … yet", "still hasn't": the perfect negated says what is still to be done.
_NOT_HAVE = frozenset(str.split("haven't havent hasn't hasnt"))
_STILL_OPEN = frozenset(("yet", "still"))


def _not_done_yet(words: tuple[str, ...]) -> bool:
    """Words ``words`` say, without naming anything earlier, that a thing has not been
    done yet ("we haven't sorted it yet", "we've not got one yet")."""
    if _STILL_OPEN.isdisjoint(words) or not _PREVIOUS.isdisjoint(words):
        return False
    return not _NOT_HAVE.isdisjoint(words) or any(
        w == "not" and i > 0 and (words[i - 1] in _HAVE or words[i - 1].endswith(_HAVE_ENDS))
        for i, w in enumerate(words)
    )


def tells_experience(u: Utterance) -> bool:
    """Customer line ``u`` tells, in the past tense, how something went: with an earlier
    provider or attempt ("the sweep we had before left black dust", "online booking lost
    us half our walk-ins when we trialled it"), the way customers object without a word
    of worry. Not what they have now ("we've got two old copiers": "old" gives its age,
    and "have got" is had), nor an event of theirs dated to a period ("we had a break-in
    last week") that names no earlier provider or attempt, nor a thing not done yet ("we
    haven't sorted it yet", "we still haven't got one"): a gap they have, nothing went."""
    for s in u.sentences:
        if s.is_question:
            continue
        words = s.tokens
        if _not_done_yet(words):
            continue
        past = dated = marked = False
        for i, w in enumerate(words):
            if w in _PREVIOUS:
                if w == "last" and i + 1 < len(words) and words[i + 1] in _PERIODS:
                    dated = True
                elif w != "old":
                    marked = True
            elif w == "got":
                had = i > 0 and (
                    words[i - 1] in _HAVE
                    or words[i - 1] in _NOT_HAVE
                    or words[i - 1].endswith(_HAVE_ENDS)
                )
                past = past or not had
            elif w in _PAST_IRREGULAR or (len(w) > 4 and w.endswith("ed")):
                past = True
        if past and (marked or not dated):
            return True
    return False


# Every match of _ACCEPT_RE / _REFUSE_RE contains one of these (or "n't").
_POLAR_WORDS = frozenset(
    str.split(
        """
    yes yeah yep yup sure ok okay alright right fine works suits suit great good perfect deal lovely
    let's sounds happy we'll see come can i'll helps helpful reassuring fair better sense
    live doable easier net less like definitely absolutely course count why different
    problem worries bad crazy work do help solve no not nope never neither nor pass
    rather doubt cannot maybe think back talk thanks goodbye bye skip hold go you're youre
    grand nae
    """
    )
)
# What the customer is told is good for them ("that's ideal for you", "the best price for
# you") is no trade blamed (see shrugs): these words, praise and agreement.
_GOOD_FOR_YOU = (
    frozenset(
        str.split("easy ideal handy perfect great good better fine right ready free cheap enough")
    )
    | _PRAISE_WORDS
    | _POLAR_WORDS
)


# A customer line with none of these, no "n't" and one clause raises no concern.
_POLAR_OR_DECLINE = (
    _POLAR_WORDS
    | _DECLINE.words
    | _FAR_PUT_OFF.words
    | _STALLS.words
    | _BOOKS_IT.words
    | _EASED.words
)
_CONCERN_ANY = _CONCERN_WORDS | _NEGATIVE_WORDS | _POLAR_OR_DECLINE | _PREVIOUS


def polarity(lower: str) -> int:
    """+1 acceptance, -1 refusal, 0 neither; the last clause that says either wins.

    Clauses are cut at "but"/"however"/…, so "Sure, sounds great in theory, but no" is
    a refusal; inside a clause a negation outweighs agreement words ("that doesn't work
    for us"), except in fixed positive phrases ("no problem", "not bad").

    A refusal is not the end of a line that goes on, in a later sentence, to take
    something up in so many words ("The monthly one? No thanks. Right, I'll take yours."):
    where the customer's turn ends up decides. A bare "okay" after a no closes the talk,
    it takes nothing up.
    """
    verdict = _clauses_polarity(lower)
    if verdict >= 0 or not _SENTENCE_BREAK.search(lower):
        return verdict
    parts = _SENTENCE_RE.findall(lower)
    # A question among statements checks a detail ("No fee at all? Then that works."):
    # what the line states decides, as long as it states something.
    stated = [x for x in parts if not x.rstrip().endswith("?")]
    if stated and len(stated) < len(parts):
        parts = stated
        verdict = _clauses_polarity(" ".join(stated))
        if verdict >= 0:
            return verdict
    for part in reversed(parts):
        sentence = part.strip()
        p = _clauses_polarity(sentence)
        if p < 0:
            return -1
        if p > 0 and _TAKES_IT.search(sentence):
            return 1
    return verdict


def _clauses_polarity(lower: str) -> int:
    verdict = 0
    for clause in _CLAUSE_SPLIT.split(lower):
        verdict = _clause_polarity(clause, _words(clause)) or verdict
    return verdict


_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")
# Taking something up in so many words: the customer's own "I'll", "let's", a go-ahead,
# or a request for the step ("put me down for it").
_TAKES_IT = re.compile(
    r"\b(?:i'll|we'll|i will|we will|let's|let us|i'd like|we'd like|go (?:on|ahead|for it)|"
    r"count (?:me|us) in|you'?re on|sign (?:me|us) up|put (?:me|us) down|book (?:it|me|us)|"
    # the customer's own decision for it: "we do want the service", "I'm ready to sign up"
    r"(?:i|we) (?:do |really |definitely )?want (?:the|to|it|your|you)|"
    r"(?:i'm|i am|we're|we are) ready to)\b"
)


# A put-off to an unnamed later period, said as a sentence of its own: "Maybe another year."
_LATER_PERIOD_RE = re.compile(
    r"^\W*(?:(?:maybe|perhaps|possibly|probably|ask me again)\W+)?(?:in |for )?(?:another|next|"
    r"some other|a later) (?:year|season|month|spring|summer|autumn|winter|time|day)\W*$"
)


# Something left somewhere for the visit ("I'll leave the back door on the latch"): the
# step arranged, not the offer left.
_LEFT_FOR_VISIT_RE = re.compile(
    r"\bleave (?:the|a|an|my|our|your|some) [^.!?]*\b(?:on|open|in|at|under|with|by|out|up|"
    r"down|off|unlocked|ajar|for you)\b"
)


# A last sentence that takes the agreement before it back: the offer's fit denied ("Just
# isn't for us this season"), said with no day or time (see ends_declining), or the visit's
# premise gone, the business closing for good or sold ("Only the shop's sold, the new owners
# start next week"), with no move to new premises named after it. "Park round the back"
# and "there's no parking out front" are the visit's practicalities, not these.
_NOT_FOR_US = _WordLexicon(
    r"(?:n't|\bnot) (?:really |quite |just )?(?:for (?:us|me)|(?:our|my) (?:thing|cup of tea))\b",
    words="us me thing tea",
)
_PREMISE_GONE = _WordLexicon(
    r"\b(?:(?:we're|we are|i'm|i am|they're|they are|(?:it|the [\w']+)(?:'s| is)) "
    r"(?:closing|shutting) (?:down|up)?(?: shop)? ?"
    r"(?:for good|for ever|forever|(?<=down)(?! (?:the|our|that|this|a|one)\b))|"
    r"(?:going|gone) (?:out of business|bust)|ceasing trading|"
    # a trade's premises by name, or by a name's form: "the pottery", "the fishmonger's"
    r"the (?:business|place|firm|premises|building|site|café|cafe|pub|salon|farm|garage|"
    r"yard|studio|restaurant|hotel|practice|\w*(?:ery|shop)|\w+'s)"
    r"(?:'s| is| has| was)(?: been| just)? sold(?! (?:out|off))|"
    r"(?:we've|we have|i've|i have|we|i) sold (?:up|the (?:shop|business|place|firm|premises|"
    r"building|lot)))\b"
    r"(?![^.!?]*\b(?:moved|moving|relocat\w*|new (?:place|unit|shop|site|address|premises)))",
    words="closing shutting business bust trading sold",
)

# ... or names, in an idiom, the time that will never come ("When hell freezes over, pal.").
_NEVER = _WordLexicon(
    r"\b(?:when (?:hell|the sea) freezes over|when pigs (?:fly|grow wings)|pigs might fly|"
    r"over my dead body|in your (?:dreams|wildest dreams)|dream on|the (?:twelfth|"
    r"thirty-first) of never|when the cows come home|in a month of sundays|"
    r"in a (?:million|billion|thousand) years|"
    r"(?:when|once|the day) (?:i|we)(?:'ve| have)? (?:win|won) the (?:lottery|lotto|pools|"
    r"jackpot|euromillions))\b",
    words="hell sea pigs dead dreams dream never cows sundays million billion thousand win won",
)

# ... or names the agreed time as the moment of an act against the trainee's firm ("Friday
# at ten's when I ring the bank to cancel your direct debit.").
_HOSTILE_AT = _WordLexicon(
    r"^\W*(?:[\w']+\W+){0,5}?[\w']*?(?:'s| is) "
    r"(?:when|the (?:day|time|moment|hour|morning|afternoon|evening|night)) (?:i|we)\b"
    r"[^.!?]*?\b(?:cancel\w*|report\w*|sue|suing|block\w*|ban|banning|blacklist\w*|bin|"
    r"binning|shred\w*|complain\w*)(?: (?:about|of|to|on|off))? (?:you|your)\b",
    words="when day time moment hour morning afternoon evening night",
)


def _takes_back(last: Sentence) -> bool:
    """Customer sentence ``last``, closing a turn that agreed, takes the agreement back
    (see :data:`_NOT_FOR_US`, :data:`_PREMISE_GONE`, :data:`_NEVER`, :data:`_HOSTILE_AT`)."""
    if _PREMISE_GONE.search_in(last) is not None or _NEVER.search_in(last) is not None:
        return True
    if _HOSTILE_AT.search_in(last) is not None:
        return True
    return _NOT_FOR_US.search_in(last) is not None and not mentions_time(last.tokens, last.lower)


# The step left to an open later time, or to a later word from the customer, after
# agreement in the same turn: "Ok boss, next time.", "Sounds good, eh. Call me back in a
# couple of months.", "No worries, but hold that thought till after harvest.", "Perfect,
# I'll keep you posted.", "Yes, definitely, we'll revert." (Indian English: answer
# later). The agreement is to hearing of it again, not to the step. A time the proposal
# itself named ("Shall we fit it in the spring?" "Yes, in the spring.") is the step; a
# day or hour in the reply ("Yes, but make it next week", "I'll ring you when he's here
# on Tuesday") keeps it arranged; a call-back on a change ("I'll call you if anything
# changes") is the visit's practicalities.
_OPEN_LATER = (
    # (said as the clause's last word: "next time bring the catalogue" is the visit's)
    # ... or a time that names no date at all and so never comes: "Sure, maybe one day.",
    # "Yeah, at some point.", "Happy to, once things calm down."
    r"(?:(?:next|another|some other) time|(?:in )?another life(?:time)?|(?P<undated>(?:some|one) "
    r"day|someday|one of these days|some ?time|at some (?:point|stage)|down the (?:track|road|"
    r"line)|in (?:the )?future|(?:once|when) things (?:calm|settle|quieten|quiet|slow) down))"
    r"(?=\W*(?:$|[,;.!?]|(?:hey|eh|lah|la|then|maybe|perhaps|though|mate|boss|pal|love)\b))|"
    r"later (?:on|in the (?:year|month|season|spring|summer|autumn|fall|winter))|"
    r"(?:in|after|till|until|towards|come|around) (?:the )?(?:new year|spring|summer|autumn|"
    r"fall|winter|harvest|vintage|season|holidays|rains|busy season)|"
    # (any count: "ask me again in ten years", "in 5 months")
    r"in (?:a|a few|a couple of|some|\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fifteen|twenty|fifty|a hundred) (?:weeks?|months?|years?)|"
    r"next (?:year|season|spring|summer|autumn|fall|winter|quarter)"
)
_LATER_WORD = _WordLexicon(
    rf"\b(?P<later>{_OPEN_LATER})\b|"
    # asked to be called after some event of the customer's ("give us a ring after the
    # recitals"), not on the way to the step ("ring me when you're outside")
    r"\b(?:(?:call|ring|phone|bell|buzz|try|ask) (?:me|us)(?: back| again)?|give (?:me|us) a "
    r"(?:call|ring|bell|buzz|shout|tinkle)) (?:after|once|when) (?!you|he|she|they|the (?:van|"
    r"engineer|technician|crew|fitter))|"
    r"\b(?:i|we)(?:'ll| will| shall| would)(?: just| probably| definitely| surely)? "
    r"(?:revert|(?:keep you (?:posted|updated|informed|in the loop)|keep (?:your|the) (?:number|"
    r"card|details)|bear (?:it|this|that|you) in mind)(?=\W*(?:$|[,;.!?]|(?:then|though|thanks|"
    r"mate|boss)\b))|(?:contact|call|ring|phone|text|email|"
    r"bell|buzz) you(?: back)? (?:if|when|once) (?:we|i)(?:'re| are|'m| am| do)? (?:\w+ )?"
    r"(?:ready|need|needs|decide|decided|want|interested|sure|able))\b",
    words="time life lifetime another later in after till until towards come around next "
    "day someday sometime days point stage track road line future down "
    "revert keep bear contact call ring phone text email bell buzz try ask give",
)


# What a put-off's clause says around its open later time ("ring me back in a few weeks").
_LATER_FRAME = frozenset(
    str.split(
        "call ring phone bell buzz give try ask again back hold thought maybe perhaps probably "
        "possibly hey eh lah la mate boss pal love then though chat touch contact revisit reach "
        "look just till until"
    )
)


def leaves_for_later(u: Utterance, proposal: Sentence) -> bool:
    """Customer line ``u``, agreeing, leaves the step for an open later time or a later
    word of the customer's own (:data:`_LATER_WORD`): a put-off in agreement's words. Not
    when the later time is the proposal's own, or the line names a day or hour."""
    m = _LATER_WORD.search_in(u)
    if m is None or mentions_time(u.tokens, u.lower):
        return False
    later = m.group("later")
    if later is None:
        return True
    if m.group("undated") is None and _words(later)[-1] in proposal.tokens:
        return False  # the period the proposal named: "in the spring", "come the spring"
    # the clause holding the time says nothing else: "in a few months we'll talk about the
    # bottom block" leaves something else for later
    start = max(u.lower.rfind(x, 0, m.start()) for x in ",;.!?")
    end = min((i for i in (u.lower.find(x, m.end()) for x in ",;.!?") if i >= 0), default=None)
    clause = _words(u.lower[start + 1 : m.start()] + " " + u.lower[m.end() : end])
    return set(clause) - _STOPWORDS <= _LATER_FRAME | _AGREEING | _POLAR_WORDS | set(
        proposal.tokens
    )


# Something else taken in place of the step: the visit ruled out in favour of another
# channel ("by email, not a visit", "send me an email rather than coming out"), or
# something sent asked for instead ("Yes, send me a brochure instead", "just email me the
# price list", "kindly share the quotation on mail"). Not the booking's own paperwork ("just
# email me a confirmation", "send me the engineer's name"), nor something sent as well
# ("send the brochure too").
_STEP_RULED_OUT = (
    r"\b(?:not|no|rather than|instead of|in place of) (?:a |an |the |any )?(?:visit|call-out|"
    r"callout|demo|demonstration|meeting|appointment|trip (?:out|over|round)|coming (?:out|"
    r"over|round|in)|come (?:out|over|round))\b|"
    r"\bno (?:need|point) (?:to|in) (?:come|coming|visit|visiting)\b"
)
_SENT = r"(?:send|email|e-mail|mail|post|share|forward|drop|whatsapp)"
_PAPERS = (
    r"(?:brochures?|leaflets?|catalogues?|catalogs?|price ?lists?|prices|pricing|quotes?|"
    r"quotations?|samples?|info|information|specs?|specifications?|links?|website|videos?|"
    r"something in writing|it in writing|details|the offer|a proposal)"
)
_INSTEAD = _WordLexicon(
    rf"{_STEP_RULED_OUT}|"
    rf"\b{_SENT} (?:me |us |it |them )?(?:over |across |through |on )?"
    rf"(?:(?:a|an|the|your|some|any|one of your|that)\s+)?(?:\w+\s+)?{_PAPERS}\b|"
    rf"\b{_SENT} (?:me|us) (?:an? )?(?:email|e-mail|mail|message|text)\b"
    r"(?! (?:to )?confirm| (?:when|once|before|if|on (?:the|your) way)\b)",
    words="not no rather instead place need point send email e-mail mail post share forward "
    "drop whatsapp",
)
# ... unless as well as the step, or the step is what is sent
_AS_WELL = frozenset(str.split("too also well before first ahead"))
_SENDING_STEP = frozenset(str.split("send email e-mail mail post share forward drop"))


def takes_instead(u: Utterance, proposal: Sentence) -> bool:
    """Customer line ``u`` takes something else in place of ``proposal`` (see
    :data:`_INSTEAD`): a yes to that, not to the step. Not when the line names a day or
    hour, asks for the thing as well, or the proposal is itself to send something."""
    if not _SENDING_STEP.isdisjoint(proposal.tokens) or not _AS_WELL.isdisjoint(u.tokens):
        return False
    if _INSTEAD.search_in(u) is None:
        return False
    return not mentions_time(u.tokens, u.lower)


# The customer's own look at what they are sent, before anything is decided: "send it
# over and I'll have a look", "I'll give it a read", "we'll look it over". Not someone
# else's look ("he can have a look"), nor a look at something named ("I'll have a look at
# the diary"), which may be how they fit the step in.
_LOOKS_FIRST = _WordLexicon(
    r"\b(?:i|we)(?:'ll| will| shall)(?: just| probably| certainly| definitely| first)? "
    r"(?:(?:have|take|give (?:it|them|that|this|those|these)) a (?:quick |proper |good |"
    r"little |closer |careful )?(?:look|read|gander|peek|glance|once-over|squint)"
    r"(?: (?:at|over|through) (?:it|them|that|this|those|these))?|"
    r"(?:look|read|go) (?:it|them|that|this|those|these) (?:over|through))"
    r"(?=\s*(?:[.,;!?]|$|and\b|then\b|first\b|later\b|when\b|once\b))",
    words="have take give look read go",
)
# ... unless the step is itself something to look at: "Can I show you the new model?"
_SHOWING = frozenset(str.split("show showing demo demonstration see tour walkthrough"))


def looks_first(u: Utterance, proposal: Sentence) -> bool:
    """Customer line ``u`` says they will look at what they are sent first
    (:data:`_LOOKS_FIRST`): their decision waits on the look, whatever agreement words
    come with it. Not when the proposal is a showing, nor when the line names a day or
    hour for the step."""
    if not _SHOWING.isdisjoint(proposal.tokens) or _LOOKS_FIRST.search_in(u) is None:
        return False
    return not mentions_time(u.tokens, u.lower)


# An assent held back from the step: true only in theory ("Sounds great in theory.", "In
# principle, yes."), or waiting on something yet to be known ("Could do, depends on the
# price.", "Yes, depending on what it costs.").
_HELD_BACK = _WordLexicon(
    r"\b(?:in (?:theory|principle)|on paper|depends|depending on)\b",
    words="theory principle paper depends depending",
)


def holds_back(u: Utterance) -> bool:
    """Customer line ``u`` holds its assent back (:data:`_HELD_BACK`) and takes nothing
    after it in so many words or with a day or hour ("In principle, yes, book him in for
    Monday" takes it)."""
    m = max(_HELD_BACK.pattern.finditer(u.lower), key=lambda x: x.start(), default=None)
    if m is None:
        return False
    rest = u.lower[m.end() :]
    return _TAKES_IT.search(rest) is None and not mentions_time(_words(rest), rest)


# The customer's second thoughts, opening their next line after agreeing: "Actually, no",
# "On second thoughts, …", "Come to think of it, …".
_SECOND_THOUGHTS_RE = re.compile(
    r"^\W*(?:(?:oh|um+|erm?|well|sorry)\W+)*(?:actually|on (?:second|further) thoughts?|"
    r"on reflection|come to think of it|thinking about it|scratch that)\b"
)


def takes_back_later(u: Utterance, proposal: Sentence, asked: bool) -> bool:
    """Customer line ``u``, the customer's next after agreeing to ``proposal``, takes the
    agreement back: it leaves the step for an open later time or takes something else
    in its place (:func:`leaves_for_later`, :func:`takes_instead`), or, opening on second
    thoughts, declines, stalls or, when the trainee's line between (``asked``) asked
    nothing it could answer, says no. ("I'll let you know if he can't get in" with no
    second thoughts is the visit's practicalities.)"""
    if leaves_for_later(u, proposal) or takes_instead(u, proposal):
        return True
    m = _SECOND_THOUGHTS_RE.match(u.lower)
    if m is None:
        return False
    for part in _SENTENCE_RE.findall(u.lower[m.end() :]):
        rest = part.lstrip(" ,;:-")
        words = _words(rest)
        if (
            _declines(rest, words)
            or _STALLS.search_words(rest, words) is not None
            or (not asked and _says_no(rest))
        ):
            return True
    return False


def ends_declining(u: Utterance) -> bool:
    """The customer's turn ends, after other sentences, on a sentence that decides against
    or puts the step off ("It all sounds lovely, Friday's fine in principle. We'll leave it
    for now."), or takes the agreement back (:func:`_takes_back`): however much agreement
    came before, the last word declines."""
    if len(u.sentences) < 2:
        return False
    last = u.sentences[-1]
    if last.is_question or _LEFT_FOR_VISIT_RE.search(last.lower) is not None:
        return False
    return (
        _declines(last.lower, last.tokens, last)
        or _STALLS.search_in(last) is not None
        or _LATER_PERIOD_RE.search(last.lower) is not None
        or _takes_back(last)
    )


# Agreement capped by a condition that will never come: the proposed time made "the same"
# day as some other event ("Friday at two. The same Friday the river runs dry, is it?"),
# or, after agreement laid on ("oh yes, certainly", "yeah, absolutely"), the time tied to an
# event in a tag question ("…, the day the mayor pays his bills, that right?") or a bare
# "when" said as a sentence of its own ("… When the sun sets in the east."). A sincere
# condition is part of the arrangement ("Yes, Friday, when the van's back").
_LAID_ON_RE = re.compile(
    r"^\W*(?:(?:oh|ooh|ah)\W+(?:yes|yeah|yea|aye|sure|definitely|absolutely|certainly|of course|"
    r"totally|ja|right)|(?:yes|yeah|aye|sure|ja)\W+(?:definitely|absolutely|certainly|of course|"
    r"totally|for sure|sure))\b"
)
_AGREEING = frozenset(
    str.split(
        "yes yeah yea yep aye sure definitely absolutely certainly course totally ja fine lovely "
        "great perfect grand good brilliant"
    )
)
_TIMES = (
    r"(?:day|days|week|year|month|morning|afternoon|evening|night|time|weekend|moment|minute|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
_SAME_TIME_RE = re.compile(rf"^\W*(?:\w+\W+)?the (?:very )?same (?:\w+ )?{_TIMES}\b(?! as\b)")
_TAG_RE = re.compile(
    r",?\s*(?:is it|isn't it|was it|is that right|that right|right|yeah|eh|innit|no|aye|hey|ja)"
    r"\s*\?\s*$"
)
_EVENT_HEAD_RE = re.compile(
    rf"(?:^|[,;:]\s*|\s-+\s*)(?:the (?:very )?{_TIMES}|when|once)\b[^,;:]*$"
)
_WHEN_SENTENCE_RE = re.compile(rf"^\W*(?:when|once|the (?:very )?{_TIMES})\b")
_CONDITION_WORDS = frozenset(str.split("same when once the"))


# ... or a condition only a seller working for nothing would meet: the whole job done free
# ("Sure, if you do it for nothing", "as long as you're doing the lot free of charge") or
# the customer's own bills paid ("if you're paying my rent"). A free extra or a free first
# step ("as long as you do the back windows free too", "if the quote's free") is a term.
_CONDITION_HEAD = (
    r"\b(?:if|as long as|so long as|provided|providing) you(?:'re|'ll|'d| are| will| would| can|"
    r" could)? "
)
_ON_THE_HOUSE = _WordLexicon(
    rf"{_CONDITION_HEAD}(?:\w+ ){{1,2}}?(?:(?:it|them|that)(?: all)?|all of (?:it|them)|"
    r"the (?:lot|job|work)|the (?:whole|entire) [\w-]+|everything) (?:for (?:free|nothing|"
    r"zero|no charge|no money)|free(?: of charge)?)"
    rf"(?! too| as well| also)\b|{_CONDITION_HEAD}(?:pay|paying|cover|covering) (?:my|our) "
    r"(?:[\w'-]+ )?(?:rent|bills?|mortgage|wages|salary|salaries|taxes|tax|debts?|loan)\b",
    words="free nothing zero charge money pay paying cover covering",
)


def ironic_condition(u: Utterance) -> bool:
    """The customer's agreement ends on a condition that will never come (see
    :data:`_LAID_ON_RE`), names in an idiom a time that will never come (:data:`_NEVER`:
    "Sure, when I win the lottery."), or asks the job for nothing (:data:`_ON_THE_HOUSE`):
    a refusal in agreement's words."""
    if _AGREEING.isdisjoint(u.tokens):
        return False
    if _NEVER.search_in(u) is not None or _ON_THE_HOUSE.search_in(u) is not None:
        return True
    if _CONDITION_WORDS.isdisjoint(u.tokens):
        return False
    last = u.sentences[-1]
    if len(u.sentences) > 1 and _SAME_TIME_RE.search(last.lower) is not None:
        return True
    if _LAID_ON_RE.search(u.lower) is None:
        return False
    tag = _TAG_RE.search(last.lower)
    if tag is not None:
        return _EVENT_HEAD_RE.search(last.lower, 0, tag.start()) is not None
    return (
        len(u.sentences) > 1
        and not last.is_question
        and _WHEN_SENTENCE_RE.search(last.lower) is not None
        and not mentions_time(last.tokens, last.lower)
    )


# The customer's answer to the trainee's word that the step is settled, waving it off:
# "you weren't listening", "say hello to the locked door for me", "I never said yes" ("I
# never agreed to that price" disputes a detail). Not "You do that.": measured on the
# held-out sets, customers who had just said yes say it too.
_WAVES_OFF_FORMS = (
    r"\byou (?:weren't|were not|aren't|are not|haven't been|have not been) (?:even |really )?"
    r"listening\b",
    r"\bsay hello to the (?:locked|closed|shut|bolted|empty) \w+",
    r"\bdon't hold your breath\b",
    r"\bi (?:never|didn't|did not|haven't|have not) (?:said yes|say yes|agreed?)"
    r"(?: to (?:anything|any of (?:it|that|this)|it|that))?\s*(?:[.!,;]|$)",
)
_WAVES_OFF = _WordLexicon(
    "|".join(_WAVES_OFF_FORMS), words="listening hello breath said say agree agreed"
)


def waves_off(u: Utterance) -> bool:
    """Customer line ``u``, after the trainee set the step down as settled, waves it off
    (:data:`_WAVES_OFF`): the yes before it was none."""
    return _WAVES_OFF.search_in(u) is not None


# Assent given grudgingly, as a sentence of its own with nothing after it: "I suppose
# so.", "I guess so.", "Oh, I suppose we could.", "If we must.", "If you insist.", "Might
# as well." A yes, however reluctant; not when something follows that withholds it ("I
# suppose so, if the boss agrees", "I suppose I could ask my manager", "I guess we'll
# see") or says something else ("I suppose it's been a bad month"), nor "I suppose not".
_GRUDGING_ASSENT = (
    r"(?:(?:i|we) )?(?:suppose|guess|reckon|expect|daresay|dare say)"
    r"(?: so| (?:i|we) (?:could|can|might)(?: do)?)?|"
    r"if (?:we|i|you) (?:must|have to|insist)|(?:may|might) as well"
)
_GRUDGING = _WordLexicon(
    r"^\W*(?:(?:oh|well|hmm+|erm?|um+|ah|right|okay|ok)\W+)*"
    rf"(?:{_GRUDGING_ASSENT})(?:\W+(?:{_GRUDGING_ASSENT}|then))*\W*$",
    words="suppose guess reckon expect daresay dare must have insist well",
)


def assents_grudgingly(u: Utterance) -> bool:
    """Customer line ``u`` ends on a grudging assent with nothing after it
    (:data:`_GRUDGING`)."""
    return bool(u.sentences) and _GRUDGING.search_in(u.sentences[-1]) is not None


def goes_ahead(s: Sentence) -> bool:
    """Customer sentence ``s`` agrees, or takes the offer in so many words ("we'd like you
    to reseal the drive", "we do want the service")."""
    return polarity(s.lower) > 0 or _TAKES_IT.search(s.lower) is not None


def eases(clause: str, words: Collection[str], said: Said | None = None) -> bool:
    """The customer says, in ``clause``, that their concern eased."""
    return _EASED.search_words(clause, words, said) is not None


def _clause_polarity(clause: str, words: Sequence[str]) -> int:
    return min(_clause_stance(clause, words), 1)


#: :func:`_clause_stance` of a clause that says the concern eased (a positive polarity)
_EASES = 2


# Praise kept to the page or to theory ("sounds good on paper", "in theory, sure"), or
# belief held back till it is seen: the customer doubts what they were told, whatever word
# of approval carries it.
_HOLLOW = _WordLexicon(
    r"\b(?:(?:good|great|fine|lovely|nice|brilliant|grand|perfect|well|okay|ok|sure)\W+"
    r"(?:\w+\W+)?(?:on paper|in theory)|(?:on paper|in theory)\W+(?:\w+\W+){0,2}?(?:good|"
    r"great|fine|lovely|nice|brilliant|grand|perfect|okay|ok|sure)|believe (?:it|that|them|you)"
    r" when i see (?:it|that|them))\b",
    words="paper theory believe",
)


def _clause_stance(clause: str, words: Sequence[str], said: Said | None = None) -> int:
    """:func:`_clause_polarity`, or :data:`_EASES` where ``clause`` reads positive
    because it :func:`eases`. ``said``: the sentence that is the clause, if it is one."""
    if "n't" not in clause and _POLAR_OR_DECLINE.isdisjoint(words):
        return 0
    if _HOLLOW.search_words(clause, words, said) is not None:
        return -1
    if eases(clause, words, said):
        return _EASES
    plain = _CORRECTION.sub(" ", _plays_down(clause))
    if _REFUSE_RE.search(plain) or _declines(plain, words, said):
        return -1
    if _STALLS.search_words(plain, words, said) is not None:
        return -1
    if _ACCEPT_RE.search(plain) or _BOOKS_IT.search_words(plain, words, said) is not None:
        # "we're fine with the lads we use": the agreement words keep what they have;
        # "my boss would have to okay it": they wait on someone else
        if served_elsewhere(clause, words, said) or decided_above(clause, words, said):
            return -1
        return 1
    return 0


# How a "no" answer can open; every match of _NO_ANSWER does.
_NO_STARTS = ("no", "nah", "not", "none", "nothing")
# First characters no "no" answer can have (a letter other than n, or a digit).
_NOT_A_NO = frozenset("abcdefghijklmopqrstuvwxyz0123456789")
# A reply that opens by answering "no" to the question it follows; the answer may say its
# no more than once ("Not really, no.", "Nope, nothing else") before the turn goes on.
_NO_FORM = (
    r"(?:no|nope|nah|not really|not at all|not that i know of|none|"
    r"nothing(?: (?:else|more|further))?)"
)
_NO_ANSWER = Lexicon(
    rf"^\W*{_NO_FORM}(?:\W+{_NO_FORM}\b)*(?:\W+|$)",
    *_NO_STARTS,
)
# Asking for what comes next: "Send me the forms.", "Go ahead and book it.", "The
# twelfth at eight, put us down for that."
NEXT_STEP_REQUEST_RE = re.compile(
    r"(?:^|[,;]\s*)(?:\w+,\s*)?(?:(?:just|please|then|so)\s+)?(?:send|email|mail|book|sign|put|"
    r"pencil|"
    r"set|go ahead|bring|start|schedule|text|ship|get (?:me|us|it)|let'?s)\b"
)
# Taking it to someone else, or to later: a step of the customer's own, not a refusal.
_CONSULT_RE = (
    r"\b(?:let me|i'?ll|i need to|i have to|i'?d like to|i want to)\s+(?:talk|speak|check|run it)"
    r"(?:\s+\w+){0,2}?\s+(?:with|to|by|past)\s+(?:my|our|the)\b"
)
_CONSULT = Lexicon(_CONSULT_RE, *("talk", "speak", "check", "run it"))
# ... and, as a reaction, the decision taken away to be mulled over with nobody named
# ("We'll talk it over between us", "I'll have a think"): neither eased nor resisting.
_TAKEN_AWAY = Lexicon(
    _CONSULT_RE + r"|\b(?:i|we)(?:'ll| will| need to| have to| must| should)\s+(?:have a "
    r"(?:little |quick )?)?(?:think|talk|discuss|chat|mull|sleep on|chew on|chew over|ponder|"
    r"consider|weigh)(?:\s+(?:it|this|that))?"
    r"(?:\s+(?:over|through|about it|up))?(?:\s+(?:between|among) (?:us|ourselves)|"
    r"\s+together)?\b",
    *("talk", "speak", "check", "run it", "think", "discuss", "chat", "mull", "sleep on"),
    *("chew", "ponder", "consider", "weigh"),
)
_MORE_WORDS = frozenset(str.split("else other besides further"))
# "more" asks for further matters only beside a word that asks what or whether ("What more
# is on your mind?", "Anything more?"); "Can you tell me more?" asks to hear the same
# matter at length.
_MORE_ASKERS = frozenset(str.split("what anything any"))


def _asks_more(q: Sentence) -> bool:
    """Question ``q`` asks whether there is anything more ("Any other worries?")."""
    tokens = q.tokens
    return not _MORE_WORDS.isdisjoint(tokens) or (
        "more" in tokens and not _MORE_ASKERS.isdisjoint(tokens)
    )


def asked_before(conv: Conversation, c: Utterance) -> Sentence | None:
    """The question that ends the trainee's line right before customer line ``c``."""
    i = conv.prev_other[c.index] if c.speaker == "persona" else -1
    if i < 0:
        return None
    said = conv.utterances[i].sentences
    return said[-1] if said and said[-1].is_question else None


# A question whether anything stands in the way: "Anything stopping us?", "Any reason not
# to?", "Is there anything in the way?", "Any problem with that?".
_ASKS_OBSTACLE_RE = re.compile(
    r"\b(?:anything|something|any ?one thing)\b[^?]*\b(?:stop|stops|stopping|prevent|prevents|"
    r"preventing|in the way|holding (?:you|us) back|against it)\b|"
    r"\bany (?:reason|objection)s? (?:not|against)\b|"
    r"\bany (?:problem|issue|objection)s?(?: with| at all|\s*\?)"
)


def asks_obstacle(q: Sentence) -> bool:
    """Question ``q`` asks whether anything stands in the way of the step: a "no" to it
    clears the way, and what follows the "no" decides ("No, Thursday at two is fine.")."""
    return _ASKS_OBSTACLE_RE.search(q.lower) is not None


def narrowing(q: Sentence) -> bool:
    """An either/or question, or one asking whether there is anything more: a "no" to it
    answers the question and raises nothing new."""
    return not q.is_proposal and (is_either_or(q) or _asks_more(q))


def answers_more(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` answers the trainee's question whether there is anything more
    ("Anything else bothering you?"), with no contrast of its own: naming the concern then
    says which one there was, not that it is still open."""
    q = asked_before(conv, c)
    return (
        q is not None and not q.is_proposal and _asks_more(q) and not _CLAUSE_SPLIT.search(c.lower)
    )


def denies_more(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` says "no" to whether there is anything more ("Any other
    worries?" "None really.")."""
    if not c.answer_end:
        return False
    q = asked_before(conv, c)
    return q is not None and _asks_more(q)


# Where a reply turns after its agreement words: a contrast, or a frank aside.
_TURN = Lexicon(
    r"\b(?:but|though|however|although|honestly|frankly|truth is|that said|having said that|"
    r"to be honest|mind you)\b",
    *(
        "but",
        "though",
        "however",
        "honestly",
        "frankly",
        "truth is",
        "that said",
        "having said",
        "to be honest",
        "mind you",
    ),
)
# The customer's own side as the subject: what they will do instead.
_OWN_COURSE_RE = re.compile(
    r"^\W*(?:(?:i think|i reckon|i guess|for now|really|just|though|but|honestly|frankly)\W+)*"
    r"(?:we|i|we'll|i'll|we're|i'm|we've|i've|we'd|i'd|our|my|the (?:team|staff|crew|lads|"
    r"office|kitchen|owners?))\b"
)


# Nothing left for the step to do, said of the step's own verb or object: "There's nothing
# to follow up", "No need for a call". Nothing to do of something else ("nothing to bring,
# I take it?") leaves the step as it was.
_NOTHING_TO_RE = re.compile(
    r"(?:^|[.!?,;]\s*)(?:(?:there(?:'s| is|'ll be| will be)|(?:we|i)(?:'ve| have)(?: got)?) )?"
    r"(?:nothing|no need|no point|no call) (?:left )?(?:to|for) (?:an? |the )?([\w'-]+)"
)
_NOTHING_WORDS = frozenset(("nothing", "no"))


def nothing_to(reply: Utterance, proposal: Sentence) -> bool:
    """The customer's ``reply`` says there is nothing for ``proposal`` to do, in its own
    words (:data:`_NOTHING_TO_RE`): its premise denied, no work on it."""
    if _NOTHING_WORDS.isdisjoint(reply.tokens):
        return False
    return any(
        not content_stems(m.group(1)).isdisjoint(proposal.stems)
        for m in _NOTHING_TO_RE.finditer(reply.lower)
    )


def turns_away(reply: Utterance, proposal: Sentence) -> bool:
    """After agreement words, the customer turns to a course of their own that leaves the
    proposal out ("Oh yes, totally … honestly though, we'll manage with the old one"):
    a decision against, however warmly worded. Nothing before the turn names a day or
    time, and what follows it (or, for a closing "though", the sentence it closes) is
    theirs, with no day or time, no word of the proposal, no question, no request for the
    next step and no "let me check with …"."""
    lower = reply.lower
    if not _TURN.possible(lower):
        return False
    # each turn in the line, as warm words may come between ("totally, honestly adore
    # them, we'll sit this one out though")
    for m in _TURN.pattern.finditer(lower):
        if mentions_time(reply.tokens, lower[: m.start()]):
            return False  # "Yes, Wednesday at nine, honestly …": the time was accepted
        after = lower[m.end() :]
        if not after.strip(" .!,;"):
            # "We'll keep the old one though.": the turn closes the clause it makes, the
            # last of its sentence ("oh totally, love it, we'll sit this one out though")
            sentence = re.split(r"[.!?]\s+", lower[: m.start()])[-1]
            after = next((c for c in reversed(re.split(r"[,;]", sentence)) if c.strip()), "")
        after = after.lstrip(" ,;:-")
        if not _OWN_COURSE_RE.match(after) or "?" in after:
            continue
        words = _words(after)
        if (
            content_stems(after).isdisjoint(proposal.stems)
            and not mentions_time(words, after)
            and not NEXT_STEP_REQUEST_RE.search(after)
            and _CONSULT.search(after) is None
            and not eases(after, words)
        ):
            return True
    return False


# The day the step was proposed for, said to be out of the question: the customer's
# people or premises not there or not open then ("we're closed Mondays", "I'm away on a
# Monday", "nobody's in Mondays", "the yard's shut Monday mornings"), or the day itself
# ruled out ("Monday's out", "Mondays are a no-go"). Said after agreement words ("Great,
# but we're closed Mondays") it refuses the step all the same.
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:s|'s)?"
_PARTS = r"(?:morning|afternoon|evening|weekend|lunchtime)s?"
_ABSENT = (
    r"(?:closed|shut|away|off|busy|chocka|fully booked|booked up|unavailable|on (?:holiday|"
    r"leave)|not (?:open|in|here|around|about|free|available|working))"
)
_RULED_OUT = _WordLexicon(
    r"\b(?:(?:we|i|they)(?:'re| are|'m| am|'ll be| will be| be)|(?:the|our|my) (?:shop|office|"
    r"place|site|premises|yard|salon|studio|business|restaurant|cafe|café|kitchen|store|unit|"
    r"clinic|surgery|practice|gallery|pub|bar|farm|school|hall)(?:'s| is| will be|'ll be)|"
    rf"(?:it|that)(?:'s| is))(?: (?:always|usually|normally|all|never))? {_ABSENT}\b|"
    r"\b(?:nobody|no one|no-one)(?:'s| is)? (?:in|here|around|about|on site|there|free)\b|"
    rf"\b{_DAYS}(?: {_PARTS})?(?:'s| is| are) (?:out|off|no go|a no-go|a non-starter|"
    r"impossible|hopeless|a write-off)\b",
    words="closed shut away off busy chocka booked unavailable holiday leave not nobody "
    "nobody's no no-one out no-go non-starter starter impossible hopeless write-off",
)
_DAY_RE = re.compile(rf"\b{_DAYS}|\b{_PARTS}")
_PART_WORDS = frozenset(str.split("morning afternoon evening weekend lunchtime"))


def _days_of(text: str) -> frozenset[str]:
    """The weekdays and parts of the day ``text`` names, plural and owned forms as one."""
    return frozenset(re.sub(r"(?:'s|s)$", "", m.group()) for m in _DAY_RE.finditer(text))


def rules_out_time(reply: Utterance, proposal: Sentence) -> bool:
    """Customer line ``reply`` says the day ``proposal`` named is out of the question for
    them (:data:`_RULED_OUT`, in a clause naming that day) and states no other day, part
    of the day or hour (one asked for instead is no acceptance of this one): whatever
    agreement words come first, the step is refused. "Monday at eight, but the shop's
    shut, so knock at the side" takes the day; "we're closed Mondays so it's quiet, eight's
    fine" takes the hour; "I'm away after ten, so come at eight" sets it."""
    if _RULED_OUT.search_in(reply) is None:
        return False
    days = _days_of(proposal.lower)
    if not days:
        return False
    stated = [x for x in reply.sentences if not x.is_question]
    for x in stated:
        named = _days_of(x.lower)
        if not named <= days and not (named - days) <= _PART_WORDS - days:
            return False
        hours = time_words(w.removesuffix("'s") for w in x.tokens)
        if any(_DAY_RE.fullmatch(w) is None for w in hours):
            return False
    for x in stated:
        for m in _RULED_OUT.pattern.finditer(x.lower):
            start = max(x.lower.rfind(c, 0, m.start()) for c in ",;:")
            ends = [i for i in (x.lower.find(c, m.end()) for c in ",;:") if i >= 0]
            if not _days_of(x.lower[start + 1 : min(ends, default=None)]).isdisjoint(days):
                return True
    return False


# What, after an absence, goes on to arrange round it ("I'm away till Tuesday, so come
# after", "we're shut Mondays but Tuesday's fine"), or, before it, says it would only be
# so in a case ("if I'm away, leave it with next door").
_IN_CASE = frozenset(str.split("if unless once when whenever"))
_ROUND_ABSENCE = _IN_CASE | frozenset(str.split("so but and after except apart"))


def ends_absent(reply: Utterance, proposal: Sentence) -> bool:
    """Customer line ``reply`` ends on their absence or their place shut
    (:data:`_RULED_OUT`) for a stretch of time or none named, with nothing after it to
    arrange round it ("Yes. I'm away all next week though.", "Sure, I'm on holiday till
    the twentieth, mind."): whatever agreement came first, the step waits on them.
    An absence on a day of its own leaves another day proposed standing ("Thursday's fine,
    I'm away Friday though"); :func:`rules_out_time` reads the one on the day proposed."""
    if not reply.sentences or _RULED_OUT.search_in(reply) is None:
        return False
    last = reply.sentences[-1]
    if last.is_question:
        return False
    # (the last absence the line names: one before it may be arranged round already)
    m = max(_RULED_OUT.pattern.finditer(last.lower), key=lambda x: x.start(), default=None)
    if m is None:
        return False
    head = last.lower[: m.start()]
    clause = head[max(head.rfind(c) for c in ",;:") + 1 :]
    rest = last.lower[m.end() :]
    return (
        _IN_CASE.isdisjoint(_words(clause))
        and _ROUND_ABSENCE.isdisjoint(_words(rest))
        and _clauses_polarity(rest) <= 0
        and not _days_of(clause + rest)
    )


# After agreement words, the customer turns to what keeps them from the step: regret
# opening a clause of its own ("Sounds brilliant. Sadly we're tied into a contract till
# June.", "Lovely, unfortunately the budget's spent"), their own preference ("Mm, yeah,
# I'd rather keep my nephew on"), or their absence when it would happen ("Lovely. I'll be
# on holiday.", "Great, we'll be in Spain then"). A line that names a day or hour, takes
# the step in so many words ("go ahead") or prefers a thing of the proposal's own ("I'd
# rather you came in the morning") keeps its yes.
_REGRET_CLAUSE_RE = re.compile(
    r"(?:^|[.!?,;]\s*|\bbut\s+)(?:(?:sadly|unfortunately|regrettably|alas|i'm afraid|"
    r"i am afraid)\W+(?=(?:we|i|we're|i'm|we've|i've|we'd|i'd|the|our|my|it|it's|there|"
    r"there's|they|they're|that|that's|this|he|she|his|her|nobody|no)\b)|(?:i|we)(?:'d| would) "
    r"(?:much |really |just )?rather\b(?! (?:you|your|if|have|get|go|do it|book)\b))"
    r"(?P<rest>[^.!?,;]*)"
)
_AWAY_THEN_RE = re.compile(
    r"\b(?:i|we)(?:'ll| will) be (?:away|on holiday|on leave|abroad|out of (?:town|the country|"
    r"the office)|closed|shut|in [a-z]+)(?=\W*(?:then|that (?:day|week|morning|time)|all "
    r"(?:day|week|month))?\W*$)"
)
_REGRET_WORDS = frozenset(
    str.split("sadly unfortunately regrettably alas afraid rather i'll we'll will")
)


def turns_to_obstacle(reply: Utterance, proposal: Sentence) -> bool:
    """Customer line ``reply``, naming no day or hour and taking up nothing in so many
    words, turns to regret, a preference of their own or their absence (see
    :data:`_REGRET_CLAUSE_RE`, :data:`_AWAY_THEN_RE`) in words that leave the proposal
    out: the step declined, however warm the words before."""
    if _REGRET_WORDS.isdisjoint(reply.tokens) or mentions_time(reply.tokens, reply.lower):
        return False
    if _TAKES_IT.search(reply.lower) and _AWAY_THEN_RE.search(reply.lower) is None:
        return False
    for x in reply.sentences:
        if x.is_question:
            continue
        if _AWAY_THEN_RE.search(x.lower) is not None:
            return True
        for m in _REGRET_CLAUSE_RE.finditer(x.lower):
            rest = m.group("rest")
            if _words(rest) and content_stems(rest).isdisjoint(proposal.stems):
                return True
    return False


# A bare refusal opening the customer's turn, courtesy and all, said as a sentence or set
# off by a comma or a dash: "No.", "Nah mate,", "No thanks, love —" ("No problem" and
# "No worries" are no refusal).
_REFUSAL_OPENING_RE = re.compile(
    r"^\W*(?:no|nope|nah|naw|nay|no way|no chance|not a chance|not really|not for (?:me|us)|"
    r"not interested)(?:[\s,]+(?:no|nope|nah|naw|thanks|thank you|ta|cheers|sorry|anyway|mate|"
    r"pal|love|dear|friend|buddy|sir|madam|pet|hen|duck|son|lad|lass|darling|chief|boss))*"
    r"\s*(?:[.!;:,\u2013\u2014]|\s-)\W*"
)
# The customer doing the step with their own hands ("we'll fit them ourselves").
_REFLEXIVE = frozenset(("myself", "ourselves"))
# The customer's own future or ability: the subject of a course of their own, which
# agrees to nothing of the trainee's.
_OWN_FUTURE = frozenset(("i'll", "we'll", "i can", "we can"))
# The customer's own state in agreement's words ("we'll be fine", "I'm good"): how they
# will do without it, not a yes ("I'm fine with that" agrees).
_OWN_STATE_RE = re.compile(
    r"\b(?:i|we)(?:'ll|'re|'m| will| are| am)(?: be| manage| cope| do)?"
    r"(?: (?:quite|perfectly|just|all|absolutely))? (?:fine|good|great|alright|all right|ok|"
    r"okay)\b(?! with\b)"
)
# Being there or ready for the step ("I'll be in all morning"): taking it up.
_AVAILABLE_RE = re.compile(
    r"\b(?:i|we)(?:'ll| will| can) be (?:there|here|in|home|around|about|ready|free|available|"
    r"waiting)\b"
)


# The caller told they need not trouble, in agreement's words: "You're alright, thanks."
_NO_NEED_RE = re.compile(r"\byou(?:'re| are)(?: all)? (?:alright|all right|fine|ok|okay|good)\b")
# What after "we're good" makes it a yes: ready for the step ("we're good to go"), free
# for a time ("I'm fine for Thursday"), or at ease with it ("I'm fine with that").
_STATE_TAKES_IT_RE = re.compile(r"\W*(?:to go|for (?!now\b)|with)\b")


def fine_as_they_are(u: Utterance) -> bool:
    """Customer line ``u`` answers the offer with their own state in agreement's words
    (:data:`_OWN_STATE_RE`: "We're good, thanks.", "I'm alright, cheers.") or tells the
    caller they need not trouble (:data:`_NO_NEED_RE`): a polite no. Not with a day or
    hour, a word of being there or of taking it, a question, or agreement words of
    another kind ("Lovely, we're good for Monday")."""
    if "?" in u.lower or mentions_time(u.tokens, u.lower):
        return False
    if _AVAILABLE_RE.search(u.lower) is not None:
        return False
    found = [*_OWN_STATE_RE.finditer(u.lower), *_NO_NEED_RE.finditer(u.lower)]
    if not found or any(_STATE_TAKES_IT_RE.match(u.lower, m.end()) for m in found):
        return False
    # (what is left once their state is set aside: "we'll be fine" is no "we'll" taking it)
    plain = _NO_NEED_RE.sub(" ", _OWN_STATE_RE.sub(" ", u.lower))
    return (
        _ACCEPT_RE.search(plain) is None
        and _TAKES_IT.search(plain) is None
        and _BOOKS_IT.search_in(u) is None
    )


def refuses_for_own_course(reply: Utterance, proposal: Sentence) -> bool:
    """The customer's ``reply`` opens on a bare refusal (:data:`_REFUSAL_OPENING_RE`) and
    goes on to what they will do instead ("No. I'll take it to the copy shop on Vine.",
    "Nope, we'll stay with Harlow's."): their "I'll" is a course of their own, not the
    step taken up. What follows the refusal is theirs (:data:`_OWN_COURSE_RE`), with no
    day or time, no question, no request for the step, no agreement but their own
    "I'll"/"we'll" and their own state ("we'll be fine"), no word of being there for it,
    and no word of the proposal unless they will do it themselves ("No. I'll fix the
    boiler myself.")."""
    m = _REFUSAL_OPENING_RE.match(reply.lower)
    if m is None:
        return False
    rest = reply.lower[m.end() :]
    if not _OWN_COURSE_RE.match(rest) or "?" in rest:
        return False
    words = _words(rest)
    if mentions_time(words, rest) or _AVAILABLE_RE.search(rest) is not None:
        return False
    if any(NEXT_STEP_REQUEST_RE.search(x) for x in _SENTENCE_RE.findall(rest)):
        return False
    plain = _OWN_STATE_RE.sub(" ", rest)
    if any(a.group() not in _OWN_FUTURE for a in _ACCEPT_RE.finditer(plain)):
        return False
    return not _REFLEXIVE.isdisjoint(words) or content_stems(rest).isdisjoint(proposal.stems)


# A question whose "no" clears the way rather than refuses: whether anything stands in
# it ("Anything stopping us from Thursday?", "Is there any reason we can't?") or whether
# the customer minds ("Would you mind if I came at two?").
_CLEARS_WAY_RE = re.compile(r"\b(?:any|anything|anyone|anybody|nothing|mind|(?:is|are) there)\b")
# Words that ask for a yes to what was put ("Does that suit?", "Shall we?", "Fancy it?").
ASSENT_STEMS = content_stems(" ".join(_POLAR_WORDS) + " shall fancy reckon think say")


def asks_yes_to(q: Sentence, proposal: Sentence) -> bool:
    """Question ``q``, ending the trainee's line, asks for the customer's yes to
    ``proposal``: it is the proposal, or asks about it with no word of its own but words
    of assent ("Let's book Thursday at two. Does that work?"), and asks nothing whose "no"
    clears the way (:data:`_CLEARS_WAY_RE`) or picks between options. A "no" to it
    refuses the step; a "no" to "Should I bring samples?" answers that."""
    if _CLEARS_WAY_RE.search(q.lower) is not None or narrowing(q):
        return False
    return q is proposal or q.stems - proposal.stems <= ASSENT_STEMS


# A refusal in so many words: of the offer ("not interested", "we don't need it") or of
# its fit ("Thursday doesn't work", "can't do mornings").
_PLAIN_REFUSAL_RE = re.compile(
    r"\b(?:no thanks|no thank you|rather not|not interested|not for (?:us|me)|not convinced|"
    r"hold off|(?:i|we)(?:'m|'re| am| are)?\s*(?:not|n't|do not|don't|can't|cannot|won't|"
    r"wouldn't)\s+(?:\w+\s+)?(?:want|need|sure|interested|ready|afford|justify|"
    r"see (?:the )?(?:point|value|need))|(?:i|we)(?:'ll| will) pass|pass on (?:it|this|that)|"
    r"(?:doesn't|don't|won't|wouldn't|can't|cannot|isn't|not) (?:\w+ )?(?:work|suit|do|"
    r"make it|manage|happen|happening))\b"
)
# (a bare "no," is an answer of its own, not a negation a later one could cancel)
_NEGATION_RE = re.compile(r"\b(?:not|never|nothing|nobody)\b|\bno (?=\w)|n't\b")
_CLAUSE_NO_RE = re.compile(r"^\W*(?:no|nope|nah|not really|not at all)\b(?! (?:problem|worries))")


def refuses_plainly(r: Utterance) -> bool:
    """Customer line ``r`` says no in a way no reader would doubt: annoyed, a "no" opening
    a clause ("Sounds great, but no"), a refusal of the offer or of its fit, or a decision
    against or put-off. A negation alone is not one: "I don't mind", "I wouldn't say no",
    "can't see why that wouldn't work" (a refusal's words after an earlier negation in the
    sentence are a double negative)."""
    if is_annoyed(r):
        return True
    lower = _plays_down(r.lower[r.answer_end :])
    if _declines(lower, r.tokens):
        return True
    return any(_says_no(sentence) for sentence in _SENTENCE_RE.findall(lower))


def says_no(s: Sentence) -> bool:
    """Sentence ``s`` says no (see :func:`_says_no`): "No.", "Nah.", "Not for us."."""
    return _says_no(s.lower)


def _says_no(sentence: str) -> bool:
    """A lower-case sentence with a clause opening on "no", or a refusal's words that no
    earlier negation turns into a double negative."""
    if any(_CLAUSE_NO_RE.match(c) for c in _CLAUSE_SPLIT.split(sentence)):
        return True
    m = _PLAIN_REFUSAL_RE.search(sentence)
    return m is not None and _NEGATION_RE.search(sentence, 0, m.start()) is None


def times_and_arranges(reply: Utterance, proposal: Sentence) -> bool:
    """The customer answers a proposal that names a time by naming a time for it, with no
    negation ("Half two would suit me better."), and goes on in the same turn to arrange
    the visit, refusing nothing ("Park by the garage, I'll leave the back door on the
    latch."): the meeting is accepted, at the time they named."""
    said = reply.sentences
    if not proposal.has_time or len(said) < 2 or is_annoyed(reply):
        return False
    first = said[0].lower
    # a time of its own, or the proposal's day or hour set another way ("Half two")
    timed = mentions_time(said[0].tokens, first) or not time_words(said[0].tokens).isdisjoint(
        time_words(proposal.tokens)
    )
    if not timed or _NEGATION_RE.search(first):
        return False
    if _clauses_polarity(first) < 0:
        return False
    # (a later sentence that puts the step off, "so let's speak again next year", is no
    # arranging of it)
    return not any(_says_no(x.lower) or _FAR_PUT_OFF.search_in(x) for x in said[1:])


def resists_plainly(r: Utterance, concern: Utterance) -> bool:
    """Customer line ``r``, read as resisting the answer to ``concern``, does so in a way
    no reader would doubt: annoyed or saying they were not answered, a plain refusal
    (:func:`refuses_plainly`), the concern said again in its own words, or a reservation
    after a concession ("fine, but …").

    A negation is not resistance by itself: "I don't know, I didn't ask" answers a
    question, "I hadn't thought of that" muses, and a worry word that is not the
    concern's, with no contrast before it, can be the customer warming ("he hates
    spending, he'd like that"). Nor is a line made only of questions: checking a detail.
    """
    if unheard(r):
        return True
    if all(s.is_question for s in r.sentences):
        return False
    if refuses_plainly(r):
        return True
    if says_concern_again(r, concern):
        return True
    return concern_level(r) == 2 and _CLAUSE_SPLIT.search(r.lower) is not None


def says_concern_again(r: Utterance, concern: Utterance) -> bool:
    """Customer line ``r`` says ``concern`` again in some of its own words: as a concern
    in so many words ("The roof's still my main worry."), or as a negated statement or a
    bad experience kept on ("I still don't want holes in it.").

    A negated statement that only shares a word with the concern muses on the matter
    rather than holding to it ("Well, the roof's not getting any younger, I don't want
    to be up a ladder every winter."): no plain sign either way.
    """
    if r.stems.isdisjoint(concern.stems) or names_matter_only(r):
        return False
    level = concern_level(r)
    return level == 2 or (level == 1 and not _KEPT_ON.isdisjoint(r.tokens))


# Stance words say how the customer feels about a matter, not which matter it is.
_STANCE_WORDS = _CONCERN_WORDS | _NEGATIVE_WORDS


def _topic(lower: str) -> frozenset[str]:
    """The content stems of ``lower`` that name a matter (stance words left out)."""
    return _stems([w for w in _words(lower) if w not in _STANCE_WORDS])


# The customer learning something from the answer: their not having known it is news,
# not a negation of what they grant ("That's good, I didn't know that.").
_REALISED = re.compile(
    r"\b(?:i|we) (?:didn't|did not|never|hadn't|had not) (?:know|knew|realise|realize|realised|"
    r"realized)\b|\b(?:i|we) had no idea\b"
)


def grants_then_turns(r: Utterance, concern: Utterance, answer: Utterance | None) -> bool:
    """Customer line ``r`` first grants the ``answer`` it reacts to and then goes on to
    another matter, in words that name nothing the concern named ("Alright, the
    forty-five I can live with. But the dryer noise, our old terrier panics"): the
    concern's thread is settled there, and what follows opens a thread of its own.

    The grant is the line's first sentence or clause: no question, negation or word of
    worry, and it reads positive or takes the answer up in its words ("Forty-five with the
    nails is bearable.").
    """
    lower = r.lower
    stop = len(lower)
    if (end := _SENTENCE_BREAK.search(lower)) is not None:
        stop = end.start() + 1
    if (cut := _CLAUSE_SPLIT.search(lower)) is not None:
        stop = min(stop, cut.start())
    grant, rest = _REALISED.sub(" ", lower[:stop]), lower[stop:]
    words = _words(grant)
    if not words or "?" in grant or not _words(rest) or _NEGATION_RE.search(grant):
        return False
    worried = not _NEGATIVE_WORDS.isdisjoint(words) or (
        not _CONCERN_WORDS.isdisjoint(words) and _CONCERN_RE.search(grant) is not None
    )
    if worried and not eases(grant, words):
        return False
    p = _clause_polarity(grant, words)
    if p < 0 or (p == 0 and (answer is None or _stems(words).isdisjoint(answer.stems))):
        return False
    topic = _topic(rest)
    return bool(topic) and topic.isdisjoint(_topic(concern.lower))


# A "no" set off by a comma before a sentence that agrees ("No, that's fine, then.",
# "Nah, that sounds alright."): with no question before it to answer, it opens the
# sentence as a marker, and the rest says the stance.
_NO_MARKER = r"(?:no|nah|naw|nope)(?:\W+(?:no|nah|naw))*\s*[,;:\u2013\u2014-]\s*"
_NO_MARKER_RE = re.compile(rf"^\W*{_NO_MARKER}")
# ... or opening a later sentence, after a backchannel or a musing: "Okay. No, that's fine
# then.", "Well, if you put it like that. No, that sounds fine."
_LATER_NO_MARKER = Lexicon(rf"(?<=[.!?])\s+{_NO_MARKER}", "no", "nah", "naw")


def _no_opens_agreement(lower: str) -> int:
    """Where the rest of ``lower`` starts after a "no" marker that opens agreement with no
    negation of its own; 0 if it does not open so. The marker may open a later sentence
    when what comes before it neither negates nor resists."""
    m = _NO_MARKER_RE.match(lower) or _LATER_NO_MARKER.search(lower)
    if m is None:
        return 0
    if m.start() and (_NEGATION_RE.search(lower, 0, m.start()) or polarity(lower[: m.start()]) < 0):
        return 0
    rest = lower[m.end() :]
    first = _SENTENCE_RE.match(rest)
    head = first.group(0) if first is not None else rest
    if _NEGATION_RE.search(head) or polarity(head) <= 0:
        return 0
    return m.end()


# Whether the customer minds a step of the seller's ("Do you mind if I pop round?",
# "Would you mind me bringing the van?", "You don't mind if we start early?"): a "no"
# to it grants the leave, a "yes, I do" withholds it.
_ASKS_IF_MINDED = _WordLexicon(
    r"\b(?:you|ya)(?: (?:don't|do not|wouldn't|would not|won't))? mind "
    r"(?:if (?:i|we)\b|(?:me|us|my|our) \w+ing\b)",
    words="mind",
)
# The leave granted: "No.", "Not at all.", "No, go ahead.", "I don't mind." (the rest of
# the line, if any, says what else the customer thinks of the step). The "no" is an
# answer of its own, not a word of what follows ("No time this week").
_NOT_MINDED_WORD = r"(?:no|nope|nah|not really|not at all|not in the least|not a bit|of course not)"
_NOT_MINDING = (
    r"(?:i|we) (?:don't|do not|wouldn't|would not)(?: really)? mind\b"
    r"(?: (?:at all|in the least|a bit|one bit))?\W*"
)
_NOT_MINDED_RE = re.compile(
    rf"^\W*(?:{_NOT_MINDED_WORD}(?:\W+{_NOT_MINDED_WORD})*\s*(?:[,.;:!\u2013\u2014-]\W*|$)"
    rf"(?:{_NOT_MINDING})?|{_NOT_MINDING})"
)
# The leave withheld: "Yes, I would, actually.", "I do mind.", "We would."
_MINDED_RE = re.compile(
    r"^\W*(?:(?:yes|yeah|well|actually|sorry)\W+)*(?:i|we) (?:do|would)(?: mind)?"
    r"(?:\W+(?:actually|really|yes|yeah|sorry|mind))*\W*$"
)


def _answer_if_minded(u: Utterance) -> None:
    """Customer line ``u`` answers whether they mind the seller's step: a "no" opening it
    is their yes to the step (the stance starts after it, and is a yes if the rest says
    nothing either way); that they do mind, a no."""
    m = _NOT_MINDED_RE.match(u.lower)
    if m is not None:
        u.answer_end = m.end()
        u._polarity = polarity(u.lower[m.end() :]) or 1
    elif _MINDED_RE.match(u.sentences[0].lower if u.sentences else u.lower):
        u._polarity = -1


def answers_no(c: Utterance) -> bool:
    # most lines open with a letter, and then only these openings can match
    if c.lower[:1].isalpha() and not c.lower.startswith(_NO_STARTS):
        return False
    return _NO_ANSWER.search(c.lower) is not None


# Agreement on a condition ("Maybe, as long as someone's there", "It could, provided
# there's no fee"): tentative agreement, whatever negation the condition holds.
_CONDITIONAL_YES_RE = re.compile(
    r"^\W*(?:(?:well|then|hm+|okay|ok|yes|yeah|right|so),?\s+)*(?:maybe|perhaps|possibly|"
    r"probably|(?:it|that|this) (?:could|might|may|would)|could do|might do)\b[^.?!]{0,30}?"
    r"\b(?:as long as|so long as|provided|providing|if|on condition)\b"
)


def _echoes(conv: Conversation, r: Utterance) -> bool:
    """``r`` only asks back about details of the trainee's line before it ("Two weeks, and
    no fee?"): checking what was offered, not resisting it."""
    i = conv.prev_other[r.index]
    if i < 0 or not r.stems or not all(s.is_question for s in r.sentences):
        return False
    return 2 * len(r.stems - conv.utterances[i].stems) <= len(r.stems)


# What opens a conclusion drawn from what was just said ("Then it still fits.").
_CONCLUDES = ("then ", "so ", "in that case", "that way")
# An imperative "let" handing the matter to others to try ("Right, let the staff try it");
# "let me …" keeps it with the speaker (a think, a word with someone).
_LETS_THEM_RE = re.compile(r"^\W*(?:(?:right|okay|ok|well|fine|then|so),?\s+)*let (?!me\b)\w")


def _worried(s: Sentence) -> bool:
    return not _CONCERN_WORDS.isdisjoint(s.tokens) and _CONCERN_RE.search(s.lower) is not None


# The discourse markers a customer's conclusion may open on: "Right, so …", "Oh, so …",
# "Well, that I could live with."
_MARKER = r"^\W*(?:(?:well|right|okay|ok|oh|ah|aye|mm|hm+),?\s+)*"
_SO_CONCLUDES_RE = re.compile(_MARKER + r"so\b")
# A worry kept, not removed: "So it still won't fit the van."
_KEPT = frozenset(str.split("still yet even"))


def _negated(x: Sentence) -> bool:
    return _NEGATION_RE.search(x.lower) is not None or "doubt" in x.tokens


def concludes_relief(conv: Conversation, u: Utterance) -> bool:
    """Customer line ``u`` draws the consequence of the trainee's answer as a negation of
    the worry ("So it ain't loud like the old one.", "Right, so it won't scratch the
    glaze."): a statement opening on "so", free of question, contrast and worry words, with
    no word that keeps the worry ("still"), whose negation denies what the open concern
    feared in its own words (a concern sentence of no negation of its own) or agrees with
    a denial of the trainee's ("no mains needed"), and contradicts no plain statement of
    theirs. The concern was met: the line eases it and raises none."""
    i = conv.prev_other[u.index]
    if i < 0 or conv.utterances[i].speaker != "trainee" or len(u.sentences) > 2:
        return False
    s = u.sentences[0]
    if not _SO_CONCLUDES_RE.match(s.lower) or s.is_question or not _KEPT.isdisjoint(s.tokens):
        return False
    if not _negated(s) or _CLAUSE_SPLIT.search(u.lower) or _worried(s):
        return False
    if any(not goes_ahead(x) for x in u.sentences[1:]):
        return False
    concern = concern_before(conv, u)
    if concern is None:
        return False
    stems = _stems(s.tokens)
    feared = agreed = False
    # (the concern's own words said back by the trainee restate it, they claim nothing)
    own = stems - concern.stems
    for x in conv.utterances[i].sentences:
        if x.is_question or own.isdisjoint(_stems(x.tokens)):
            continue
        for part in _CLAUSE_MARK_RE.split(x.lower):
            if own.isdisjoint(_stems(_words(part))):
                continue
            if _NEGATION_RE.search(part) is None:
                return False  # "So it won't fit" after "it fits any van": a contradiction
            agreed = True
    for x in concern.sentences:
        if not stems.isdisjoint(_stems(x.tokens)):
            if _negated(x) or x.is_question:
                return False  # the concern feared the negation itself
            feared = True
    return feared or agreed


# The customer taking the answer up in a form that reads as resistance word by word. Its
# point as the fronted object of "I could …": "Weekday drops I could live with.", "That I
# could sell to the partners." (a bare "that", or words of the trainee's answer, in front)
_FRONTED_YES_RE = re.compile(
    _MARKER + r"(?!(?:i|we|you|if|when|but|and|or|so|maybe|perhaps)\b)((?:[\w'-]+\s+){1,5}?)"
    r"(?:i|we)(?:'d| would| could| can)(?: \w+ly)? (?:live with|live wi'|manage|cope with|"
    r"put up with|put (?:it |that )?to|get past|get behind|work with|work around|sell|square|"
    r"handle|stomach|swallow|stretch to|run with|go with|go for|agree to|accept|justify|wear)\b"
)
# ... what it would do for them, after "now": "Now that'd spare me the chasing." ...
_NOW_THAT_HELPS_RE = re.compile(
    _MARKER + r"now,? (?:that|this|it)(?:'d| would)(?: \w+ly)? (?:save|spare|help|suit|ease|"
    r"free|solve|sort|settle|cut|take (?:\w+ ){0,3}off|make (?:\w+ ){0,4}(?:easier|simpler))\b"
)
# ... or the answer found to change the matter, then a yes on its terms: "Well, that's
# another matter. If it brews clean, I'd not object."
_ANOTHER_MATTER_RE = re.compile(
    _MARKER + r"(?:now )?(?:that|this|it)(?:'s| is) (?:a |an |quite a |a whole )?(?:different|"
    r"another|other) (?:thing|matter|story|kettle of fish)(?: (?:altogether|entirely|then))?\W*$"
)
_ON_TERMS_RE = re.compile(
    r"^\W*(?:if|as long as|so long as|provided|providing)\b[^.?!]*,\s*(?:then\s+)?(?:i|we)"
    r"(?:'d| would)(?:n't| not| never)? (?:(?:really|much) )?(?:mind|object|say no|complain|"
    r"argue|grumble)\b"
)
_OWN_DOING = frozenset(str.split("without myself ourselves later"))
_TAKE_UP_CUES = frozenset(str.split("could can i'd we'd would now different another other"))
# One of the three forms somewhere in the line: the cheap first test of the readings above.
_TAKE_UP_FORM = Lexicon(
    r"\b(?:i|we)(?:'d| would| could| can) |\bnow,? (?:that|this|it)(?:'d| would) |"
    r"\b(?:different|another|other) (?:thing|matter|story|kettle)",
    *("'d ", "would ", "could ", "can ", "different ", "another ", "other "),
)


def takes_up_answer(conv: Conversation, u: Utterance) -> bool:
    """Customer line ``u``, right after the trainee's answer to an open concern, says a
    point of that answer back and that it would do: as the fronted object of "I could
    live with" (a bare "that", or the answer's words in front), as what "now that'd" spare
    or save them, or as "another matter" followed only by yes on its terms. No question,
    contrast or worry, no negation but the one inside a conditional yes ("if it holds,
    I'd not object"), nothing the customer would do themselves ("without", "myself",
    "later"): the concern eased, and the line raises none of its own."""
    i = conv.prev_other[u.index]
    if i < 0 or conv.utterances[i].speaker != "trainee" or len(u.sentences) > 3:
        return False
    if not _TAKE_UP_FORM.search(u.lower) or _CONTRAST_RE.search(u.lower):
        return False
    if not _OWN_DOING.isdisjoint(u.tokens):
        return False
    answer = conv.utterances[i]
    concern = concern_before(conv, u)
    if concern is None or concern.index > answer.index:
        return False
    told = answer.stems - concern.stems  # the answer's own point, not the concern said back
    echoed = form = False
    for s in u.sentences:
        if s.is_question:
            return False
        if _NOW_THAT_HELPS_RE.match(s.lower) and not (form or _negated(s)):
            form = True  # (what it spares them names the trouble: no worry kept)
            continue
        if _worried(s):
            return False
        if form:
            if not (goes_ahead(s) or _ON_TERMS_RE.match(s.lower)):
                return False
            continue
        if _negated(s):
            return False
        m = _FRONTED_YES_RE.match(s.lower)
        if m is not None:
            front = _words(m.group(1))
            if front not in (["that"], ["this"]) and _stems(front).isdisjoint(told):
                return False
            echoed = form = True
        elif _ANOTHER_MATTER_RE.match(s.lower):
            form = True
        elif not told.isdisjoint(_stems(s.tokens)):
            echoed = True  # the point said back, a fragment before the verdict
        else:
            return False
    return form and echoed


def echo_concludes(conv: Conversation, u: Utterance) -> bool:
    """Customer line ``u`` first says back a detail of the trainee's line before it, as a
    fragment or a question ("Chilled, not frozen.", "The same picture?"), then draws a
    conclusion for it in the same turn: a go-ahead ("Right, let the customers try it") or
    a "then"/"so" sentence on the matter, free of worry, contrast and questions ("Then it
    still looks like ours"). The detail was checked and the concern eased: the echo's own
    negation ("not frozen") is the trainee's word, not a new concern."""
    i = conv.prev_other[u.index]
    if i < 0 or conv.utterances[i].speaker != "trainee":
        return False
    echo, rest = u.sentences[0], u.sentences[1:]
    said = conv.utterances[i].stems
    # (a customer sentence keeps no stems of its own: its line's are taken whole)
    echoed = _stems(echo.tokens)
    if not echoed or len(echo.tokens) > 6 or not echoed <= said:
        return False
    if _worried(echo):
        return False
    concern = concern_before(conv, u)
    for s in rest:
        if s.is_question or _CLAUSE_SPLIT.search(s.lower) or _worried(s):
            return False
        if _declines(s.lower, s.tokens, s):
            return False
        if goes_ahead(s) or _LETS_THEM_RE.match(s.lower) or NEXT_STEP_REQUEST_RE.match(s.lower):
            continue
        stems = _stems(s.tokens)
        if (
            not s.lower.startswith(_CONCLUDES)
            or concern is None
            or stems.isdisjoint(concern.stems | said)
        ):
            return False
        # a negation in the conclusion must deny the concern in its own words ("then it
        # won't look any different"), not raise another matter ("then it won't keep")
        if _NEGATION_RE.search(s.lower) and stems.isdisjoint(concern.stems):
            return False
    return True


def reaction(conv: Conversation, r: Utterance) -> int:
    """How customer line ``r`` reacts to what the trainee said: +1, -1 or 0.

    A "no" that answers the trainee's either/or or "anything else?" question ("Anything
    else?" "No, that was it") is an answer, not resistance: what follows it is read
    instead. A request for the next step ("Send me the forms") eases; taking it to a
    partner is neither, nor is a question echoing the trainee's details back; agreeing on
    a condition ("maybe, as long as …") is tentative agreement.
    """
    if is_annoyed(r):
        return -1
    if _CONDITIONAL_YES_RE.match(r.lower):
        return 1
    if _echoes(conv, r):
        return 0
    # ("Does that help?" "No." is resistance: only a "no" to "anything else?" or to an
    # either/or question answers without resisting, see ``Utterance.answer_end``)
    text = _TAKEN_AWAY.sub(" ", r.lower[r.answer_end :])
    if text == r.lower:
        p = pol(r)
        asks = any(NEXT_STEP_REQUEST_RE.search(x.lower) for x in r.sentences)
    else:
        p = polarity(text)
        asks = any(NEXT_STEP_REQUEST_RE.search(x.strip()) for x in _SENTENCE_RE.findall(text))
    if p == 0 and not asks and settles(conv, r):
        return 1
    if p < 0 and (main := _past_conditions(text)) is not None:
        # "As long as it doesn't break down every week, we'd be alright.": the negation
        # is the condition's; what the customer says of the offer is the main clause
        return polarity(main) if main.strip(" .,!") else p
    return 1 if p == 0 and asks else p


# A condition the customer puts on what they say, opening their sentence ("If it's in the
# contract, then …", "As long as it doesn't …, …") or closing it ("…, so long as they're
# on time"); "unless" and "even if" turn the clause against what it governs.
_CONDITION = Lexicon(
    r"(?:^|(?<=[.!?]) )\W*(?:(?:well|so|okay|ok|right|oh|hmm|and)\W+)*"
    r"(?:if|as long as|so long as|provided(?: that)?|providing)\b[^,.;!?]*?(?:,\s*(?:then\b)?"
    r"|\s+then\b)|"
    r",\s*(?:as long as|so long as|provided(?: that)?|providing|if)\b[^,.;!?]*",
    *("if", "long as", "provid"),
)


def _past_conditions(lower: str) -> str | None:
    """``lower`` with the conditions it puts (:data:`_CONDITION`) left out; None when it
    puts none, or the negations are not all inside them."""
    if not _CONDITION.possible(lower):
        return None
    main = _CONDITION.sub(" ", lower)
    if main == lower or _NEGATION_RE.search(main):
        return None
    return main


def settles(conv: Conversation, r: Utterance) -> bool:
    """Having denied any further worry, the customer goes on to take up what the trainee
    said, with no question, negation, contrast or worry word of their own ("None really.
    With the grant and doing it later, they'll wear that."): the matter is settled,
    whatever idiom the relief comes in. A bare "no" settles nothing on its own, nor does a
    "no" to an either/or question ("The cost or the timing?" "No, the timing mostly.")."""
    if not denies_more(conv, r):
        return False
    rest = r.lower[r.answer_end :]
    words = _words(rest)
    if not words or "?" in rest or _NEGATION_RE.search(rest) or _CLAUSE_SPLIT.search(rest):
        return False
    said: set[str] = set()
    stems: set[str] = set()
    for u in conv.trainee:
        if u.index > r.index:
            break
        said |= u.tokens
        stems |= u.stems
    own_worries = _CONCERN_WORDS.intersection(words) - said
    return not own_worries and not stems.isdisjoint(_stems(words))


# --------------------------------------------------------------------------- candidates
#
# The detectors above are precise: they credit a move only in a form they recognise.
# The predicates below are their recall-oriented counterparts: could this sentence be
# such a move at all, judged by its form alone? The grader claims a move is absent only
# when nothing in the call could be it; a candidate makes the check undecided instead.

_CLOSED_START_RE = re.compile(rf"^{_LEAD}(?:{_AUX})\s+{_SUBJECT}\b")
#: words a question opens on when it asks rather than echoes: auxiliaries and wh-words
ASKING_WORDS = frozenset(_AUX.split("|")) | _WH_WORDS
# Words that point back at what was just said ("How long has that been going on?").
_ANAPHORS = frozenset(
    str.split("that it this those these they them there then he she his her their its so")
)
# Openers that greet or introduce by their function, in any case and position.
_GREETING_WORDS = frozenset(
    str.split("hi hello hey hiya morning afternoon evening thanks thank nice pleasure welcome")
)
# A capitalised word inside a sentence: a name the speaker addresses or introduces.
_INNER_NAME_RE = re.compile(r"(?<=[\s,])(?!I\b|I')[A-Z][a-z]+")


def is_closed_form(s: Sentence) -> bool:
    """A yes/no question by its syntax: an auxiliary before its subject, first."""
    return bool(_CLOSED_START_RE.search(s.lower))


def is_either_or(q: Sentence) -> bool:
    """An either/or question ("…, or not?" asks yes or no)."""
    return " or " in q.lower and " or not" not in q.lower


# What a question asks for: a thing or a person, a quantity, a duration, a way …
_ASKS_FOR = {"which": "what", "who": "what", "whom": "what", "whose": "what", "what": "what"}
_HOW_MEASURE = {"many": "many", "much": "many", "long": "long", "often": "often", "far": "far"}


def asks_for(q: Sentence) -> str:
    """The kind of answer question ``q`` asks for, from its first wh-word ("which
    supplier" and "who supplies" both ask for a thing; "how many" for a quantity), or ""
    for a question without one (yes/no, either/or)."""
    tokens = q.tokens
    for i, w in enumerate(tokens):
        if w in _WH_WORDS:
            if w == "how" and i + 1 < len(tokens) and tokens[i + 1] in _HOW_MEASURE:
                return _HOW_MEASURE[tokens[i + 1]]
            return _ASKS_FOR.get(w, w)
    return ""


# An answer that refuses the question its premise, by the form of the refusal: the trainee
# has the wrong party ("wrong number", "you've got the wrong shop", "that's not what we
# do"), or the customer says what their business is instead, after denying the question's
# thing ("I haven't got staff, it's me and a van") or echoing its word in wonder ("Tables?
# I run a bait shop."). A denial alone is an answer: "we don't have a system" is news.
_WRONG_SCRIPT_RE = re.compile(
    r"\bwrong (?:number|person|company|firm|shop|business|place|line|people|lot|one)\b|"
    r"\b(?:got|have|dialled|dialed|rung|rang|called|reached|calling) the wrong\b|"
    r"\b(?:that's|that is|that isn't|that's not) (?:not )?(?:us|what (?:we|i) do)\b|"
    r"\b(?:we|i) don'?t do (?:that|any of that|those)\b"
)
# (each alternative holds "wrong", or "us" or "what", or "don't" or "dont")
_WRONG_SCRIPT_WORDS = frozenset(str.split("wrong us what don't dont"))
# A negated have, keep or trade, then (after an article or "any") the thing itself.
_NOT_HAD = frozenset(
    str.split(
        "haven't havent hasn't hadn't don't dont doesn't doesnt didn't ain't aint never not "
        "no isn't aren't"
    )
)
_HAD_VERBS = frozenset(
    str.split(
        "got have has had own employ keep run use do sell serve stock hire any a an the "
        "there real proper even"
    )
)
_HAS_NO = frozenset(str.split("got have there's i've we've"))
# "I run a bait shop", "it's me and a van", "we're a takeaway", "it's just us"
_SELF = frozenset(str.split("i we it it's i'm we're this that's i've we've"))
_SELF_IS = frozenset(str.split("a an me us just only"))
_INTERJECTIONS = frozenset(str.split("no nah oh well mate love sorry erm um what and"))
_CLAUSE_BREAK_RE = re.compile(r"[,;:.!?]|\bbut\b|\bso\b")
_STATE_STEMS = content_stems(" ".join(_CONCERN_WORDS | _NEGATIVE_WORDS))


def _denies_having(tokens: Sequence[str], asked: frozenset[str]) -> bool:
    """A negated have or trade (:data:`_NOT_HAD`) of one of the ``asked`` stems: "I
    haven't got staff", "we don't sell tyres", "there's no menu"."""
    for i, w in enumerate(tokens):
        if w not in _NOT_HAD:
            continue
        if w == "no" and (i == 0 or tokens[i - 1] not in _HAS_NO):
            continue  # a bare "no" answers; only "got no", "there's no" deny the thing
        j = i + 1
        while j < len(tokens) and j <= i + 3 and tokens[j] in _HAD_VERBS:
            j += 1
        if (j > i + 1 or w == "no") and j < len(tokens) and _stem(tokens[j]) in asked:
            return True
    return False


def _says_what_it_is(lower: str) -> bool:
    """A clause of ``lower`` states what the speaker's business is (see :data:`_SELF`)."""
    for clause in _CLAUSE_BREAK_RE.split(lower):
        tokens = _words(clause)
        k = 0
        while k < len(tokens) and tokens[k] in _INTERJECTIONS:
            k += 1
        if (
            k < len(tokens)
            and tokens[k] in _SELF
            and not _SELF_IS.isdisjoint(tokens[k + 1 : k + 4])
            and _NOT_HAD.isdisjoint(tokens)
        ):
            return True
    return False


def rejects_premise(answer: Utterance, q: Sentence) -> bool:
    """The customer's ``answer`` to question ``q`` says the question does not fit them
    (see :data:`_WRONG_SCRIPT_RE`): it answers nothing. A yes/no question is answered by
    "no, it's just me", so only the wrong party is a refusal there."""
    if not _WRONG_SCRIPT_WORDS.isdisjoint(answer.tokens) and _WRONG_SCRIPT_RE.search(answer.lower):
        return True
    said = answer.sentences
    if not said or _SELF.isdisjoint(answer.tokens) or _SELF_IS.isdisjoint(answer.tokens):
        return False  # (most answers: no statement of what the business is)
    echo = said[0].is_question and len(said[0].tokens) <= 3 and len(said) > 1
    if (not echo and _NOT_HAD.isdisjoint(answer.tokens)) or is_closed_form(q):
        return False
    asked = q.stems - _STATE_STEMS
    if not asked or not _says_what_it_is(answer.lower):
        return False
    if echo:
        echoed = content_stems(said[0].lower)
        rest = said[1]
        return (
            bool(echoed)
            and echoed <= asked
            and content_stems(rest.lower).isdisjoint(q.stems)
            and not any(map(is_number, rest.tokens))
        )
    return any(not x.is_question and _denies_having(x.tokens, asked) for x in said[:2])


# A question that puts the trainee's view for the customer to agree with instead of asking
# for theirs: "Wouldn't you agree a portal is safer?", "Don't you think …", "Surely …",
# "Wouldn't it be easier …", or a view of what the customer would want with a tag for
# their yes ("You'd want a faster press, wouldn't you?", "So you'd switch, right, Miguel?").
_NEGATIVE_AUX = r"(?:wouldn't|don't|isn't|aren't|won't|doesn't|can't|couldn't|shouldn't)"
_TAG = rf"(?:right|yes|correct|surely|no|{_NEGATIVE_AUX} (?:you|it|they|we))"
# A negative question puts a claim for assent as well when what follows its "isn't it"
# is the trainee's judgement ("Isn't it true that …", "Isn't that exactly why …", "Isn't
# it time …", "Isn't it a bit expensive to …") or the customer's weariness of their lot
# ("Aren't you tired of …"); a tag with nothing after it ("…, isn't that right?") checks
# what was said.
_ASSESSED = (
    r"(?:true|fair|obvious|clear|time|high time|about time|better|easier|cheaper|simpler|"
    r"smarter|safer|wiser|worth|why|a shame|a waste|a pity|a risk|expensive|costly|risky|"
    r"frustrating|annoying|exhausting|wasteful|madness)"
)
_WEARY = r"(?:tired|sick|fed up|weary)"
_LEADING = _WordLexicon(
    rf"(?:^|[,;:]\s+)(?:(?:and|so|but|well|now|then|okay|ok|right)[,\s]+)*"
    rf"(?:{_NEGATIVE_AUX} you (?:agree|think|say|feel|reckon|want|love|like|find|believe|wish)\b|"
    rf"surely\b|you'?d agree\b|{_NEGATIVE_AUX} (?:it|that) (?:be|make|help|save)\b|"
    rf"(?:isn't|wasn't) (?:it|that|this) (?:(?:just|really|also|always|a bit|a little|"
    rf"rather|so|all|exactly|simply|precisely) )*{_ASSESSED}\b(?=\W+\w)|"
    rf"(?:aren't|don't|doesn't) you (?:ever )?(?:get |feel )?{_WEARY}\b)|"
    rf"\byou(?:'d| would)\b[^?]*,\s*{_TAG}(?:,\s*\w+)?\W*$",
    words="agree think say feel reckon want love like find believe wish surely be make help "
    "save you'd would true fair obvious clear time better easier cheaper simpler smarter safer "
    "wiser worth why shame waste pity risk expensive costly risky frustrating annoying "
    "exhausting wasteful madness tired sick fed weary",
)


def leads(s: Sentence) -> bool:
    """Question ``s`` leads: it asks the customer to agree with the trainee's view
    (:data:`_LEADING`), and finds nothing out whatever they answer."""
    return s.is_question and _LEADING.search_in(s) is not None


# A question whose matter is the seller's side, put in a frame of the customer's knowing or
# hearing: "Did you know we're the biggest …?", "What would you say if I told you our
# strips …?", "Have you heard of Brightline?". The customer is asked only whether they
# knew the pitch; the frame ends where the seller's side starts.
_SELLER_FRAME = _WordLexicon(
    r"^\W*(?:(?:so|and|well|now|okay|ok|right|but|hey|oh)[,\s]+)*(?:"
    r"(?:did|do|have|had) you (?:ever |already |actually )?(?:know|hear|heard|see|seen)"
    r"(?: that| of| about)?|"
    r"(?:would|could|can) you (?:believe|imagine)(?: that)?|"
    r"would (?:you be|it) surprised?(?: you)?(?: to (?:hear|know|learn)| if| that)?|"
    r"(?:are|were) you (?:aware|familiar)(?: that| of| with)?|"
    r"(?:what|how) (?:would|will) you (?:say|feel|react)(?: if i (?:told|said to) you| to hear)"
    r"(?: that)?|"
    r"what if i (?:told|said to) you(?: that)?)\s",
    words="know hear heard see seen believe imagine surprised surprise aware familiar told said",
)
#: words that may stand between the frame and the seller's side ("… that the Brightline …")
_BEFORE_SUBJECT = frozenset(str.split("that the how what who just now already"))


def asks_of_seller(s: Sentence, names: frozenset[str]) -> bool:
    """Question ``s`` is about the seller's side (we, our, us, the seller's name) and
    asks nothing of the customer's but whether they knew it: a pitch with a question
    mark, not a question about the customer's business."""
    if not s.is_question:
        return False
    m = _SELLER_FRAME.search_in(s)
    if m is None:
        return False
    for word in _words(s.lower[m.end() :])[:3]:
        if word in _SELLER or word in names:
            return True
        if word not in _BEFORE_SUBJECT:
            return False
    return False


# A question asking only who is on the line: "Hi, is that Jade?", "Am I speaking with
# Mr Osei?", "Is that Jade in accounts?", "Is Tom there?". Its answer is a name, nothing
# of the customer's business; a day ("Is that Monday?") is no name.
_NAME_CHECK_RE = re.compile(
    r"^\W*(?:(?i:hi|hello|hey|hiya|morning|afternoon|evening|good (?:morning|afternoon|evening)|"
    r"yes|oh|sorry),?\s+)*"
    r"(?i:is (?:that|this|it)|am i (?:speaking|talking) (?:to|with)|are you|is)\s+"
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Mister|Reverend|Father)\.?\s+)?"
    rf"(?!(?i:{_MONTHS}|{_DAY_NAME}|today|tomorrow)\b)[A-Z][a-z][\w'-]*"
    r"(?:\s+[A-Z][\w'-]*)?"
    r"(?:\s+(?i:there|speaking|please|available|in|on the line)|"
    r"\s+(?i:in|from|at|of|on) (?:the )?[A-Za-z][\w'-]*)?\W*\?$"
)


_NAME_CHECK_WORDS = frozenset(("is", "am", "are"))


def checks_name(s: Sentence) -> bool:
    """Question ``s`` asks only who the trainee is speaking to."""
    # at most a greeting, a title and two names, a place; the regex only on so few words
    return (
        s.is_question
        and len(s.tokens) <= 12
        and not _NAME_CHECK_WORDS.isdisjoint(s.tokens)
        and _NAME_CHECK_RE.match(s.text) is not None
    )


def refers_back(s: Sentence) -> bool:
    """Short or anaphoric: a question that can only be about what was just said."""
    return _points_back(s.tokens)


def _points_back(words: Sequence[str]) -> bool:
    return len(words) <= 6 or not _ANAPHORS.isdisjoint(words)


_SECOND_PERSON = frozenset(str.split("you your you're you've yours yourself"))
_SELLER = frozenset(str.split("we our ours us we're we've we'll"))


# A wish for how things turn out: "I do hope …", "hopefully …", "fingers crossed …".
_WISH_RE = re.compile(
    r"^\W*(?:(?:oh|ah|well|gosh|aw),?\s+)*(?:(?:i|we)(?:'d| would)?\s+(?:do\s+|really\s+|"
    r"truly\s+|just\s+|so\s+)?(?:hope|wish)|hopefully|fingers crossed|here'?s hoping)\b"
)
_REFERRING = _ANAPHORS | frozenset(str.split("it's he's she's they're that's everything all"))


def wishes_well(s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` wishes the customer's news, just told in ``said``, turns out well
    ("I hope it's nothing broken."): a wish about what they said takes it up though it
    shares no word with it, as long as it points back at it (a pronoun or their words)."""
    return (
        not s.is_question
        and _WISH_RE.match(s.lower) is not None
        and (not _REFERRING.isdisjoint(s.tokens) or not s.stems.isdisjoint(said.stems))
    )


# Gladness at what the customer just said: "Good to hear they're looking after you.",
# "Glad to hear it", "That's good to know", "Nice to hear".
_GLAD_RE = re.compile(
    r"^\W*(?:(?:oh|ah|well|right|okay|ok),?\s+)*(?:(?:that'?s|that is|i'?m|we'?re|so)\s+)?"
    r"(?:really\s+|very\s+|so\s+)?(?:good|glad|great|nice|pleased|lovely|happy)\s+to\s+"
    r"(?:hear|know)\b"
)


def glad_of(s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` is gladness at what the customer just said in ``said``: it takes
    the line up though it shares no word with it, as long as the line told no trouble or
    worry (:func:`concern_level` 0; being served already is good news of theirs). At "the
    freezer died" the same words are no uptake."""
    return (
        not s.is_question
        and _GLAD_RE.match(s.lower) is not None
        and (concern_level(said) == 0 or served_already(said))
    )


# Delight at the customer's news in an exclamation of one's own: "Ah go way, that's
# brilliant!", "Fifty years together, what a thing to celebrate!", "How exciting!".
_DELIGHT_RE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:oh|ah|wow|well|gosh|way)\W+)(?:that'?s|that is|what an?|how)\s[^!?]*!\s*$"
)


def delights_in(s: Sentence, said: Utterance) -> bool:
    """Statement ``s`` exclaims at what customer line ``said`` told as good news (a positive
    line with no worry, negative word or calamity in it, "Yes, sorry, our oven caught
    fire" being no good news for its yes): it takes the line up though it shares no word
    with it. At bad news the same exclamation is cheer at it, no uptake."""
    return (
        not s.is_question
        and "!" in s.text
        and _DELIGHT_RE.search(s.lower) is not None
        and not denies(s)
        and pol(said) > 0
        and concern_level(said) == 0
        and _NEGATIVE_WORDS.isdisjoint(said.tokens)
        and _CALAMITY.isdisjoint(said.tokens)
    )


def asks_for_step(u: Utterance) -> bool:
    """Customer line ``u`` says yes and books the step itself: "It does, actually. Put me
    down for a trial month.", "Go on then, book us in." (Not "send me something": asking
    for the details is no commitment to the step.)"""
    return pol(u) > 0 and any(_BOOKS_IT.search_in(s) is not None for s in u.sentences)


def could_take_up(s: Sentence) -> bool:
    """A statement that by its form may be about what the customer just said.

    Anything but a statement about the seller's side ("We also do gutters") that neither
    points back (short, or an anaphor) nor speaks to the customer.
    """
    words = s.tokens
    return _SELLER.isdisjoint(words) or _points_back(words) or not _SECOND_PERSON.isdisjoint(words)


def says_you(u: Utterance) -> bool:
    """Line ``u`` speaks of the one it is said to (you, your)."""
    return not _SECOND_PERSON.isdisjoint(u.tokens)


def about_seller(s: Sentence) -> bool:
    """The sentence speaks of the seller's side (we, our, us)."""
    return not _SELLER.isdisjoint(s.tokens)


def seller_names(conv: Conversation) -> frozenset[str]:
    """The names (capitalised inside a sentence) of the trainee's first line that the
    customer never says: the trainee's own side, their company ("It's Lucas from Parcelcraft
    Packaging"), rather than the customer addressed by name."""
    if conv._seller is None:
        first = next((u for u in conv.trainee if u.text), None)
        names = frozenset(
            m.group().lower()
            for x in (first.sentences if first is not None else ())
            for m in _INNER_NAME_RE.finditer(x.text.lstrip())
        )
        for c in conv.persona:
            if not names:
                break
            names = names - c.tokens
        conv._seller = names
    return conv._seller


def speaks_of_seller(s: Sentence, names: frozenset[str]) -> bool:
    """Sentence ``s`` opens on the seller's name as its subject ("Parcelcraft boxes are
    made to …"), not set off by a comma as someone addressed: the seller talking about
    itself."""
    if not names or not s.tokens or s.tokens[0] not in names:
        return False
    return not addressed(s.text.split())


def addressed(words: Sequence[str]) -> bool:
    """The run of capitalised words ``words`` open with is someone addressed: a comma
    closes it ("Mrs Ortiz, …"), where a subject runs on into the sentence."""
    for word in words:
        if not word[:1].isupper():
            return False
        if word.endswith(","):
            return True
    return False


def could_greet(s: Sentence) -> bool:
    if not _GREETING_WORDS.isdisjoint(s.tokens):
        return True
    return any(m.group().lower() not in _TIME_WORDS for m in _INNER_NAME_RE.finditer(s.text))


def could_propose(s: Sentence) -> bool:
    """A time or a step, framed as a question or an offer, and not left to the customer."""
    tokens = s.tokens
    if not has_step_words(tokens) and not (
        has_time_words(tokens, s.lower)
        # the customer's own time asked about: "How's your morning been?"
        and (s.has_time or not _only_own_time(s.text, s.lower, tokens))
    ):
        return False
    framed = s.text.endswith("?") or PROPOSAL_FRAME.search_in(s) is not None
    return framed and not _VAGUE_RE.search(s.lower)


def quote(text: str, limit: int = 120) -> str:
    """A verbatim excerpt of ``text``, cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]
