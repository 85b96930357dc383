"""Where uploads waiting for review live: `STORAGES["private"]`, never served by URL."""

from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private uploads: a folder outside MEDIA_ROOT, with no public address at all."""

    def url(self, name):
        raise ValueError("Private uploads have no public URL.")


def private_storage():
    """The storage of the `private` alias; callable so a field can name it in its migration."""
    return storages["private"]
