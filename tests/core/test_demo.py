import io

import pytest
from django.core.management import CommandError, call_command

from core.demo import ORGANISATIONS
from core.models import Organisation

pytestmark = pytest.mark.django_db


def _snapshot() -> str:
    out = io.StringIO()
    call_command("dumpdata", "core.organisation", "auth.user", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_the_admin_and_organisations(settings, django_user_model):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())

    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("admin")
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Polaris",
        "International Justice Mission",
        "National Center on Sexual Exploitation",
        "Freedom United",
        "Human Trafficking Search",
    }
    assert all(o.website.startswith("https://") for o in Organisation.objects.all())


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    before = _snapshot()

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert _snapshot() == before
    assert "Organisation:" not in out.getvalue()


def test_seed_demo_repairs_an_edited_row_and_keeps_the_admins_password(settings, django_user_model):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    Organisation.objects.filter(slug="polaris").update(description="changed")
    admin = django_user_model.objects.get(username="admin")
    admin.set_password("a-better-password")
    admin.save()

    call_command("seed_demo", stdout=io.StringIO())

    assert Organisation.objects.get(slug="polaris").description == ORGANISATIONS[0]["description"]
    admin.refresh_from_db()
    assert admin.check_password("a-better-password")


def test_seed_demo_refuses_a_known_admin_password_without_debug(settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="known password"):
        call_command("seed_demo", stdout=io.StringIO())

    assert not django_user_model.objects.exists()
    call_command("seed_demo", "--no-admin", stdout=io.StringIO())
    assert Organisation.objects.count() == len(ORGANISATIONS)
