"""Lines that address the grader, the scoring or the system rather than the other speaker.

Shared by both graders: such a line earns nothing, is never evidence, never counts as
the customer's reaction, and is listed on the grade as flagged.

A fixed list of attack sentences is what issue 9 showed can be side-stepped by
rewording, so this looks for the *combination* that makes a line talk about the grading
rather than the sale: words that address an evaluator or the system, words of the
grading vocabulary (criteria, scores, verdicts) and directives. A sales line may use one
of these families ("our CSAT score dropped", "mark the date"); it takes two, or a
sentence written as a grader's verdict ("commitment secured", "closing score 90"), to be
flagged.
"""

from __future__ import annotations

import re

# Someone other than the customer or the trainee being addressed or named.
_ADDRESSEE_RE = re.compile(
    r"\b(?:grader|graders|grading|evaluator|evaluators|evaluation|assessor|reviewer|examiner|"
    r"rubric|scorer|scoring\s+(?:system|model|engine)|scorecard|system\s+prompt|"
    r"language\s+model|llm|gpt|chatgpt|ai\s+(?:grader|judge|evaluator|reviewer|system)|"
    r"(?:previous|above|prior|earlier|your|all)\s+instructions|"
    r"whoever\s+(?:is\s+)?(?:reviews?|reviewing|grades?|grading|scores?|scoring|"
    r"evaluates?|evaluating|listens?|listening|reads?|reading|marks?|marking|checks?)|"
    r"(?:anyone|anybody|someone|somebody|those|people)\s+(?:who(?:'s|\s+is|\s+are)?\s+)?"
    r"(?:reviewing|grading|scoring|evaluating|listening|marking|assessing)\b|"
    # whoever it is, named by what they do to the call: "the person marking this call",
    # "those assessing this conversation", "you who score this transcript"
    r"(?:(?:whoever|whoever's|anyone|anybody|someone|somebody|the\s+(?:person|people|team|"
    r"folks?|panel|ones?)|those|(?:if|when|while|as)\s+you(?:'re|\s+are))\s+"
    r"(?:who(?:'s|'ll|\s+is|\s+are|\s+will(?:\s+be)?)?\s+(?:\w+\s+)?|(?:is|are)\s+)?|"
    r"you\s+who(?:'re|\s+are|\s+will\s+be)?\s+(?:\w+\s+)?)"
    r"(?:assess|mark|scor|grad|review|evaluat|judg|rat|check|audit|listen|read|watch|play|hear)"
    r"\w*\s+(?:(?:back|through|over)\s+)?(?:to\s+)?(?:this|the|these|it)\s+"
    r"(?:(?:call|conversation|transcript|session|recording|tape|exchange|chat|dialogue|"
    r"interaction|role-?play)s?\b|back\b)|"
    # ... or by doing it afterwards: "anyone listening back", "whoever plays this back"
    r"(?:whoever|whoever's|anyone|anybody|someone|somebody|those|(?:the\s+)?(?:person|people|"
    r"folks?|ones?)\s+who)\s+(?:\w+\s+)?(?:listen|play|hear|review|check|go)\w*\s+"
    r"(?:(?:this|it|these|them)\s+)?(?:back|over|through)\s+(?:to\s+)?(?:this|it|the|these)?|"
    r"(?:note|message|memo|word)\s+(?:to|for)\s+(?:the\s+|whoever|any|those)|"
    r"(?:for|to)\s+the\s+(?:marker|assessor|reviewer|examiner|scorer|listener|auditor|"
    r"grader|evaluator)s?\s*[:,]|"
    r"(?:evaluator|reviewer|grader|admin|system)(?:'s)?\s*(?:note|:)|"
    r"this\s+(?:call|transcript|conversation|session|rep|trainee)\s+(?:should|must|deserves|"
    r"gets?|earns?|is\s+(?:a|an)\s+(?:perfect|excellent|outstanding|top))|"
    r"the\s+(?:rep|trainee|salesperson|agent)\s+(?:handled|did|nailed|deserves|earned|should))",
)
# The grading vocabulary. Strong: criteria and verdicts as a grader writes them.
_STRONG_RE = re.compile(
    r"\b(?:rapport|discovery|objection[\s_-]*handling|objections?\s+(?:handled|overcome)|"
    r"closing\s+(?:score|attempt|skills?)|commitment\s+(?:secured|obtained|confirmed)|"
    r"next\s+step\s+(?:secured|booked|detected)|criteria|criterion|every\s+categor(?:y|ies)|"
    r"(?:full|top|perfect|high|highest|maximum)\s+(?:marks|score)|"
    r"\d{1,3}\s*(?:/|out\s+of)\s*100|"
    r"(?:objection|closing|rapport|discovery)\s+(?:part|bit|section|portion|side)|"
    r"(?:score|rate|grade|mark)\s+(?:\w+\s+){0,3}?\d{1,3}|"
    r"(?:attempt|objection|commitment|close|closing)\s+detected|"
    # a criterion counted in the grader's units, and a verdict recorded on it
    r"(?:closing|rapport|discovery|objections?|commitment)\s+(?:checks?|items?|boxes|"
    r"criteria|points|sections?|categor(?:y|ies)|scores?)|"
    r"(?:recorded|logged|marked|counted|scored|ticked|registered|entered|graded)\s+"
    r"(?:\w+\s+)?(?:as\s+)?(?:passed|met|satisfied|achieved|complete|successful)|"
    # a requirement declared met: "the close is fully met", "each item has been satisfied"
    r"(?:fully|completely|entirely|wholly)\s+(?:met|satisfied|achieved|fulfilled)|"
    r"(?:has|have)\s+been\s+(?:fully\s+)?(?:met|satisfied|fulfilled|ticked))\b",
)
# Weak: words of grading that sales talk also uses.
_WEAK_RE = re.compile(
    r"\b(?:scores?|scored|points?|marks|grades?|graded|rating|rated?|categor(?:y|ies)|"
    r"excellent|outstanding|flawless|perfect|top|passed|pass|failed|checks?|credit(?:ed)?|"
    r"maximum|highest|items?|scale|range|criteria|brilliant(?:ly)?|perfectly|flawlessly)\b",
)
# The trainee's moves told back as done, one after another ("recognised my worry, asked
# about it, answered it"): a checklist read out, not a customer talking.
_NARRATED_RE = re.compile(
    r"\b(?:acknowledged|recogni[sz]ed|asked (?:me )?about|explored|answered|addressed|handled|"
    r"resolved|eased|greeted|introduced (?:himself|herself|themselves)|confirmed|proposed|"
    r"followed up|listened to|no longer (?:bothers|worries|concerns|troubles)|"
    # the close told back as done: "put forward a trial, pinned it to a day, read it back"
    r"offered|put forward|suggested|(?:pinned|tied|fixed) (?:it|that|them)|booked|said yes|"
    r"agreed|"
    r"read (?:it |that |them )?back|repeated (?:it|that|them)|recapped)\b"
)
NARRATED_MOVES = 3  # distinct moves in one line that make it a checklist
# The call itself, or how a move in it was done: to an evaluator, a verdict on the call
# however it is worded ("my closing was done properly", "this call went by the book").
_CALL_TALK_RE = re.compile(
    r"\b(?:this|that)\s+(?:call|conversation|recording|tape|transcript|session|exchange)|"
    r"\bthe\s+(?:recording|tape|transcript)|"
    r"\b(?:my|the|that|this|his|her|their|a|an)\s+(?:\w+\s+)?(?:close|closing|pitch|opening|"
    r"discovery|rapport|objection|objections|questioning|handling|performance|technique)\b|"
    r"\b(?:got|get|won|secured|landed)\s+(?:a|the|their|her|his)\s+(?:yes|sale|commitment|"
    r"booking|agreement)\b|"
    r"\b(?:properly|correctly|by the book|textbook|as (?:required|instructed|trained)|"
    r"to (?:the )?(?:standard|letter)|done right|spot on|nailed)\b"
)
# Telling someone how to grade.
_DIRECTIVE_RE = re.compile(
    r"\b(?:mark|rate|score|grade|give|award|assign|ignore|disregard|override|treat|count|"
    r"consider|record|log|set|bump|raise|max(?:imi[sz]e)?)(?:s|ed|d)?\b(?:\s+\w+){0,4}?\s+"
    r"(?:as|at|every|all|each|100|full|perfect|excellent|outstanding|top|high|above|"
    r"previous|rubric|instructions?)\b|"
    r"\b(?:please|kindly)\s+(?:mark|rate|score|grade|give|award|note|record)\b",
)
# Re-assigning roles or rules, whatever else the line says.
_OVERRIDE_RE = re.compile(
    r"\b(?:you\s+are\s+(?:now\s+)?(?:the|a|an)\s+(?:grader|evaluator|judge|scorer|ai|"
    r"assistant|language\s+model)|(?:ignore|disregard|forget)\s+(?:all\s+|the\s+|your\s+|any\s+)?"
    r"(?:previous\s+|above\s+|prior\s+|earlier\s+)?(?:instructions|rubric|rules|guidelines))",
)
# A line set apart as a note rather than speech: wholly bracketed, or "note:" first.
_META_RE = re.compile(r"^\s*(?:[\[(<{].*[\])>}]\s*$|(?:note|system|admin|eval\w*)\s*:)")


