"""
Where a browser fetches files from S3-compatible object storage, for the Content-Security-Policy.

Published posters and the signed URLs of private videos are loaded straight from the bucket, so
`img-src` and `media-src` must name its origin, and nothing wider: `*.amazonaws.com` would also
allow every other bucket on AWS. This repeats botocore's choice of host so that settings need
no boto3 client; tests/production/test_object_storage.py holds it to what botocore really does.
"""

import ipaddress
from urllib.parse import urlsplit


def storage_origin(options: dict) -> str:
    """The scheme://host of the URLs an `S3Storage` built with these OPTIONS hands out."""
    if options.get("custom_domain"):
        protocol = options.get("url_protocol") or "https:"
        return f"{protocol}//{options['custom_domain']}"
    bucket, style = options["bucket_name"], options.get("addressing_style")
    if options.get("endpoint_url"):
        endpoint = urlsplit(options["endpoint_url"])
        by_host = style == "virtual" and not _is_ip_address(endpoint.hostname)
        return f"{endpoint.scheme}://{f'{bucket}.' if by_host else ''}{endpoint.netloc}"
    region = options.get("region_name")
    regional = f"s3.{region}.amazonaws.com" if region and region != "us-east-1" else ""
    if style == "path":
        return f"https://{regional or 's3.amazonaws.com'}"
    if style == "virtual" and regional:
        return f"https://{bucket}.{regional}"
    return f"https://{bucket}.s3.amazonaws.com"


def _is_ip_address(host: str) -> bool:
    """A bucket cannot be a subdomain of an IP address: botocore falls back to path style."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
