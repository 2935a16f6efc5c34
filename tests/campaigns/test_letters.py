import time
from datetime import timedelta
from unittest import mock

import pytest
from anymail.exceptions import AnymailAPIError
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from kombu.exceptions import OperationalError as KombuOperationalError

from campaigns import letters, tasks
from campaigns.exceptions import ActionClosed, LetterInvalid
from campaigns.letters import LetterDraft, LetterInput
from campaigns.models import Action, Outreach, Target
from campaigns.placeholders import Advocate
from campaigns.targeting import action_targets
from representatives.importers import legislators_import, people_import, zip_districts_import
from representatives.models import Official, Term
from tests.campaigns.factories import CompanyTargetFactory, LetterActionFactory, PersonFactory
from tests.conftest import committed
from tests.representatives.conftest import LEGISLATORS, OPENSTATES, TODAY, ZCCD

pytestmark = pytest.mark.django_db

ADVOCATE = Advocate(
    given_name="Ana",
    family_name="Reyes",
    email="Ana@Example.org",
    street="12 Pine St",
    city="Seattle",
    state="WA",
    zip_code="98101",
)


@pytest.fixture(autouse=True)
def _anymail_test_backend(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}


@pytest.fixture
def officials(db):
    legislators_import(location=LEGISLATORS, today=TODAY)
    zip_districts_import(location=ZCCD)
    people_import(location=OPENSTATES, today=TODAY)


def _lee_target() -> Target:
    """Lee Lower, a state representative who takes email."""
    return Target.objects.create(official=Official.objects.get(name="Lee Lower"))


def _send(action, targets, *, advocate=ADVOCATE, own_mail=(), personal="", **drafts):
    data = LetterInput(
        advocate=advocate,
        drafts=[
            drafts.get(
                f"t{target.target.pk}",
                letters.letter_draft(
                    action=action, target=target, advocate=advocate, personal=personal
                ),
            )
            for target in targets
        ],
        personal=personal,
    )
    if own_mail:
        data = LetterInput(
            advocate=advocate,
            drafts=[
                LetterDraft(d.target_id, d.subject, d.body, d.target_id in own_mail)
                for d in data.drafts
            ],
            personal=personal,
        )
    with committed():
        return letters.letter_send(action=action, data=data, targets=targets)


def _messages_to(address):
    return [m for m in mail.outbox if address in m.to]


# --- drafting ----------------------------------------------------------------------


def test_letter_draft_fills_placeholders_for_the_target_and_advocate(officials):
    action = LetterActionFactory(target_levels=["us_senate"])
    sally = next(
        t
        for t in action_targets(action=action, zip_code="98101").targets
        if t.name == "Sally Senior"
    )

    draft = letters.letter_draft(action=action, target=sally, advocate=ADVOCATE)

    assert draft.body.startswith("Dear Senator Senior,\n\nI live in Seattle")
    assert draft.subject in action.subject_lines


def test_subject_rotation_is_stable_per_advocate_and_target_and_varies_across_them():
    picks = {
        letters.letter_subject_index(action_id=1, email=f"p{n}@example.org", target_id=7, count=3)
        for n in range(40)
    }
    again = letters.letter_subject_index(action_id=1, email="P1@example.org", target_id=7, count=3)

    assert picks == {0, 1, 2}
    assert again == letters.letter_subject_index(
        action_id=1, email="p1@example.org", target_id=7, count=3
    )


def test_personal_words_go_before_the_closing_paragraph():
    body = letters.personal_insert("Dear Senator,\n\nPlease act.\n\nThank you.", "I am a nurse.")

    assert body == "Dear Senator,\n\nPlease act.\n\nI am a nurse.\n\nThank you."


def test_letter_check_refuses_a_letter_without_the_personal_words_or_too_long():
    action = LetterActionFactory(personal_min_length=10, max_length=60)

    assert letters.letter_check(action=action, body="Dear all, please act.", personal="")
    assert (
        letters.letter_check(
            action=action,
            body="Dear all. I am a nurse in Tacoma.",
            personal="I am a nurse in Tacoma.",
        )
        == []
    )
    assert letters.letter_check(action=action, body="x" * 61 + "I am a nurse in Tacoma.",
                                personal="I am a nurse in Tacoma.")  # fmt: skip