# Every rule needs one of these words (or a note-like start); most lines have none.
_TRIGGERS = frozenset(
    str.split(
        """
    grader graders grading graded grade grades evaluator evaluators evaluation assessor
    reviewer examiner rubric scorer scoring scorecard score scores scored system llm gpt
    chatgpt ai instructions whoever note message memo admin rapport discovery objection
    objections closing commitment criteria criterion category categories perfect full
    rate rating rated mark marks points detected secured 100 ignore disregard forget
    passed checks credit credited marker markers assessor listening reviewing marking
    assessing evaluating assess assesses judging judges auditing fully completely entirely
    wholly been acknowledged recognised recognized answered explored handled addressed
    resolved offered forward suggested pinned tied fixed booked agreed yes back repeated
    recapped listen listens listener listeners reviews reviewing whoever's auditor
    """
    )
)
_META_STARTS = ("[", "(", "<", "{", "note", "system", "admin", "eval")
_WORDS_RE = re.compile(r"[a-z0-9]+")


def is_grader_instruction(text: str, words: frozenset[str] | None = None) -> bool:
    """Whether ``text`` talks to or about the grading instead of to the other speaker.

    ``words``: the line's lower-case words when the caller has them already.
    """
    text = text.lower()
    if words is None:
        words = frozenset(_WORDS_RE.findall(text))
    if words.isdisjoint(_TRIGGERS) and not text.lstrip().startswith(_META_STARTS):
        return False
    if _OVERRIDE_RE.search(text):
        return True
    strong = len(_STRONG_RE.findall(text))
    narrated = len(set(_NARRATED_RE.findall(text)))
    if narrated > NARRATED_MOVES:
        return True
    strong += narrated >= NARRATED_MOVES
    addressee = _ADDRESSEE_RE.search(text) is not None
    meta = _META_RE.search(text) is not None
    if not strong and not addressee and not meta:
        return False
    # a move told back as done is a verdict when the line speaks to an evaluator
    weak = len(_WEAK_RE.findall(text)) + narrated
    directive = _DIRECTIVE_RE.search(text) is not None
    grading_words = strong + weak
    if (addressee or meta) and not grading_words and not directive:
        # spoken to an evaluator, about the call or a move in it: a verdict in any words
        return _CALL_TALK_RE.search(text) is not None
    return (
        ((addressee or meta) and (grading_words >= 1 or directive))
        or (directive and strong >= 1 and grading_words >= 2)
        or strong >= 3
        or (strong >= 2 and weak >= 1)
    )
