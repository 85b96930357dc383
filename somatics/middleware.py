"""The site's own middleware."""

from django.middleware.gzip import GZipMiddleware

# What is worth compressing: pages, feeds, sitemaps, subtitles. Static files arrive already
# compressed from whitenoise, and videos and images are compressed by their own formats.
COMPRESSIBLE = ("text/", "application/atom+xml", "application/json", "application/xml")


class CompressPagesMiddleware(GZipMiddleware):
    """
    gzip for whole text responses only: never a streamed file, so a video keeps its length
    and byte ranges, and no CPU is spent squeezing what is already compressed.

    Django's GZipMiddleware pads each response with random bytes against BREACH, and CSRF
    tokens are masked per response, so compressing pages that carry a form is safe.
    """

    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
