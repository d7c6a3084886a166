"""The review page in a real Chromium: search, open, "removed", teach, re-clean, and hostile markup."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from clipper import Archive

STORY = """Skip to content
Harbour reopens after storm
By Ana Lima
2 min read
The harbour reopened on Monday after a week of storms, the port authority said in a statement read out at the quay.
Take today's quiz and win a mug
Ferries run on the winter timetable until March, a spokesman for the operator added, and the night boats stay cancelled.
Share on Facebook
Comment 0
"""

SECOND = """Skip to content
Lighthouse keeper retires
By Tomas Berg
The last keeper of the northern lighthouse retired on Friday after thirty-one years, the coast guard said.
Take today's quiz and win a mug
The light has run on its own since the spring, and the keeper's house becomes a museum next year.
"""

PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brücke gesperrt</title>
<meta name="author" content="Jana Roth"><meta property="article:published_time" content="2024-03-02">
<style>h1 {{ color: darkblue }}</style></head>
<body><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article><h1>Brücke über den Fluss gesperrt</h1>
<p>Die alte Brücke über den Fluss bleibt nach einem Gutachten bis zum Sommer für Lastwagen gesperrt, teilte die Stadt am Montag mit.</p>
<p>Autos dürfen weiter fahren, doch die Stadt prüft jeden Monat, ob die Risse im Beton größer werden, sagte ein Sprecher des Bauamts.</p>
<p>Die Reparatur soll im Herbst beginnen und rund zwei Millionen Euro kosten, schätzen die Planer der Stadtverwaltung.</p>
</article><footer>© Stadtzeitung</footer></body></html>
"""


def make_archive(folder: Path, pages: Path) -> Path:
    pages.mkdir()
    (pages / "story.txt").write_text(STORY)
    (pages / "second.txt").write_text(SECOND)
    (pages / "bruecke.html").write_text(PAGE)
    archive = folder / "clips"
    with Archive(archive, create=True) as opened:
        for name, url in (
            ("story.txt", "https://www.harbour.example/news/1"),
            ("second.txt", "https://www.harbour.example/news/2"),
            ("bruecke.html", "https://stadtzeitung.example/bruecke"),
        ):
            summary = opened.add([str(pages / name)], url=url, workers=1)
            assert summary.added == 1, summary
    return archive


#: The pages docs/serve.md shows.
DOCS = {
    "search",
    "clipping",
    "taught",
    "reclean",
    "taught-layout",
    "kept-layout",
    "versions",
    "original",
    "hostile-clipping",
}


def shot(driver: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path)), path
    docs = os.environ.get("CLIPPER_DOCS_SCREENSHOTS")
    if (
        docs and name in DOCS
    ):  # CLIPPER_DOCS_SCREENSHOTS=docs/img pytest tests/serve: the PNGs in docs/serve.md
        driver.save_screenshot(str(Path(docs) / f"serve-{name}.png"))
    return path


def wait_for(driver: Any, css: str) -> Any:
    return WebDriverWait(driver, 15).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def click_and_wait(driver: Any, element: Any, css: str, key: str | None = None) -> Any:
    """Click `element` (or press `key` in it), wait for the next page to replace this one, then
    for `css` on it."""
    old = driver.find_element(By.TAG_NAME, "html")
    if key is not None:
        element.send_keys(key)
    else:
        element.click()
    WebDriverWait(driver, 15).until(lambda _: _gone(old))
    return wait_for(driver, css)


def _gone(element: Any) -> bool:
    """Whether `element`'s document has been replaced. Selenium's `staleness_of` expects a
    StaleElementReferenceException, but chromedriver asked in the middle of a navigation can
    answer "Node with given id does not belong to the document" instead: the same fact."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def requests_made(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call (the performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def removed_by_rule(driver: Any) -> dict[str, list[int]]:
    """The re-clean page's table: rule -> [lines before, lines after]."""
    return {
        row.find_elements(By.TAG_NAME, "td")[0].text: [
            int(td.text) for td in row.find_elements(By.TAG_NAME, "td")[1:]
        ]
        for row in driver.find_elements(By.CSS_SELECTOR, "#by-rule tbody tr")
    }


