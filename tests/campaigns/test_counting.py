"""The counter stays exact: concurrent signing on PostgreSQL, and any order of events."""

import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns import services
from campaigns.models import Petition, Signature
from campaigns.services import SignatureInput
from tests.campaigns.factories import PetitionFactory


def _input(email: str) -> SignatureInput:
    return SignatureInput(email=email, given_name="Ana", family_name="Silva")


def _confirmed(petition: Petition) -> tuple[int, int]:
    petition.refresh_from_db()
    return petition.confirmed_count, Signature.objects.filter(
        petition=petition, confirmed_at__isnull=False
    ).count()


def _in_threads(count: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_and_confirming_keeps_the_counter_equal_to_count(mailoutbox):
    petition = PetitionFactory()
    # Twelve people, each signing twice at once and confirming twice at once.
    emails = [f"signer{i}@example.org" for i in range(12)]

    def sign(index: int) -> None:
        services.petition_sign(petition=petition, data=_input(emails[index % len(emails)]))

    assert _in_threads(24, sign) == []
    assert Signature.objects.filter(petition=petition).count() == 12

    tokens = [
        services.signature_confirm_token(s)
        for s in Signature.objects.filter(petition=petition).select_related("person")
    ]

    def confirm(index: int) -> None:
        services.signature_confirm(token=tokens[index % len(tokens)])

    assert _in_threads(24, confirm) == []
    assert _confirmed(petition) == (12, 12)


ACTIONS = st.lists(
    st.tuples(st.sampled_from(["sign", "confirm", "close"]), st.integers(0, 4)),
    max_size=25,
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_any_order_of_signing_confirming_and_closing_counts_each_person_once(
    actions, django_capture_on_commit_callbacks
):
    petition = PetitionFactory()
    for kind, who in actions:
        email = f"p{who}@example.org"
        if kind == "sign":
            try:
                with django_capture_on_commit_callbacks(execute=False):
                    services.petition_sign(petition=petition, data=_input(email))
            except services.PetitionClosed:
                pass
        elif kind == "confirm":
            signature = (
                Signature.objects.filter(petition=petition, person__email=email)
                .select_related("person")
                .first()
            )
            if signature:
                services.signature_confirm(token=services.signature_confirm_token(signature))
        else:
            services.petition_close(petition_id=petition.pk)

    counter, count = _confirmed(petition)
    assert counter == count
    signed = {f"p{who}@example.org" for kind, who in actions if kind == "sign"}
    assert Signature.objects.filter(petition=petition).count() <= len(signed)
