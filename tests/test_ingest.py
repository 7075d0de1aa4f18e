from __future__ import annotations

import codecs
from pathlib import Path

import httpx
import pytest

from unspin.config import IngestOptions
from unspin.errors import InputError
from unspin.ingest import load, load_bytes
from unspin.ingest.decode import decode

ARTICLE_HTML = b"""<!doctype html><html><head><title>Talks resume | The Example Times</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2023-05-20T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Talks resume</h1>
<h2>News</h2><p>Negotiators from both countries met in Geneva on Friday and agreed to meet again next month,
according to a statement released by the foreign ministry late in the evening.</p>
<p>The statement gave no details of the agenda, but officials said trade would be discussed at length.</p>
<h2>Comment</h2><p>This is welcome, if overdue. Talking is always better than posturing, and both
governments have spent too long doing the latter while their citizens paid the price.</p></article>
<footer>Copyright 2023</footer></body></html>"""


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        ("Café — naïve".encode(), "Café — naïve", "utf-8"),
        (codecs.BOM_UTF8 + "Café".encode(), "Café", "utf-8"),
        (codecs.BOM_UTF16_LE + "Café – ok".encode("utf-16-le"), "Café – ok", "utf-16-le"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "Café", "utf-16-be"),
        ("Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "Café “quoted”", "cp1252"),
    ],
)
def test_ingest_decode_handles_common_encodings(data: bytes, expected: str, encoding: str) -> None:
    assert decode(data) == (expected, encoding)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"abc\x00def" * 10, "NUL"),
        (b"bad \x81\x8d\x90 bytes", "not valid UTF-8"),
    ],
)
def test_ingest_decode_refuses_non_text(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_ingest_refuses_empty_input(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        load_bytes(data, path="x.txt")


def test_ingest_refuses_input_over_the_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 3000)
    with pytest.raises(InputError, match="over the 0.0 MB limit|limit"):
        load(big, IngestOptions(max_bytes=10_000))


def test_ingest_missing_path_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        load(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_ingest_html_extracts_main_text_and_metadata() -> None:
    doc = load_bytes(ARTICLE_HTML, path="a.html")
    assert doc.text.startswith("# Talks resume\n")
    assert "## News" in doc.text and "## Comment" in doc.text
    assert "Home" not in doc.text  # navigation is not the article
    assert doc.meta["author"] == "Jane Doe"
    assert doc.meta["sitename"] == "The Example Times"
    assert doc.source.media_type == "text/html"


def test_ingest_html_title_without_the_site_name_before_it() -> None:
    # attribution/ page 105: og:title "LinkNaija | Nigeria's popular news platform: Nollywood Actress, …".
    html = ("<html><head><title>x</title>"
            "<meta property='og:site_name' content=\"LinkNaija | Nigeria's popular news platform\">"
            "<meta property='og:title' content=\"LinkNaija | Nigeria's popular news platform: Nollywood Actress, Kate "
            "Henshaw Is Looking Stunning In New Photos\"></head><body><article><p>Photos which were released online "
            "and are making the rounds on social media show the actress looking stunning.</p></article></body></html>")
    doc = load_bytes(html.encode(), path="a.html")
    assert doc.meta["title"] == "Nollywood Actress, Kate Henshaw Is Looking Stunning In New Photos"
    assert doc.text.startswith("# Nollywood Actress, Kate Henshaw Is Looking Stunning In New Photos\n")


@pytest.mark.parametrize("html", [b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                  b"<html><head><script>var x = 1;</script></head><body></body></html>"])
def test_ingest_html_without_main_text_is_refused(html: bytes) -> None:
    with pytest.raises(InputError, match="no main text"):
        load_bytes(html, path="page.html")


def test_ingest_broken_html_still_yields_text() -> None:
    broken = ARTICLE_HTML.replace(b"</p>", b"").replace(b"</article>", b"<div><span>")
    doc = load_bytes(broken, path="broken.html")
    assert "Negotiators from both countries" in doc.text


def _transport(status: int = 200, body: bytes = ARTICLE_HTML, content_type: str = "text/html; charset=utf-8"):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    return httpx.MockTransport(handler)


def test_ingest_url_fetches_through_the_transport() -> None:
    doc = load("https://news.example/a", transport=_transport())
    assert doc.source.url == "https://news.example/a"
    assert "Negotiators" in doc.text


@pytest.mark.parametrize(
    ("transport", "message"),
    [
        (_transport(status=404), "HTTP 404"),
        (_transport(body=b"x" * 5000, content_type="text/plain"), "limit"),
    ],
)
def test_ingest_url_errors_are_one_line(transport: httpx.MockTransport, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        load("https://news.example/a", IngestOptions(max_bytes=1000), transport=transport)
    assert "\n" not in str(info.value)


def test_ingest_url_unreachable_says_so() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(InputError, match="offline"):
        load("https://unreachable.example/", transport=httpx.MockTransport(refuse))


def test_ingest_refuses_other_url_schemes() -> None:
    from unspin.ingest.fetch import fetch

    with pytest.raises(InputError, match="http"):
        fetch("file:///etc/passwd", timeout=1, max_bytes=10, user_agent="t")


RUSSIAN = ("Президент России заявил в понедельник, что переговоры с Пакистаном о поставках нефти продолжатся. "
           "Министр энергетики сообщил журналистам, что первая партия прибудет в порт Карачи в июне.")
GREEK = "Ο πρωθυπουργός δήλωσε τη Δευτέρα ότι οι διαπραγματεύσεις με την κυβέρνηση θα συνεχιστούν την επόμενη εβδομάδα."


@pytest.mark.parametrize(("text", "codec"), [(RUSSIAN, "koi8_r"), (RUSSIAN, "cp1251"), (GREEK, "cp1253")])
def test_ingest_decode_detects_legacy_encodings(text: str, codec: str) -> None:
    decoded, used = decode(text.encode(codec))
    assert decoded == text and used == codec


@pytest.mark.parametrize("data", ["Привет мир, это тест.".encode("koi8_r"), b"bad \x81\x8d\x90 bytes"])
def test_ingest_decode_refuses_what_it_cannot_detect(data: bytes) -> None:
    """Too short or garbled to tell: refused (with the way out), never analysed as mojibake."""
    with pytest.raises(InputError, match="not valid UTF-8.*--encoding"):
        decode(data)


def test_ingest_koi8r_file_is_analysed_as_russian(tmp_path: Path) -> None:
    from unspin import Analyzer

    path = tmp_path / "novosti.txt"
    path.write_bytes(RUSSIAN.encode("koi8_r"))
    doc = Analyzer(["structure", "language"])(str(path))
    assert doc.text.startswith("Президент") and doc.language == "ru" and doc.source.encoding == "koi8_r"
    assert any("detected as koi8_r" in n.message for n in doc.notes)


def test_ingest_readme_states_the_size_limit_the_code_applies() -> None:
    from unspin.config import IngestOptions

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    limit = IngestOptions().max_bytes
    assert f"a file over {limit / 1e6:g} MB" in readme and "50 MB" not in readme
