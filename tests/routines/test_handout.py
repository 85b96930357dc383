"""The printed handout's address: the routine's public address, whatever host served the page."""

import segno

from routines.handout import public_address, qr_svg


def test_the_handout_address_is_the_site_address_and_the_routines_path(settings):
    settings.SITE_URL = "https://library.example.org"
    assert public_address("/fr/routines/psoas/") == "https://library.example.org/fr/routines/psoas/"


def test_the_qr_code_is_segnos_own_code_of_the_address_as_inline_svg_without_style():
    address = "https://library.example.org/routines/psoas-release/"
    svg = str(qr_svg(address))
    expected = segno.make(address, error="m")
    assert f'viewBox="0 0 {expected.symbol_size(scale=1, border=2)[0]}' in svg
    path = expected.svg_inline(scale=1, border=2, omitsize=True, lineclass=None)
    assert path.split("<path", 1)[1] in svg  # the same modules
    assert "style=" not in svg and "<script" not in svg


def test_the_routine_page_carries_the_public_address_whichever_host_asked(
    client, make_routine, settings
):
    settings.SITE_URL = "https://library.example.org"
    settings.ALLOWED_HOSTS = ["internal-app-3", "library.example.org"]
    routine = make_routine("Slow neck turn")
    address = f"https://library.example.org{routine.get_absolute_url()}"
    for host in ("internal-app-3", "library.example.org"):
        html = client.get(routine.get_absolute_url(), HTTP_HOST=host).content.decode()
        assert address in html
        assert str(qr_svg(address)) in html
