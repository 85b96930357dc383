"""django-allauth, adapted to the site: rate limits count by the reader's real address."""

from allauth.account.adapter import DefaultAccountAdapter

from .addresses import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        return client_ip(request)