@pytest.fixture
def site(tmp_path: Path, live: Any) -> Any:
    archive = make_archive(tmp_path, tmp_path / "pages")
    return live(archive), archive


def test_search_read_removed_teach_reclean(site: Any, browser: Any, tmp_path: Path) -> None:
    server, archive = site
    driver = browser
    driver.get(server.url + "/")
    wait_for(driver, "#hits .hit")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#hits .hit")) == 3
    shot(driver, tmp_path, "search-all")

    # "/" focuses search; typing and Enter searches; the snippet marks the word.
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    assert driver.switch_to.active_element.get_attribute("id") == "q"
    driver.switch_to.active_element.send_keys("harbour")
    click_and_wait(driver, driver.switch_to.active_element, "#results-h", Keys.ENTER)
    assert "harbour" in driver.find_element(By.ID, "results-h").text
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#hits .hit h2")]
    assert titles == ["Harbour reopens after storm"]
    marks = driver.find_elements(By.CSS_SELECTOR, "#hits mark")
    assert marks and marks[0].text.lower() == "harbour"
    shot(driver, tmp_path, "search")

    # Facets: the German page by language, the harbour site by site.
    driver.get(server.url + "/?lang=de")
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#hits .hit h2")]
    assert len(titles) == 1 and "Brücke" in titles[0]
    driver.get(server.url + "/?site=harbour.example&author=Berg")
    titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#hits .hit h2")]
    assert titles == ["Lighthouse keeper retires"]

    # j/k choose a result, o opens it.
    driver.get(server.url + "/?site=harbour.example")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    body = driver.switch_to.active_element
    body.send_keys("j")
    chosen = driver.find_elements(By.CSS_SELECTOR, "#hits .hit.chosen h2")
    assert len(chosen) == 1
    want = chosen[0].text
    driver.switch_to.active_element.send_keys("k")
    chosen_after_k = driver.find_element(By.CSS_SELECTOR, "#hits .hit.chosen h2").text
    assert chosen_after_k != want
    driver.switch_to.active_element.send_keys("j")
    click_and_wait(driver, driver.switch_to.active_element, "article.clipping", "o")
    assert driver.find_element(By.ID, "title").text == want

    # The clipping page.
    driver.get(server.url + "/?q=harbour")
    driver.find_element(By.CSS_SELECTOR, "#hits a.open").click()
    wait_for(driver, "article.clipping")
    assert driver.find_element(By.ID, "title").text == "Harbour reopens after storm"
    assert driver.find_element(By.CSS_SELECTOR, "dd.byline").text == "By Ana Lima"
    text = driver.find_element(By.CSS_SELECTOR, ".text").text
    assert "port authority" in text and "Share on Facebook" not in text
    shot(driver, tmp_path, "clipping")

    # "What was removed": the lines in page order, removed ones with their rule, counts.
    driver.find_element(By.PARTIAL_LINK_TEXT, "What was removed").click()
    wait_for(driver, "ol.lines")
    items = driver.find_elements(By.CSS_SELECTOR, "ol.lines li")
    lines = [
        (i.get_attribute("class"), i.find_element(By.CSS_SELECTOR, ".line").text) for i in items
    ]
    assert lines[0] == ("removed", "Skip to content")
    order = [t for _, t in lines]
    assert order.index("Share on Facebook") > order.index("Take today's quiz and win a mug")
    assert ("kept", "Take today's quiz and win a mug") in lines
    rule_of = {
        i.find_element(By.CSS_SELECTOR, ".line").text: i.find_element(
            By.CSS_SELECTOR, ".rule code"
        ).text
        for i in items
        if i.get_attribute("class") == "removed"
    }
    assert rule_of["Share on Facebook"] == "promo.share"
    counts = driver.find_element(By.CSS_SELECTOR, "table.counts").text
    assert "promo.share 1" in counts and "navigation.skip 1" in counts
    shot(driver, tmp_path, "removed")

    # Teach: remove the quiz line on this site ...
    quiz = next(i for i in items if "quiz" in i.text)
    click_and_wait(driver, quiz.find_element(By.CSS_SELECTOR, "form.teach button"), "#taught")
    rules_file = archive / "rules" / "harbour.example.json"
    rules = json.loads(rules_file.read_text())
    assert [r["action"] for r in rules] == ["remove"]
    assert str(rules_file) in driver.find_element(By.ID, "taught").text
    # ... and keep the share line.
    share = next(
        i for i in driver.find_elements(By.CSS_SELECTOR, "ol.lines li") if "Share on" in i.text
    )
    click_and_wait(driver, share.find_element(By.CSS_SELECTOR, "form.teach button"), "#taught")
    rules = json.loads(rules_file.read_text())
    assert [r["action"] for r in rules] == ["remove", "keep"]
    shot(driver, tmp_path, "taught")

    # The rules file is shown.
    driver.get(server.url + "/rules/harbour.example")
    assert driver.find_element(By.ID, "rules-path").text == str(rules_file)
    assert "Take today" in driver.find_element(By.CSS_SELECTOR, "table.rules").text
    shot(driver, tmp_path, "rules")

    # Re-clean the site: both harbour clippings lose the quiz line, the share line comes back;
    # the preview stores nothing, the re-clean stores both as new versions.
    with Archive(archive) as opened:
        harbour = opened.search("harbour")[0].id
    driver.get(f"{server.url}/clip/{harbour}/removed")
    click_and_wait(driver, wait_for(driver, "#reclean-preview"), "#summary")
    assert "Nothing was stored" in driver.find_element(By.ID, "summary").text
    with Archive(archive) as opened:
        assert "quiz" in opened.get(harbour).text
    driver.get(f"{server.url}/clip/{harbour}/removed")
    click_and_wait(driver, wait_for(driver, "#reclean"), "#summary")
    summary = driver.find_element(By.ID, "summary").text
    assert "2 clippings" in summary and "2 changed" in summary
    assert driver.find_element(By.ID, "stored").text == "2 new versions stored"
    by_rule = removed_by_rule(driver)
    assert by_rule["site.remove-1"] == [0, 2]
    assert by_rule["promo.share"] == [1, 0]
    shot(driver, tmp_path, "reclean")

    # The stored version: the clipping page shows the share line and not the quiz line.
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Harbour reopens"), ".text")
    text = driver.find_element(By.CSS_SELECTOR, ".text").text
    assert "Share on Facebook" in text and "quiz" not in text
    assert driver.find_element(By.ID, "version").text.startswith("2 of 2, re-cleaned ")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "all versions"), "#versions")
    first, second = driver.find_elements(By.CSS_SELECTOR, "section.version-text .text")
    assert "quiz" in first.text and "Share on Facebook" not in first.text
    assert "quiz" not in second.text and "Share on Facebook" in second.text
    shot(driver, tmp_path, "versions")

    # A keep rule on a line the page layout left out (the German page's navigation, html.*):
    # teach it, re-clean from the page, and the clipping keeps the line.
    with Archive(archive) as opened:
        bridge = opened.search(lang="de")[0].id
    driver.get(f"{server.url}/clip/{bridge}/removed")
    wait_for(driver, "ol.lines")
    nav = next(
        i for i in driver.find_elements(By.CSS_SELECTOR, "ol.lines li") if "Politik" in i.text
    )
    assert nav.find_element(By.CSS_SELECTOR, ".rule code").text == "html.navigation"
    click_and_wait(driver, nav.find_element(By.CSS_SELECTOR, "form.teach button"), "#taught")
    rules = json.loads((archive / "rules" / "stadtzeitung.example.json").read_text())
    assert [r["action"] for r in rules] == ["keep"]
    shot(driver, tmp_path, "taught-layout")
    click_and_wait(driver, driver.find_element(By.ID, "reclean"), "#summary")
    assert driver.find_element(By.ID, "stored").text == "1 new versions stored"
    by_rule = removed_by_rule(driver)
    assert by_rule["html.navigation"] == [1, 0]
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Brücke"), ".text")
    text = driver.find_element(By.CSS_SELECTOR, ".text").text
    assert text.startswith("Start Politik") and "Lastwagen gesperrt" in text
    shot(driver, tmp_path, "kept-layout")
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "What was removed"), "ol")
    kept = [
        i.find_element(By.CSS_SELECTOR, ".line").text
        for i in driver.find_elements(By.CSS_SELECTOR, "ol.lines li.kept")
    ]
    assert kept[0] == "Start Politik"

    # The original page: in a sandboxed iframe with a CSP that loads nothing.
    driver.get(server.url + "/?lang=de")
    driver.find_element(By.CSS_SELECTOR, "#hits a.open").click()
    driver.find_element(By.PARTIAL_LINK_TEXT, "Original page").click()
    frame = wait_for(driver, "iframe.original")
    assert frame.get_attribute("sandbox") == ""
    driver.switch_to.frame(frame)
    assert "Brücke über den Fluss gesperrt" in driver.find_element(By.TAG_NAME, "h1").text
    driver.switch_to.default_content()
    shot(driver, tmp_path, "original")
    for name in ("search", "clipping", "removed", "reclean", "kept-layout", "original"):
        assert (tmp_path / f"{name}.png").stat().st_size > 1000