# --- routing -----------------------------------------------------------------------


def test_letters_to_senators_are_handed_off_and_a_legislator_is_emailed_once(officials):
    action = LetterActionFactory(target_levels=["us_senate"])
    action.targets.add(_lee_target())
    targets = action_targets(action=action, zip_code="98101").targets

    result = _send(action, targets)

    by_name = {str(o.target): o for o in Outreach.objects.filter(action=action)}
    assert set(by_name) == {"Jon Junior", "Sally Senior", "Lee Lower"}
    assert by_name["Sally Senior"].status == Outreach.Status.HANDED_OFF
    assert by_name["Sally Senior"].delivery.channel == "handoff"
    assert by_name["Lee Lower"].channel == Outreach.Channel.EMAIL
    assert by_name["Lee Lower"].delivery.status == "sent"
    assert len(_messages_to("lee.lower@leg.wa.example")) == 1
    assert result.created
    assert Action.objects.get(pk=action.pk).participants == 1


def test_a_company_with_email_is_emailed_by_us_with_reply_to_the_advocate(db):
    company = CompanyTargetFactory(name="Amazon", email="policy@amazon.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    [target] = action_targets(action=action).targets

    _send(action, [target])

    outreach = Outreach.objects.get(action=action)
    assert outreach.status == Outreach.Status.SENT
    assert outreach.esp_message_id == "0"
    [sent] = _messages_to("policy@amazon.example")
    assert sent.reply_to == ["Ana Reyes <ana@example.org>"]
    assert "Dear Amazon," in sent.body


def test_a_company_the_advocate_mails_themselves_gets_compose_links_and_no_email(db):
    company = CompanyTargetFactory(name="Comcast", email="policy@comcast.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    [target] = action_targets(action=action).targets

    result = _send(action, [target], own_mail={company.pk})

    outreach = Outreach.objects.get(action=action)
    assert (outreach.channel, outreach.status) == ("own_mail", "handed_off")
    assert _messages_to("policy@comcast.example") == []
    [line] = letters.letter_lines(action=action, person=result.person)
    hrefs = [href for _label, href in line.compose_links]
    assert hrefs[0].startswith("mailto:policy@comcast.example?subject=")
    assert hrefs[1].startswith("https://mail.google.com/mail/?view=cm")
    assert "outlook.live.com" in hrefs[2]


def test_a_company_with_only_a_contact_form_is_handed_off(db):
    company = CompanyTargetFactory(name="Google", email="", phone="")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)

    _send(action, action_targets(action=action).targets)

    outreach = Outreach.objects.get(action=action)
    assert (outreach.channel, outreach.status) == ("handoff", "handed_off")


def test_a_target_with_no_channel_gets_no_outreach(db):
    company = CompanyTargetFactory(name="Nobody Inc", email="", phone="", contact_url="")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)

    result = _send(action, action_targets(action=action).targets)

    assert result.unreachable == ["Nobody Inc"]
    assert not Outreach.objects.filter(action=action).exists()
    assert not result.created


# --- never twice -------------------------------------------------------------------


def test_sending_again_returns_the_first_letters_and_sends_nothing_new(officials):
    action = LetterActionFactory(target_levels=["us_senate"])
    action.targets.add(_lee_target(), CompanyTargetFactory(email="policy@co.example"))
    targets = action_targets(action=action, zip_code="98101").targets
    first = _send(action, targets)
    count = len(mail.outbox)

    again = _send(action, targets, advocate=ADVOCATE)

    assert not again.created
    assert {o.pk for o in again.outreaches} == {o.pk for o in first.outreaches}
    assert len(mail.outbox) == count
    assert Action.objects.get(pk=action.pk).participants == 1


def test_a_retried_company_send_never_mails_twice(db):
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)

    assert letters.letter_email_send(outreach_id=outreach.pk) is False
    letters.letter_dispatch(action_id=action.pk, person_id=outreach.person_id)

    assert len(_messages_to("policy@co.example")) == 1


