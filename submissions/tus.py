"""
The tus 1.0.0 protocol (https://tus.io/protocols/resumable-upload), core plus its creation,
expiration and termination extensions, spoken over `resumable.py`: the views parse headers,
call one function, and answer with the protocol's headers and statuses.

    OPTIONS uploads/        what this server speaks (no Tus-Resumable needed)
    POST    uploads/        creation: Upload-Length (refused past the size limit: 413), the
                            file's name in Upload-Metadata (not a video's: 415), a few open at
                            once per reader (429) -> 201 Location
    HEAD    uploads/<id>/   how far it got: Upload-Offset, Upload-Length, Upload-Expires
    PATCH   uploads/<id>/   a chunk at Upload-Offset (409 if that is not where it stands, 415
                            unless application/offset+octet-stream, 413 past the chunk size)
    DELETE  uploads/<id>/   termination

Only the signed-in reader who created an upload may touch it; for anyone else it does not exist
(404). These are not form posts, and Django's CSRF protection still covers them: the client
sends the CSRF token in the X-CSRFToken header beside the session cookie (CsrfViewMiddleware
checks it, and the Origin, on POST, PATCH and DELETE), so another site cannot drive a reader's
upload. Once whole and checked, the answer carries `Somatics-Kept-Video`: the signed token the
form sends with the rest, exactly as for a video kept from a failed attempt.
"""

import base64
import binascii

from allauth.account.models import EmailAddress
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from somatics.socket_body import body_readinto

from . import resumable
from .resumable import UploadRefused

VERSION = "1.0.0"
EXTENSIONS = "creation,expiration,termination"
CHUNK_TYPE = "application/offset+octet-stream"
KEPT_VIDEO_HEADER = "Somatics-Kept-Video"


@never_cache
def uploads(request):
    """Where uploads are created (POST) and the server describes itself (OPTIONS)."""
    try:
        if request.method == "OPTIONS":
            return _options()
        _check_version(request)
        if request.method != "POST":
            return _answer(405, Allow="OPTIONS, POST")
        if not _may_upload(request.user):
            raise UploadRefused(403, _("Please sign in and confirm your email address first."))
        length = _integer(request, "Upload-Length")
        metadata = _metadata(request.headers.get("Upload-Metadata", ""))
        upload = resumable.create(
            owner=request.user, length=length, filename=metadata.get("filename", "")
        )
        return _answer(
            201,
            Location=reverse("submissions:upload", kwargs={"upload_id": upload.pk}),
            **{"Upload-Offset": "0", "Upload-Expires": http_date(upload.expires_at.timestamp())},
        )
    except UploadRefused as refused:
        return _refused(refused)


@never_cache
def upload(request, upload_id):
    """One upload: how far it got (HEAD), its next chunk (PATCH), or its end (DELETE)."""
    try:
        if request.method == "OPTIONS":
            return _options()
        _check_version(request)
        if request.method not in ("HEAD", "PATCH", "DELETE"):
            return _answer(405, Allow="OPTIONS, HEAD, PATCH, DELETE")
        if not request.user.is_authenticated:
            raise UploadRefused(404)
        found = resumable.find(upload_id, owner=request.user)
        if request.method == "DELETE":
            resumable.terminate(found)
            return _answer(204)
        if request.method == "PATCH":
            if request.content_type != CHUNK_TYPE:
                raise UploadRefused(415)
            offset = _integer(request, "Upload-Offset")
            size = _integer(request, "Content-Length")
            if size > settings.RESUMABLE_CHUNK_BYTES:
                raise UploadRefused(413)
            found = resumable.append(
                found, offset=offset, readinto=body_readinto(request), size=size
            )
            return _answer(204, **_state(found, offset=True))
        return _answer(200, **_state(found, offset=True, length=True))
    except UploadRefused as refused:
        return _refused(refused)


def _may_upload(user) -> bool:
    """A signed-in reader whose email is confirmed, as the submission form asks."""
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


def _state(upload, *, offset=False, length=False) -> dict[str, str]:
    headers = {}
    if offset:
        headers["Upload-Offset"] = str(upload.offset)
    if length:
        headers["Upload-Length"] = str(upload.length)
    if upload.video_name:
        headers[KEPT_VIDEO_HEADER] = resumable.kept_video_token(upload)
    else:
        headers["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    return headers


def _check_version(request) -> None:
    if request.headers.get("Tus-Resumable") != VERSION:
        raise UploadRefused(412)


def _integer(request, header: str) -> int:
    value = request.headers.get(header, "")
    if not value.isdigit():
        raise UploadRefused(400, _("The request has no valid %(header)s.") % {"header": header})
    return int(value)


def _metadata(header: str) -> dict[str, str]:
    """Upload-Metadata: comma-separated `key base64(value)` pairs."""
    pairs = {}
    for item in filter(None, (part.strip() for part in header.split(","))):
        key, _space, value = item.partition(" ")
        try:
            pairs[key] = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise UploadRefused(400, _("The upload’s description could not be read.")) from None
    return pairs


def _options() -> HttpResponse:
    response = _answer(204, **{"Tus-Version": VERSION, "Tus-Extension": EXTENSIONS})
    response["Tus-Max-Size"] = str(settings.SUBMISSION_MAX_UPLOAD_BYTES)
    del response["Tus-Resumable"]
    return response


def _refused(refused: UploadRefused) -> HttpResponse:
    response = _answer(refused.status, content=refused.message)
    if refused.status == 412:
        response["Tus-Version"] = VERSION
    return response


def _answer(status: int, content: str = "", **headers: str) -> HttpResponse:
    response = HttpResponse(content, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = VERSION
    for name, value in headers.items():
        response[name] = value
    return response
