"""The offline grader: answers a rubric's checks from the structure of the conversation.

Deterministic (no randomness, clock or I/O) and fast; it never calls out, so it is the
grader of last resort and the per-check fallback of the LLM grader. It decides the
checks of the default rubric it knows (by criterion and check id) from
:mod:`.dialogue` and leaves any other check ``undecided``. Outside English it decides
only what does not depend on the words (question marks, who talked how much) and says
so, with ``confidence: low``.

Credit goes to the trainee only: the persona's questions, proposals or empathy earn
nothing, and a trainee move counts only where it stands in the conversation (a
question the customer engaged with, an acknowledgement of what the customer just said,
a proposal the customer then accepted). Lines after the customer ended the call or asked
to stop earn nothing, and lines addressing the grader are flagged and ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from sessionhub.common.rubric import DEFAULT_RUBRIC, Rubric, Verdict
from sessionhub.grader.graders import dialogue as d
from sessionhub.grader.graders.dialogue import Conversation, Sentence, Utterance
from sessionhub.grader.grading.schemas import (
    CheckResult,
    Confidence,
    FeedbackItem,
    FlaggedLine,
    GradeResult,
    TranscriptLine,
)

MAX_FEEDBACK = 4
#: Languages whose words the grader reads; elsewhere it decides only form-based checks.
SUPPORTED_LANGUAGES = frozenset({"en"})
#: Checks decidable without reading the words (question marks, word counts).
LANGUAGE_FREE_CHECKS = frozenset({("discovery", "asks_questions"), ("rapport", "balanced_talk")})
#: A call of this many lines or fewer is one exchange at most: it can show an opening and
#: an offer, not how a conversation went (courtesy kept, replies, an agreement held).
SHORT_CALL_LINES = 2
SHORT_CALL_CHECKS = frozenset(
    {
        ("rapport", "greeting"),
        ("discovery", "asks_questions"),
        ("closing", "proposes_next_step"),
        ("closing", "specific_time"),
    }
)


class EmptyTranscriptError(ValueError):
    """There is no trainee line to grade."""


# --------------------------------------------------------------------------- language

_EN_FUNCTION_WORDS = frozenset(
    str.split(
        """
    the a an and or but to of in on at for with is are was were be been it this that you
    your we our i my me he she they them their what how why when where who do does did
    have has had not no yes can could would will should so if just about from as there
    here all any some up out get got okay ok well thanks thank hi hello
    """
    )
)


# py3langid names some languages by an ISO 639-3 code. Grades promise ISO 639-1: a
# language of a macrolanguage that has a 639-1 code is named by it (Paraguayan Guarani is
# "gn", Egyptian Arabic "ar", Cantonese "zh"); a language with no 639-1 code at all
# (Kabyle, Venetian, Nigerian Pidgin …) is not a candidate, so the nearest one that has one
# is answered instead of a code the contract does not allow.
_ISO_639_1 = {
    "gug": "gn",
    "ary": "ar",
    "arz": "ar",
    "uzs": "uz",
    "yue": "zh",
    "wuu": "zh",
    "sdh": "ku",
    "fuv": "ff",
    "kik": "ki",
}


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    named = [c for c in identifier.nb_classes if len(c) == 2 or c in _ISO_639_1]
    identifier.set_languages(named)
    return identifier


@lru_cache(maxsize=1024)
def _langid(text: str) -> str:
    code, _ = _identifier().classify(text)
    return _ISO_639_1.get(str(code), str(code))


def detect_language(texts: Sequence[str]) -> str:
    """ISO 639-1 code of the conversation's language.

    Most calls are English and the identifier costs about half a millisecond, so a text
    where English function words make up a fifth of the words is English without asking
    it; anything else goes to py3langid (its model ships inside the package).
    """
    sample = " ".join(texts)[:1200]
    words = sample.lower().split()
    if not words:
        return "en"
    english = len([w for w in words if w.strip(".,!?;:'\"¿¡") in _EN_FUNCTION_WORDS])
    if english / len(words) >= 0.2:
        return "en"
    return _langid(sample)


# --------------------------------------------------------------------------- analysis


@dataclass(slots=True)
class Question:
    u: Utterance
    s: Sentence
    follow_up: bool
    #: it asks again what the customer had already answered
    repeats: bool
    engaged: bool
    #: it builds on what the customer answered (see :func:`_builds_on`); ``follow_up``
    #: says only that it took up the line before it
    builds: bool = False


@dataclass(slots=True)
class Proposal:
    u: Utterance
    s: Sentence
    reply: Utterance | None
    accepted: bool


Move = tuple[Utterance, Sentence]


@dataclass(slots=True)
class Objection:
    c: Utterance
    reply: list[Utterance]
    #: the reply and the trainee's turn after the customer's answer to it
    window: list[Utterance] = field(default_factory=list)
    #: trainee lines right after a customer line that addressed the grader: they answer
    #: that line, so they earn nothing here, but they may be the move (see the probes)
    beyond_gap: list[Utterance] = field(default_factory=list)
    # Each move found in the reply: the line and the sentence that makes it.
    acknowledged: Move | None = None
    explored: Move | None = None
    answered: Move | None = None
    reaction: Utterance | None = None
    #: how the reaction reads (:func:`dialogue.reaction`): +1 eased, -1 resisted
    eased: int = 0
    dismissed: Utterance | None = None
    #: the customer's next line said the reply did not answer them
    protested: Utterance | None = None
    #: the customer line that granted the answer and opened another concern (a thread)
    moved_to: Utterance | None = None
    #: the customer lines read for the reaction: those after the answer, or after the reply
    heard: list[Utterance] = field(default_factory=list)


@dataclass(slots=True)
class Facts:
    conv: Conversation
    language: str
    english: bool
    questions: list[Question] = field(default_factory=list)
    raw_questions: list[tuple[Utterance, Sentence]] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    acks: list[tuple[Utterance, Utterance, Sentence]] = field(default_factory=list)
    ack_chances: list[Utterance] = field(default_factory=list)
    ignored: list[Utterance] = field(default_factory=list)
    #: customer lines whose reply shares no words with them but could still take them up
    maybe_ignored: list[Utterance] = field(default_factory=list)
    #: customer lines saying they were not answered or will go elsewhere
    unheard: list[Utterance] = field(default_factory=list)
    #: customer lines correcting how the trainee put their matter, which the reply passed
    overridden: list[Utterance] = field(default_factory=list)
    reply_chances: int = 0
    #: customer lines met only by stock sympathy on the way to a question about something
    #: else (:func:`dialogue.sympathy_then_elsewhere`): read as taken up, one by one
    stock_met: list[Utterance] = field(default_factory=list)
    rude: list[Utterance] = field(default_factory=list)
    #: customer lines (indexes) a detour question jumped past or led away from
    detoured: set[int] = field(default_factory=set)
    #: trainee lines that met the customer with small talk about their private life
    small_talk: list[Utterance] = field(default_factory=list)
    #: the trainee took up nothing the customer said (see :func:`_unresponsive`)
    salad: bool = False
    #: trainee questions, after the customer first spoke, on nothing the customer had said
    unanchored: int = 0
    invites: list[Utterance] = field(default_factory=list)
    confirmation: Utterance | None = None
    #: the customer asked to fix a day or time for the step, and the reply named none
    unmet_time: Utterance | None = None
    #: the concern whose handling is graded, read on first use (False: none)
    handled: Objection | Literal[False] | None = None

    @property
    def accepted(self) -> Proposal | None:
        return next((p for p in self.proposals if p.accepted), None)


def _counts(u: Utterance) -> bool:
    """A trainee line can earn credit only while the customer is still in the call."""
    return u.speaker == "trainee" and not u.ended_before  # a flagged line's gap included


def _overlap_ratio(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def analyse(conv: Conversation, language: str) -> Facts:
    f = Facts(conv, language, language in SUPPORTED_LANGUAGES)
    utts = conv.utterances
    if not f.english:
        for u in conv.trainee:
            if _counts(u):
                f.raw_questions.extend((u, s) for s in u.sentences if s.text.endswith("?"))
        return f
    customer_said: set[str] = set()
    asked: list[Question] = []
    asked_about: set[str] = set()  # what the customer engaged with being asked
    # customer lines that answer a detour question: their answer is no business talk
    answers_detour: set[int] = set()
    # the call's subject: the trainee's opening line and what they have told, not asked
    subject: set[str] = set()
    for u in utts:
        if u.speaker == "persona":
            if u.index in answers_detour:
                customer_said.update(_past_the_answer(u))
            else:
                customer_said.update(u.stems)
            continue
        prev = conv.previous_customer(u)
        nxt = conv.next_customer(u)
        # rude by its words, or taken as an insult ("That's a bit personal"): a put-down
        # need not use a word of one
        sneers = (
            d.rude(u)
            or (nxt is not None and d.is_offended(nxt))
            or (d.stock_feeling(u) and not _warm_aside(u, prev))
        )
        # (a shrug at their trouble is dismissive, yet a question after it may still
        # explore a concern: it is read here only, not as a sneer)
        if sneers or (
            prev is not None and (d.is_sarcastic_reply(u, prev) or d.shrugs_off(u, prev))
        ):
            f.rude.append(u)
        opening = not subject
        for x in u.sentences:
            if opening or not x.is_question:
                subject |= x.stems
        if not _counts(u):
            continue
        if d.invites_view(u):
            f.invites.append(u)
        for k, s in enumerate(u.sentences):
            if (
                s.is_proposal and _offered(conv, u, k) and (prev is None or not d.weighs(s, prev))
            ) or (s.has_time and _taken_as_offer(conv, s, nxt, u.sentences[k + 1 :])):
                if prev is None and nxt is not None and d.is_stop(nxt):
                    # put before the customer said a word, and met only by the call's end
                    # (a wrong number, a private house): nobody was offered anything
                    continue
                taken = (
                    _accepts(conv, s, nxt)
                    and not _insists(conv, f.proposals, s, prev)
                    # a when put off ("some day soon") is no step the customer can be held to
                    and not d.defers(s)
                    and (s.has_time or not _nods_past(conv, s, nxt))
                )
                f.proposals.append(Proposal(u, s, nxt, taken))
                continue
            if not s.is_question:
                continue
            f.raw_questions.append((u, s))
            if prev is not None and s.stems and s.stems.isdisjoint(customer_said):
                f.unanchored += 1
            if s.is_pleasantry or sneers:
                if nxt is not None and prev is not None and _passes_over(u, prev):
                    # small talk in place of an answer: what it draws out is no business talk
                    answers_detour.add(nxt.index)
                continue  # a question in a sneering turn finds nothing out
            if s.stems <= _FRAME_STEMS:
                continue  # "How so? And why? What else?": a question about nothing in particular
            if d.leads(s):
                continue  # "Wouldn't you agree …?": the trainee's view put for a yes
            if _asks_nothing_of_theirs(conv, s):
                continue
            stems = s.stems
            # after a detour, only the call's subject or the customer's business anchors
            after_detour = (
                prev is not None and prev.index in answers_detour and s.stems.isdisjoint(subject)
            )
            if _detour(s, u, prev, nxt, customer_said, asked_about, after_detour):
                if nxt is not None:
                    answers_detour.add(nxt.index)
                if prev is not None and not d.takes_up(u, prev):
                    f.detoured.add(prev.index)
                    if not _LEISURE.isdisjoint(s.tokens) and u not in f.small_talk:
                        f.small_talk.append(u)
                continue
            # a short factual answer ("My daughter.") engages with an open question as much
            # as a long one: what it asked for was a name, a place, a number
            engaged = (
                nxt is not None
                and not d.is_annoyed(nxt)
                and (nxt.words >= 4 or (s.is_open and bool(nxt.stems)))
                # "Tables? I run a bait shop.": a question from the wrong script
                and not d.rejects_premise(nxt, s)
            )
            # most pairs share nothing: a C-level test before the rest
            repeat = next(
                (q for q in asked if not stems.isdisjoint(q.s.stems) and _repeats(conv, q, u, s)),
                None,
            )
            if (repeat is not None and not engaged) or (nxt is not None and d.told_already(nxt)):
                # asked again, and met with "as I said": a repeat all the same; and "as I
                # said" alone says the answer was given before, asked for or not
                f.questions.append(Question(u, s, False, True, engaged))
                continue
            if nxt is None and stems.isdisjoint(customer_said):
                continue  # an unanswered last question about nothing the customer raised
            if nxt is not None and not engaged:
                continue
            follow = prev is not None and (
                bool(stems & prev.stems) or (d.takes_up(u, prev) and prev.words >= 4)
            )
            q = Question(
                u,
                s,
                follow and repeat is None,
                repeat is not None,
                engaged,
                prev is not None and follow and _builds_on(conv, u, k, prev),
            )
            asked.append(q)
            asked_about |= stems
            f.questions.append(q)
    if f.rude and f.questions:
        sneered = [u for u in f.rude if any(s.is_question for s in u.sentences)]
        last = conv.persona[-1]
        # A trainee who asks again and again in sneers, or whose sneering question the
        # customer answers by giving up on the call, is belittling the customer, not
        # finding out about them: whatever else they asked was part of the same treatment.
        if len(sneered) >= 2 or (
            sneered and last.index > sneered[0].index and (d.is_stop(last) or d.unheard(last))
        ):
            f.questions = []
    # what the trainee did with each customer line
    customer_asked = False  # the customer has asked something before
    # the customer's questions that the trainee's reply did not answer
    unanswered: list[frozenset[str]] = []
    verdict: Objection | None = None  # the first bare verdict against the offer
    up_front = conv.persona[1].index if len(conv.persona) > 1 else len(conv.utterances)
    for c in conv.persona:
        turn = conv.trainee_reply(c)
        reply = [r for r in turn if _counts(r)]
        if c.ended_before:
            continue
        questions = [x.lower for x in c.sentences if x.is_question]
        asks = bool(questions)
        # a customer sentence keeps no stems of its own (the line's words suffice
        # elsewhere): those of its questions are read once, when something compares them
        their_stems = [d.content_stems(q) for q in questions] if unanswered or reply else []
        asked_again = any(
            len(stems & q) >= 2 and _overlap_ratio(stems, q) >= 0.5
            for stems in their_stems
            for q in unanswered
        )
        if conv.prev_other[c.index] >= 0 and (
            d.unheard(c) or (d.presses(c) and customer_asked) or asked_again
        ):
            # asking the same question again, in any form, says it went unanswered
            f.unheard.append(c)
        customer_asked = customer_asked or asks
        if d.is_stop(c):
            continue
        substantive = c.words >= 5 and len(questions) < len(c.sentences)
        if asks and reply and not d.answers_question(reply[0], c):
            unanswered.extend(their_stems)
        if (substantive or asks) and reply:
            f.reply_chances += 1
            # a sneering reply takes nothing up, whatever words of the customer's it mocks
            sneering = bool(f.rude) and any(x is reply[0] for x in f.rude)
            lead = reply[0].sentences[0] if reply[0].sentences else None
            before = conv.prev_other[c.index]
            overridden = False
            # asked to have the call another time, the trainee takes the line up only by
            # moving or ending the call: sympathy on the way to a pitch passed it over
            passed_over = d.carries_on_past(conv, reply, c)
            if before >= 0 and d.corrects(c, utts[before]):
                # A correction of the trainee's own words ("it's not just a bit of water,
                # there's wiring") is taken up only by what it added, or by feeling for it:
                # a "yes, and …" or the pitch's question again carries on past it.
                added = c.stems - utts[before].stems
                took_up = not sneering and (
                    any(not s.stems.isdisjoint(added) for r in reply for s in r.sentences)
                    or (lead is not None and d.empathic(lead))
                )
                overridden = not took_up
                if overridden:
                    f.overridden.append(c)
            elif passed_over:
                took_up = False
            else:
                # (an answer to a question may well open on its words: "Weekends, yes.")
                echoed = not asks and d.echo_then_own(reply[0], c)
                took_up = (
                    not sneering
                    and not echoed
                    and (
                        _takes_up(conv, reply, c)
                        or (
                            lead is not None
                            and (
                                d.empathic(lead)
                                or (
                                    not asks
                                    and (
                                        d.wishes_well(lead, c)
                                        or d.glad_of(lead, c)
                                        or d.delights_in(lead, c)
                                    )
                                )
                            )
                        )
                        or (asks and d.answers_question(reply[0], c))
                        or d.meets(conv, reply[0], c) is not None
                        or d.complies(reply[0], c)
                        or (not asks and d.elides(reply[0]))
                    )
                )
            if (
                took_up
                and d.sympathy_then_elsewhere(reply[0], c)
                and not _takes_up(conv, reply, c)
                and not (asks and d.answers_question(reply[0], c))
            ):
                f.stock_met.append(c)
            if not took_up:
                # a reply that goes off on a detour takes nothing up, whatever opens it
                maybe = (
                    c.index not in f.detoured
                    and not overridden
                    and not passed_over
                    and (
                        _acknowledgement(conv, reply, c, loose=True) is not None
                        or any(s.is_question and d.refers_back(s) for s in reply[0].sentences[:1])
                        or (not asks and d.acts_on_answer(conv, reply[0], c))
                    )
                )
                (f.maybe_ignored if maybe else f.ignored).append(c)
        elif (substantive or asks) and turn and turn[0].gap:
            # the trainee's turn went to addressing the grader: the customer was left
            # unanswered, as if the line had never been said
            f.reply_chances += 1
            f.ignored.append(c)
        if substantive and reply:
            f.ack_chances.append(c)
            # The check needs one; looking for more would only cost time.
            ack = None if f.acks else _acknowledgement(conv, reply, c)
            if ack is not None:
                f.acks.append((c, ack[0], ack[1]))
        if (
            # (while a concern is open, an answer about it tells more of it)
            (
                d.is_concern(c)
                and (
                    bool(f.objections)
                    or verdict is not None
                    or not (_tells_pain(conv, c) or _tells_supplier(conv, c))
                )
            )
            or _blocks_offer(conv, c)
            or _disbelieves(conv, c)
            or (len(c.sentences) > 1 and _refuses_with_reason(conv, c))
        ) and not _answers_narrowing(conv, c):
            f.objections.append(Objection(c, reply))
        elif verdict is None and c.index <= up_front and _turns_down(conv, c):
            verdict = Objection(c, reply)
    if verdict is not None and verdict.reply and _only_asks(verdict.reply[-1]):
        # asked what lies behind it, the customer gives the verdict's reasons: one episode,
        # whose handling starts at the question
        told = conv.customer_after(verdict.reply[-1], 1)
        f.objections = [verdict, *(o for o in f.objections if not told or o.c is not told[0])]
    elif verdict is not None and not f.objections:
        f.objections.append(verdict)
    if _unresponsive(conv, f) or _presses_past_leaving(conv):
        # Keyword stuffing: a trainee who takes up nothing the customer says is not in a
        # conversation, so what their questions and proposals drew out earns nothing.
        f.salad = True
        f.ignored += f.maybe_ignored + f.stock_met
        f.maybe_ignored = []
        f.acks = []
        f.questions = []
        f.objections = []
        for p in f.proposals:
            p.accepted = False
    f.unmet_time = next(
        (
            p.reply
            for p in f.proposals
            if p.reply is not None and not p.s.has_time and _time_unmet(conv, p.reply)
        ),
        None,
    )
    final = f.proposals[-1] if f.proposals else None
    if f.accepted is None and not f.salad and final is not None and final.reply is None:
        booker = conv.previous_customer(final.u)
        if booker is not None and not final.s.is_question and d.asks_for_step(booker):
            # the customer booked the step ("Put me down for a trial month.") and the
            # trainee set it down as the call's last word: the request is the commitment
            final.reply = booker
            final.accepted = True
    accepted = f.accepted
    if accepted is not None and accepted.reply is not None:
        # The trainee may confirm before the customer's last "great": look from the
        # customer's first reply that took a proposal up.
        start = min(
            p.reply.index
            for p in f.proposals
            if p.reply is not None
            and p.reply.index <= accepted.reply.index
            and (p.accepted or (d.pol(p.reply) == 0 and not d.is_annoyed(p.reply)))
        )
        agreed = d.time_words(accepted.s.tokens) | d.time_words(accepted.reply.tokens)
        for u in utts[start + 1 :]:
            if _counts(u) and any(
                _reads_back(s, agreed)
                if s.is_question
                else s.has_time or ("i'll" in s.lower or "we'll" in s.lower or "see you" in s.lower)
                for s in u.sentences
            ):
                f.confirmation = u
                break
        else:
            # a proposal restated with its time after the customer took an earlier one up,
            # then met by a short "sounds right", was the confirmation; so was the trainee
            # taking a day or time the customer named ("Can you do Friday at two?" "Friday
            # at two, we'll bring the samples."): the agreement and its read-back in one,
            # whenever the customer's closing pleasantry comes
            said = accepted.s.lower
            restated = accepted.s.has_time or "i'll" in said or "we'll" in said
            named = conv.previous_customer(accepted.u)
            took = (
                named is not None
                and accepted.s.has_time
                and not d.time_words(accepted.s.tokens).isdisjoint(d.time_words(named.tokens))
            )
            if (accepted is not f.proposals[0] or took) and not accepted.s.is_question and restated:
                f.confirmation = accepted.u
    return f


def _reads_back(s: Sentence, agreed: frozenset[str]) -> bool:
    """Trainee question ``s`` reads the agreed step back for a yes ("So I'll come by
    Thursday at ten to measure up, yes?"): it names the agreed day or time (``agreed``)
    and no other, so it checks the booking rather than moving it."""
    if not s.has_time:
        return False
    said = d.time_words(s.tokens)
    return bool(said) and said <= agreed


def _wares(conv: Conversation) -> frozenset[str]:
    """The words in which the trainee's first line says what their side sells ("we supply
    jars and lids"), that the customer had not said before it."""
    if conv._wares is None:
        first = next((u for u in conv.trainee if u.text), None)
        if first is None:
            conv._wares = frozenset()
        else:
            names = d.seller_names(conv)
            told = [s.stems for s in first.sentences if d.talks_of_seller(s, names)]
            heard = [c.stems for c in conv.persona if c.index < first.index]
            conv._wares = frozenset().union(*told).difference(*heard)
    return conv._wares


def _subject(conv: Conversation) -> frozenset[str]:
    """The words of the trainee's first line: what the call is about ("about laundering
    the sheets"), which a concern about it and the seller's own standing may both name."""
    first = next((u for u in conv.trainee if u.text), None)
    return first.stems if first is not None else frozenset()


def _takes_up(conv: Conversation, reply: list[Utterance], c: Utterance) -> bool:
    """``reply`` shares words with customer line ``c`` other than by echoing the seller's
    own wares (:func:`dialogue.echoes_wares`)."""
    if not d.takes_up(reply, c):
        return False
    own: frozenset[str] | None = None
    for u in reply:
        for s in u.sentences:
            if s.stems.isdisjoint(c.stems):
                continue
            if own is None:
                own = _wares(conv)
            if not (
                d.echoes_wares(s, c, own, d.seller_names(conv))
                or d.pushes_wares(s)
                or d.demands(s)
                # "Don't worry, our nets suit any pond": the matter set aside for the wares
                or (d.sets_aside(s) and d.about_seller(s))
            ):
                return True
    return False


def _warm_aside(u: Utterance, prev: Utterance | None) -> bool:
    """A stock "poor you" in ``u`` is sympathy, not a put-down: the sentence holding it or
    the one after takes up what the customer said (their words, or empathy), and nothing
    in the turn sets it aside ("Poor you. Anyway, …")."""
    if prev is None or any(s.lower.startswith(d.PIVOTS) for s in u.sentences):
        return False
    at = next((i for i, s in enumerate(u.sentences) if d.is_stock_feeling(s.lower)), 0)
    if d.envies_trouble(u.sentences[at], prev):
        return False
    return any(bool(s.stems & prev.stems) or d.empathic(s) for s in u.sentences[: at + 2])


# The customer's private life: small talk, not their situation as a buyer. Only a detour
# (a question on nothing the customer said, past their own question) is read for these.
_LEISURE = frozenset(
    str.split(
        """
    weekend weekends holiday holidays vacation weather football soccer cricket rugby league
    sport sports film films movie movies cinema telly hobby hobbies favourite favorite pizza
    pet pets
    """
    )
)


def _unresponsive(conv: Conversation, f: Facts) -> bool:
    """Three or more customer lines, and no reply took any of them up: none shares their
    words, answers their question or acknowledges them, and no question builds on them,
    while two or more questions asked about things the customer never mentioned. (A terse
    trainee who only proposes a time shares no words either, but asks no such questions.)
    Sympathy said as the way into such a question ("I hear you. What are your goals for
    the shop this year?") takes nothing up: said to every line alike, it is part of the
    script, whatever the customer told. A customer who had to say a passed-over line
    again (:func:`_said_again`) shows it in a shorter call: two lines passed over and
    one question about nothing of theirs."""
    if not (
        f.unanchored >= 1
        and f.reply_chances >= 2
        and len(f.ignored) + len(f.maybe_ignored) + len(f.stock_met) == f.reply_chances
        and all(c in f.stock_met for c, _, _ in f.acks)
        and not any(q.follow_up for q in f.questions)
    ):
        return False
    return (
        (f.unanchored >= 2 and f.reply_chances >= 3)
        or _said_again(conv, f)
        or _premise_denied(conv, f)
    )


def _premise_denied(conv: Conversation, f: Facts) -> bool:
    """A passed-over customer line denies, in the question's own word, what the trainee's
    question before it took for granted ("What's the pain point with your CRM stack?" "I
    don't know what a CRM is."; "How is your IT team set up?" "There's no IT team."), and
    the trainee asked on regardless: the questions were put to a business the customer
    said is not there."""
    for c in f.ignored + f.maybe_ignored + f.stock_met:
        if d.pol(c) > 0:
            continue
        before = conv.prev_other[c.index]
        if before < 0:
            continue
        asked = conv.utterances[before].sentences
        if not asked or not asked[-1].is_question:
            continue
        if any(
            d.denies(s) and not d.content_stems(s.lower).isdisjoint(asked[-1].stems)
            for s in c.sentences
        ):
            return True
    return False


def _said_again(conv: Conversation, f: Facts) -> bool:
    """A customer line says again, in a word of its own, what an earlier line of theirs
    said that the reply passed over ("We're closed." … "Closed, mate."; "I want a refund."
    … "Just give me my refund."): a word the trainee never used, so the customer is
    repeating themselves, not answering the trainee's question. A customer who goes on to
    take the step up on its day ("Busy, the drivers are off." … "With the drivers off
    I've no time." … "Thursday's fine.") was still in the conversation, whatever they said
    twice; an "okay" alone may be the way off the phone. Not said again: a yes ("Phone
    calls, and the drivers don't answer." … "Sure, I'll call you on my way in."), an answer
    given again ("Like I said, …"), a line taking up the trainee's words or answering a
    question on what the customer told ("What did that mean for their pay?"), or a
    concern, which is judged by how its handling went."""
    passed = f.ignored + f.maybe_ignored + f.stock_met
    acc = f.accepted
    if not passed or (
        acc is not None
        and acc.reply is not None
        and not d.time_words(acc.s.tokens).isdisjoint(d.time_words(acc.reply.tokens))
    ):
        return False
    utts = conv.utterances
    trainee_said = frozenset().union(*(u.stems for u in conv.trainee))
    concerns = {o.c.index for o in f.objections}
    # lines answering a question on what the customer told ("What did that mean for …?")
    answers = {
        nxt.index
        for q in f.questions
        if q.engaged and d.refers_back(q.s) and (nxt := conv.next_customer(q.u))
    }
    for c in conv.persona:
        if d.pol(c) > 0 or d.told_already(c) or c.index in concerns:
            continue
        before = conv.prev_other[c.index]
        if c.index in answers or (before >= 0 and not c.stems.isdisjoint(utts[before].stems)):
            continue  # (the customer is talking with the trainee)
        own = c.stems - trainee_said
        if own and any(p.index < c.index and not own.isdisjoint(p.stems) for p in passed):
            return True
    return False


#: customer lines asking to end the call that a trainee may go on past before the call
#: reads as a script said at them: once can be a slip, twice is the way the call goes
_LEAVINGS_PRESSED = 2


def _presses_past_leaving(conv: Conversation) -> bool:
    """The customer asked to end the call, or said they were not heard, again and again
    (:func:`dialogue.is_stop`, ``puts_off``, ``unheard``, ``is_annoyed``), and every time
    the trainee went on with the business (:func:`dialogue.goes_on`: a pitch, a step, a
    question about something else), never once letting them go or moving the call: the
    customer's words went past a script, whatever of them it echoed on the way ("I'm
    hanging up." "Hanging up, understood. Can we book a review on Monday?")."""
    pressed = 0
    for c in conv.persona:
        if not (d.is_annoyed(c) or d.puts_off(c) or d.unheard(c)):
            continue  # (is_annoyed holds every stop)
        turn = conv.trainee_reply(c)
        if not turn:
            continue
        if not d.goes_on(conv, turn, c):
            return False
        pressed += 1
    return pressed >= _LEAVINGS_PRESSED


# What the customer does now, themselves: the offer is not needed ("we do it in-house").
_OWN_PRACTICE = frozenset(str.split("already ourselves myself inhouse"))
_OWN_PRACTICE_RE = re.compile(
    r"\b(?:in-house|in house|inhouse|ourselves|myself)\b|\balready (?:\w+ )?(?:do|does|doing|"
    r"handle|handles|have|has|use|uses|using|got|sort|sorts|manage|manages|run|runs|make|"
    r"makes|buy|get|work with)\b"
)
# Where the customer's own side gets something now: "ours come from", "we buy them from"
_SUPPLIED_FROM = re.compile(
    r"^(?:my|our|we|i)\b[^.?!]{0,40}\b(?:comes?|get|gets|buy|buys|order|orders|source|"
    r"sources)\b[^.?!]{0,20}\bfrom\b"
)
# Words that limit: what the customer has, needs or does is less than the offer assumes.
_LIMITS = _OWN_PRACTICE | frozenset(str.split("only just barely hardly half none nobody nothing"))


def _blocks_offer(conv: Conversation, c: Utterance) -> bool:
    """A constraint stated right after the trainee's pitch or proposal ("We've only got the
    one oven", "We already have a service", "we sort that ourselves"), or the customer's
    own practice as the call's first word ("We do our books in-house already"): a concern
    without any word of worry, read from where it stands and what it limits."""
    # set lookups first: most lines have neither word
    in_house = "house" in c.tokens and ("in-house" in c.lower or "in house" in c.lower)
    supplied = "from" in c.tokens and _SUPPLIED_FROM.search(c.lower) is not None
    if c.words < 4 or (_LIMITS.isdisjoint(c.tokens) and not in_house and not supplied):
        return False
    if all(s.is_question for s in c.sentences) or d.pol(c) > 0:
        return False
    if d.short_of_time(c):
        return False  # "Only a minute": a limit on the call, not on the offer
    i = conv.prev_other[c.index]
    if i < 0:
        # nothing pitched yet: the customer heads the offer off with what they do now
        return _OWN_PRACTICE_RE.search(c.lower) is not None
    if supplied and _LIMITS.isdisjoint(c.tokens) and not in_house:
        # "My sausages come from Ron up the lane": the very thing pitched, already had
        return bool(c.stems & conv.utterances[i].stems)
    return _pitches(conv.utterances[i])


def _pitches(u: Utterance) -> bool:
    """Trainee line ``u`` puts the offer: a proposal, a pitch or a statement about the
    seller's side."""
    return any(
        s.is_proposal or d.is_pitch(s) or (not s.is_question and d.about_seller(s))
        for s in u.sentences
    )


# What a question points back at with these may be the offer or an earlier provider.
_POINTERS = frozenset(str.split("that it it's this those these"))


def _tells_pain(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` tells a trouble of their own in answer to the trainee's question
    about their situation, before anything was offered ("How do you handle printing?"
    "We've got two old copiers and we send big jobs out."; "How are you doing today?"
    "Honestly, not great. We had a break-in last week."): the trouble is what the offer
    is for, not a concern about it.

    Only the weaker readings of a concern (a bad experience, a negated statement) are
    read so; a word of worry, cost or need is a concern whatever was asked. The question
    is open and names what it asks about (one pointing back with "that" or "it" may
    point at the offer or at an earlier provider), asks no view of the offer and nothing
    of an earlier provider or attempt, and no line of the trainee's before it put the
    offer. The answer speaks neither to the seller (you, your) nor of how something went
    before (:func:`dialogue.tells_experience`), which may be a provider like the seller.
    """
    # served already by someone else is a reason not to buy, never a trouble of theirs
    if d.concern_level(c) != 1 or d.served_already(c):
        return False
    q = _asked_open(conv, c)
    if q is None or not _POINTERS.isdisjoint(q.tokens) or d.marks_previous(q):
        return False
    if d.says_you(c) or d.tells_experience(c):
        return False
    if d.invites_view(conv.utterances[conv.prev_other[c.index]]):
        return False
    return _before_any_pitch(conv, c)


def _tells_supplier(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` names who supplies them (:func:`dialogue.names_supplier`, "We get
    ours from Baxters") in answer to the trainee's open question about it, before anything
    was offered: their situation told when asked, not a reason held against the offer."""
    if not d.served_already(c) or not d.names_supplier(c):
        return False
    return _asked_open(conv, c) is not None and _before_any_pitch(conv, c)


def _asked_open(conv: Conversation, c: Utterance) -> Sentence | None:
    """The trainee's open question about the customer's situation that customer line ``c``
    answers (no proposal, nothing asked of the seller's side), or None."""
    q = d.asked_before(conv, c)
    if q is None or q.is_proposal or not q.is_open or d.about_seller(q):
        return None
    return q


def _before_any_pitch(conv: Conversation, c: Utterance) -> bool:
    """No line of the trainee's before customer line ``c`` put the offer."""
    return not any(_pitches(t) for t in conv.trainee if t.index < c.index)


def _turns_down(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` is a verdict against the offer in a few words ("Thanks but no
    thanks", "We'll pass"), not a "no" answering a question nor a step refused (the
    trainee's line before it proposed none): said up front, a concern whose reasons are
    still to come, which the trainee can ask behind."""
    if c.words > 8 or d.pol(c) >= 0 or d.is_stop(c) or not d.refuses_plainly(c):
        return False
    if d.polarity(d.without_no_answer(c.lower)) >= 0:
        return False  # "No." or "No, we haven't": an answer
    i = conv.prev_other[c.index]
    return i < 0 or not any(s.is_proposal for s in conv.utterances[i].sentences)


def _disbelieves(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` opens by echoing the trainee's offer back as a bare question
    ("Six thousand?", "Steel roller doors on a seaside cottage?": no verb before its
    subject, no wh-word, no day or time) and says no yes after it: incredulity, a concern
    told without a word of worry ("… It'll look like a lock-up garage.")."""
    said = c.sentences
    if len(said) < 2 or not said[0].is_question or d.is_annoyed(c):
        return False
    first = said[0]
    words = first.tokens
    if not words or len(words) > 8 or words[0] in d.ASKING_WORDS:
        return False
    i = conv.prev_other[c.index]
    if i < 0 or d.mentions_time(words, first.lower):
        return False
    if d.content_stems(first.lower).isdisjoint(conv.utterances[i].stems):
        return False
    rest = " ".join(x.lower for x in said[1:])
    return d.polarity(rest) <= 0 and not any(d.goes_ahead(x) for x in said[1:])


#: words at most of a refusal said as a sentence of its own ("No.", "Nah, thanks.")
_BARE_REFUSAL_WORDS = 3
#: one of which a short refusal holds ("Not for us.", "We'll pass.", "Doesn't suit.")
_NO_WORDS = frozenset(
    str.split("no nope nah not never pass rather don't doesn't won't can't isn't wouldn't")
)


def _refuses_with_reason(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` says a bare no in a sentence of its own ("No.", "I thought about
    it. No.") and then why, in a statement of four words or more that neither agrees nor
    asks ("… We only cook forty meals a day."): a concern, however its reason is worded.
    A "no" answering the trainee's own question about the customer ("Do you have a
    collector?" "No. We bin it ourselves.") answers it; one to a question about the offer
    or a step ("Would that suit?", "Could we start Monday?") is the refusal it reads as."""
    said = c.sentences
    at = next(
        (
            k
            for k, x in enumerate(said[:-1])
            if len(x.tokens) <= _BARE_REFUSAL_WORDS
            and not _NO_WORDS.isdisjoint(x.tokens)
            and not x.is_question
            and d.says_no(x)
        ),
        None,
    )
    if at is None:
        return False
    q = d.asked_before(conv, c)
    if q is not None and not (q.is_proposal or d.about_seller(q) or d.is_pitch(q)):
        return False
    reasons = [x for x in said[at + 1 :] if not x.is_question and len(x.tokens) >= 4]
    return bool(reasons) and not any(d.goes_ahead(x) for x in said[at + 1 :])


def _answers_narrowing(conv: Conversation, c: Utterance) -> bool:
    """``c`` says "no" to the trainee's either/or or "anything else?" question: it answers
    about the concern under discussion ("No, the delays were the main worry") rather
    than raising a new one."""
    if not d.answers_no(c):
        return False
    q = d.asked_before(conv, c)
    return q is not None and d.narrowing(q)


# Words that restate a question rather than narrow it ("in total", "at the moment").
_RESTATING = d.content_stems(
    "total overall altogether roughly exactly approximately currently moment present "
    "usually normally typically"
)


# Nouns that ask for a quantity as "how many" does ("what's the room count?"), and for a
# time as "when" does ("which days are you open?").
_QUANTITY_NOUNS = d.content_stems("count number total size headcount tally amount figure")
_TIME_NOUNS = d.content_stems("day days week weekdays time times hours date dates")


def _slot(s: Sentence) -> str:
    """The kind of answer ``s`` leaves a place for: a quantity, a time, or "" (other)."""
    kind = d.asks_for(s)
    if kind == "many":
        return "many"
    if not s.is_question or d.is_closed_form(s):
        return ""
    if not _QUANTITY_NOUNS.isdisjoint(s.stems):
        return "many"
    if kind == "when" or (kind == "what" and not _TIME_NOUNS.isdisjoint(s.stems)):
        return "time"
    return ""


def _refills(conv: Conversation, q: Question, u: Utterance, s: Sentence) -> bool:
    """``s`` asks for the quantity or the time ``q`` asked for, of the same thing, in other
    words, after the customer gave one ("How many rooms?" "Eleven." "And what's the room
    count you're working with?"; "Which days is it open?" "Monday to Friday." "When in the
    week are you open?"): the answer's place is filled. A question adding words of its
    own asks for a new one ("how many rooms need linen daily?")."""
    slot = _slot(s)
    if not slot or slot != _slot(q.s):
        return False
    nouns = _QUANTITY_NOUNS if slot == "many" else _TIME_NOUNS
    same = (s.stems & q.s.stems) - _RESTATING
    if slot == "many":
        same -= nouns
    added = s.stems - q.s.stems - nouns - _RESTATING
    if not same or len(added) > 1:
        return False
    answers = conv.persona[
        bisect_right(conv.persona, q.u.index, key=_at) : bisect_right(
            conv.persona, u.index, key=_at
        )
    ]
    if added & frozenset().union(*(c.stems for c in answers)):
        return False  # a part the customer named ("how many of those are by the river?")
    if slot == "many":
        return any(map(d.has_number, answers))
    return any(d.mentions_time(c.tokens, c.lower) for c in answers)


# A question that takes the customer's answer as given and asks on from it: a condition
# set on it ("if the two cold ones were fixed, …", "suppose …") or the answer pointed back
# at ("what did that cost …?", "when it happened").
_ON_ANSWER = frozenset(str.split("if suppose supposing say imagine that it this those them"))


def _builds_on(conv: Conversation, u: Utterance, k: int, prev: Utterance) -> bool:
    """Question ``k`` of trainee line ``u``, sharing words with customer line ``prev``
    before it, builds on what the customer answered (follows_up).

    A follow-up builds on an answer: ``prev`` answered a question the trainee asked. What
    the customer volunteered unasked (their opening news, a reply to a pitch) is built on
    only by a question that takes it up: pointing back at it, sharing more than a word
    with it, or after the trainee's own sentence on it or sympathy. One of its words
    borrowed for a question of the trainee's own ("We had to put three dogs to sleep"
    "Which dog breeds do you see most?") builds on nothing.
    """
    s = u.sentences[k]
    if _answers_asked(conv, prev) or len(s.stems & prev.stems) >= 2 or d.refers_back(s):
        return True
    return any(
        not x.is_question and (d.empathic(x) or not x.stems.isdisjoint(prev.stems))
        for x in u.sentences[:k]
    )


def _answers_asked(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` answers a question the trainee's turn before it asked them (a
    name check or a question about the seller's side asks nothing of theirs)."""
    utts = conv.utterances
    i = c.index - 1
    while i >= 0 and utts[i].speaker == "trainee":
        for s in utts[i].sentences:
            if s.is_question and not _asks_nothing_of_theirs(conv, s):
                return True
        i -= 1
    return False


def _asks_nothing_of_theirs(conv: Conversation, s: Sentence) -> bool:
    """Question ``s`` checks a name ("Is that Jade?") or asks only whether the customer
    knew the seller's side ("Did you know we're …?"): nothing of their business."""
    return d.checks_name(s) or d.asks_of_seller(s, d.seller_names(conv))


def _asks_on_answer(s: Sentence, own: frozenset[str]) -> bool:
    """``s`` asks on from the answer to an earlier question (see _ON_ANSWER) for something
    in words of its own (``own``: neither asked before nor told): a new question, however
    many words it shares with the earlier one ("Walk me through what happens when a
    grower brings a crate in." "… the book gets lost." "What did that cost the growers
    when it happened?")."""
    return bool(own) and not _ON_ANSWER.isdisjoint(s.tokens)


def _repeats(conv: Conversation, q: Question, u: Utterance, s: Sentence) -> bool:
    """``s`` asks again for what ``q`` asked, after the customer answered it.

    It shares most of ``q``'s words, and what it adds does not ask for anything new: no
    word at all, or words of its own but the same kind of question ("how many" again), or
    the customer's own answer put back to them: as a tag to confirm ("…, sixty?"), in a
    yes/no question, or as one option of an either/or ("a spreadsheet or something
    else?"). Choosing among two or more things the customer listed narrows the answer
    ("How do you handle invoices?" "By email and on paper." "The email ones or the paper
    ones first?"), as does an open question about one of them. "How many" of the same
    thing, once the customer gave a number, asks again however else it is worded.
    """
    if _refills(conv, q, u, s):
        return True
    close = _overlap_ratio(s.stems, q.s.stems) >= 0.6
    kind = d.asks_for(s)
    if kind and kind != d.asks_for(q.s) and d.asks_for(q.s):
        # asking where, when or how many about what was asked "which" of asks for
        # something new ("Which sells best?" "Where does it sell?")
        return False
    counting = kind == "many" == d.asks_for(q.s)
    if not close and not counting:
        return False
    added = s.stems - q.s.stems - _RESTATING
    if not added:
        return True
    answers = conv.persona[
        bisect_right(conv.persona, q.u.index, key=_at) : bisect_right(
            conv.persona, u.index, key=_at
        )
    ]
    answered = frozenset().union(*(added & c.stems for c in answers))
    if counting and all(map(d.is_number, added)) and any(map(d.has_number, answers)):
        return True
    if _asks_on_answer(s, added - answered):
        return False
    if not close:
        return False
    if not answered:
        return kind == d.asks_for(q.s)
    _, comma, tag = s.lower.rpartition(",")
    if comma and len(tag.split()) <= 3:
        tagged = d.content_stems(tag)
        if tagged and tagged <= answered:
            return True
    if d.is_either_or(s):
        return len(answered) < 2
    return d.is_closed_form(s)


def _at(u: Utterance) -> int:
    return u.index


_BACK_PRONOUNS = frozenset(("that", "it", "they", "them", "those"))


def _jumps_to(u: Utterance, s: Sentence) -> bool:
    """Nothing but an interjection ("Nice.", "Cool, cool.") comes before ``s`` in ``u``."""
    for x in u.sentences:
        if x is s:
            return True
        if len(x.tokens) > 2:
            return False
    return True


def _passes_over(u: Utterance, prev: Utterance) -> bool:
    """Trainee line ``u`` leaves the customer's question ``prev`` ended on unanswered,
    taking up none of it."""
    return (
        bool(prev.sentences)
        and prev.sentences[-1].is_question
        and not d.is_annoyed(prev)
        and not d.takes_up(u, prev)
    )


def _past_the_answer(c: Utterance) -> frozenset[str]:
    """What customer line ``c`` says besides answering a question off the sale ("Quiet.
    Gardening mostly. How much per employee is it?"): a question about the customer's
    garden takes up nothing of their business, so the answer's words do not make the next
    one relevant."""
    said = c.sentences
    # the answer runs up to the customer's own question, or is the first sentence
    first_question = next((i for i, x in enumerate(said) if x.is_question), None)
    said = said[first_question:] if first_question is not None else said[1:]
    return frozenset().union(*(d.content_stems(x.lower) for x in said))


#: words of an answer past which the customer is telling about their business, not chatting
_ENGAGED_ANSWER_WORDS = 8


#: the stems of the frames that make a request a question ("walk me through", "tell me",
#: "what else"): what is left is what the question is about
_FRAME_STEMS = frozenset(("walk", "tell", "els", "more"))


def _detour(
    s: Sentence,
    u: Utterance,
    prev: Utterance | None,
    answer: Utterance | None,
    customer_said: set[str],
    asked_about: set[str],
    after_detour: bool = False,
) -> bool:
    """A question off the customer's topic that the customer did not follow.

    Only a question sharing nothing with what the customer has said about their business
    (or already engaged with being asked) and not pointing back at it can be a detour. It
    is one when it jumps past the customer's own question ("Is there a sample bag?"
    "Nice. What car do you drive?"), or when the customer answers it and goes back to
    their topic in the same breath, with their earlier words or a question of their own
    ("Dogs. Look, the vans", "The coast, I suppose. Is there a sample bag?"). After the
    customer answered a detour, a question on nothing of their business carries the
    detour on, even when it points back at that answer ("Shortbread." "Do you bake it
    yourself?"): short answers to it are no engagement with the sale. A long answer may
    be: a customer telling at length how their work goes, not turning back to a topic of
    their own, has left the detour, whatever the opening chat was about ("How was the
    fair?" "Fine. What do you want?" "Walk me through a delivery day." "I'm in at five,
    ...").
    """
    if s.stems & customer_said or s.stems & asked_about:
        return False
    if after_detour:
        if answer is None or answer.words < _ENGAGED_ANSWER_WORDS:
            return True
    elif not _BACK_PRONOUNS.isdisjoint(s.tokens):
        return False
    if prev is not None and _jumps_to(u, s) and _passes_over(u, prev):
        return True
    if answer is None:
        return False
    if answer.sentences and d.introduces_self(answer.sentences[0]):
        # "Tom here, her son. It frosts over.": someone new took the phone and answers;
        # what was said before them is no topic of theirs to go back to
        return False
    for i, x in enumerate(answer.sentences):
        back = d.content_stems(x.lower)
        if (back & customer_said and not back & s.stems) or (i > 0 and x.is_question):
            return True
    return False


def _accepts(conv: Conversation, s: Sentence, reply: Utterance | None) -> bool:
    """Whether the customer's ``reply`` to proposal ``s`` accepts it.

    Outright ("sounds good"), or indirectly: a reply that neither agrees nor refuses but
    works on the proposal (names a day or time itself, picks one of the offered options
    by their words, asks how or when, tells how to do it) accepts it unless the
    customer's next line refuses.
    """
    if reply is None or d.rules_out_time(reply, s):
        return False
    # (a goodbye after the yes ends the call on the yes: what came before it decides)
    signed = d.agrees_signing_off(reply)
    if d.is_annoyed(reply) and not signed:
        return False
    after = conv.customer_after(reply, 1)
    if after and d.waves_off(after[0]):
        # ("You weren't listening, were you."): the customer's word on the booking set down
        return False
    if _goes_own_way(conv, s, reply):
        return False
    p = 1 if signed else d.pol(reply)
    if p < 0:
        return _counter_taken(conv, s, reply) or (
            len(reply.sentences) > 1
            and s.has_time
            and d.times_and_arranges(reply, s)
            and not d.ends_declining(reply)
        )
    if p != 0:
        return (
            p > 0
            and not d.turns_away(reply, s)
            and not _put_off(conv, s, reply)
            and not _taken_back(conv, s, reply, after)
        )
    # a grudging "I suppose so" is a yes, for all it gives no more
    works_on = (
        bool(reply.stems & s.stems)
        or d.mentions_time(reply.tokens, reply.lower)
        or d.assents_grudgingly(reply)
    )
    if not works_on or d.is_concern(reply) or _put_off(conv, s, reply) or d.nothing_to(reply, s):
        # a concern about the proposal ("last time they rekeyed it the keys jammed"), or
        # nothing left for it to do ("There's nothing to follow up"), uses its words to
        # push back, not to work on it
        return False
    if _booked_over(conv, s, reply):
        # the trainee took a question for a yes: only a yes to their booking makes it one
        return bool(after) and d.pol(after[0]) > 0 and not d.is_annoyed(after[0])
    return not after or (d.pol(after[0]) >= 0 and not d.is_annoyed(after[0]))


# A trainee's word that the step is booked: "locked in", "the invite's on its way".
_BOOKED = frozenset(
    str.split("booked locked invite invite's diary calendar confirmation pencilled inked")
)


def _booked_over(conv: Conversation, s: Sentence, reply: Utterance) -> bool:
    """The customer's ``reply`` to proposal ``s`` only asks ("Does your firm do guillotines
    too?"), and the trainee's next line only sets the step down as booked, the proposal's
    time or a word of booking in each sentence and nothing of what was asked ("Perfect,
    Wednesday at two, locked in, the invite's on its way."): a booking nobody accepted.
    An answer first ("About an hour. See you Wednesday at two.") leaves the reply working
    on the proposal."""
    if not all(x.is_question for x in reply.sentences):
        return False
    when = d.time_words(s.tokens)
    i = conv.next_other[reply.index]
    if not when or i < 0:
        return False
    asked = reply.stems - s.stems
    return all(
        not x.is_question
        and x.stems.isdisjoint(asked)
        and not (when.isdisjoint(d.time_words(x.tokens)) and _BOOKED.isdisjoint(x.tokens))
        for x in conv.utterances[i].sentences
    )


def _taken_back(
    conv: Conversation, s: Sentence, reply: Utterance, after: Sequence[Utterance]
) -> bool:
    """The customer's next line after agreeing to proposal ``s`` in ``reply`` takes the
    agreement back (:func:`d.takes_back_later`), whatever the trainee set down between; a
    "no" after a question of the trainee's answers that question."""
    if not after:
        return False
    between = conv.utterances[reply.index + 1 : after[0].index]
    asked = any(x.is_question for t in between for x in t.sentences)
    return d.takes_back_later(after[0], s, asked)


def _put_off(conv: Conversation, s: Sentence, reply: Utterance) -> bool:
    """The reply's last word declines, or leaves the step for later or takes something else
    in its place, whatever agreement came before it (a time of the customer's own that the
    trainee took is the step arranged, not put off)."""
    return (
        d.ends_declining(reply)
        or d.ironic_condition(reply)
        or d.turns_to_obstacle(reply, s)
        or d.ends_absent(reply, s)
        or d.looks_first(reply, s)
        or d.holds_back(reply)
        or d.fine_as_they_are(reply)
        or d.leaves_for_later(reply, s)
        or d.takes_instead(reply, s)
    ) and not _counter_taken(conv, s, reply)


# What a customer asks for when they want the step in the diary now: a date, or a day or
# time with a word of fixing it.
_WHEN_WORDS = frozenset(str.split("date dates diary calendar day time when slot"))
_DATED = frozenset(str.split("date dates diary calendar"))
_FIXING = frozenset(
    str.split("fix pick pin set book agree put lock firm choose arrange schedule make")
)


def _time_unmet(conv: Conversation, c: Utterance) -> bool:
    """Customer line ``c`` asks for a day or time for the step ("Can't we just fix a day
    now?"), and the trainee's reply names none."""
    if _WHEN_WORDS.isdisjoint(c.tokens) or d.is_annoyed(c):
        return False
    if _DATED.isdisjoint(c.tokens) and _FIXING.isdisjoint(c.tokens):
        return False  # "A day?" asks how long, not for the step's date
    if not any(
        s.is_question or s.lower.startswith(("can we", "could we", "let's", "can't we"))
        for s in c.sentences
    ):
        return False
    reply = [r for r in conv.trainee_reply(c) if _counts(r)]
    return bool(reply) and not any(s.has_time for r in reply for s in r.sentences)


def _counter_taken(conv: Conversation, s: Sentence, reply: Utterance) -> bool:
    """The customer turns the time down but names one of their own ("Ten's no use. Make it
    four."), and the trainee takes it ("Four it is, Thursday"): the customer set the time
    they committed to. The trainee's line restates it with a day or time, and the customer
    does not turn it down after."""
    counter = d.time_words(reply.tokens) - d.time_words(s.tokens)
    i = conv.next_other[reply.index]
    if not s.has_time or not counter or i < 0:
        return False
    t = conv.utterances[i]
    if t.ended_before or counter.isdisjoint(d.time_words(t.tokens)):
        return False
    if not any(x.has_time and not x.is_question for x in t.sentences):
        return False
    after = conv.next_customer(t)
    return after is None or (d.pol(after) >= 0 and not d.is_annoyed(after))


def _taken_as_offer(
    conv: Conversation, s: Sentence, reply: Utterance | None, later: Sequence[Sentence]
) -> bool:
    """A statement of when the trainee can do it ("We've a driver free on the twelfth at
    eight") that the customer takes up as an offer: they accept it, naming its time, or
    say yes and ask for the step ("Then yes, put us down"), or bargain over it, naming a
    time of their own that the trainee then takes ("Monday's out. Tuesday after lunch?"
    "Tuesday at one, then."). A time a ``later`` sentence of the line offered is no
    bargain over this one: "That's a pain every morning. I could send a tech Wednesday at
    eight." "Wednesday at eight works." takes the second sentence, not the first."""
    if s.is_question or not s.has_time or reply is None:
        return False
    shared = d.time_words(s.tokens) & d.time_words(reply.tokens)
    if d.mentions_time(reply.tokens, reply.lower):
        if not all(map(d.is_number, shared)) and d.reaction(conv, reply) > 0:  # "two taps"
            return True
        named = d.time_words(reply.tokens)
        if any(not named.isdisjoint(d.time_words(x.tokens)) for x in later):
            return False
        return _counter_taken(conv, s, reply)
    if d.pol(reply) <= 0:
        return False
    if any(d.NEXT_STEP_REQUEST_RE.search(x.lower) for x in reply.sentences):
        return True
    # the time the customer had named, set down by the trainee and agreed to ("Not before
    # three." "Three o'clock Monday, then." "Perfect."): a slot fixed between them
    said = conv.previous_customer(conv.utterances[conv.prev_other[reply.index]])
    return said is not None and len(d.time_words(s.tokens) & d.time_words(said.tokens)) >= 2


def _nods_past(conv: Conversation, s: Sentence, reply: Utterance | None) -> bool:
    """The customer had said yes before the trainee proposed anything (their first line
    agrees or takes the offer: after its first sentence, if that answers a question of
    the trainee's, "Yes, hi. We've decided we do want the service."), so all the close
    had left to fix was when; proposal ``s`` fixes no day or time and the ``reply`` is a
    bare nod ("Okay."): no word of it, no time, no request. Nothing new was agreed."""
    if reply is None or reply.words > 3 or not reply.stems.isdisjoint(s.stems):
        return False
    if d.mentions_time(reply.tokens, reply.lower):
        return False
    first = conv.persona[0]
    if first.index >= reply.index:
        return False
    i = conv.prev_other[first.index]
    asked = i >= 0 and any(x.is_question for x in conv.utterances[i].sentences)
    return any(d.goes_ahead(x) for x in first.sentences[1 if asked else 0 :])


def _offered(conv: Conversation, u: Utterance, k: int) -> bool:
    """Proposal ``u.sentences[k]`` has something to propose a slot for. A framed one
    carries it ("Could we collect it Thursday?", "Does Thursday suit you?"); a bare day or
    time ("Monday?") needs a statement of the trainee's before it in the turn ("An hour,
    at the shop. Monday?") or an offer in their previous turn, else it checks a detail of
    the customer's week."""
    s = u.sentences[k]
    if not s.is_question or d.PROPOSAL_FRAME.search_in(s) or d.puts_slot(s) or d.asks_leave(s):
        return True
    if any(not x.is_question for x in u.sentences[:k]):
        return True
    i = conv.prev_other[u.index]
    before = conv.prev_other[i] if i >= 0 else -1
    return before >= 0 and any(
        x.is_proposal or d.is_pitch(x) or d.has_step_words(x.tokens) or d.about_seller(x)
        for x in conv.utterances[before].sentences
    )


def _insists(
    conv: Conversation, earlier: list[Proposal], s: Sentence, prev: Utterance | None
) -> bool:
    """``s`` restates, as settled, a proposal the customer just turned down.

    "Perfect, Saturday it is" after "we'll give it a miss" is not a new offer the customer
    could accept: whatever they say to it, the step was refused. A new offer changes
    something (another day or time) or asks.
    """
    if prev is None or s.is_question or not earlier or earlier[-1].reply is not prev:
        return False
    if not _declines(conv, prev, earlier[-1].s) or not _plain_no(conv, prev, earlier[-1].s):
        return False  # "I wouldn't say no": what follows may settle it
    return d.time_words(s.tokens) <= d.time_words(earlier[-1].s.tokens)


def _goes_own_way(conv: Conversation, s: Sentence, reply: Utterance) -> bool:
    """The customer's ``reply`` refuses proposal ``s`` and says what they will do instead
    (:func:`dialogue.refuses_for_own_course`), its "no" answering the step: the trainee's
    line ends on a statement or asks for a yes to ``s`` (:func:`dialogue.asks_yes_to`).
    "Anything stopping us?" "No. We'll clear the bench." clears the way instead."""
    if not d.refuses_for_own_course(reply, s):
        return False
    q = d.asked_before(conv, reply)
    return q is None or d.asks_yes_to(q, s)


def _declines(conv: Conversation, reply: Utterance, s: Sentence) -> bool:
    """The customer's ``reply`` turns proposal ``s`` down, outright or by turning away."""
    p = d.pol(reply)
    return (
        p < 0
        or d.is_annoyed(reply)
        or (p > 0 and d.turns_away(reply, s))
        or d.ironic_condition(reply)
        or d.rules_out_time(reply, s)
        or _goes_own_way(conv, s, reply)
    )


def _plain_no(conv: Conversation, reply: Utterance, s: Sentence) -> bool:
    """A decline of proposal ``s`` no reader would doubt: a plain refusal, or agreement
    words or a bare "no" turning to a course of the customer's own. A negation alone ("I
    don't mind") is not one."""
    return (
        d.refuses_plainly(reply)
        or d.turns_away(reply, s)
        or d.ironic_condition(reply)
        or _goes_own_way(conv, s, reply)
    )


def _laughed_off(conv: Conversation, u: Utterance) -> bool:
    """The customer's answer to trainee line ``u`` names it a joke at their expense ("It's
    not funny."): by their reaction, the line made light of what they told."""
    nxt = conv.next_customer(u)
    return nxt is not None and d.is_mocked(nxt)


def _acknowledgement(
    conv: Conversation,
    reply: list[Utterance],
    c: Utterance,
    *,
    loose: bool = False,
    concern: frozenset[str] | None = None,
) -> tuple[Utterance, Sentence] | None:
    """The first statement of the reply, before any question or pitch, if it takes ``c`` up.

    ``loose``: also a statement that could take ``c`` up by its form though it shares no
    words with it (a candidate, not a detection). A statement opening on a name the
    trainee introduced their side by (``seller_names``) is about the seller, a pitch.
    ``concern``: the words of the concern episode ``c`` belongs to; a stock concession
    taking none of them up on the way to the pitch ("That's completely fair. We've been
    going thirty years.") recognises nothing.
    """
    seller = d.seller_names(conv)
    told = None if concern is None else concern - _subject(conv)
    if any(s.lower.startswith(d.PIVOTS) for u in reply for s in u.sentences):
        # "how awful. Anyway, our rates are low": taken up only to be set aside
        return None
    if not loose and d.echo_then_own(reply[0], c):
        # "Broken into, okay. We fit reinforced locks.": their words as a cue for the pitch
        # (by form it could still be taken up: the candidate search keeps it)
        return None
    if d.carries_on_past(conv, reply, c):
        # "I'm at the hospice, phone me another time." "I hear you. Let's book a demo.":
        # the customer asked to end the call, and the sympathy went on past it
        return None
    if (
        concern is None
        and d.elides(reply[0])
        and not any(x.is_question for x in c.sentences)
        and not d.is_sarcastic_reply(reply[0], c)
    ):
        # "Most people who run shops aren't": their own predicate, said back of them
        return reply[0], reply[0].sentences[0]
    for k, u in enumerate(reply):
        for j, s in enumerate(u.sentences):
            if loose and k == j == 0 and d.meets(conv, u, c) is s:
                return u, s  # it meets what the line does ("Then I'll keep it short")
            if s.is_question or d.is_pitch(s) or (s.is_proposal and not d.weighs(s, c)):
                return None
            if s.tokens and s.tokens[0] in seller and d.speaks_of_seller(s, seller):
                return None  # (most sentences open on no name of the seller's)
            if k == j == 0 and d.greets_first(s) and not d.empathic(s):
                # saying the customer's name back in a greeting takes nothing up
                continue
            if d.is_sarcastic_reply(u, c) or _laughed_off(conv, u):
                return None
            if concern is None and d.lot_of_theirs(s, c):
                return None  # "every orchard lives with frost": their news made everyone's
            if d.is_dismissive(u, s):
                if d.rebuts(u, s, c.stems):
                    continue  # saying the premise is wrong answers it; it recognises nothing
                if d.grants_saying(s):
                    return u, s  # "Family is family, I respect that": their reason granted
                return None
            if concern is not None and not loose and d.gainsays(s, concern, d.denied_stems(c)):
                # "It's not costly at all", "it barely hurts": the concern argued with in its
                # own words, not recognised (by form the candidate search still keeps it)
                continue
            if loose and len(s.lower.split()) <= 2 and not s.stems:
                continue  # "Okay." alone takes nothing up; what follows it might
            if told is not None and d.stock_concession(u, s, told, seller, c):
                return None
            shared = s.stems & c.stems
            if shared and not _NO_NOT.isdisjoint(s.tokens) and d.STOCK_REPLY_RE.search(s.lower):
                # "No worries" to "that worries me": a stock reply's word is not theirs
                shared &= d.content_stems(d.STOCK_REPLY_RE.sub(" ", s.lower))
            if (
                not loose
                and concern is None
                and (d.sets_aside(s) or (d.tells_own_side(s) and not d.empathic(s)))
            ):
                # "Don't worry about the reviews", "I used to ride with a club myself": the
                # customer's matter set aside, or the seller's own story in its words. (The
                # candidate search keeps them: by form alone the check stays undecided, and
                # the concern episodes are read as before.)
                continue
            if shared and not loose and shared <= d.alternative(c) and not d.empathic(s):
                continue  # talk of what the customer compared the offer with, not their worry
            if shared and not d.empathic(s) and d.echoes_wares(s, c, _wares(conv), seller):
                continue  # the seller's own wares named back, not what the customer said
            if (
                (shared or loose)
                and concern is None
                and not d.empathic(s)
                and (_tells_offer(conv, u, s, seller) or d.pushes_wares(s) or d.demands(s))
            ):
                # "The app replaces the paper book": the customer's words put to the offer
                return None
            if (
                (loose and d.could_take_up(s))
                or (shared and _leads_with(s, c))
                or d.empathic(s)
                or (k == j == 0 and d.delights_in(s, c))
            ):
                # (read only here: most replies are ruled out before)
                return None if d.brushes_off(reply[0], c, seller) else (u, s)
    return None


_NO_NOT = frozenset(("no", "not"))
# What opens a sentence whose subject is a thing named: "the app", "this plan".
_NAMING = frozenset(str.split("the this that these those"))
_OPENS_ON_SELLER = frozenset(str.split("we our we're we've we'll"))
_OPENERS = frozenset(str.split("right so well okay ok now and then also yes yeah sure"))


def _tells_offer(conv: Conversation, u: Utterance, s: Sentence, seller: frozenset[str]) -> bool:
    """Statement ``s`` of trainee line ``u`` has the seller's side or what it sells as its
    subject, not the customer: it opens on we or our ("We collect kegs on Mondays"), on
    the seller's name, or on a thing the trainee named in telling of their side before
    ``u`` that the customer had not said ("Our app plans delivery routes." … "The app
    replaces the paper book."). ("Whatever we fit has to let Geoff upstairs" is about
    Geoff.)"""
    words = s.tokens
    while words and words[0] in _OPENERS:
        words = words[1:]  # "Right, Hopline runs trucks": the subject comes after
    if len(words) < 3:
        return False
    if words[0] in _OPENS_ON_SELLER:
        return True
    if words[0] in seller:
        return not d.addressed(s.text.split()[len(s.tokens) - len(words) :])
    if words[0] not in _NAMING:
        return False
    told: set[str] = set()
    heard: set[str] = set()
    for x in conv.utterances[: u.index]:
        if x.speaker == "persona":
            heard |= x.stems
            continue
        for t in x.sentences:
            if not t.is_question and (d.is_pitch(t) or d.talks_of_seller(t, seller)):
                told |= t.stems - heard
    return not told.isdisjoint(d.content_stems(" ".join(words[1:3])))


# Where a statement adds a clause of its own: "…, and every box is tested for returns".
_ADDED_CLAUSE_RE = re.compile(r",\s*(?:and|plus|while|so)\s")


def _leads_with(s: Sentence, c: Utterance) -> bool:
    """Statement ``s`` takes up customer line ``c`` in its first clause: their words
    mentioned only in a clause added after one about something else ("Each box costs
    forty pence, and printed letters can be added") are passed on the way to a pitch.
    The caller has found words they share."""
    cut = _ADDED_CLAUSE_RE.search(s.lower)
    if cut is None:
        return True
    head = d.content_stems(s.lower[: cut.start()])
    # ("Right, so the counts went wrong": a head of no content words is about nothing else)
    return not head or not head.isdisjoint(c.stems)


def _answer_form(s: Sentence, context: frozenset[str], *, in_kind: bool = False) -> bool:
    """A statement that could answer a concern whose words are ``context``: five words or
    more, not hedged, not praise, and no pitch unless it takes up two of the concern's
    words ("Our quote includes the attic", where "Our payroll is very popular" only names
    the product the concern also named) or meets the concern in kind (``in_kind``: "We do
    a banner for £120" to a worry about the cost)."""
    return (
        len(s.lower.split()) >= 5
        and (not d.is_pitch(s) or in_kind or len(s.stems & context) >= 2)
        and not d.is_hedged(s.lower)
        and not d.is_praise(s)
    )


# A suggestion put as a question ("Then what if she kept the weekly entries?")
_WHAT_IF = re.compile(
    r"^(?:(?:then|so|and|well|okay|ok|right|now|in that case),?\s+)*"
    r"(?:what if|how about|would it help)\b"
)


def _sentences_after(window: list[Utterance], position: int) -> list[Move]:
    flat = [(u, s) for u in window for s in u.sentences]
    return flat[position:]


#: questions past the first clarifying one that the handling of a concern still follows
_MORE_QUESTIONS = 2


def _only_asks(u: Utterance) -> bool:
    """Trainee line ``u`` ends on a question that proposes nothing: a turn that asks."""
    return bool(u.sentences) and u.sentences[-1].is_question and not u.sentences[-1].is_proposal


def _handle(conv: Conversation, c: Utterance, reply: list[Utterance]) -> Objection:
    o = Objection(c, reply)
    if not reply:
        return o
    ack = _acknowledgement(conv, reply, c, concern=c.stems)
    if ack is not None:
        o.acknowledged = ack
    # The trainee's answer may follow the customer's reply to a clarifying question.
    window: list[Utterance] = list(reply)
    later = conv.customer_after(reply[-1], 1)
    if later and later[0].gap:
        o.beyond_gap = [r for r in conv.trainee_reply(later[0]) if _counts(r)]
    elif later and not d.is_annoyed(later[0]) and not d.denies_more(conv, later[0]):
        # (a "no" to "anything else?" ends the handling: the line reacts to it, it is no
        # reply to a clarifying question that the answer could still follow)
        window += [r for r in conv.trainee_reply(later[0]) if not r.ended_before]
        # Finding out may take more than one question ("How often?" "When it came back,
        # what did you lose?"): while the trainee's turn only asks, the customer's next
        # line answers it, and the answer to the concern may still follow.
        for _ in range(_MORE_QUESTIONS):
            if len(window) == len(reply) or not _only_asks(window[-1]):
                break
            told = conv.customer_after(window[-1], 1)
            if not told or told[0].gap or d.is_annoyed(told[0]) or d.denies_more(conv, told[0]):
                break
            turn = [r for r in conv.trainee_reply(told[0]) if not r.ended_before]
            if not turn:
                break
            window += turn
    o.window = window
    # A customer who presses the concern again ("Still, that's over ten thousand") gets
    # the trainee's second reply as part of the handling: it may acknowledge or explore.
    pressed = bool(later) and d.is_concern(later[0]) and len(window) > len(reply)
    # The concern is the whole episode: a reply that only asks what lies behind it ("What
    # makes them uneasy?") is answered by the substance, which the next turn may say back.
    elaborated = pressed or (len(window) > len(reply) and _only_asks(reply[-1]))
    if elaborated and o.acknowledged is None:
        o.acknowledged = _acknowledgement(
            conv, window[len(reply) :], later[0], concern=c.stems | later[0].stems
        )
    if pressed:
        # and the answer may follow the customer's reply to that second turn
        after = conv.customer_after(window[-1], 1)
        if after and not after[0].gap and not d.is_annoyed(after[0]):
            window += [r for r in conv.trainee_reply(after[0]) if not r.ended_before]
    context = c.stems | (later[0].stems if later else frozenset())
    # A worry about the cost is met by what the customer would pay (a price, a cheaper
    # option, a payment plan), however little of the worry's wording it repeats.
    cost = d.worries_cost(c) or (elaborated and bool(later) and d.worries_cost(later[0]))
    # what the customer set the offer against: talk of it alone is about the rival
    rival = d.alternative(c)
    # what the customer denied themselves ("they never turned up"): said back, not argued
    denied = d.denied_stems(c, *later[:1])
    # What comes before a question about the concern acknowledges it; the answer follows
    # the question (or the customer's reply to it).
    answer_from = answered_at = 0
    position = 0
    contradicted: Move | None = None
    for u in window:
        # in a sneering turn, a question asks nothing ("How does anyone bear it?") and an
        # exclamation answers nothing ("Two whole minutes of rolling!")
        sneers = d.is_sarcastic_reply(u, c)
        for s in u.sentences:
            position += 1
            if _brushes_off(u, s, context) or (sneers and s.text.endswith("!")):
                o.dismissed = o.dismissed or u
                continue
            in_reply = u in reply or pressed
            if s.is_question and not s.is_proposal and o.explored is None:
                # a question about the concern, not a push past it ("Do you want to buy it?");
                # after the customer's next line, only one in the concern's own words
                if (
                    not d.is_pitch(s)
                    and not sneers
                    and (bool(s.stems & c.stems) or (in_reply and (s.is_open or d.refers_back(s))))
                ):
                    o.explored = (u, s)
                    answer_from = position
                    continue
                if in_reply:
                    continue
            own = s.stems & c.stems
            shared = len(s.stems & context) if not (own and own <= rival) else 0
            # after a premise denied in the concern's words ("They never leave your sight."),
            # the next statement in the turn says why
            explains = contradicted is not None and contradicted[0] is u
            contradicted = (
                (u, s)
                if shared and not s.is_question and d.denies(s) and not d.mocking(u)
                else None
            )
            if o.acknowledged is not None and s is o.acknowledged[1]:
                continue
            offer = bool(d.PROPOSAL_FRAME.search_in(s)) and not s.is_question
            what_if = _WHAT_IF.match(s.lower) is not None
            # the trainee's next substantive statement is about the concern when it shares
            # its words, points back at it, or is specific (a number, an offer, what the
            # customer would pay to a worry about the cost: "We do a banner for £120" is
            # no statement of the seller's standing there)
            # ("It's a great product" points back at nothing in particular: a pronoun
            # alone does not make a statement an answer)
            in_kind = cost and d.pays_less(s)
            # "It barely hurts", "we hardly ever crack a tile": the fear argued away in its
            # own words answers it only with a figure; the next statement may say why
            argues = bool(shared) and d.gainsays(s, context, denied)
            if argues:
                contradicted = (u, s)
            relevant = (
                offer
                or what_if
                or in_kind
                or (
                    (shared or explains or d.counts(s))
                    and not (argues and not d.counts(s))
                    and not d.credentials(s, c.stems, d.seller_names(conv))
                )
            )
            if (
                o.answered is None
                and relevant
                and _answer_form(s, context, in_kind=in_kind)
                and (not s.is_question or what_if)
                and not _books_unasked(conv, u, s)
            ):
                o.answered = (u, s)
                answered_at = position
    if o.explored is not None and (o.answered is None or answered_at <= answer_from):
        # What the trainee says next after asking about the concern is the answer (what
        # was said before the question acknowledged it).
        o.answered = next(
            (
                (u, s)
                for u, s in _sentences_after(window, answer_from)
                if not s.is_question
                and _answer_form(s, context, in_kind=cost and d.pays_less(s))
                and not _brushes_off(u, s, context)
                and not _books_unasked(conv, u, s)
            ),
            None,
        )
    if d.carries_on_past(conv, reply, c):
        # Asked to have the call another time, the trainee pitched on: the request was
        # about the call, no concern about the offer that a pitch or a question could meet.
        o.acknowledged = o.explored = o.answered = None
    if o.dismissed is not None and _restated(conv, c, o.window):
        # The trainee brushed the concern aside and the customer said it again: whatever
        # the reply listed, it neither recognised nor answered what they were worried about.
        o.acknowledged = o.answered = None
    if later and not later[0].gap and d.unheard(later[0]):
        # The customer says the reply did not answer them ("You haven't answered me about
        # my staff"): whatever it listed, it neither recognised nor answered the concern.
        o.acknowledged = o.answered = None
        o.protested = o.reaction = later[0]
        o.eased = -1
        return o
    last = window[-1] if window else reply[-1]
    reactions = [r for r in conv.customer_after(last, 2)]
    if o.answered is not None:
        reactions = conv.customer_after(o.answered[0], 2)
    elif rival and later and later[0].index < last.index and _sides_with(conv, later[0], rival):
        # nothing answered the concern, and the customer stood by what they have: no ease,
        # whatever they agree to after
        o.reaction, o.eased = later[0], 0
        return o
    o.heard = reactions
    # The concern left open: the customer pressed it again, or reacted to the reply
    # without easing and took up nothing of it ("Mm.", "That's what they all say."), and
    # no answer followed; a yes to a step put after that is no sign of ease.
    taken = c.stems | (o.answered[1].stems if o.answered is not None else frozenset())
    left_open = (
        later[0]
        if o.answered is None
        and len(window) > len(reply)
        and (pressed or _leaves_open(conv, later[0], taken))
        else None
    )
    for r in reactions:
        if r.gap:
            break  # what the customer says after addressing the grader reacts to that
        p = d.reaction(conv, r)
        if p > 0 and left_open is not None and _answers_later_step(conv, c, r, left_open):
            # a yes to a step put after that: going along with the step, not the worry eased
            o.reaction, o.eased = left_open, 0
            break
        if p == 0 and d.says_concern_again(r, c) and not d.answers_more(conv, r):
            p = -1  # the concern said again, in its own words: not eased
        elif p > 0 and rival and _speaks_of(r, rival):
            # praise of what they compared the offer with ("the salon's been fine"): they
            # side with it, and a later yes to a brochure does not undo that
            if not d.contrasts(r):
                o.reaction, o.eased = r, 0
                break
            p = 0
        if p < 0 and o.eased > 0 and _answers_later_step(conv, c, r, o.reaction):
            continue
        if p < 0 and _moves_on(conv, c, r):
            # Concerns are threads: granting the answer and opening another matter settles
            # this one, and the customer's later ease shows the new one did not reopen it.
            p = 1
            o.moved_to = r
        if p != 0:
            o.reaction, o.eased = r, p
            if p < 0:
                break
        elif o.eased == 0 and _leaves_open(conv, r, taken):
            left_open = r
    return o


def _leaves_open(conv: Conversation, r: Utterance, taken: frozenset[str]) -> bool:
    """Customer line ``r`` reacts to a statement of the trainee's (not the answer to a
    question they ended on) without easing, asking or taking up any of the words
    ``taken`` (the concern's and the answer's): "Mm.", "That's what they all say.", not
    "Right, so the beds are safe then.".
    """
    i = conv.prev_other[r.index]
    if i < 0 or not r.stems.isdisjoint(taken) or any(s.is_question for s in r.sentences):
        return False
    said = conv.utterances[i].sentences
    return bool(said) and not said[-1].is_question and d.reaction(conv, r) <= 0


_THEY = frozenset(str.split("they they're they've they'd their them"))
# What someone has done for the customer so far: only the one they have used has a record.
_TRACK_RECORD = frozenset(str.split("they've always never ever been had was were did used years"))


def _sides_with(conv: Conversation, r: Utterance, rival: frozenset[str]) -> bool:
    """Customer line ``r`` tells of the rival as its subject, with no turn and no worry
    ("They've always looked after us")."""
    return (
        not r.gap
        and _speaks_of(r, rival)
        and not d.contrasts(r)
        and d.reaction(conv, r) >= 0
        and d.concern_level(r) == 0
    )


def _speaks_of(r: Utterance, rival: frozenset[str]) -> bool:
    """Customer line ``r`` opens on the rival (``rival``'s words among its first three),
    its subject: "The salon's been fine for us", not "Okay, that beats the salon"; or on
    "they" telling the rival's record with the customer ("They've never let us down"):
    the offer has none yet, so the pronoun stands for the one named before."""
    if not r.sentences:
        return False
    said = r.sentences[0].tokens
    if not rival.isdisjoint(r.stems) and not d.content_stems(" ".join(said[:3])).isdisjoint(rival):
        return True
    return bool(said) and said[0] in _THEY and not _TRACK_RECORD.isdisjoint(said)


def _answers_later_step(
    conv: Conversation, c: Utterance, r: Utterance, before: Utterance | None
) -> bool:
    """Customer line ``r`` answers a step the trainee proposed after the customer's line
    ``before``, naming neither concern ``c`` nor a worry: after the concern eased, a "no"
    ("Not Tuesday, I'm away") answers the day or the step, not the concern come back;
    after it was left open, a yes agrees to the step, not that the concern eased."""
    i = conv.prev_other[r.index]
    if before is None or i <= before.index:
        return False
    step = conv.utterances[i]
    return (
        any(s.is_proposal for s in step.sentences)
        and r.stems.isdisjoint(c.stems)
        and d.concern_level(r) < 2
    )


def _moves_on(conv: Conversation, c: Utterance, r: Utterance) -> bool:
    """Customer line ``r`` grants the trainee's answer to concern ``c``, opens another
    matter, and the customer ends the call at ease."""
    i = conv.prev_other[r.index]
    answer = conv.utterances[i] if i >= 0 else None
    return d.grants_then_turns(r, c, answer) and _ends_at_ease(conv, r)


def _ends_at_ease(conv: Conversation, r: Utterance) -> bool:
    """After customer line ``r``, the customer says more, nothing of it resists (annoyed or
    negative), and some of it reads positive, or their last word is a "no" to the
    trainee's "anything else?": they end the call at ease."""
    later = [x for x in conv.persona[bisect_right(conv.persona, r.index, key=_at) :] if not x.gap]
    readings = [d.reaction(conv, x) for x in later]
    return bool(readings) and min(readings) >= 0 and (max(readings) > 0 or later[-1].answer_end > 0)


def _brushes_off(u: Utterance, s: Sentence, concern: frozenset[str]) -> bool:
    """A dismissal of the concern whose words are ``concern``, not a rebuttal of it."""
    return d.is_dismissive(u, s) and not d.rebuts(u, s, concern)


def _books_unasked(conv: Conversation, u: Utterance, s: Sentence) -> bool:
    """Statement ``s`` of trainee line ``u`` sets the customer down as booked when they
    had given no yes: their last line was none, or the step was put in the same turn
    ("Shall we say Friday at ten? Great, you're booked in.")."""
    if not d.books_in(s):
        return False
    said = conv.previous_customer(u)
    return (
        said is None
        or d.pol(said) <= 0
        or any(x.is_proposal for x in u.sentences[: u.sentences.index(s)])
    )


def _restated(conv: Conversation, c: Utterance, window: list[Utterance]) -> bool:
    """After the trainee's reply, the customer says the concern ``c`` again: a line that
    resists or raises a concern, in some of the concern's own words."""
    for r in conv.customer_after(window[0], 3):
        if r.gap or r.index > window[-1].index + 1:
            break
        if r.stems & c.stems and (d.concern_level(r) > 0 or d.reaction(conv, r) < 0):
            return True
    return False


# --------------------------------------------------------------------------- checks


@dataclass(slots=True)
class Answer:
    verdict: Verdict
    rationale: str
    cite: Utterance | None = None
    quote: str | None = None
    strength: str | None = None
    improvement: str | None = None
    #: a failure that claims the trainee did not do something (see :func:`_missing`)
    absent: bool = False
    #: undecided because a line could be the move the detector did not recognise
    unconfirmed: bool = False


def _says(u: Utterance, text: str | None = None) -> str:
    return f'"{d.quote(text if text is not None else u.text)}" (line {u.seq})'


def _found(rationale: str, u: Utterance, text: str | None, praise: str) -> Answer:
    """A passed check, its evidence ``text`` (default: the whole line) quoted in praise."""
    return Answer("passed", rationale, u, text, strength=f"{praise} ({_says(u, text)}).")


def _missing(rationale: str, improvement: str, cite: Utterance | None = None) -> Answer:
    """A failure claiming the trainee did not do something ("I couldn't find …").

    The detectors credit a move only in a form they recognise, so a failure of theirs is
    not proof of absence. Such a failure stands only if the check's probe (:data:`PROBES`)
    finds no line that could be the move; otherwise the check becomes undecided and no
    claim is made.
    """
    return Answer("failed", rationale, cite, improvement=improvement, absent=True)


def _greeting(f: Facts) -> Answer:
    first = next((u for u in f.conv.trainee if _counts(u)), None)
    if first is None:
        return Answer("failed", "No trainee line before the call ended.")
    if d.is_greeting(first):
        return _found(
            "The first turn greets or introduces.",
            first,
            None,
            "You opened with a greeting or an introduction",
        )
    return _missing(
        "The first turn has no greeting or introduction.",
        f"I couldn't find a greeting or an introduction in your first turn ({_says(first)}).",
        first,
    )


def _acknowledges(f: Facts) -> Answer:
    if f.unheard:
        # a customer who asks whether they were heard at all was not taken up, whatever
        # a reply said back to them
        return _unheard(
            f,
            "The customer said they were not heard or answered.",
            "say back what they told you before moving on",
        )
    if f.acks:
        _, u, s = f.acks[0]
        return _found(
            "A reply took up what the customer had just said.",
            u,
            s.text,
            "You took up what the customer told you before moving on",
        )
    if not f.ack_chances:
        return Answer("undecided", "The customer said nothing a reply could take up.")
    c = f.ack_chances[0]
    return _missing(
        "No reply took up what the customer said.",
        "I couldn't find a reply that took up what the customer told you; after "
        f"{_says(c)} your next turn moved on.",
        c,
    )


def _unheard(f: Facts, rationale: str, advice: str) -> Answer:
    c = f.unheard[0]
    return Answer(
        "failed",
        rationale,
        c,
        improvement=f"The customer told you they were not being answered ({_says(c)}); {advice}.",
    )


def _responsive(f: Facts) -> Answer:
    if f.unheard:
        return _unheard(
            f, "The customer said they were not answered.", "answer their question first"
        )
    if not f.reply_chances:
        return Answer("undecided", "No customer question or statement to respond to.")

    if f.overridden:
        c = f.overridden[0]
        return Answer(
            "failed",
            "The customer said their matter was more than the trainee made of it, and the "
            "reply carried on past it.",
            c,
            improvement=f"The customer corrected you ({_says(c)}) and your reply went on as "
            "before; take up what they added before moving on.",
        )

    def tolerable(misses: list[Utterance]) -> bool:
        return not misses or (len(misses) == 1 and f.reply_chances >= 4)

    if tolerable(f.ignored + f.maybe_ignored):
        taken = f.reply_chances - len(f.ignored) - len(f.maybe_ignored)
        return Answer("passed", f"Responded to {taken} of {f.reply_chances}.")
    if tolerable(f.ignored):
        c = f.maybe_ignored[0]
        return Answer(
            "undecided",
            f"{len(f.maybe_ignored)} repl(ies) share no words with the customer's line but "
            "could still take it up.",
            c,
        )
    c = f.ignored[0]
    return Answer(
        "failed",
        f"{len(f.ignored)} of {f.reply_chances} customer lines were not taken up.",
        c,
        improvement=f"Your reply to {_says(c)} did not take up what the customer said"
        + (f" ({len(f.ignored)} lines like this)." if len(f.ignored) > 1 else "."),
    )


def _courteous(f: Facts) -> Answer:
    if f.rude:
        u = f.rude[0]
        return Answer(
            "failed",
            f"{len(f.rude)} rude, dismissive or sarcastic line(s).",
            u,
            improvement=f"This comes across as rude, dismissive or sarcastic: {_says(u)}.",
        )
    if f.small_talk:
        u = f.small_talk[0]
        return Answer(
            "failed",
            f"{len(f.small_talk)} line(s) met the customer with small talk.",
            u,
            improvement="The customer was talking about what they need, and you turned to "
            f"small talk instead: {_says(u)}.",
        )
    return Answer("passed", "No rude, dismissive or sarcastic line.")


def _balanced(f: Facts) -> Answer:
    total = f.conv.trainee_words + f.conv.persona_words
    if total < 40:
        return Answer("undecided", "Too few words to judge the talk balance.")
    share = f.conv.persona_words / total
    pct = round(100 * (1 - share))
    if 0.25 <= share <= 0.65:
        return Answer("passed", f"You spoke {pct}% of the words.")
    return Answer(
        "failed",
        f"You spoke {pct}% of the words.",
        improvement=f"You spoke {pct}% of the words; the customer's share was outside 25-65%.",
    )


def _few_fillers(f: Facts) -> Answer:
    words = f.conv.trainee_words
    lines = [(u, n) for u in f.conv.trainee if (n := d.fillers(u.lower))]
    count = sum(n for _, n in lines)
    if words < 30 and not (count == 0 and words >= 12):
        # none at all in a terse call is seen; a rate of a few words is not
        return Answer("undecided", "Too few words to judge filler use.")
    rate = 100 * count / words
    if rate <= 3:
        return Answer("passed", f"{count} filler words in {words}.")
    u = max(lines, key=lambda x: x[1])[0]
    return Answer(
        "failed",
        f"{count} filler words in {words} ({rate:.1f} per 100).",
        u,
        improvement=f"You used {count} filler words ({rate:.1f} per 100 words), e.g. {_says(u)}.",
    )


def _asks_questions(f: Facts) -> Answer:
    if not f.english:
        qs = f.raw_questions
        if len(qs) >= 2:
            u, s = qs[0]
            return _found(
                f"{len(qs)} questions (by punctuation).", u, s.text, "You asked questions"
            )
        return Answer("failed", "Fewer than two questions (by punctuation).")
    counted = {id(q.s) for q in f.questions if not q.repeats}
    asked = [(u, s) for u, s in f.raw_questions if not s.is_pleasantry and id(s) not in counted]
    return _enough(
        [q for q in f.questions if not q.repeats],
        2,
        "questions about the customer's situation, answered",
        "You asked about the customer's situation",
        "two questions about the customer's situation that the customer engaged with",
        f"; questions such as {_says(asked[0][0], asked[0][1].text)} did not count (no answer, "
        "asked again, or away from what the customer was talking about)"
        if asked
        else "",
    )


def _enough(
    found: list[Question],
    need: int,
    what: str,
    praise: str,
    missing: str,
    hint: str,
    *,
    cite: int = 0,
) -> Answer:
    """Passed with ``need`` of the ``found`` questions (evidence: ``found[cite]``), else
    the claim that they are missing."""
    if len(found) >= need:
        q = found[cite]
        return _found(f"{len(found)} {what}.", q.u, q.s.text, praise)
    return _missing(f"{len(found)} {what}.", f"I couldn't find {missing}{hint}.")


def _open_questions(f: Facts) -> Answer:
    closed = [q for q in f.questions if not q.s.is_open]
    return _enough(
        [q for q in f.questions if q.s.is_open and not q.repeats],
        2,
        "open questions",
        "You asked open questions that let the customer explain",
        "two open questions (what, how, why, walk me through) about the customer's situation",
        f"; {_says(closed[0].u, closed[0].s.text)} can be answered with yes or no"
        if closed
        else "",
        cite=1,
    )


def _follows_up(f: Facts) -> Answer:
    answers = [c for c in f.conv.persona if c.words >= 6 and not c.ended_before]
    return _enough(
        [q for q in f.questions if q.follow_up and q.builds],
        1,
        "follow-up question(s)",
        "You built on the customer's answer with a follow-up",
        "a question that built on what the customer had just told you",
        f", e.g. after {_says(answers[0])}" if answers else "",
    )


def _no_repeats(f: Facts) -> Answer:
    if len(f.questions) < 2:
        return Answer("undecided", "Fewer than two questions to compare.")
    rep = next((q for q in f.questions if q.repeats), None)
    if rep is None:
        return Answer("passed", "No question asked twice.")
    return Answer(
        "failed",
        "A question was asked again.",
        rep.u,
        rep.s.text,
        improvement="You asked again what the customer had already answered "
        f"({_says(rep.u, rep.s.text)}).",
    )


def _handled(f: Facts) -> Objection | None:
    """The concern the trainee's reply took up (of several, the first one said in so many
    words, else the first); if no reply took one up, the first replied to, likewise."""
    if f.handled is None:
        replied = [o for o in f.objections if o.reply]
        # what the customer says in answer to a question put about a concern tells more
        # of that concern ("What does she look at?" "Price and reliability."): its episode,
        # unless it says a worry of its own ("Two years ago. And I'm nervous of ladders.")
        told = {
            nxt[0].index
            for o in replied
            if _only_asks(o.reply[-1])
            and d.concern_level(o.c) > 0
            and (nxt := f.conv.customer_after(o.reply[-1], 1))
            and nxt[0].stems.isdisjoint(_WORRY_STEMS)
        }
        replied = [o for o in replied if o.c.index not in told]
        # the concern to grade is the one the trainee took up: a reply that shares its
        # words or acknowledges it; another concern's handling is not this one's
        taken = [
            o
            for o in replied
            if _held_against(f.conv, o.c)
            and (d.takes_up(o.reply, o.c) or _acknowledgement(f.conv, o.reply, o.c) is not None)
        ]
        # a concern in so many words first, else the first: a later aside ("he won't go up
        # there") is part of talking the first one through
        first = max(taken or replied, key=lambda o: d.concern_level(o.c) == 2, default=None)
        # read only the concern that is graded: most calls raise several
        f.handled = _handle(f.conv, first.c, first.reply) if first is not None else False
        if f.handled and f.handled.moved_to is not None:
            _follow_thread(f, f.handled)
    return f.handled or None


def _follow_thread(f: Facts, o: Objection) -> None:
    """The customer granted the answer to ``o`` and raised another concern: one thread.
    What the trainee did with the new concern (recognised it, asked about it, answered
    it) is part of handling the thread, where the first turn lacked that move."""
    if None not in (o.acknowledged, o.explored, o.answered):
        return
    nxt = next((x for x in f.objections if x.c is o.moved_to and x.reply), None)
    if nxt is None:
        return
    h = _handle(f.conv, nxt.c, nxt.reply)
    o.acknowledged = o.acknowledged or h.acknowledged
    o.explored = o.explored or h.explored
    o.answered = o.answered or h.answered


def _held_against(conv: Conversation, c: Utterance) -> bool:
    """Concern ``c`` is something the customer holds against the offer: said in so many
    words, or not merely their situation told in answer to the trainee's question about it
    ("How does that affect you?" "Reporting is always late"), which is what the offer is
    for."""
    if d.concern_level(c) == 2:
        return True
    q = d.asked_before(conv, c)
    return q is None or q.is_proposal


@dataclass(frozen=True, slots=True)
class _ConcernMove:
    """What one of the trainee's moves on a concern is called in a grade."""

    attr: str  # the :class:`Objection` field holding it
    passed: str
    praise: str
    failed: str
    missing: str  # what "I couldn't find" names; {concern} is the customer's line
    dismissal: str | None = None  # how a dismissal in its place is described


_CONCERN_MOVES = {
    "acknowledges_concern": _ConcernMove(
        "acknowledged",
        "Concern acknowledged.",
        "You recognised the customer's concern before answering it",
        "Concern not acknowledged.",
        "an acknowledgement of the concern {concern} in your reply",
        "brushes it off",
    ),
    "explores_concern": _ConcernMove(
        "explored",
        "Asked about the concern.",
        "You asked about the concern before answering it",
        "No question about the concern.",
        "a question about the concern {concern}",
    ),
    "answers_concern": _ConcernMove(
        "answered",
        "Answered the concern specifically.",
        "You answered the concern with something specific to it",
        "No specific answer to the concern.",
        "an answer specific to the concern {concern}",
        "dismisses it",
    ),
}


def _unhandled(f: Facts) -> Answer:
    if f.objections:
        c = f.objections[0].c
        return Answer(
            "failed",
            "The call ended without a reply to the concern.",
            c,
            improvement=f"The customer's concern {_says(c)} got no reply.",
        )
    return Answer("undecided", "The customer raised no concern.")


def _concern_move(kind: str) -> Callable[[Facts], Answer]:
    move = _CONCERN_MOVES[kind]

    def check(f: Facts) -> Answer:
        o = _handled(f)
        if o is None:
            return _unhandled(f)
        found: Move | None = getattr(o, move.attr)
        if found is not None:
            return _found(move.passed, found[0], found[1].text, move.praise)
        text = "I couldn't find " + move.missing.format(concern=_says(o.c))
        if move.dismissal is not None and o.protested is not None:
            return Answer(
                "failed",
                move.failed,
                o.protested,
                improvement=f"{text}; the customer said your reply did not answer them "
                f"({_says(o.protested)}).",
            )
        if move.dismissal is None or o.dismissed is None:
            return _missing(move.failed, text + ".", o.c)
        return Answer(
            "failed",
            move.failed,
            o.c,
            improvement=f"{text}; {_says(o.dismissed)} {move.dismissal}.",
        )

    return check


def _reassured(f: Facts) -> Answer:
    o = _handled(f)
    if o is None:
        return _unhandled(f)
    r = o.reaction
    if r is not None and o.eased > 0 and _mocked_then_nodded(f, o, r):
        return Answer(
            "undecided",
            "The reply mocked the concern; the customer's later yes does not speak to it.",
            r,
            unconfirmed=True,
        )
    if r is not None and o.eased > 0 and _eased_unaided(f, o, r):
        return Answer(
            "undecided",
            "The trainee made no move on the concern; the customer's ease was their own doing.",
            r,
        )
    if r is not None and o.eased > 0:
        return _found(
            "The customer's reaction was positive.",
            r,
            r.text,
            "Your answer eased the customer's concern",
        )
    if r is not None and not d.resists_plainly(r, o.c):
        # an answer to a question, a realisation, a mixed line: no claim either way
        return Answer(
            "undecided",
            "The customer's reaction is neither eased nor plainly resisting.",
            r,
            unconfirmed=True,
        )
    if r is not None:
        return Answer(
            "failed",
            "The customer's concern did not ease.",
            r,
            improvement=f"The customer still resisted after your reply ({_says(r)}).",
        )
    return _missing(
        "The customer's concern did not ease.",
        f"I couldn't find a sign that the concern {_says(o.c)} eased.",
        o.c,
    )


# What a trainee says who only goes along with the customer: a nod or a word of assent.
_GOES_ALONG = d.ASSENT_STEMS | d.content_stems("exactly true agree agreed indeed totally mm hmm")


def _eased_unaided(f: Facts, o: Objection, r: Utterance) -> bool:
    """Concern ``o`` eased (reaction ``r``) though the trainee neither recognised, asked
    about nor answered it and said nothing between but assent: the customer (or someone
    beside them) talked it through while the trainee nodded along, and the ease is no
    sign of the trainee's handling."""
    if o.acknowledged is not None or o.explored is not None or o.answered is not None:
        return False
    return all(
        u.stems <= _GOES_ALONG
        for u in f.conv.trainee
        if o.c.index < u.index < r.index and _counts(u)
    )


def _mocked_then_nodded(f: Facts, o: Objection, r: Utterance) -> bool:
    """The trainee's reply to concern ``o`` sneered at it, and the customer, up to their
    positive reaction ``r``, names neither the concern, the reply nor the answer outside
    their answers to a proposal: a yes to a booking after a sneer is going along, not a
    worry eased by the handling."""
    if not any(x is u for u in o.reply for x in f.rude):
        return False
    spoken = o.c.stems.union(*(u.stems for u in o.reply))
    if o.answered is not None:
        spoken |= o.answered[1].stems
    after = o.reply[-1].index
    # (a reply to a proposal speaks to the step, whatever words it shares)
    booked = {p.reply.index for p in f.proposals if p.reply is not None}
    return all(
        x.stems.isdisjoint(spoken)
        for x in f.conv.persona
        if after < x.index <= r.index and x.index not in booked
    )


def _invites(f: Facts) -> Answer:
    if f.invites:
        u = f.invites[0]
        return _found("Invited the customer's view.", u, None, "You invited the customer's view")
    o = _handled(f)
    if o is not None and (o.acknowledged is not None or o.explored is not None):
        return Answer("passed", "Met a concern the customer raised.")
    return _missing(
        "No invitation of concerns and no concern met.",
        "I couldn't find a moment where you asked for the customer's concerns "
        "or view, or met one they raised.",
    )


def _proposes(f: Facts) -> Answer:
    if f.proposals:
        p = f.proposals[0]
        return _found(
            f"{len(f.proposals)} proposal(s) of a next step.",
            p.u,
            p.s.text,
            "You proposed a concrete next step",
        )
    return _missing(
        "No proposal of a next step.",
        "I couldn't find a proposal of a concrete next step (a meeting, a visit, "
        "a demo, a trial) from you.",
    )


def _specific_time(f: Facts) -> Answer:
    timed = [p for p in f.proposals if p.s.has_time]
    acc = f.accepted
    if timed:
        p = timed[0]
        return _found(
            "A day or time was proposed.", p.u, p.s.text, "You tied the next step to a time"
        )
    if (
        acc is not None
        and acc.reply is not None
        and d.mentions_time(acc.reply.tokens, acc.reply.lower)
    ):
        return Answer("passed", "The agreed step has a day or time.", acc.reply, acc.reply.text)
    if f.unmet_time is not None:
        return _time_left_open(
            f.unmet_time,
            "The customer asked for a day or time and got none.",
            " and your reply named none.",
        )
    if not f.proposals:
        return _missing(
            "No proposal, so no time.", "I couldn't find a day or time for a next step."
        )
    p = f.proposals[0]
    return _missing(
        "The proposal had no day or time.",
        f"Your proposal {_says(p.u, p.s.text)} had no day or time.",
        p.u,
    )


def _time_left_open(c: Utterance, rationale: str, outcome: str) -> Answer:
    """Customer line ``c`` asked to fix a day or time for the step and got none."""
    return Answer(
        "failed",
        rationale,
        c,
        improvement=f"The customer asked to fix a day or time ({_says(c)}){outcome}",
    )


def _commitment(f: Facts) -> Answer:
    acc = f.accepted
    if acc is not None and acc.reply is not None:
        return _found(
            "The customer accepted the proposal.",
            acc.reply,
            acc.reply.text,
            "The customer agreed to your next step",
        )
    if f.unmet_time is not None:
        return _time_left_open(
            f.unmet_time,
            "The customer wanted the step fixed and it was left open.",
            ", and the call ended without one they could agree to.",
        )
    refused = next(
        (p for p in f.proposals if p.reply is not None and _declines(f.conv, p.reply, p.s)),
        None,
    )
    if refused is None:
        # a reply that neither agrees nor refuses: no credit, and no claim of a refusal
        unclear = next((p for p in f.proposals if p.reply is not None), None)
        if unclear is not None and unclear.reply is not None:
            return Answer(
                "undecided",
                "The customer's reply to the proposal neither accepts nor refuses it.",
                unclear.reply,
                unconfirmed=True,
            )
    if refused is not None and refused.reply is not None:
        if not _plain_no(f.conv, refused.reply, refused.s):
            # a negation that need not be a no ("I don't mind", "I wouldn't say no"): no
            # credit, and no claim that the customer refused
            return Answer(
                "undecided",
                "The customer's reply to the proposal is not plainly a yes or a no.",
                refused.reply,
                unconfirmed=True,
            )
        return Answer(
            "failed",
            "The customer did not accept the proposal.",
            refused.reply,
            improvement="The customer did not accept your proposal "
            f"{_says(refused.u, refused.s.text)}; "
            f"they replied {_says(refused.reply)}.",
        )
    return _missing(
        "No next step the customer agreed to.",
        "I couldn't find a next step that the customer agreed to.",
    )


def _confirms(f: Facts) -> Answer:
    acc = f.accepted
    if acc is None or acc.reply is None:
        return Answer("failed", "Nothing was agreed to confirm.")
    if f.confirmation is not None:
        return _found(
            "Confirmed what was agreed.", f.confirmation, None, "You confirmed what was agreed"
        )
    return _missing(
        "No confirmation after the customer agreed.",
        "I couldn't find a confirmation of what was agreed after the customer "
        f"said yes ({_says(acc.reply)}).",
        acc.reply,
    )


CHECKS: dict[tuple[str, str], Callable[[Facts], Answer]] = {
    ("rapport", "greeting"): _greeting,
    ("rapport", "acknowledges"): _acknowledges,
    ("rapport", "responsive"): _responsive,
    ("rapport", "courteous"): _courteous,
    ("rapport", "balanced_talk"): _balanced,
    ("rapport", "few_fillers"): _few_fillers,
    ("discovery", "asks_questions"): _asks_questions,
    ("discovery", "open_questions"): _open_questions,
    ("discovery", "follows_up"): _follows_up,
    ("discovery", "no_repeats"): _no_repeats,
    **{("objection_handling", kind): _concern_move(kind) for kind in _CONCERN_MOVES},
    ("objection_handling", "customer_reassured"): _reassured,
    ("objection_handling", "invites_concerns"): _invites,
    ("closing", "proposes_next_step"): _proposes,
    ("closing", "specific_time"): _specific_time,
    ("closing", "commitment"): _commitment,
    ("closing", "confirms"): _confirms,
}


# --------------------------------------------------------------------------- probes
#
# A probe answers "could any line be this move?" by form alone, erring towards yes: a
# question mark, a statement taking the floor after the customer spoke, a greeting-like
# opener, a time or a step. It returns the first such line, or None when nothing in the
# call could be the move: only then may a check claim the move is absent.


def _spoken(f: Facts) -> list[tuple[Utterance, Sentence]]:
    return [(u, s) for u in f.conv.trainee if _counts(u) for s in u.sentences]


def _heard_questions(f: Facts) -> list[tuple[Utterance, Sentence]]:
    """Trainee questions other than pleasantries, rude ones, ones about nothing in
    particular, leading ones and ones the customer refused (annoyed, or telling them it
    does not fit)."""
    out: list[tuple[Utterance, Sentence]] = []
    for u, s in f.raw_questions:
        nxt = f.conv.next_customer(u)
        if s.is_pleasantry or s.stems <= _FRAME_STEMS or (d.rude(u) and d.is_rude(s.lower)):
            continue
        if d.leads(s):
            continue
        if nxt is None or not (d.is_annoyed(nxt) or d.rejects_premise(nxt, s)):
            out.append((u, s))
    return out


def _probe_greeting(f: Facts) -> Utterance | None:
    first_turns = sorted({u.turn for u in f.conv.trainee if _counts(u)})[:2]
    return next(
        (u for u, s in _spoken(f) if u.turn in first_turns and d.could_greet(s)),
        None,
    )


def _probe_acknowledges(f: Facts) -> Utterance | None:
    for c in f.ack_chances:
        if c.index in f.detoured:
            continue
        found = _acknowledgement(
            f.conv, [r for r in f.conv.trainee_reply(c) if _counts(r)], c, loose=True
        )
        if found is not None:
            return found[0]
    return None


def _probe_asks_questions(f: Facts) -> Utterance | None:
    heard = _heard_questions(f)
    return heard[0][0] if len(heard) >= 2 else None


def _probe_open_questions(f: Facts) -> Utterance | None:
    maybe_open = [(u, s) for u, s in _heard_questions(f) if not d.is_closed_form(s)]
    return maybe_open[0][0] if len(maybe_open) >= 2 else None


def _probe_follows_up(f: Facts) -> Utterance | None:
    for u, s in _heard_questions(f):
        prev = f.conv.previous_customer(u)
        if prev is not None and prev.words >= 4 and d.refers_back(s):
            return u
    return None


def _probe_acknowledges_concern(f: Facts) -> Utterance | None:
    o = _handled(f)
    if o is None:
        return None
    found = _acknowledgement(f.conv, o.reply, o.c, loose=True, concern=o.c.stems)
    if found is None and o.moved_to is not None:
        # the concern the thread moved on to: its reply may recognise it in other words
        found = _acknowledgement(f.conv, f.conv.trainee_reply(o.moved_to), o.moved_to, loose=True)
    if found is None and _sympathy_then_answer(f, o):
        return o.reply[0]
    return found[0] if found is not None else next(iter(o.beyond_gap), None)


def _sympathy_then_answer(f: Facts, o: Objection) -> bool:
    """The reply opens on stock sympathy ("I hear you.") and goes straight on to what
    could answer this concern ("We fix to the rafters, not the tiles", a story of a roof
    that stayed dry): read as a brush-off when the seller's business follows, but by form
    it may recognise the concern it answers. Sympathy followed by the seller's standing
    or a pitch answers nothing, and the claim stands."""
    u = o.reply[0] if o.reply else None
    if u is None or len(u.sentences) < 2 or not d.empathic(u.sentences[0]):
        return False
    s = u.sentences[1]
    if o.answered is not None and o.answered[1] is s:
        return True
    told = _told(f, o)
    return _could_answer(f, o, u, s, told) and not d.credentials(s, told, d.seller_names(f.conv))


def _could_answer(f: Facts, o: Objection, u: Utterance, s: Sentence, told: frozenset[str]) -> bool:
    """Trainee sentence ``s`` of ``u`` could by its form answer concern ``o``, whose words
    are ``told`` (:func:`_told`): a statement
    of the answer's form; one about the seller's side that takes up a word of the concern
    ("Our brackets go into the rafters, never the tiles" to a worry about
    leaks through the tiles, where "Our panels are the best" names only the product); or
    a short negation of it ("Never had one leak.")."""
    takes_up = not s.stems.isdisjoint(told)
    return (
        not s.is_question
        and (
            _answer_form(s, frozenset(), in_kind=takes_up)
            or (takes_up and d.denies(s) and not d.is_hedged(s.lower))
        )
        and not _brushes_off(u, s, o.c.stems)
        and not _books_unasked(f.conv, u, s)
    )


#: words that say a concern is one, not what it is about ("worried", "nervous")
_WORRY_STEMS = d.content_stems("worry worried worries concern concerned afraid fear nervous scared")


def _told(f: Facts, o: Objection) -> frozenset[str]:
    """The words of concern ``o`` that say what it is about, not what the call is about
    (its first line: the product the concern may name) nor that it is a worry."""
    return o.c.stems - _subject(f.conv) - _WORRY_STEMS


# A question put as a statement of the trainee's wanting to know ("I wonder what made
# you think of that", "Keen to know which part you mean", "Say a bit more about the
# tiles"); "you'll wonder how you managed without it" is a pitch.
_ASKS_AS_STATEMENT = re.compile(
    r"(?:^|\bi(?:'m| am| was)? (?:just |really |a bit )?)(?:wonder(?:ing)?|curious)\b|"
    r"\b(?:keen to (?:know|hear)|"
    r"(?:like|love|want) to (?:know|hear|understand)|"
    r"say (?:a (?:bit|little) )?more|tell me|talk me through|walk me through|"
    r"help me understand)\b"
)


def _probe_explores_concern(f: Facts) -> Utterance | None:
    o = _handled(f)
    return next(
        (
            u
            for u in ([*o.window, *o.beyond_gap] if o is not None else [])
            for s in u.sentences
            if not s.is_proposal
            and not d.is_pitch(s)
            and (s.is_question or _ASKS_AS_STATEMENT.search(s.lower) is not None)
        ),
        None,
    )


def _probe_answers_concern(f: Facts) -> Utterance | None:
    o = _handled(f)
    if o is None:
        return None
    told = _told(f, o)
    return next(
        (
            u
            for u in [*o.window, *o.beyond_gap]
            for s in u.sentences
            if _could_answer(f, o, u, s, told)
        ),
        None,
    )


def _probe_reassured(f: Facts) -> Utterance | None:
    # A reaction the polarity reading found neutral may still be a sign of relief: the
    # lines read after the answer, whatever else the trainee said before them ("How soon
    # could you fit it?", then "I'll email the details"), or those right after the reply,
    # where the answer was read later than the customer's reaction to it.
    o = _handled(f)
    if o is None:
        return None
    after = [*o.heard, *f.conv.customer_after(o.reply[-1], 2)]
    return next((c for c in after if not c.gap), None)


def _probe_invites(f: Facts) -> Utterance | None:
    # A question after the trainee's own statement asks the customer to react to it.
    return next(
        (
            u
            for u in f.conv.trainee
            if _counts(u)
            for i, s in enumerate(u.sentences)
            if i > 0 and s.is_question and not s.is_pleasantry
        ),
        None,
    )


def _probe_proposes(f: Facts) -> Utterance | None:
    return next((u for u, s in _spoken(f) if d.could_propose(s)), None)


def _probe_specific_time(f: Facts) -> Utterance | None:
    if f.proposals:
        # the time may stand in another sentence of the proposing turn or the next one
        p = f.proposals[0]
        turn = [u for u in f.conv.trainee if _counts(u) and p.u.turn <= u.turn <= p.u.turn + 2]
        return next((u for u in turn for s in u.sentences if s.has_time), None)
    return next((u for u, s in _spoken(f) if s.has_time and d.could_propose(s)), None)


def _probe_commitment(f: Facts) -> Utterance | None:
    for u, s in _spoken(f):
        nxt = f.conv.next_customer(u)
        if (
            d.could_propose(s)
            and nxt is not None
            and not nxt.gap
            and not d.is_annoyed(nxt)
            and d.pol(nxt) >= 0
        ):
            return nxt
    return None


def _probe_confirms(f: Facts) -> Utterance | None:
    acc = f.accepted
    if acc is None or acc.reply is None:
        return None
    # The agreement may have come before the reply the customer's yes is read from (a
    # counter-time taken, a first "fine" read otherwise): a statement naming a day or time
    # after the customer first answered a proposal may be the read-back.
    first = min(p.reply.index for p in f.proposals if p.reply is not None)
    return next(
        (
            u
            for u in f.conv.utterances[first + 1 :]
            if _counts(u)
            and any(
                not s.is_question and (u.index > acc.reply.index or s.has_time) for s in u.sentences
            )
        ),
        None,
    )


PROBES: dict[tuple[str, str], Callable[[Facts], Utterance | None]] = {
    ("rapport", "greeting"): _probe_greeting,
    ("rapport", "acknowledges"): _probe_acknowledges,
    ("discovery", "asks_questions"): _probe_asks_questions,
    ("discovery", "open_questions"): _probe_open_questions,
    ("discovery", "follows_up"): _probe_follows_up,
    ("objection_handling", "acknowledges_concern"): _probe_acknowledges_concern,
    ("objection_handling", "explores_concern"): _probe_explores_concern,
    ("objection_handling", "answers_concern"): _probe_answers_concern,
    ("objection_handling", "customer_reassured"): _probe_reassured,
    ("objection_handling", "invites_concerns"): _probe_invites,
    ("closing", "proposes_next_step"): _probe_proposes,
    ("closing", "specific_time"): _probe_specific_time,
    ("closing", "commitment"): _probe_commitment,
    ("closing", "confirms"): _probe_confirms,
}


def _after_the_end(f: Facts, criterion: str) -> Utterance | None:
    """A trainee line said after the customer ended the call that could be a move of
    ``criterion``: a question for discovery, a proposal or a time for closing."""
    if criterion not in ("discovery", "closing"):
        return None
    for u in f.conv.trainee:
        if not u.ended_before or u.gap:
            continue
        for s in u.sentences:
            if criterion == "discovery" and s.is_question:
                return u
            if criterion == "closing" and (s.is_proposal or s.has_time or d.could_propose(s)):
                return u
    return None


def decide(key: tuple[str, str], f: Facts) -> Answer:
    """A check's answer; a claimed absence stands only if its probe finds no candidate."""
    answer = CHECKS[key](f)
    if not answer.absent:
        return answer
    probe = PROBES.get(key)
    maybe = probe(f) if probe is not None else None
    if maybe is None and _after_the_end(f, key[0]) is not None:
        # what the trainee said after the customer ended the call earns nothing, but it may
        # be the move: no credit, and no claim that it was never made
        return Answer("failed", answer.rationale, answer.cite)
    if maybe is None:
        return answer
    return Answer(
        "undecided",
        f"Not recognised, but line {maybe.seq} could be it: no credit and no claim.",
        maybe,
        unconfirmed=True,
    )


# --------------------------------------------------------------------------- grader


@dataclass(frozen=True)
class Assessment:
    """The offline grader's answers and the facts around them, before scoring."""

    checks: dict[str, list[CheckResult]]
    answers: dict[tuple[str, str], Answer]
    commitment_secured: bool
    confidence: Confidence
    language: str
    notes: list[str]
    flagged: list[FlaggedLine]


class OfflineGrader:
    """Grades a transcript against a rubric without calling out."""

    name = "heuristic"

    def assess(
        self, lines: Sequence[TranscriptLine], rubric: Rubric = DEFAULT_RUBRIC
    ) -> Assessment:
        conv = d.read(lines)
        if not conv.trainee:  # (a flagged trainee line is among them, as its gap)
            raise EmptyTranscriptError("the transcript has no trainee line")
        language = detect_language([u.text for u in conv.utterances]) if conv.utterances else "en"
        facts = analyse(conv, language)
        short = sum(not u.gap for u in conv.utterances) <= SHORT_CALL_LINES
        checks: dict[str, list[CheckResult]] = {}
        answers: dict[tuple[str, str], Answer] = {}
        for spec in rubric.criteria:
            results: list[CheckResult] = []
            for check in spec.checks:
                key = (spec.id, check.id)
                if key not in CHECKS:
                    answer = Answer("undecided", "The offline grader cannot decide this check.")
                elif not facts.english and key not in LANGUAGE_FREE_CHECKS:
                    answer = Answer("undecided", f"Not decided offline for language {language!r}.")
                elif short and key not in SHORT_CALL_CHECKS:
                    answer = Answer("undecided", "The call is too short to show this.")
                else:
                    answer = decide(key, facts)
                answers[key] = answer
                results.append(
                    CheckResult(
                        id=check.id,
                        verdict=answer.verdict,
                        evidence=[answer.quote or answer.cite.text]
                        if answer.cite is not None and answer.verdict == "passed"
                        else [],
                        seqs=[answer.cite.seq] if answer.cite is not None else [],
                        rationale=answer.rationale,
                    )
                )
            checks[spec.id] = results
        if facts.rude or facts.small_talk:
            # a greeting or an acknowledgement in a call with a sneer or a brush-off is not
            # praised, nor the questioning of a trainee who sneered or chatted in a question
            unpraised = {"rapport"}
            if facts.small_talk or any(s.is_question for u in facts.rude for s in u.sentences):
                unpraised.add("discovery")
            handled = facts.handled or None  # read if a concern check was decided
            if handled is not None and any(u in facts.rude for u in handled.reply):
                unpraised.add("objection_handling")  # nor the handling of a mocked concern
            for (criterion, _), answer in answers.items():
                if criterion in unpraised:
                    answer.strength = None
        if facts.salad:
            # a trainee who took up nothing the customer said is praised for nothing: a
            # step proposed to someone who asked for a refund was part of the same script
            for answer in answers.values():
                answer.strength = None
        trainee_turns = len({u.turn for u in conv.trainee if _counts(u)})
        total = sum(c.total_weight for c in rubric.criteria)
        decided = sum(
            k.weight
            for c in rubric.criteria
            for k in c.checks
            if answers[(c.id, k.id)].verdict != "undecided"
        )
        notes: list[str] = []
        confident = facts.english and trainee_turns >= 3 and conv.trainee_words >= 30
        if not facts.english:
            notes.append(
                f"This call is in language {language!r}; the offline grader reads English only, "
                "so it decided only the checks that do not depend on the words."
            )
        elif trainee_turns < 3 or conv.trainee_words < 30:
            notes.append("The call is too short for a confident grade.")
        if decided < 0.75 * total:
            confident = False
        unconfirmed = [
            f"{c}.{k} (line {a.cite.seq})"
            for (c, k), a in answers.items()
            if a.unconfirmed and a.cite is not None
        ]
        if unconfirmed:
            notes.append(
                "I could not tell whether these were done, so they earned no credit and no "
                "advice: " + ", ".join(unconfirmed) + "."
            )
        late = _after_the_end(facts, "closing") or _after_the_end(facts, "discovery")
        if late is not None:
            notes.append(
                f"The customer had ended the call before line {late.seq}; nothing said after "
                "that earned credit."
            )
        if facts.salad:
            notes.append(
                "None of your replies took up what the customer said, so your questions and "
                "proposals earned nothing."
            )
        if conv.flagged:
            notes.append(
                f"{len(conv.flagged)} line(s) addressed the grading instead of the customer; "
                "they earned nothing."
            )
        accepted = facts.accepted
        return Assessment(
            checks=checks,
            answers=answers,
            commitment_secured=facts.english and accepted is not None and not short,
            confidence="high" if confident else "low",
            language=language,
            notes=notes,
            flagged=[
                FlaggedLine(seq=ln.seq, speaker=ln.speaker, text=ln.text) for ln in conv.flagged
            ],
        )

    def grade(
        self, lines: Sequence[TranscriptLine], rubric: Rubric = DEFAULT_RUBRIC
    ) -> GradeResult:
        a = self.assess(lines, rubric)
        return GradeResult.build(
            rubric,
            a.checks,
            reasoning=_reasoning(rubric, a),
            feedback=feedback(rubric, a.answers),
            commitment_secured=a.commitment_secured,
            confidence=a.confidence,
            language=a.language,
            notes=a.notes,
            flagged=a.flagged,
        )


def _reasoning(rubric: Rubric, a: Assessment) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in rubric.criteria:
        parts = [
            f"{k.id}: {a.answers[(spec.id, k.id)].verdict} ({a.answers[(spec.id, k.id)].rationale})"
            for k in spec.checks
        ]
        out[spec.id] = "; ".join(parts)
    return out


def feedback(
    rubric: Rubric, answers: dict[tuple[str, str], Answer], limit: int | None = MAX_FEEDBACK
) -> list[FeedbackItem]:
    """Strengths for passed checks, improvements for failed ones, heaviest first.

    Only a failed check produces an improvement, so the trainee is never told to do what
    the grader saw them do; each item cites its line where there is one.
    """
    strengths: list[tuple[int, FeedbackItem]] = []
    improvements: list[tuple[int, FeedbackItem]] = []
    for spec in rubric.criteria:
        for check in spec.checks:
            a = answers.get((spec.id, check.id))
            if a is None:
                continue
            if a.verdict == "passed" and a.strength:
                kind, text, bucket = "strength", a.strength, strengths
            elif a.verdict == "failed" and a.improvement:
                kind, text, bucket = "improvement", a.improvement, improvements
            else:
                continue
            seq = a.cite.seq if a.cite is not None else None
            item = FeedbackItem(kind=kind, criterion=spec.id, check=check.id, text=text, seq=seq)
            bucket.append((-check.weight, item))
    return [i for _, i in _spread(strengths, limit)] + [i for _, i in _spread(improvements, limit)]


def _spread(
    items: list[tuple[int, FeedbackItem]], limit: int | None
) -> list[tuple[int, FeedbackItem]]:
    """Up to :data:`MAX_FEEDBACK`, one per criterion before a second from any."""
    ordered = sorted(items, key=lambda t: t[0])
    first: list[tuple[int, FeedbackItem]] = []
    rest: list[tuple[int, FeedbackItem]] = []
    seen: set[str] = set()
    for item in ordered:
        (rest if item[1].criterion in seen else first).append(item)
        seen.add(item[1].criterion)
    return (first + rest)[:limit]
