import polib

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