def test_a_transient_send_error_is_raised_for_a_retry_and_a_permanent_one_fails(db):
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    target = action_targets(action=action).targets
    with mock.patch("campaigns.tasks.letter_dispatch.delay"):
        _send(action, target)
    outreach = Outreach.objects.get(action=action)

    with (
        mock.patch(
            "django.core.mail.EmailMessage.send",
            side_effect=AnymailAPIError("busy", status_code=503),
        ),
        pytest.raises(AnymailAPIError),
    ):
        letters.letter_email_send(outreach_id=outreach.pk)
    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.QUEUED

    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=AnymailAPIError("no", status_code=400)
    ):
        assert letters.letter_email_send(outreach_id=outreach.pk) is False
    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.FAILED
    assert letters.letter_email_send(outreach_id=outreach.pk) is False


# --- limits, office, rules ---------------------------------------------------------


def test_past_the_daily_limit_per_target_the_letter_is_handed_to_the_advocate(db, settings):
    settings.LETTER_MAX_PER_TARGET_PER_DAY = 1
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    targets = action_targets(action=action).targets
    _send(action, targets)

    _send(action, targets, advocate=Advocate(given_name="Bo", email="bo@example.org"))

    statuses = sorted(Outreach.objects.filter(action=action).values_list("channel", "status"))
    assert statuses == [("email", "sent"), ("own_mail", "handed_off")]
    assert len(_messages_to("policy@co.example")) == 1


def test_an_official_who_left_office_is_marked_and_the_advocate_told(officials):
    action = LetterActionFactory(target_levels=[])
    lee = _lee_target()
    action.targets.add(lee)
    targets = action_targets(action=action).targets
    Term.objects.filter(official_id=lee.official_id).update(is_current=False)

    result = _send(action, targets)

    outreach = Outreach.objects.get(action=action)
    assert outreach.status == Outreach.Status.LEFT_OFFICE
    assert outreach.delivery is None
    assert _messages_to("lee.lower@leg.wa.example") == []
    [receipt] = _messages_to("ana@example.org")
    assert "left office" in receipt.body
    assert result.created


def test_a_closed_action_takes_no_letters(db):
    action = LetterActionFactory(campaign__status="won")

    with pytest.raises(ActionClosed):
        _send(action, [])


def test_a_letter_without_the_personal_words_is_refused(db):
    company = CompanyTargetFactory()
    action = LetterActionFactory(target_levels=[], personal_min_length=10)
    action.targets.add(company)
    [target] = action_targets(action=action).targets

    with pytest.raises(LetterInvalid):
        _send(
            action,
            [target],
            personal="I am a nurse in Tacoma.",
            **{f"t{company.pk}": LetterDraft(company.pk, "Hi", "Dear Amazon, please act.")},
        )


# --- receipt -----------------------------------------------------------------------


def test_the_receipt_lists_each_letter_and_links_the_hand_offs(officials):
    action = LetterActionFactory(target_levels=["us_senate"], title="Pass the bill")
    action.targets.add(_lee_target())
    targets = action_targets(action=action, zip_code="98101").targets

    result = _send(action, targets)

    [receipt] = _messages_to("ana@example.org")
    assert "Pass the bill" in receipt.subject
    assert "Lee Lower: sent for you" in receipt.body
    assert receipt.body.count("YOUR TURN") == 2
    assert "/officials/letters/" in receipt.body
    assert letters.letter_receipt_url(action=action, person=result.person) in receipt.body


def test_outreaches_mirror_their_deliveries_status(officials):
    action = LetterActionFactory(target_levels=[])
    action.targets.add(_lee_target())
    with mock.patch("representatives.tasks.delivery_send.delay"):
        _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    assert outreach.status == Outreach.Status.QUEUED

    from representatives import services as representatives_services

    representatives_services.delivery_send(delivery_id=outreach.delivery_id)
    assert letters.letter_outreaches_sync() == 1

    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.SENT


def test_receipt_token_opens_only_its_own_letters(db):
    action = LetterActionFactory()
    person = PersonFactory()

    token = letters.letter_receipt_token(action_id=action.pk, person=person)

    assert letters.letter_receipt_for_token(token) == (action, person)
    with pytest.raises(letters.InvalidLetterToken):
        letters.letter_receipt_for_token(token + "x")


