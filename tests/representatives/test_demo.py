import io

import pytest
from django.core.management import call_command

from representatives.models import ContactChannel, DataImport, Term

pytestmark = pytest.mark.django_db


def test_demo_imports_officials_once_and_adds_the_white_house_channels(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    channels = list(ContactChannel.objects.order_by("pk").values())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert DataImport.objects.filter(source="congress-legislators").count() == 1
    assert Term.objects.current().filter(office__level="us_house").exists()
    president = Term.objects.current().get(office__title="President").official
    assert president.channels.filter(value="202-456-1111").exists()
    assert list(ContactChannel.objects.order_by("pk").values()) == channels
    assert "White House channel" not in out.getvalue()


def test_demo_says_where_to_put_the_datasets_when_they_are_missing(settings, tmp_path):
    settings.DEBUG = True
    settings.PUBLIC_DATA_DIR = tmp_path
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert "No public datasets" in out.getvalue()
    assert not DataImport.objects.exists()
