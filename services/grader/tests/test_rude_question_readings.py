"""Rude questions read by their form, not by an insult word: the trainee pries into the
customer's private life, forewarns that the question may offend and asks it anyway, or
asks only how long, how often or why the customer has been failing, taking the failure as
given, tests whether the customer can do their own job or knows its words, or names
their place, voice, trade or self with scorn.
Such a question is no discovery and is not courteous, however mildly the customer takes
it. Blunt questions about the business, its money, its people
and its kit stay fair discovery and keep their credit."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import is_rude
from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit


def _asked(question: str) -> GradeResult:
    # the customer lets it pass: nothing in their reply says they took offence
    return grade(
        "T: Hi, it's Noor from Tillwise.",
        "C: Hello, I run a hardware shop and want to look at a new till system.",
        f"T: {question}",
        "C: Right. Anyway, what does the system cost?",
        "T: It's forty a month per till.",
        "C: Okay, send me the details.",
    )


def _sneered(question: str) -> None:
    assert is_rude(question.lower()), question
    result = _asked(question)
    assert result.verdict("rapport", "courteous") == "failed"
    assert result.rapport_score <= 35
    assert not [f for f in result.feedback if f.kind == "strength" and f.criterion == "rapport"]


def _fair(question: str) -> None:
    assert not is_rude(question.lower()), question
    assert _asked(question).verdict("rapport", "courteous") == "passed"


@pytest.mark.parametrize(
    "question",
    [
        "Are you married, by the way?",
        "So are you single? You sound young.",
        "Is your wife around? Actually, are you divorced?",
        "What church do you go to?",
        "Are you Muslim? You've got that sort of name.",
        "Who did you vote for last time?",
        "How much are you personally earning out of it?",
        "What do the owners pay you for running it?",
        "How's your health these days? You sound tired.",
        "Any health problems with all that lifting?",
        "Have you got kids?",
        "Do you still live with your parents?",
    ],
)
def test_a_question_into_the_customers_private_life_is_rude(question: str) -> None:
    _sneered(question)


@pytest.mark.parametrize(
    "question",
    [
        "How much do your staff earn an hour, roughly?",
        "Do your customers have kids with them when they shop?",
        "What do you pay for the current system?",
        "Who decides on the spend, you or your partner?",
        "How's business been this year?",
        "Is the owner about, or is it your call?",
        "What does the current supplier charge you?",
        "Are you the one who handles the tills?",
        "How many staff are sick at the moment, with the flu going round?",
    ],
)
def test_a_blunt_question_about_the_business_is_no_prying(question: str) -> None:
    _fair(question)


@pytest.mark.parametrize(
    "question",
    [
        "With respect, have you considered retiring?",
        "No offence intended, but does he actually know what he's doing?",
        "I don't mean to be rude, but have you thought about updating your look first?",
        "With all due respect, is a four-chair salon really worth a premium range?",
        "Don't take this the wrong way, but aren't you a bit old for this?",
        "Respectfully, wouldn't you be better off selling up?",
        "Sorry if this sounds harsh, but have you thought about doing something with a future?",
        "No disrespect, but can a shop your size even afford this?",
        "Pardon me for asking, but do you really think the market stall counts as a business?",
    ],
)
def test_a_question_forewarned_as_offensive_is_rude(question: str) -> None:
    _sneered(question)


@pytest.mark.parametrize(
    "question",
    [
        "Sorry if this sounds blunt, but is budget the blocker?",
        "No offence, but what do you pay now?",
        "If you don't mind me asking, why did the last supplier lose you?",
        "With respect, I'd see it differently. What would waiting cost you?",
        "Forgive me for asking twice. Which day suits for the install?",
        "Is the current system working for you?",
    ],
)
def test_a_blunt_question_after_a_courtesy_is_fair(question: str) -> None:
    _fair(question)


@pytest.mark.parametrize(
    "question",
    [
        "How long have you been losing money like this?",
        "When did you stop caring about the service?",
        "Why do you keep making the same mistakes with suppliers?",
        "How long have your evening classes been this empty?",
        "Why do you think your regulars keep leaving you?",
        "When did you realise you were out of your depth?",
        "How many jobs have you botched this year?",
        "How much longer can you keep going before you go bust?",
    ],
)
def test_a_question_presuming_the_customers_failure_is_rude(question: str) -> None:
    _sneered(question)


@pytest.mark.parametrize(
    "question",
    [
        "How many members did you lose last quarter?",
        "Why did the last supplier lose you?",
        "Why are you losing staff, do you know?",
        "How often does a job slip because of that?",
        "How long have you been losing money on the cheese counter?",
        "When is it quiet for you, so we can fit the install?",
        "Why is the shop so quiet on Mondays, do you think?",
        "Have you made any mistakes with the VAT returns you'd want help with?",
    ],
)
def test_a_question_about_what_went_wrong_is_fair(question: str) -> None:
    _fair(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do you actually know how to fit those hinges, or do you just wing it?",
        "Does your apprentice have any idea what he's doing?",
        "Is that even a real qualification?",
        "Have you ever heard of a thing called a cash flow forecast?",
        "Do you know what 'load-bearing' means, or shall I go slowly?",
        "Is all this a bit advanced for you lot?",
        "Can you count to a thousand, or shall I do the sums for you?",
        "Have you heard of the internet? For ordering, I mean?",
        "Do you honestly think you can compete with the chains?",
    ],
)
def test_a_question_testing_the_customers_competence_is_rude(question: str) -> None:
    _sneered(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do you know what your margin is on that line?",
        "Do you know how old the boiler is?",
        "Do you know how to reset it when it trips?",
        "Can you read me the model number off the label?",
        "Can you count the boxes left in the store room for me?",
        "Do you know what the warranty means for you? It covers parts and labour.",
        "Is that too much for you to take on right now?",
        "Is this a proper business account or a personal one?",
        "Do you think we can get it fitted before Easter?",
    ],
)
def test_a_question_about_what_the_customer_knows_of_their_business_is_fair(
    question: str,
) -> None:
    _fair(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do people really pay to eat in a dive like that?",
        "Where's Hexham, the middle of nowhere?",
        "Can your callers even understand you, with that accent?",
        "What's that accent, are you from a farm?",
        "Don't you find plastering a bit of a dead-end job?",
        "Do your tenants know they're getting a cowboy?",
    ],
)
def test_a_question_scorning_the_customers_place_or_trade_is_rude(question: str) -> None:
    _sneered(question)


@pytest.mark.parametrize(
    "question",
    [
        "How far out of town are you?",
        "Is the shop on the high street or round the back?",
        "Did the last fitter turn out to be a cowboy?",
        "Are you using the shed out back for storage?",
        "Out there in the middle of nowhere, as you say, how do deliveries reach you?",
        "I love your accent, where are you from originally?",
    ],
)
def test_a_question_about_the_premises_in_plain_words_is_fair(question: str) -> None:
    _fair(question)


@pytest.mark.parametrize(
    "question",
    [
        "Two vans? Is that a proper business or more of a side hustle?",
        "Is the bakery your job, or just a side gig?",
    ],
)
def test_the_customers_trade_set_against_a_side_hustle_is_rude(question: str) -> None:
    _sneered(question)


@pytest.mark.parametrize(
    "question",
    [
        "Is the bakery your main line, or do you do catering on the side?",
        "Do you run the stall on the side of a day job?",
    ],
)
def test_a_question_about_other_lines_of_the_business_is_fair(question: str) -> None:
    _fair(question)
