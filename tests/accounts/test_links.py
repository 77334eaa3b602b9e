"""Single-use links (accounts.links, accounts.link_pages; SECURITY.md TK-1 … TK-8)."""

import datetime
import hashlib
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone

from accounts import link_pages, links
from accounts.models import SingleUseLink
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PURPOSE = "tests.spouse"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def issued(member):
    return links.issue(purpose=PURPOSE, target=member, email="spouse@example.org", lifetime=DAY)


def test_only_a_hash_of_a_256_bit_token_is_stored(issued):
    raw = issued.token.split(":")[0]
    assert len(raw) >= 43  # token_urlsafe(32): 32 random bytes
    stored = SingleUseLink.objects.get()
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(SingleUseLink.objects.values().get())


def test_a_link_is_scoped_to_its_purpose_target_and_email(issued, member):
    link = links.resolve(issued.token, purpose=PURPOSE)
    assert (link.target, link.email, link.purpose) == (member, "spouse@example.org", PURPOSE)


def test_resolving_never_consumes(issued):
    for _ in range(3):
        links.resolve(issued.token, purpose=PURPOSE)
    assert SingleUseLink.objects.get().used_at is None


def test_a_link_is_consumed_once(issued):
    links.consume(issued.token, purpose=PURPOSE)
    with pytest.raises(links.LinkRefused) as refused:
        links.consume(issued.token, purpose=PURPOSE)
    assert (refused.value.reason, refused.value.status) == (links.USED, 410)


def test_a_consumed_link_no_longer_resolves(issued):
    links.consume(issued.token, purpose=PURPOSE)
    with pytest.raises(links.LinkRefused):
        links.resolve(issued.token, purpose=PURPOSE)


def test_a_link_used_by_an_action_that_fails_stays_unused(issued):
    with pytest.raises(RuntimeError), transaction.atomic():
        links.consume(issued.token, purpose=PURPOSE)
        raise RuntimeError("the signature could not be recorded")
    assert links.resolve(issued.token, purpose=PURPOSE).used_at is None


def test_an_expired_link_is_refused(issued, time_machine):
    time_machine.move_to(timezone.now() + DAY + datetime.timedelta(seconds=1))
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(issued.token, purpose=PURPOSE)
    assert (refused.value.reason, refused.value.status) == (links.EXPIRED, 410)


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),   # signature changed
    lambda token: "x" + token,                                      # token changed
    lambda token: "made-up-token",
])
def test_a_tampered_or_made_up_token_is_unknown(issued, tamper):
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(tamper(issued.token), purpose=PURPOSE)
    assert (refused.value.reason, refused.value.status) == (links.UNKNOWN, 404)


def test_a_token_of_another_purpose_is_unknown(issued):
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(issued.token, purpose="tests.notary")
    assert refused.value.reason == links.UNKNOWN


def test_every_refusal_says_the_same_words():
    messages = {links.LinkRefused(reason).message for reason in
                (links.UNKNOWN, links.USED, links.EXPIRED, links.REVOKED, links.LOCKED)}
    assert messages == {links.LINK_REFUSED}


def test_revoking_ends_the_open_links_of_that_purpose_for_that_target_only(member):
    old = links.issue(purpose=PURPOSE, target=member, lifetime=DAY)
    other_purpose = links.issue(purpose="tests.notary", target=member, lifetime=DAY)
    other_member = links.issue(purpose=PURPOSE, target=MemberFactory(), lifetime=DAY)
    assert links.revoke(purpose=PURPOSE, target=member) == 1
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(old.token, purpose=PURPOSE)
    assert refused.value.reason == links.REVOKED
    links.resolve(other_purpose.token, purpose="tests.notary")
    links.resolve(other_member.token, purpose=PURPOSE)


def test_wrong_answers_lock_the_link_at_the_limit(issued):
    for attempt in range(1, 5):
        link = links.record_failure(issued.token, purpose=PURPOSE, limit=5)
        assert (link.failed_attempts, link.locked_at) == (attempt, None)
    assert links.record_failure(issued.token, purpose=PURPOSE, limit=5).locked_at is not None
    with pytest.raises(links.LinkRefused) as refused:
        links.resolve(issued.token, purpose=PURPOSE)
    assert refused.value.reason == links.LOCKED


# --- the pages -------------------------------------------------------------------------------------------------

PAGE = "/w/"


def opening(rf):
    request = rf.get(f"{PAGE}token/")
    request.user = AnonymousUser()
    return request