def test_an_official_who_leaves_office_before_the_send_is_marked_left_office(officials):
    action = LetterActionFactory(target_levels=[])
    lee = _lee_target()
    action.targets.add(lee)
    with mock.patch("representatives.tasks.delivery_send.delay"):
        _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    assert outreach.status == Outreach.Status.QUEUED
    Term.objects.filter(official_id=lee.official_id).update(is_current=False)

    from representatives import services as representatives_services

    representatives_services.delivery_send(delivery_id=outreach.delivery_id)
    assert letters.letter_outreaches_sync() == 1

    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.LEFT_OFFICE
    assert outreach.failed_at is not None
    assert _messages_to("lee.lower@leg.wa.example") == []
    [line] = letters.letter_lines(action=action, person=outreach.person)
    assert line.status == Outreach.Status.LEFT_OFFICE
    assert letters.letter_outreaches_sync() == 0


def test_a_company_preferring_own_mail_gets_compose_links_even_with_an_email(db):
    company = CompanyTargetFactory(
        name="Verizon", email="policy@verizon.example", prefers_own_mail=True
    )
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)

    result = _send(action, action_targets(action=action).targets)

    outreach = Outreach.objects.get(action=action)
    assert (outreach.channel, outreach.status) == ("own_mail", "handed_off")
    assert outreach.handed_off_at is not None
    assert _messages_to("policy@verizon.example") == []
    [line] = letters.letter_lines(action=action, person=result.person)
    assert line.compose_links[0][1].startswith("mailto:policy@verizon.example?")


def _slow_insert(obj, *, unique):
    from campaigns.services import _insert_unless_exists

    inserted = _insert_unless_exists(obj, unique=unique)
    time.sleep(0.2)
    return inserted


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_letters_sent_at_once_to_different_targets_count_the_person_once():
    from tests.campaigns.test_counting import _in_threads

    # Known already: a new person's insert would make the sends wait on each other.
    PersonFactory(email="ana@example.org")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(*(CompanyTargetFactory(email="") for _ in range(6)))
    targets = action_targets(action=action).targets

    def send(index: int) -> None:
        target = targets[index]
        draft = letters.letter_draft(action=action, target=target, advocate=ADVOCATE)
        letters.letter_send(
            action=action, data=LetterInput(advocate=ADVOCATE, drafts=[draft]), targets=[target]
        )

    # A pause after each insert widens the window in which the others check.
    with mock.patch("campaigns.letters._insert_unless_exists", side_effect=_slow_insert):
        assert _in_threads(len(targets), send) == []
    assert Outreach.objects.filter(action=action).count() == len(targets)
    assert Action.objects.get(pk=action.pk).participants == 1


# --- provider tracking of company letters -------------------------------------------


def _company_letter_sent(**target):
    company = CompanyTargetFactory(email="policy@co.example", **target)
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    _send(action, action_targets(action=action).targets)
    return Outreach.objects.get(action=action)


def _track(event_type: str, message_id: str) -> None:
    event = AnymailTrackingEvent(event_type=event_type, message_id=message_id)
    tracking.send(sender=object, event=event, esp_name="Test")


def test_a_company_letter_the_provider_delivered_is_marked_delivered(db):
    outreach = _company_letter_sent()

    _track("delivered", outreach.esp_message_id)

    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.DELIVERED
    assert outreach.delivered_at is not None


def test_a_company_letter_that_bounced_is_marked_and_a_late_delivered_does_not_undo_it(db):
    outreach = _company_letter_sent()

    _track("bounced", outreach.esp_message_id)
    _track("delivered", outreach.esp_message_id)

    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.BOUNCED
    assert outreach.failed_at is not None
    assert outreach.delivered_at is None


def test_a_tracking_event_for_an_unknown_message_changes_no_letter(db):
    outreach = _company_letter_sent()

    _track("bounced", "not-ours")
    assert letters.outreach_tracking_record(message_id="", event_type="bounced") == 0

    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.SENT


# --- a lost dispatch ---------------------------------------------------------------


def test_a_broker_that_is_down_loses_no_company_letter_and_raises_nothing(db):
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    down = KombuOperationalError("Error 111 connecting to redis:6379. Connection refused.")

    with mock.patch("campaigns.tasks.letter_dispatch.delay", side_effect=down):
        result = _send(action, action_targets(action=action).targets)

    assert result.created
    assert Outreach.objects.get(action=action).status == Outreach.Status.QUEUED
    assert mail.outbox == []


