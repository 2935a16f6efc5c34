import pytest
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from core.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox_mailer(settings):
    settings.OUTBOX_PAGE_ENABLED = True
    # The test run swaps every configured mailer for locmem; add the outbox back.
    settings.MAILERS = {**settings.MAILERS, "outbox": {"BACKEND": "core.mail.OutboxEmailBackend"}}


def _send(**overrides) -> EmailMultiAlternatives:
    fields = {
        "subject": "Confirm your signature",
        "body": "Open http://127.0.0.1:8000/confirm/abc/ to confirm.",
        "from_email": "hub@example.org",
        "to": ["ana@example.org"],
        "reply_to": ["team@example.org"],
        "headers": {"List-Unsubscribe": "<http://127.0.0.1:8000/u/abc/>"},
    } | overrides
    message = EmailMultiAlternatives(**fields)
    message.attach_alternative(
        "<p><a href='http://127.0.0.1:8000/confirm/abc/'>Confirm</a></p>", "text/html"
    )
    message.send(using="outbox")
    return message


def test_outbox_backend_keeps_the_whole_message():
    message = _send()

    kept = OutboxMessage.objects.get()
    assert kept.to == ["ana@example.org"]
    assert kept.reply_to == ["team@example.org"]
    assert kept.subject == "Confirm your signature"
    assert "confirm/abc" in kept.body_text
    assert "<a href=" in kept.body_html
    assert kept.headers == {"List-Unsubscribe": "<http://127.0.0.1:8000/u/abc/>"}
    # Callers read the ESP message id the same way whichever backend sent it.
    assert message.anymail_status.message_id == kept.message_id


def test_outbox_backend_rejects_header_injection():
    with pytest.raises(ValueError, match="linefeed or carriage return"):
        _send(subject="Hello\nBcc: victim@example.org")

    assert OutboxMessage.objects.count() == 0


def test_outbox_page_is_for_staff_only(client, django_user_model):
    _send()
    url = reverse("core:outbox_list")

    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("visitor", password="x"))
    assert client.get(url).status_code == 302


def test_outbox_page_lists_and_shows_messages_with_clickable_links(
    admin_client, django_assert_num_queries
):
    _send()
    _send(subject="Second message")

    with django_assert_num_queries(4):  # session, user, count, page
        listing = admin_client.get(reverse("core:outbox_list"))
    detail = admin_client.get(OutboxMessage.objects.first().get_absolute_url())

    assert "Second message" in listing.content.decode()
    assert '<a href="http://127.0.0.1:8000/confirm/abc/"' in detail.content.decode()


def test_outbox_html_version_is_sandboxed(admin_client):
    _send()

    response = admin_client.get(
        reverse("core:outbox_html", kwargs={"pk": OutboxMessage.objects.get().pk})
    )

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy
    assert "script-src" not in policy
    assert "default-src 'none'" in policy


def test_outbox_page_does_not_exist_when_disabled(admin_client, settings):
    settings.OUTBOX_PAGE_ENABLED = False

    assert admin_client.get(reverse("core:outbox_list")).status_code == 404