def test_opening_redirects_to_the_page_without_the_token_and_sends_no_referrer(rf, issued):
    response = link_pages.open_link(opening(rf), issued.token, purpose=PURPOSE, page=PAGE)
    assert response.status_code == 302 and response.url == PAGE and issued.token not in response.url
    assert response["Referrer-Policy"] == "no-referrer"


def test_opening_keeps_the_token_in_a_signed_httponly_cookie_scoped_to_the_page(rf, issued):
    response = link_pages.open_link(opening(rf), issued.token, purpose=PURPOSE, page=PAGE)
    cookie = response.cookies[link_pages.cookie_name(PURPOSE)]
    assert cookie["path"] == PAGE and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie.value != issued.token  # signed for this purpose's page


def test_opening_a_refused_link_sets_nothing(rf, issued):
    links.consume(issued.token, purpose=PURPOSE)
    with pytest.raises(links.LinkRefused):
        link_pages.open_link(opening(rf), issued.token, purpose=PURPOSE, page=PAGE)


def test_an_address_that_opens_too_many_links_is_throttled_whatever_the_token(rf, issued):
    for _ in range(30):
        with pytest.raises(links.LinkRefused):
            link_pages.open_link(opening(rf), "made-up-token", purpose=PURPOSE, page=PAGE)
    with pytest.raises(links.LinkRefused) as refused:
        link_pages.open_link(opening(rf), issued.token, purpose=PURPOSE, page=PAGE)
    assert (refused.value.reason, refused.value.status, refused.value.message) == (
        links.THROTTLED, 429, links.LINK_THROTTLED)


def test_the_page_reads_the_token_back_from_its_cookie(rf, issued):
    opened = link_pages.open_link(opening(rf), issued.token, purpose=PURPOSE, page=PAGE)
    request = rf.get(PAGE)
    request.COOKIES = {name: morsel.value for name, morsel in opened.cookies.items()}
    assert link_pages.token_from(request, purpose=PURPOSE) == issued.token


def test_a_tampered_or_missing_cookie_is_an_unknown_link(rf, issued):
    request = rf.get(PAGE)
    request.COOKIES = {link_pages.cookie_name(PURPOSE): issued.token}  # not signed by us
    with pytest.raises(links.LinkRefused) as refused:
        link_pages.token_from(request, purpose=PURPOSE)
    assert refused.value.reason == links.UNKNOWN
    with pytest.raises(links.LinkRefused):
        link_pages.token_from(rf.get(PAGE), purpose=PURPOSE)


def test_another_purposes_cookie_is_not_read(rf, issued):
    opened = link_pages.open_link(opening(rf), issued.token, purpose=PURPOSE, page=PAGE)
    request = rf.get(PAGE)
    request.COOKIES = {link_pages.cookie_name("tests.notary"): opened.cookies[link_pages.cookie_name(PURPOSE)].value}
    with pytest.raises(links.LinkRefused):
        link_pages.token_from(request, purpose="tests.notary")


def test_the_refused_page_reveals_nothing_about_the_link(rf):
    unknown = link_pages.refused(rf.get(PAGE), links.LinkRefused(links.UNKNOWN))
    used = link_pages.refused(rf.get(PAGE), links.LinkRefused(links.USED))
    assert (unknown.status_code, used.status_code) == (404, 410)
    assert unknown.content == used.content and links.LINK_REFUSED in unknown.content.decode()


def test_forgetting_deletes_the_cookie_on_its_path():
    response = link_pages.forget(HttpResponse(), purpose=PURPOSE, page=PAGE)
    cookie = response.cookies[link_pages.cookie_name(PURPOSE)]
    assert (cookie.value, cookie["path"], cookie["max-age"]) == ("", PAGE, 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_ten_concurrent_uses_exactly_one_gets_the_link():
    issued = links.issue(purpose=PURPOSE, target=MemberFactory(), lifetime=DAY)
    barrier, outcomes = threading.Barrier(10), []

    def use():
        barrier.wait()
        try:
            with transaction.atomic():
                links.consume(issued.token, purpose=PURPOSE)
            outcomes.append("used")
        except links.LinkRefused as refused:
            outcomes.append(refused.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["used"] + [links.USED] * 9)
    assert SingleUseLink.objects.filter(used_at__isnull=False).count() == 1


def test_supervisors_see_the_links_without_their_token_hash(client, issued):
    from tests.accounts.messaging_factories import staff_in

    client.force_login(staff_in("Supervisor"))
    page = client.get(f"/admin/accounts/singleuselink/{issued.link.pk}/change/").content.decode()
    assert "spouse@example.org" in page and issued.link.token_hash not in page
