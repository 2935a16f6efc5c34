import polib
import pytest

from tests.conftest import BASE_DIR

CATALOGUE = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django"


def test_spanish_catalogue_is_complete():
    po = polib.pofile(str(CATALOGUE.with_suffix(".po")))

    assert len(po) > 0
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_spanish_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE.with_suffix(".po")))
    mo = polib.mofile(str(CATALOGUE.with_suffix(".mo")))

    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == source


def test_language_switch_keeps_the_current_page(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/organisations/"})

    assert response.status_code == 302
    assert response["Location"] == "/es/organizaciones/"


@pytest.mark.django_db
def test_email_is_written_in_the_recipients_language(mailoutbox):
    from django.utils import formats, timezone, translation

    from core import services

    services.email_check_send(to="ana@example.org", language="es")

    message = mailoutbox[0]
    assert message.subject == "Advocacy Hub: comprobación de correo"
    with translation.override("es"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"Enviado el {today}." in message.body
    html = message.alternatives[0].content
    assert '<html lang="es">' in html
    assert "comprobación" in html


@pytest.mark.django_db
def test_dates_and_numbers_follow_the_language(client, django_user_model):
    staff = django_user_model.objects.create_user("s", password="x", is_staff=True)
    client.force_login(staff)

    english = client.get("/styleguide/").content.decode()
    spanish = client.get("/es/styleguide/").content.decode()

    assert "1,234,567" in english
    assert "1.234.567" in spanish or "1\xa0234\xa0567" in spanish or "1 234 567" in spanish
    assert " de " in spanish.split("Fechas y números")[1][:200]


@pytest.mark.parametrize(
    ("active", "stored"), [("es", "es"), ("es-mx", "es"), ("en-gb", "en"), ("fr", "en")]
)
def test_a_new_subscriber_keeps_the_language_they_used(active, stored):
    from django.utils import translation

    from core.models import LanguageField

    field = LanguageField()
    with translation.override(active):
        assert field.get_default() == stored
    assert [code for code, _name in field.choices] == ["en", "es"]


def test_every_subscription_model_stores_the_subscribers_language():
    from django.apps import apps
    from django.conf import settings

    from core.models import LanguageField

    subscriber_models = [
        model
        for app in settings.LOCAL_APPS
        for model in apps.get_app_config(app).get_models()
        if model.__name__.endswith(("Subscription", "Subscriber")) or model.__name__ == "Person"
    ]

    def has_language(model) -> bool:
        return any(isinstance(f, LanguageField) for f in model._meta.get_fields())

    # A subscription may carry the language itself or through the subscriber it belongs to.
    missing = [
        model.__name__
        for model in subscriber_models
        if not has_language(model)
        and not any(
            f.many_to_one and f.name == "subscriber" and has_language(f.related_model)
            for f in model._meta.get_fields()
        )
    ]

    assert missing == [], "store the language with core.models.LanguageField"