def test_the_sweeper_sends_letters_a_lost_dispatch_left_queued_and_mails_one_receipt(db):
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    with mock.patch("campaigns.tasks.letter_dispatch.delay"):
        _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    written = outreach.created_at

    assert letters.letters_sweep(now=written + timedelta(minutes=4)) == 0
    assert letters.letters_sweep(now=written + timedelta(minutes=6)) == 1

    outreach.refresh_from_db()
    assert outreach.status == Outreach.Status.SENT
    assert len(_messages_to("policy@co.example")) == 1
    assert len(_messages_to("ana@example.org")) == 1
    assert letters.letters_sweep(now=written + timedelta(minutes=12)) == 0


def test_a_dispatch_queued_again_after_the_first_ran_mails_nothing_twice(db):
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    result = _send(action, action_targets(action=action).targets)
    count = len(mail.outbox)

    tasks.letter_dispatch.delay(action.pk, result.person.pk, swept=True)

    assert len(mail.outbox) == count == 2


def test_a_letter_waiting_for_a_retry_is_left_to_its_retries_for_half_an_hour(db):
    company = CompanyTargetFactory(email="policy@co.example")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    with mock.patch("campaigns.tasks.letter_dispatch.delay"):
        _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    Outreach.objects.filter(pk=outreach.pk).update(last_error="SMTPServerDisconnected")

    assert letters.letters_sweep(now=outreach.created_at + timedelta(minutes=10)) == 0
    assert letters.letters_sweep(now=outreach.created_at + timedelta(minutes=31)) == 1


# --- status sync --------------------------------------------------------------------


def _letters_to_lee(action, count: int) -> list[Outreach]:
    with mock.patch("representatives.tasks.delivery_send.delay"):
        for n in range(count):
            advocate = Advocate(given_name=f"P{n}", email=f"p{n}@example.org", zip_code="98101")
            _send(action, action_targets(action=action).targets, advocate=advocate)
    return list(Outreach.objects.filter(action=action).order_by("pk"))


def test_the_sync_reaches_a_changed_letter_past_a_limit_of_letters_that_did_not_move(
    officials, settings
):
    from representatives import services as representatives_services

    settings.LETTER_MAX_PER_TARGET_PER_DAY = 100
    action = LetterActionFactory(target_levels=[])
    action.targets.add(_lee_target())
    *stale, last = _letters_to_lee(action, 4)
    for outreach in stale:
        representatives_services.delivery_send(delivery_id=outreach.delivery_id)
    assert letters.letter_outreaches_sync() == 3

    representatives_services.delivery_send(delivery_id=last.delivery_id)

    assert letters.letter_outreaches_sync(limit=2) == 1
    last.refresh_from_db()
    assert last.status == Outreach.Status.SENT


# --- telling the advocate when a queued letter does not arrive ----------------------


def _mayor_target() -> Target:
    """Mo Mayor, a city official who takes email."""
    return Target.objects.create(official=Official.objects.get(name="Mo Mayor"))


def test_letters_that_fail_after_the_receipt_bring_one_notice_with_what_to_do(officials):
    from representatives import services as representatives_services

    action = LetterActionFactory(target_levels=[], title="Pass the bill")
    lee, mayor = _lee_target(), _mayor_target()
    action.targets.add(lee, mayor)
    with mock.patch("representatives.tasks.delivery_send.delay"):
        result = _send(action, action_targets(action=action).targets)
    [receipt] = _messages_to("ana@example.org")
    assert "sent for you (" not in receipt.body
    assert receipt.body.count("on its way") == 2
    by_target = {o.target_id: o for o in Outreach.objects.filter(action=action)}
    Term.objects.filter(official_id=lee.official_id).update(is_current=False)
    representatives_services.delivery_send(delivery_id=by_target[lee.pk].delivery_id)
    representatives_services.delivery_send(delivery_id=by_target[mayor.pk].delivery_id)
    mayor_delivery = by_target[mayor.pk].delivery
    mayor_delivery.refresh_from_db()
    representatives_services.delivery_tracking_record(
        message_id=mayor_delivery.esp_message_id, event_type="bounced"
    )

    assert letters.letter_outreaches_sync() == 2
    assert letters.letter_outreaches_sync() == 0

    [_receipt, notice] = _messages_to("ana@example.org")
    assert "2 letters did not arrive: Pass the bill" in notice.subject
    assert "Lee Lower: they have left office" in notice.body
    assert "Mo Mayor: we could not deliver it." in notice.body
    assert representatives_services.handoff_path(mayor_delivery) in notice.body
    assert letters.letter_receipt_url(action=action, person=result.person) in notice.body
    assert action.get_absolute_url() in notice.body
    assert not Outreach.objects.filter(action=action, notified_at__isnull=True).exists()


