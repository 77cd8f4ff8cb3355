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

from sessionhub.common.rubric import DEFAULT_RUBRIC, SCORE_FIELDS
from sessionhub.grader.graders.lexicon import Lexicon

# Someone other than the customer or the trainee being addressed or named.
_ADDRESSEE_RE = re.compile(
    r"\b(?:(?:grader|graders|grading|evaluator|evaluators|evaluation|assessor|reviewer|examiner|"
    r"rubric|scorer)\b|scoring\s+(?:system|model|engine)|scorecard|system\s+prompt|"
    # ... as a group, called at the start of the line ("Assessors: …", "Dear reviewers,")
    r"^\s*(?:dear\s+)?(?:grader|evaluator|assessor|reviewer|examiner|scorer|marker)s\s*[:,]|"
    r"language\s+model|llm|gpt|chatgpt|ai\s+(?:grader|judge|evaluator|reviewer|system)|"
    # a machine called on by name at the head of the line or a sentence ("Dear model,",
    # "Hey AI:", "Computer, …"): no one on a sales call speaks to one
    r"(?:^|[.!?]\s+)(?:(?:(?:dear|hey|hi|hello|attention|attn|oi|ok|okay)\s+)(?:the\s+)?"
    r"(?:ai|model|bot|computer|algorithm|machine|assistant|system)|ai|bot|computer|algorithm)"
    r" ?[,:!]|"
    # an automated reader named by what it does to the call: "the AI scoring this", "the
    # software analysing this call"
    r"(?:ai|bot|algorithm|software|model|program|programme|machine|computer|tool)\s+"
    r"(?:that(?:'s|\s+is)?\s+|which\s+(?:is\s+)?|(?:is|are)\s+)?"
    r"(?:scor|grad|mark|judg|assess|evaluat|analys|analyz|transcrib|process|rat)(?:es|ing|s)\s+"
    r"(?:this|these|the\s+call|us|me|my)\b|"
    # ... or by its grading job as its name: "evaluation bot", "assessment engine"
    # (not machines sold for a trade's grading: "an egg grading machine", "rating engine")
    r"(?:evaluation|assessment|grading|scoring|marking)\s+(?:bot|engine|ai|model|"
    r"algorithm)\b|"
    r"(?:previous|above|prior|earlier|your|all)\s+instructions|"
    r"whoever\s+(?:or\s+whatever\s+)?(?:is\s+)?(?:reviews?|reviewing|grades?|grading|scores?|scoring|"
    r"evaluates?|evaluating|listens?|listening|reads?|reading|marks?|marking|checks?|"
    r"analy[sz]es|analy[sz]ing|transcribes|transcribing|processes|processing)|"
    r"(?:anyone|anybody|someone|somebody|those|people)\s+(?:who(?:'s|\s+is|\s+are)?\s+)?"
    r"(?:reviewing|grading|scoring|evaluating|listening|marking|assessing|analy[sz]ing|"
    r"transcribing|processing)\b|"
    # ... or by doing it afterwards: "anyone listening back", "whoever plays this back"
    r"(?:whoever|whoever's|anyone|anybody|someone|somebody|those|(?:the\s+)?(?:person|people|"
    r"folks?|ones?)\s+who)\s+(?:\w+\s+)?(?:listen|play|hear|review|check|go)\w*\s+"
    r"(?:(?:this|it|these|them)\s+)?(?:back|over|through)\s+(?:to\s+)?(?:this|it|the|these)?|"
    r"(?:note|message|memo|word)\s+(?:to|for)\s+(?:the\s+|whoever|any|those)|"
    r"(?:for|to)\s+the\s+(?:benefit\s+of\s+the\s+)?(?:marker|assessor|reviewer|examiner|"
    r"scorer|listener|auditor|grader|evaluator|ai|bot|model|machine|computer|algorithm)s?"
    r"\s*[:,]|"
    r"(?:evaluator|reviewer|grader|admin|system)(?:'s)?\s*(?:note|:)|"
    r"this\s+(?:call|transcript|conversation|session|rep|trainee)\s+(?:should|must|deserves|"
    r"gets?|earns?|is\s+(?:a|an)\s+(?:perfect|excellent|outstanding|top))|"
    r"the\s+(?:rep|trainee|salesperson|agent)\s+(?:handled|did|nailed|deserves|earned|should))",
)
# The call itself as the object of a later review, whoever is named as doing it and
# whatever words come between: reviewed in so many words ("whoever ends up auditing this
# transcript", "the panel marking the roleplay"), taken up again afterwards ("if a coach
# listens to this afterwards", "when it's played back"), or said to be ("once this
# recording is marked"). Like an evaluator named, it makes a line a verdict only together
# with grading words, a directive or talk of a move of the call.
_REVIEW = (
    r"(?:assess|mark|scor|grad|review|evaluat|judg|check|audit|tall(?:y|i)|listen|read|watch|"
    r"play|replay|hear|heard|go(?:es|ing)?\s+(?:back\s+)?(?:over|through)|"
    r"look(?:s|ed|ing)?\s+(?:back\s+)?(?:over|at|through))\w*"
)
_CALL_OBJECT = (
    r"(?:this|the|that|these|our)\s+(?:\w+\s+)?(?:call|conversation|"
    r"transcript|recording|tape|session|exchange|chat|dialogue|interaction|role-?play)s?\b"
)
_AFTER = r"(?:afterwards?|later|after\s+(?:we|you|i|it|this|the)|once\s+(?:we|you|it|this))\b"
_LATER = rf"(?:back\b|{_AFTER})"
_REVIEWED_RE = re.compile(
    rf"\b{_REVIEW}\s+(?:\w+\s+){{0,3}}?{_CALL_OBJECT}|"
    rf"\b{_REVIEW}\s+(?:\w+\s+){{0,2}}?(?:this|it|these)\s+(?:\w+\s+){{0,2}}?{_LATER}|"
    rf"\b{_CALL_OBJECT}\s+(?:\w+\s+){{0,3}}?(?:is|gets?|being|been|are)\s+(?:\w+\s+)?"
    rf"{_REVIEW}"
)
# The seller, present on the call, spoken of in the third person by their role and what
# they did ("this salesperson treated my concern with care"): a report on their conduct to
# someone else. (Not "the rep said …", another rep as often as not, nor "this rep explains
# the warranty" on a recording: the report is in the past tense.)
_SPOKEN_OF_RE = re.compile(
    r"\bthis\s+(?:sales\s*(?:person|man|woman|rep)|seller|rep|representative|trainee|agent|"
    r"caller|consultant)\s+(?:\w+ly\s+)?(?:\w+ed|was|did|made|took|gave|got|came|went|kept|put|"
    r"told|found|brought|heard|understood|won|saw|knew|spent|held|meant)\b"
)
# ... or, less plainly, taken up after it ends whatever the verb ("combs through the
# roleplay after we hang up"), or named as only the artefact is: no one in a call calls
# it a transcript. Sales talk of a recording sent later is close to this, so such a
# line needs more than a word of praise to be a verdict.
_AFTERLIFE_RE = re.compile(
    rf"\b{_CALL_OBJECT}\s+(?:\w+\s+){{0,2}}?{_AFTER}|\b(?:this|the|our)\s+(?:transcript|role-?play)\b"
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
    r"maximum|highest|items?|scale|range|criteria|brilliant(?:ly)?|perfectly|flawlessly|"
    # the rubric's own names for moves: "open questions", "reflected feelings"
    r"open\s+questions|reflect(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?feelings|active\s+listening)\b",
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
# A checklist by its form: short items, cut at commas or "and", each holding a word in
# the past participle's form ("next step proposed, a date fixed, accepted and repeated").
_ITEM_CUT_RE = re.compile(r"[,;:]|\band\b")
_PARTICIPLE_RE = re.compile(r"\b\w{2,}ed\b")
_ITEM_WORDS = 5


def _listed(text: str) -> int:
    """How many items of ``text`` are short phrases told as done (a checklist read out)."""
    return sum(
        1
        for item in _ITEM_CUT_RE.split(text)
        if len(item.split()) <= _ITEM_WORDS and _PARTICIPLE_RE.search(item)
    )


# How a move of the call was done ("my closing was done properly", "got a yes").
_MOVE_VERDICT = (
    r"\b(?:my|the|that|this|his|her|their|a|an)\s+(?:\w+\s+)?(?:close|closing|pitch|opening|"
    r"discovery|rapport|objection|objections|questioning|handling|performance|technique)\b|"
    r"\b(?:got|get|won|secured|landed)\s+(?:a|the|their|her|his)\s+(?:yes|sale|commitment|"
    r"booking|agreement)\b|"
    r"\b(?:properly|correctly|by the book|textbook|as (?:required|instructed|trained)|"
    r"to (?:the )?(?:standard|letter)|done right|spot on|nailed)\b"
)
_MOVE_VERDICT_RE = re.compile(_MOVE_VERDICT)
# The call itself, or how a move in it was done: to an evaluator, a verdict on the call
# however it is worded ("my closing was done properly", "this call went by the book").
_CALL_TALK_RE = re.compile(
    r"\b(?:this|that)\s+(?:call|conversation|recording|tape|transcript|session|exchange)|"
    r"\bthe\s+(?:recording|tape|transcript)|" + _MOVE_VERDICT
)
# Said for a record kept of the call, to no one on it: "let it be noted that …", "for the
# record", "put it down that …", a review's stars or marks.
_ON_RECORD_RE = re.compile(
    r"\b(?:on (?:the )?record|for the record|(?:let it be|be it|i want it|i'd like it|"
    r"have it|get it)\s+(?:\w+\s+)?(?:noted|recorded|minuted|written down|known)|"
    r"(?:note|put|write|mark) (?:it )?down (?:that|as)|"
    r"(?:five|5|ten|10|six|6)[\s-]+stars?|(?:top|full|gold) (?:marks|stars?))\b"
)
# The seller, on the line, spoken of in the third person as "this …" or "the young …", or
# as the caller: the line speaks about them to someone else.
_SELLER_SPOKEN_OF_RE = re.compile(
    r"\b(?:this\s+(?:young\s+|nice\s+|lovely\s+|kind\s+)?|the\s+(?:young|nice|lovely|kind)\s+|"
    r"the\s+(?=caller\b))(?:man|woman|lady|gentleman|lad|lass|girl|boy|guy|fellow|chap|rep|"
    r"representative|caller|seller|salesperson|salesman|saleswoman|agent|consultant|trainee)\b"
)
# To an evaluator, a verdict however worded: the seller spoken of as "she" or "he" and
# what they were or did, or a mark counted on a scale ("ten out of ten", "8 out of 10",
# which sales talk gives too, to no evaluator: "nine out of ten customers renew").
_SELLER_VERDICT_RE = re.compile(
    r"\b(?:she|he)(?:'s|\s+was|\s+is|\s+did|\s+handled|\s+deserves|\s+earned|\s+gets|"
    r"\s+got|\s+nailed|\s+dealt)\b|"
    r"\b(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a hundred)\s+out\s+of\s+"
    r"(?:\d{1,3}|five|ten|a\s+hundred)\b"
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
    transcript transcripts recording recordings roleplay role tape afterwards afterward
    audit audits audited tally tallies tallied tallying replay replays replayed played
    bot algorithm model computer machine assistant software program programme analyses
    analysing analyzes analyzing transcribes transcribing processes processing
    """
    )
)
# Words one of which a review of the seller written into the call (_written_up) needs.
_WRITE_UP_WORDS = frozenset(
    str.split(
        """
    record noted recorded minuted written known down stars star marks man woman lady
    gentleman lad lass girl boy guy fellow chap rep representative caller seller salesperson
    salesman saleswoman agent consultant trainee
    """
    )
)
# For each pattern the rules read, literals one of which every match holds: a substring
# scan spares most lines that pass _TRIGGERS the pattern's search, which costs far more.
_OVERRIDE = Lexicon(
    _OVERRIDE_RE,
    *str.split("grader evaluator judge scorer ai assistant language ignore disregard forget"),
)
_STRONG = Lexicon(
    _STRONG_RE,
    *str.split(
        """
    rapport discovery objection closing commitment next criteri every marks score 100 rate
    grade mark detected recorded logged counted ticked registered entered fully completely
    entirely wholly been
    """
    ),
)
_NARRATED = Lexicon(
    _NARRATED_RE,
    *str.split(
        """
    acknowledged recogni asked explored answered addressed handled resolved eased greeted
    introduced confirmed proposed followed listened longer offered put suggested pinned tied
    fixed booked said agreed read repeated recapped
    """
    ),
)
_ADDRESSEE = Lexicon(
    _ADDRESSEE_RE,
    # (someone listening "back", "over" or "through" is named first: whoever, anyone,
    # somebody, those, the person/people/folks/ones who; sales talk of going back is not)
    *str.split(
        """
    grad evaluat assess review examin rubric scor system language llm gpt judg mark
    instructions whoever listen one body those person people folk note message memo word
    audit admin call transcript conversation session rep trainee salesperson agent model
    computer algorithm machine assistant analy transcrib process rat bot engine benefit
    """
    ),
    # (a machine called on by a short name: "AI," and "bot:", not "said" or "both")
    *("ai,", "ai:", "ai!", "ai ", "bot,", "bot:", "bot!", "bot "),
)
_CALL_OBJECT_HINTS = tuple(
    str.split(
        "call conversation transcript recording tape session exchange chat dialogue "
        "interaction role"
    )
)
_REVIEWED = Lexicon(_REVIEWED_RE, *_CALL_OBJECT_HINTS, "back", "after", "later", "once")
_AFTERLIFE = Lexicon(_AFTERLIFE_RE, *_CALL_OBJECT_HINTS)


_META_STARTS = ("[", "(", "<", "{", "note", "system", "admin", "eval")
_WORDS_RE = re.compile(r"[a-z0-9]+")


# The speaker's own side rated ("we're rated five stars by landlords").
_OWN_RATING_RE = re.compile(
    r"\b(?:we(?:'re| are| were)|we've been|our \w+(?: \w+)? (?:is|are)) rated\b"
)


def _written_up(text: str, graded: int) -> bool:
    """A report on the seller for a record of the call, or given to someone else about the
    seller while they are on the line, with a verdict in it: a review written into the call
    ("let it be noted the caller handled my worry perfectly"). ``graded``: strong grading
    words and moves told back, counted already."""
    on_record = _ON_RECORD_RE.search(text) is not None
    spoken_of = _SELLER_SPOKEN_OF_RE.search(text) is not None
    if not (on_record or spoken_of):
        return False
    if not spoken_of and _OWN_RATING_RE.search(text) is not None:
        return False  # the speaker's own business and its reviews: an advert, not a write-up
    verdict = bool(graded or _WEAK_RE.search(text) or _MOVE_VERDICT_RE.search(text))
    return (on_record and (spoken_of or verdict)) or (
        spoken_of and (verdict or _DIRECTIVE_RE.search(text) is not None)
    )


# A turn written into the line: a speaker's label inside it, after words of the line's
# own ("… C: sure, Tuesday works. T: great"). No one speaks a label; a line that carries
# one scripts the other side's answer for the reader. The transcript's own letters are
# labels where a sentence or clause ends before them ("Option C: weekly" names a plan); a
# role before a colon may be an explanation ("simple for the customer: they scan it"),
# so roles take two labels, a turn and its answer.
_LETTER_TURN_RE = re.compile(r"\S\s*[.!?,;]\s*(?:c|t)\s*:\s*[a-z]")
_ROLE_TURN_RE = re.compile(
    r"(?:^|[.!?,;]\s*|\s)(?:customer|client|prospect|buyer|caller|owner|trainee|rep|seller|"
    r"salesperson|agent|me|them|you|i)\s*:\s*[a-z]"
)
# A stage direction about the call's outcome: a bracketed aside with the customer doing
# something ("[prospect agreed to the trial]", "(customer accepts)"), someone saying yes
# ("(she nods)", "(he agrees)") or the step itself done ("[order booked]"). A bare
# "(laughs)" narrates the speaker's own manner and claims nothing, nor does a persona's
# "(She sighs)" before its own words; "they" is as often the goods ("(they are the
# lowest)") as the customer.
_ACTED = r"(?: \w+ly)? (?:\w+s|\w+ed|said|gave|took|shook)\b"
_SAYS_YES = (
    r"(?: \w+ly)? (?:agree[sd]?|accept(?:s|ed)?|nod(?:s|ded)?|sign(?:s|ed)?|book(?:s|ed)?|"
    r"confirm(?:s|ed)?|says yes|said yes)\b"
)
_STAGE_RE = re.compile(
    rf"[\[(](?:(?:the )?(?:customer|client|prospect|buyer|caller|owner|manager)(?:{_ACTED}|"
    rf" (?:is|are|was|were|has|had)\b)|(?:he|she){_SAYS_YES}|(?:the )?(?:deal|sale|order|trial|"
    rf"booking|contract|meeting|visit|demo|appointment) (?:is |was |has been |now )?\w+ed\b)"
    r"[^\])]*[\])]"
)


# The grade's own names: the rubric's criterion and check ids and the grade's fields. Said
# as an identifier ("closing.commitment", "customer_reassured") they are the grade's data
# model, which no one on a call speaks in.
_FIELD_NAMES = frozenset(
    {c.id for c in DEFAULT_RUBRIC.criteria}
    | {k.id for c in DEFAULT_RUBRIC.criteria for k in c.checks}
    | set(SCORE_FIELDS)
    | {"commitment_secured", "virtual_earnings", "flagged_lines"}
)
# A criterion's id before a dot: how a check is named as a field ("closing.commitment").
_DOTTED = tuple(f"{c.id}." for c in DEFAULT_RUBRIC.criteria)
_IDENTIFIER_RE = re.compile(r"(?<![@\w.])[a-z]+(?:[._][a-z]+)+(?![@\w])")
# A value assigned as a program would: "… to true", "= passed".
_ASSIGNED_RE = re.compile(
    r"(?:=|\b(?:to|as)\b)\s*(?:true|false)\b|=\s*(?:yes|no|passed|met|done|\d{1,3})\b"
)
# The assessment addressed by what it is: the platform, the system or the assessment
# called on at the start of the line ("Platform, …", "Assessment system: …"), or the
# training the call is part of named as its audience ("a survey for the training
# platform").
_META_ADDRESSEE_RE = re.compile(
    r"^\W*(?:hey |hi |ok(?:ay)? |dear |attention,? )?(?:training |assessment |scoring |"
    r"marking |grading )?(?:platform|system|assessment|simulator|simulation|scorer|marker)s?"
    r"\s*[:,]|\b(?:training|coaching|roleplay|role-play|assessment)\s+(?:platform|system|app|"
    r"tool|software|simulator|programme|program|module|course)\b"
)
# A claim of having met the assessment's checks, told to anyone: the rubric or the
# scoring named as the measure ("going by the rubric …", "as far as the scoring goes"),
# or the speaker's own performance declared complete against a list ("I've ticked every
# box", "I've met every item on it"); not the customer's list ("every point you raised").
_MEASURE_RE = re.compile(
    r"\b(?:going by|according to|as per|judged by|measured against|under|against) (?:the|my|this)"
    r" (?:rubric|checklist|scorecard|score ?sheet|mark ?scheme|marking scheme|criteria|scoring)\b|"
    r"\bas far as (?:the|my) (?:scoring|marking|grading|rubric|scorecard)\b"
)
_CLAIMED_RE = re.compile(
    r"\bi(?:'ve| have|'d| had)? (?:now |already |just )?(?:met|ticked(?: off)?|hit|nailed|"
    r"satisfied|fulfilled|checked off) (?:every|all|each)(?: single| one| of)?"
    r"(?: the| them| these| those)? ?(?:\w+ )?(?:items?|checks?|box(?:es)?|criteri(?:a|on)|steps?|"
    r"marks?)\b(?! (?:you|your)\b)"
)
_CLAIM_TICKS_RE = re.compile(
    r"\b(?:every|each|all)(?: the)? (?:items?|checks?|box(?:es)?|criteri(?:a|on)|points?)\b"
    r"[^.!?]{0,30}\b(?:met|ticked|a tick|passed|done|satisfied|green)\b"
)


def _names_fields(text: str) -> bool:
    """Whether ``text`` may name the grade's identifiers: snake_case or a criterion id
    before a dot (a substring test; _about_assessment reads them)."""
    if "_" in text:
        return True
    # A plain loop: any() over a generator costs as much again, on every line.
    for dotted in _DOTTED:  # noqa: SIM110
        if dotted in text:
            return True
    return False


def _about_assessment(text: str) -> bool:
    """The line's addressee or topic is the assessment itself (see _FIELD_NAMES …
    _CLAIM_TICKS_RE): the grade's identifiers named, a value assigned to them, the
    platform called on with grading words, or checks claimed as met against a measure."""
    if _names_fields(text) and any(
        not _FIELD_NAMES.isdisjoint(m.group().split(".")) for m in _IDENTIFIER_RE.finditer(text)
    ):
        return True
    claimed = (
        _CLAIMED_RE.search(text) is not None
        or _CLAIM_TICKS_RE.search(text) is not None
        or _ASSIGNED_RE.search(text) is not None
    )
    if _MEASURE_RE.search(text) is not None:
        return claimed or _STRONG.search(text) is not None or _WEAK_RE.search(text) is not None
    m = _META_ADDRESSEE_RE.search(text)
    if m is None:
        return claimed and "your" not in text
    # called on by name, any grading word tells it what to do; only named as the
    # training's platform (which a seller of training software names too), a verdict
    verdict = (
        claimed
        or _STRONG.search(text) is not None
        or _DIRECTIVE_RE.search(text) is not None
        or _ON_RECORD_RE.search(text) is not None
    )
    return verdict or (m.start() == 0 and _WEAK_RE.search(text) is not None)


_ABOUT_HINTS = frozenset(
    str.split(
        """
    platform system assessment simulator simulation scorer marker training coaching roleplay
    rubric checklist scorecard scoring marking grading criteria scheme ticked met hit nailed
    satisfied fulfilled checked sheet scoresheet role
    """
    )
)


def is_grader_instruction(text: str, words: frozenset[str] | None = None) -> bool:
    """Whether ``text`` talks to or about the grading instead of to the other speaker.

    ``words``: the line's lower-case words when the caller has them already.
    """
    text = text.lower()
    # a turn or a stage direction scripted into the line (see _LETTER_TURN_RE, _STAGE_RE)
    if (
        ":" in text
        and (_LETTER_TURN_RE.search(text) is not None or len(_ROLE_TURN_RE.findall(text)) >= 2)
    ) or (("[" in text or "(" in text) and _STAGE_RE.search(text) is not None):
        return True
    if words is None:
        words = frozenset(_WORDS_RE.findall(text))
    if (not words.isdisjoint(_ABOUT_HINTS) or _names_fields(text)) and _about_assessment(text):
        return True
    if words.isdisjoint(_TRIGGERS) and not text.lstrip().startswith(_META_STARTS):
        return not words.isdisjoint(_WRITE_UP_WORDS) and _written_up(text, 0)
    if _OVERRIDE.search(text):
        return True
    strong = len(_STRONG.findall(text))
    narrated = len(set(_NARRATED.findall(text)))
    if narrated > NARRATED_MOVES:
        return True
    strong += narrated >= NARRATED_MOVES
    addressee = _ADDRESSEE.search(text) is not None
    meta = _META_RE.search(text) is not None
    reviewed = not (addressee or meta) and _REVIEWED.search(text) is not None
    afterlife = not (addressee or meta or reviewed) and _AFTERLIFE.search(text) is not None
    if not words.isdisjoint(_WRITE_UP_WORDS) and _written_up(text, strong + narrated):
        return True
    if not strong and not addressee and not meta and not reviewed and not afterlife:
        return False
    # to an evaluator, or about the call as reviewed later, a checklist of moves told as
    # done is moves told back, whatever words the moves are named in (read only here: most
    # lines are ruled out above, and cutting a line into items costs more than the rest)
    listed = "ed" in text and _listed(text) >= NARRATED_MOVES
    # a move told back as done is a verdict when the line speaks to an evaluator
    weak = len(_WEAK_RE.findall(text)) + narrated
    directive = _DIRECTIVE_RE.search(text) is not None
    if afterlife:
        return bool(
            strong
            or narrated >= 2
            or listed
            or (directive and narrated)
            or _MOVE_VERDICT_RE.search(text)
        )
    if reviewed:
        # the call named as reviewed is call talk already: what makes the line a verdict
        # is grading words or a verdict on one of its moves ("record the close as done",
        # "she handled my worry, so full credit"); a directive alone is not, as sales
        # talk gives them too ("we record all calls"), unless a move is told back with it
        # ("count the booking as firm, she said yes")
        return bool(
            strong
            or len(_WEAK_RE.findall(text))
            or narrated >= 2
            or listed
            or (directive and narrated)
            or _MOVE_VERDICT_RE.search(text)
            # the seller spoken of to the call's later reviewer: a report on them
            or _SPOKEN_OF_RE.search(text)
        )
    grading_words = strong + weak + listed
    if (addressee or meta) and not grading_words and not directive:
        # spoken to an evaluator, about the call, a move in it or the seller in the third
        # person ("she was wonderful"): a verdict in any words
        return _CALL_TALK_RE.search(text) is not None or _SELLER_VERDICT_RE.search(text) is not None
    return (
        ((addressee or meta) and (grading_words >= 1 or directive))
        or (directive and strong >= 1 and grading_words >= 2)
        or strong >= 3
        or (strong >= 2 and weak >= 1)
    )
