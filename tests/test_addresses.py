"""Rate limits count by the reader's address as our own proxies saw it, never as a client claims."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from somatics.addresses import client_ip


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "reader"),
    [
        # No proxy: the connection's address, whatever the header claims.
        (["10.0.0.2"], "203.0.113.7", None, "203.0.113.7"),
        (["10.0.0.2"], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Through our proxy: the address it appended, not what the client wrote before it.
        (["10.0.0.2"], "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        (["10.0.0.2"], "10.0.0.2", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # Two proxies of ours (a load balancer, then nginx), given as a network.
        (["10.0.0.0/24"], "10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # IPv6 readers, and a proxy on the same machine.
        (["127.0.0.1", "::1"], "::1", "2001:db8::5", "2001:db8::5"),
        # Garbage in the header is an address we do not trust: it counts as itself.
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "not-an-address"),
    ],
)
def test_the_readers_address(settings, trusted, remote, forwarded, reader):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(remote, forwarded)) == reader


def test_trusting_every_proxy_takes_the_first_address(settings):
    settings.TRUSTED_PROXIES = ["*"]
    assert client_ip(request_from("10.0.0.2", "203.0.113.7, 10.0.0.9")) == "203.0.113.7"


@pytest.mark.django_db
def test_sign_in_limits_count_each_reader_behind_the_proxy_apart(client, settings):
    """Behind nginx every request comes from 127.0.0.1: a shared count would lock all out."""
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    wrong = {"login": "reader@example.com", "password": "not-it"}

    def attempt(address):
        return client.post(reverse("account_login"), wrong, HTTP_X_FORWARDED_FOR=address)

    assert [attempt("203.0.113.7").status_code for _ in range(2)] == [200, 200]
    assert attempt("203.0.113.7").status_code == 429
    assert attempt("198.51.100.1").status_code == 200  # another reader is not locked out
    # Writing another address into the header does not get round the limit.
    assert (
        client.post(
            reverse("account_login"), wrong, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7"
        ).status_code
        == 429
    )