def test_a_letter_is_noticed_once_whoever_claims_it_first(officials):
    action = LetterActionFactory(target_levels=[])
    action.targets.add(_lee_target())
    with mock.patch("representatives.tasks.delivery_send.delay"):
        _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    Outreach.objects.filter(pk=outreach.pk).update(status=Outreach.Status.FAILED)

    assert letters.letter_undelivered_send(outreach_ids=[outreach.pk]) is True
    assert letters.letter_undelivered_send(outreach_ids=[outreach.pk]) is False

    assert len(_messages_to("ana@example.org")) == 2


def test_a_notice_that_could_not_be_sent_gives_its_claim_back_for_the_retry(officials):
    action = LetterActionFactory(target_levels=[])
    action.targets.add(_lee_target())
    with mock.patch("representatives.tasks.delivery_send.delay"):
        _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    Outreach.objects.filter(pk=outreach.pk).update(status=Outreach.Status.BOUNCED)

    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionResetError),
        pytest.raises(ConnectionResetError),
    ):
        letters.letter_undelivered_send(outreach_ids=[outreach.pk])

    outreach.refresh_from_db()
    assert outreach.notified_at is None


def test_a_letter_the_receipt_already_called_undelivered_brings_no_notice(officials):
    action = LetterActionFactory(target_levels=[])
    lee = _lee_target()
    action.targets.add(lee)
    with (
        mock.patch("campaigns.tasks.letter_dispatch.delay"),
        mock.patch("representatives.tasks.delivery_send.delay"),
    ):
        result = _send(action, action_targets(action=action).targets)
    outreach = Outreach.objects.get(action=action)
    Term.objects.filter(official_id=lee.official_id).update(is_current=False)
    from representatives import services as representatives_services

    representatives_services.delivery_send(delivery_id=outreach.delivery_id)
    letters.letter_receipt_send(action_id=action.pk, person_id=result.person.pk)

    assert letters.letter_outreaches_sync() == 1
    [receipt] = _messages_to("ana@example.org")
    assert "left office" in receipt.body


def test_the_receipt_page_says_a_queued_letter_is_on_its_way_not_sent(officials, client):
    action = LetterActionFactory(target_levels=[])
    action.targets.add(_lee_target())
    with mock.patch("representatives.tasks.delivery_send.delay"):
        result = _send(action, action_targets(action=action).targets)

    page = client.get(letters.letter_receipt_url(action=action, person=result.person))

    assert "On its way" in page.content.decode()
    assert "Sent for you" not in page.content.decode()


def test_a_handed_off_letter_links_phones_as_digits_only_tel_uris(db):
    from django.template.loader import render_to_string

    company = CompanyTargetFactory(name="Google", email="", phone="+1 (800) 555-0100")
    action = LetterActionFactory(target_levels=[])
    action.targets.add(company)
    result = _send(action, action_targets(action=action).targets)

    lines = letters.letter_lines(action=action, person=result.person)
    html = render_to_string("campaigns/_letter_lines.html", {"lines": lines})

    assert 'href="tel:+18005550100"' in html
    assert "tel:+1 (800)" not in html


def test_gmail_and_outlook_compose_links_encode_spaces_as_percent_20():
    links = letters.compose_links(to="policy@x.example", subject="Please act", body="Dear all,")

    for _label, href in links:
        assert "Please%20act" in href
        assert "Dear%20all%2C" in href
        assert "+" not in href