def test_writes_need_the_session_token(site: Any) -> None:
    server, archive = site
    client = server.app.test_client()
    with Archive(archive) as opened:
        cid = opened.search("harbour")[0].id
    form = {"clipping": cid, "line": "Comment 0", "action": "keep"}
    assert client.post("/teach", data=form).status_code == 403
    assert client.post("/teach", data={**form, "csrf": "guess"}).status_code == 403
    assert not (archive / "rules").exists()
    page = client.get(f"/clip/{cid}/removed").get_data(as_text=True)
    token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert client.post("/teach", data={**form, "csrf": token}).status_code == 303
    assert (
        json.loads((archive / "rules" / "harbour.example.json").read_text())[0]["action"] == "keep"
    )


def test_hostile_clipping_runs_nothing_and_loads_nothing(
    tmp_path: Path, browser: Any, beacon: Any, live: Any
) -> None:
    evil = beacon.url
    page = f"""<!doctype html><html><head><meta charset="utf-8">
<title>&lt;script&gt;window.pwned=1&lt;/script&gt; Storm &lt;img src=x onerror=alert(1)&gt;</title>
<script>window.pwned = 2; fetch("{evil}/inline-script");</script>
<script src="{evil}/external.js"></script>
<link rel="stylesheet" href="{evil}/style.css">
</head><body>
<h1>&lt;script&gt;window.pwned=1&lt;/script&gt; Storm &lt;img src=x onerror=alert(1)&gt;</h1>
<p>The storm &lt;script&gt;window.pwned=3&lt;/script&gt; closed the harbour for a week, and the ferries stayed in port until the wind dropped on Sunday night.</p>
<p>Read <a href="javascript:window.pwned=4">the javascript: link</a> and see <img src="{evil}/img.png" onerror="window.pwned=5; fetch('{evil}/onerror')"> the photo; the port authority said repairs would take a month at least.</p>
<iframe src="{evil}/frame.html"></iframe>
<p>Passengers with tickets for cancelled crossings get their money back, the operator said in a statement on its website.</p>
</body></html>"""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "evil.html").write_text(page)
    archive = tmp_path / "clips"
    with Archive(archive, create=True) as opened:
        assert opened.add([str(pages / "evil.html")], url="https://evil.example/x", workers=1).added
        cid = opened.search()[0].id
        title = opened.get(cid).title
    assert title and "<script>" in title  # the record holds the markup as text
    server = live(archive)
    driver = browser
    requests_made(driver)  # forget earlier tests' requests
    for path in ("/", "/?q=storm", f"/clip/{cid}", f"/clip/{cid}/removed", f"/clip/{cid}/original"):
        driver.get(server.url + path)
        wait_for(driver, "main")
        assert driver.execute_script("return typeof window.pwned") == "undefined", path
        assert driver.find_elements(By.CSS_SELECTOR, "main script, main img") == [], path
    driver.switch_to.frame(wait_for(driver, "iframe.original"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("<script>")
    driver.switch_to.default_content()
    shot(driver, tmp_path, "hostile-original")
    driver.get(f"{server.url}/clip/{cid}")
    assert driver.find_element(By.ID, "title").text == title
    shot(driver, tmp_path, "hostile-clipping")
    urls = requests_made(driver)
    assert urls and all(u.startswith((server.url, "data:", "about:")) for u in urls), urls
    assert beacon.hits == []
