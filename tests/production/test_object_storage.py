"""The CSP's media origin is the one botocore really puts in the URLs it signs (no network)."""

from urllib.parse import urlsplit

import pytest
from storages.backends.s3 import S3Storage

from somatics.object_storage import storage_origin

ENDPOINTS = [None, "https://account.r2.cloudflarestorage.com", "http://127.0.0.1:9000"]
STYLES = [None, "path", "virtual"]
REGIONS = [None, "us-east-1", "eu-west-3"]
# Every style on AWS in each kind of region, and on other services' endpoints.
CASES = [(None, style, region) for style in STYLES for region in REGIONS] + [
    (endpoint, style, "eu-west-3") for endpoint in ENDPOINTS[1:] for style in STYLES
]


@pytest.mark.parametrize(("endpoint", "style", "region"), CASES)
def test_storage_origin_is_where_botocore_sends_the_browser(endpoint, style, region):
    options = {
        "bucket_name": "somatics-media",
        "endpoint_url": endpoint,
        "addressing_style": style,
        "region_name": region,
        "signature_version": "s3v4",
        "querystring_auth": True,
    }
    storage = S3Storage(**options, access_key="key", secret_key="secret")  # noqa: S106

    url = urlsplit(storage.url("submissions/a.mp4"))

    assert f"{url.scheme}://{url.netloc}" == storage_origin(options)


def test_a_custom_domain_is_the_origin():
    options = {"bucket_name": "somatics-media", "custom_domain": "media.somaticstimes.org"}
    url = urlsplit(S3Storage(**options).url("posters/a.jpg"))

    assert f"{url.scheme}://{url.netloc}" == "https://media.somaticstimes.org"
    assert storage_origin(options) == "https://media.somaticstimes.org"
