"""
The glossary: a page in every language, and on a routine page the first use of each term linked
to its entry, in the reader's language, with the routine's text escaped before anything is linked.
"""

import pytest
from django.utils.safestring import mark_safe

from routines.glossary import GlossaryLinks
from routines.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def links(language="en", url="/glossary/"):
    return GlossaryLinks(
        language=language,
        terms=[("psoas", ["psoas"]), ("hip-flexors", ["hip flexors", "hip flexor"])],
        url=url,
    )


def test_only_the_first_use_of_each_term_is_linked():
    glossary = links()
    first = glossary.link("The psoas is one of the hip flexors. The psoas again.")
    second = glossary.link("Psoas and hip flexor once more.")
    assert first == (
        'The <a class="glossary-link" href="/glossary/#psoas">psoas</a> is one of the '
        '<a class="glossary-link" href="/glossary/#hip-flexors">hip flexors</a>. The psoas again.'
    )
    assert second == "Psoas and hip flexor once more."


def test_text_is_escaped_before_it_is_linked():
    html = links().link('<script>alert("psoas")</script> <b title="psoas">psoas</b>')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;alert(&quot;" in html
    # The first "psoas" is inside what was a script: as text, it is the first use.
    assert html.count("<a ") == 1
    assert "&lt;b title=&quot;psoas&quot;&gt;psoas&lt;/b&gt;" in html


def test_a_term_is_never_linked_inside_a_tag_or_an_existing_link():
    html = links().link(mark_safe('<p title="psoas"><a href="/x/">psoas</a> and the psoas</p>'))
    assert '<p title="psoas">' in html
    assert '<a href="/x/">psoas</a>' in html
    assert 'and the <a class="glossary-link" href="/glossary/#psoas">psoas</a>' in html


def test_a_word_inside_another_word_or_an_entity_is_not_a_term():
    glossary = GlossaryLinks(
        language="en", terms=[("contraction", ["contraction"]), ("quot", ["quot"])], url="/g/"
    )
    assert glossary.link('A co-contraction, "quoted".') == ("A co-contraction, &quot;quoted&quot;.")


def test_a_term_with_an_apostrophe_is_found_in_the_escaped_text():
    glossary = GlossaryLinks(language="fr", terms=[("stretch", ["l'étirement"])], url="/fr/g/")
    assert glossary.link("Ce n'est pas l'étirement.") == (
        'Ce n&#x27;est pas <a class="glossary-link" href="/fr/g/#stretch">l&#x27;étirement</a>.'
    )


@pytest.mark.parametrize(
    ("prefix", "href", "word"),
    [
        ("", "/glossary/#co-contraction", "co-contraction"),
        ("/fr", "/fr/glossary/#hip-flexors", "fléchisseurs de la hanche"),
        ("/es", "/es/glossary/#hip-flexors", "flexores de cadera"),
    ],
)
def test_the_psoas_release_links_its_terms_in_the_readers_language(
    client, starter_library, prefix, href, word
):
    page = client.get(f"{prefix}/routines/psoas-release/").content.decode()
    assert f'<a class="glossary-link" href="{href}">{word}</a>' in page
    assert page.count(f'href="{href}"') == 1
    # Headings and the title are never linked.
    assert "glossary-link" not in page.split('id="routine-title"')[1].split("</h1>")[0]


def test_the_first_use_on_the_page_is_the_one_linked(client, starter_library):
    page = client.get("/routines/psoas-release/").content.decode()
    purpose = page.split('id="purpose-heading"')[1].split("</section>")[0]
    assert 'href="/glossary/#psoas"' in purpose
    assert 'href="/glossary/#psoas"' not in page.split('id="steps-heading"')[1]


def test_routine_text_that_looks_like_markup_stays_text_when_terms_are_linked(client, make_routine):
    GlossaryTerm.objects.create(slug="psoas", term="psoas", definition="A deep muscle.")
    routine = make_routine(
        purpose='<img src=x onerror=alert(1)> the psoas <a href="javascript:alert(2)">psoas</a>',
        cautions='"><script>alert(3)</script> psoas',
    )
    page = client.get(routine.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "<script>alert(3)" not in page
    assert 'href="javascript' not in page
    assert page.count('class="glossary-link"') == 1


def test_the_glossary_page_explains_each_term_in_the_readers_language(client, starter_library):
    english = client.get("/glossary/").content.decode()
    assert 'id="psoas"' in english and 'id="co-contraction"' in english
    assert "not the same as a stretch" in english
    french = client.get("/fr/glossary/").content.decode()
    assert "fléchisseurs de la hanche" in french and 'id="hip-flexors"' in french
    spanish = client.get("/es/glossary/").content.decode()
    assert "flexores de cadera" in spanish


def test_the_routine_page_query_count_does_not_grow_with_the_glossary(
    client, make_routine, django_assert_max_num_queries
):
    first = make_routine(purpose="The psoas and the hip flexors.")
    second = make_routine(purpose="The psoas and the hip flexors.")
    with django_assert_max_num_queries(100) as none:
        client.get(first.get_absolute_url())
    GlossaryTerm.objects.bulk_create(
        GlossaryTerm(slug=f"term-{n}", term=f"word{n}", definition="…") for n in range(30)
    )
    GlossaryTerm.objects.create(slug="psoas", term="psoas", definition="A deep muscle.")
    with django_assert_max_num_queries(len(none.captured_queries)):
        page = client.get(second.get_absolute_url()).content.decode()
    assert 'href="/glossary/#psoas"' in page


def test_an_edit_of_the_glossary_in_admin_reaches_the_cached_page(
    admin_client, client, make_routine
):
    term = GlossaryTerm.objects.create(slug="psoas", term="psoas", definition="A deep muscle.")
    routine = make_routine(purpose="The psoas lets go.")
    assert 'href="/glossary/#psoas"' in client.get(routine.get_absolute_url()).content.decode()
    response = admin_client.post(
        f"/admin/routines/glossaryterm/{term.pk}/change/",
        {"slug": "psoas", "term_en": "iliopsoas", "definition_en": "A deep muscle.",
         "position": 0},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(routine.get_absolute_url()).content.decode()
    assert 'href="/glossary/#psoas"' not in page
