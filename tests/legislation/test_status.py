"""Status derivation: pure functions, no database."""

from datetime import date

from legislation.models import Bill, Chamber
from legislation.status import RATIFICATIONS_NEEDED, ActionFacts, EnactedVia, derive

S = Bill.Status
UPPER, LOWER, EXEC, STATES = Chamber.UPPER, Chamber.LOWER, Chamber.EXECUTIVE, Chamber.STATES


def _a(day: int, chamber: str, *kinds: str) -> ActionFacts:
    return ActionFacts(date(2018, 1, day), chamber, list(kinds))


def _derive(
    actions, *, classification=Bill.Classification.BILL, federal=True, origin=UPPER, via=None
):
    return derive(
        actions=actions,
        classification=classification,
        federal=federal,
        origin=origin,
        enacted_via=via,
    )


def test_a_bill_with_only_an_introduction_is_introduced():
    derived = _derive([_a(1, UPPER, "introduction")])

    assert (derived.status, derived.status_date) == (S.INTRODUCED, date(2018, 1, 1))
    assert [s.state for s in derived.steps] == [
        "done",
        "current",
        "upcoming",
        "upcoming",
        "upcoming",
    ]


def test_federal_bill_walks_govtrack_statuses_to_signature():
    actions = [
        _a(1, LOWER, "introduction", "referral-committee"),
        _a(2, LOWER, "committee-passage"),
        _a(3, LOWER, "passage"),
    ]
    assert _derive(actions, origin=LOWER).status == S.PASSED_HOUSE
    actions.append(_a(4, UPPER, "passage"))
    assert _derive(actions, origin=LOWER).status == S.PASSED_BOTH
    actions.append(_a(5, EXEC, "executive-signature"))

    derived = _derive(actions, origin=LOWER)

    assert (derived.status, derived.status_date) == (S.ENACTED_SIGNED, date(2018, 1, 5))
    labels = [(s.label, s.state, s.date) for s in derived.steps]
    assert labels == [
        ("Introduced", "done", date(2018, 1, 1)),
        ("Reported by committee", "done", date(2018, 1, 2)),
        ("Passed the House", "done", date(2018, 1, 3)),
        ("Passed the Senate", "done", date(2018, 1, 4)),
        ("Signed into law", "done", date(2018, 1, 5)),
    ]


def test_veto_then_override_in_both_chambers_is_enacted_over_the_veto():
    actions = [
        _a(1, UPPER, "introduction"),
        _a(2, UPPER, "passage"),
        _a(3, LOWER, "passage"),
        _a(4, EXEC, "executive-veto"),
    ]
    vetoed = _derive(actions)
    assert vetoed.status == S.VETOED
    assert vetoed.steps[-1].state == "stopped"

    actions += [_a(5, UPPER, "veto-override-passage"), _a(6, LOWER, "veto-override-passage")]

    assert _derive(actions).status == S.ENACTED_VETO_OVERRIDE


def test_failed_vote_stops_the_bill():
    derived = _derive([_a(1, UPPER, "introduction"), _a(2, UPPER, "failure")])

    assert derived.status == S.FAILED
    assert derived.steps[-1].label == "Failed"


def test_a_constitutional_amendment_goes_to_the_states_never_to_the_president():
    actions = [_a(1, UPPER, "introduction"), _a(2, UPPER, "passage"), _a(3, LOWER, "passage")]

    derived = _derive(actions, classification=Bill.Classification.CONSTITUTIONAL_AMENDMENT)

    assert derived.status == S.SENT_TO_STATES
    labels = [s.label for s in derived.steps]
    assert "Sent to the states" in labels
    assert not any("President" in label or "Signed" in label for label in labels)
    assert labels[-1] == "Ratified by 0 of the 38 states needed"


def test_ratification_by_38_states_ratifies_the_amendment():
    actions = [_a(1, UPPER, "passage"), _a(2, LOWER, "passage")]
    actions += [ActionFacts(date(2019, 1, 1), STATES, ["ratification"])] * (
        RATIFICATIONS_NEEDED - 1
    )
    amendment = Bill.Classification.CONSTITUTIONAL_AMENDMENT

    almost = _derive(actions, classification=amendment)
    assert (almost.status, almost.ratifications) == (S.SENT_TO_STATES, 37)

    actions.append(ActionFacts(date(2019, 6, 1), STATES, ["ratification"]))
    done = _derive(actions, classification=amendment)

    assert (done.status, done.status_date) == (S.RATIFIED, date(2019, 6, 1))
    assert done.steps[-1].state == "done"


def test_a_bill_enacted_through_another_takes_that_bills_enactment():
    actions = [_a(1, UPPER, "introduction"), _a(10, UPPER, "committee-passage")]

    derived = _derive(actions, via=EnactedVia("H.R. 1865", date(2018, 4, 11)))

    assert (derived.status, derived.status_date) == (S.ENACTED_VIA, date(2018, 4, 11))
    assert derived.steps[-1].label == "Became law through H.R. 1865"
    # The chamber votes it never had are shown as skipped, not as next.
    assert [s.state for s in derived.steps] == ["done", "done", "skipped", "skipped", "done"]


def test_an_unenacted_related_bill_changes_nothing():
    derived = _derive([_a(1, UPPER, "introduction")], via=EnactedVia("H.R. 1", None))

    assert derived.status == S.INTRODUCED


def test_state_bills_use_the_shorter_vocabulary():
    actions = [_a(1, LOWER, "introduction"), _a(2, LOWER, "committee-passage")]
    assert _derive(actions, federal=False, origin=LOWER).status == S.INTRODUCED
    actions.append(_a(3, LOWER, "passage"))
    first = _derive(actions, federal=False, origin=LOWER)
    assert first.status == S.PASSED_FIRST
    assert [s.label for s in first.steps] == [
        "Introduced",
        "Passed the first chamber",
        "Passed the second chamber",
        "Signed into law",
    ]
    actions += [_a(4, UPPER, "passage"), _a(5, EXEC, "became-law")]

    assert _derive(actions, federal=False, origin=LOWER).status == S.ENACTED_UNSIGNED


def test_a_unicameral_passage_passes_the_whole_legislature():
    derived = _derive(
        [_a(1, Chamber.LEGISLATURE, "passage")], federal=False, origin=Chamber.LEGISLATURE
    )

    assert derived.status == S.PASSED_BOTH


def test_a_simple_resolution_is_agreed_to_by_its_one_chamber():
    derived = _derive([_a(1, UPPER, "passage")], classification=Bill.Classification.RESOLUTION)

    assert derived.status == S.AGREED


def test_a_failed_vote_followed_by_passage_is_not_a_failed_bill():
    derived = _derive(
        [_a(1, LOWER, "introduction"), _a(2, LOWER, "failure"), _a(3, LOWER, "passage")],
        origin=LOWER,
    )

    assert derived.status == S.PASSED_HOUSE
