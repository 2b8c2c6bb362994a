import pytest
from django.utils.safestring import SafeString

from manual.rendering import render_manual, sanitise

pytestmark = pytest.mark.unit


def test_render_manual_takes_the_title_from_the_first_heading():
    page = render_manual("# How logging in works {#top}\n\nNo passwords.\n\n## Codes {#codes}\n\nTen minutes.")

    assert page.title == "How logging in works"
    assert page.lead == "No passwords."
    assert "<h1" not in page.html
    assert isinstance(page.html, SafeString)


def test_render_manual_gives_headings_their_explicit_ascii_ids():
    page = render_manual("# 登入方式\n\n## 用電子郵件登入 {#email-code}\n\n### 收不到 {#code-missing}\n\n文字")

    assert '<h2 id="email-code">用電子郵件登入</h2>' in page.html
    assert '<h3 id="code-missing">收不到</h3>' in page.html
    assert [(entry.id, entry.name) for entry in page.toc] == [("email-code", "用電子郵件登入")]
    assert [(child.id, child.name) for child in page.toc[0].children] == [("code-missing", "收不到")]


def test_render_manual_drops_ids_that_are_not_ascii_anchors():
    # Without {#...}, Python-Markdown's toc names a Chinese heading "_1": not an anchor we accept.
    page = render_manual("# 標題\n\n## 中文標題\n\n## <b>x</b> {#Bad_ID}")

    assert "<h2>中文標題</h2>" in page.html
    assert 'id="' not in page.html


def test_render_manual_turns_a_lone_image_into_a_figure_with_caption():
    page = render_manual('# T\n\n![The login page](/static/manual/screenshots/nothing-here.png "Log in with a code")')

    assert page.html == (
        '<figure><img alt="The login page" loading="lazy" src="/static/manual/screenshots/nothing-here.png">'
        "<figcaption>Log in with a code</figcaption></figure>"
    )


def test_render_manual_gives_existing_screenshots_their_size():
    page = render_manual("# T\n\n![Login](/static/manual/screenshots/login-en-phone.png)")

    assert page.html == (
        '<figure><img alt="Login" height="800" loading="lazy" src="/static/manual/screenshots/login-en-phone.png" '
        'width="360"></figure>'
    )


def test_render_manual_wraps_tables_so_they_scroll_on_a_phone():
    page = render_manual("# T\n\n| a | b |\n| --- | --- |\n| 1 | 2 |")

    assert page.html.startswith('<div class="table-scroll"><table>')
    assert page.html.endswith("</table>\n</div>")


def test_render_manual_joins_lines_broken_between_chinese_characters():
    page = render_manual("# T\n\n第一行\n第二行 and\nEnglish")

    assert page.html == "<p>第一行第二行 and\nEnglish</p>"


def test_render_manual_removes_script_tags_and_their_content():
    page = render_manual("# T\n\nHello <script>alert('x')</script> world\n\n<script>\nsteal()\n</script>")

    assert "script" not in page.html
    assert "alert" not in page.html
    assert "steal" not in page.html


def test_render_manual_removes_event_handlers():
    page = render_manual(
        '# T\n\n<img src="/static/manual/screenshots/x.png" onerror="alert(1)"> <b onmouseover="x()">b</b>'
    )

    assert "onerror" not in page.html
    assert "onmouseover" not in page.html
    assert "alert" not in page.html


def test_render_manual_removes_javascript_links():
    page = render_manual("# T\n\n[click me](javascript:alert(1)) and <a href='JaVaScRiPt:alert(2)'>two</a>")

    assert "javascript" not in page.html.lower()
    assert page.html == "<p><a>click me</a> and <a>two</a></p>"


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/x.png",
        "//evil.example/x.png",
        "/static/manual/../../secrets.png",
        "/static/other-app/x.png",
        "/media/x.png",
        "data:image/png;base64,AAAA",
        "/static/manual/x.svg",
    ],
)
def test_sanitise_keeps_only_the_manuals_own_images(src):
    assert sanitise(f'<img src="{src}" alt="x">') == '<img alt="x">'


def test_sanitise_keeps_what_a_manual_needs():
    html = (
        '<h2 id="log-in">Log in</h2><figure><img src="/static/manual/screenshots/a-en-phone.png" alt="A" '
        'width="360" height="800" loading="lazy"><figcaption>A</figcaption></figure>'
        '<div class="table-scroll"><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody>'
        '</table></div><p><a href="/manual/profile/#who-sees-what">profile</a></p>'
    )

    assert sanitise(html) == html


def test_sanitise_drops_other_classes_ids_and_styles():
    html = '<div class="evil table-scroll" style="position:fixed"><p id="x" class="y">t</p><h5 id="z">h</h5></div>'

    assert sanitise(html) == '<div class="table-scroll"><p>t</p><h5>h</h5></div>'


def test_manual_page_splits_the_introduction_from_the_sections():
    page = render_manual("# T\n\nFirst.\n\nSecond.\n\n## One {#one}\n\nText.")

    assert page.intro == "<p>First.</p>\n<p>Second.</p>\n"
    assert page.sections == '<h2 id="one">One</h2>\n<p>Text.</p>'
    assert page.intro + page.sections == page.html
