"""
The printed handout of a routine: its public address, and that address as a QR code.

A handout leaves the site on paper and is kept for months, so it carries the routine's one
public address, `SITE_URL` (what the site's emails link to as well) and the routine's path in
the page's language; never the host the printing reader happened to use (an app server's own
name, a `www.` alias, plain http behind a misconfigured proxy). That also keeps the page
cacheable as it is: the cached page is the same for every host, whichever host made it (the
page cache's key already holds the host and the language, see routines/caching.py, so even a
per-host address would be safe; it would just be wrong on paper).
"""

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe


def public_address(path: str) -> str:
    """The address of `path` (a site path, e.g. the routine's URL) as readers outside reach it."""
    return settings.SITE_URL + path


def qr_svg(address: str) -> SafeString:
    """
    `address` as a QR code in inline SVG: one path, sized by CSS (no width or height, no style
    attribute, which the CSP would refuse), with a quiet zone of two modules. Medium error
    correction survives a crease or a smudge on a printed sheet; segno's SVG is safe to embed
    as it is (only the path's geometry depends on the address).
    """
    code = segno.make(address, error="m")
    return mark_safe(  # noqa: S308
        code.svg_inline(
            scale=1, border=2, omitsize=True, svgclass="handout__qr", lineclass=None
        ).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    )
