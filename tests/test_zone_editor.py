"""The zone editor: API validation and a polygon drawn in real headless Chromium lands in the config."""

from __future__ import annotations

import shutil

import httpx
import pytest
import yaml

from api.settings import Settings
from tests.support.auth import PASSWORD, make_settings
from tests.support.browser import CHROMIUM, chromium_page, log_in_at
from tests.support.paths import REPO, SAMPLES
from windowwatch.server import BackgroundServer


@pytest.fixture()
def editor(tmp_path):
    config = tmp_path / "site.yaml"
    shutil.copy(SAMPLES / "site.yaml", config)
    shutil.copy(SAMPLES / "counter_scene.mp4", tmp_path / "counter_scene.mp4")
    settings = Settings(**{**make_settings(tmp_path / "data").model_dump(), "site_config": config})
    server = BackgroundServer(settings).start()
    yield server, config
    server.stop()


def admin(url: str) -> tuple[httpx.Client, dict]:
    client = httpx.Client(base_url=url)
    client.post("/api/auth/login", json={"username": "admin", "password": PASSWORD}).raise_for_status()
    return client, {"X-CSRF-Token": client.cookies["ww_csrf"]}


def test_api_validates_and_saves_zones(editor):
    server, config = editor
    client, csrf = admin(server.url)
    assert client.get("/api/site/cameras/hall-cam-1/frame", params={"t": 10}).headers["content-type"] == "image/jpeg"
    assert client.get("/api/site/cameras/nope/frame").status_code == 404
    bad = {"camera": "hall-cam-1", "seat": [[0.1, 0.1], [0.2, 0.2]], "counter": [[0, 0], [1, 0], [1, 1]]}
    r = client.put("/api/site/windows/w1", json=bad, headers=csrf)
    assert r.status_code == 422 and "polygon needs at least 3 points" in r.json()["detail"]
    r = client.put("/api/site/windows/w3", json={**bad, "camera": "cam-x", "seat": [[0, 0], [1, 0], [1, 1]]},
                   headers=csrf)
    assert r.status_code == 422 and "unknown camera 'cam-x'" in r.json()["detail"]
    assert yaml.safe_load(config.read_text())["windows"][0]["seat"] == [[0.06, 0.12], [0.44, 0.12], [0.44, 0.66],
                                                                         [0.06, 0.66]]  # nothing written
    supervisor = httpx.Client(base_url=server.url)
    supervisor.post("/api/auth/login", json={"username": "supervisor", "password": PASSWORD})
    assert supervisor.get("/api/site").status_code == 403


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_polygon_drawn_in_the_browser_is_saved_into_the_config(editor):
    server, config = editor
    with chromium_page(viewport={"width": 1200, "height": 900}) as page:
        log_in_at(page, server.url, "/calibration/zones", "admin")
        page.wait_for_function("() => document.getElementById('canvas').width === 960")  # the real frame loaded
        page.select_option("#window", "w2")
        page.check('input[name="zone"][value="seat"]')
        page.click("#clear")
        box = page.locator("#canvas").bounding_box()
        corners = [(0.60, 0.20), (0.90, 0.20), (0.90, 0.60), (0.60, 0.60)]
        for fx, fy in corners:
            page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        page.wait_for_selector("#message[data-state='dirty']")  # marked unsaved at once
        # drag the third corner from (0.90, 0.60) to (0.85, 0.65)
        page.mouse.move(box["x"] + 0.90 * box["width"], box["y"] + 0.60 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + 0.85 * box["width"], box["y"] + 0.65 * box["height"], steps=5)
        page.mouse.up()
        corners[2] = (0.85, 0.65)
        assert page.evaluate("() => edits.get('w2').seat.length") == 4  # the drag moved a corner, added none
        page.click("#save")
        page.wait_for_selector("#message[data-state='saved']")
        page.screenshot(path=str(REPO / "docs" / "screenshots" / "zones.png"))
    saved = next(w for w in yaml.safe_load(config.read_text())["windows"] if w["id"] == "w2")
    assert len(saved["seat"]) == 4
    for got, want in zip(saved["seat"], corners, strict=True):
        assert got == pytest.approx(list(want), abs=0.003)
    assert saved["counter"] == [[0.52, 0.45], [0.98, 0.45], [0.98, 0.70], [0.52, 0.70]]  # untouched
    assert (config.parent / "site.yaml.bak").is_file()


def test_saving_keeps_the_configs_comments_and_layout_and_delete_removes_a_window(editor):
    server, config = editor
    before = config.read_text(encoding="utf-8")
    client, csrf = admin(server.url)
    zones = {"camera": "hall-cam-1", "seat": [[0.1, 0.1], [0.3, 0.1], [0.3, 0.4]], "counter": [[0, 0.5], [1, 0.5], [1, 1]]}
    assert client.put("/api/site/windows/w1", json=zones, headers=csrf).status_code == 200
    after = config.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    assert abs(len(after.splitlines()) - len(before.splitlines())) <= 4  # not reflowed
    assert "seat: [[0.1, 0.1], [0.3, 0.1], [0.3, 0.4]]" in after  # a polygon on one line
    waiting = {**zones, "customer": [[0.1, 0.7], [0.4, 0.7], [0.4, 1.0]]}
    assert client.put("/api/site/windows/w1", json=waiting, headers=csrf).json()["customer"] == waiting["customer"]
    assert yaml.safe_load(config.read_text())["windows"][0]["customer"] == waiting["customer"]
    assert client.put("/api/site/windows/w1", json={**zones, "customer": []}, headers=csrf).json()["customer"] is None
    assert "customer" not in yaml.safe_load(config.read_text())["windows"][0]  # cleared in the editor: gone
    assert client.delete("/api/site/windows/w2", headers=csrf).status_code == 204
    assert [w["id"] for w in yaml.safe_load(config.read_text())["windows"]] == ["w1"]
    assert client.delete("/api/site/windows/w2", headers=csrf).status_code == 404


def mark(page, start: float, end: float) -> None:
    """Scrub to `start`, mark it, scrub to `end`, mark it (the selected window and condition)."""
    for t, button in ((start, "#mark-start"), (end, "#mark-end")):
        page.fill("#t", str(t))
        page.dispatch_event("#t", "change")
        page.click(button)


def open_labels(page, url: str) -> None:
    """The labels page as admin, the sample clip's 120 s loaded, window w1 chosen."""
    log_in_at(page, url, "/calibration/labels", "admin")
    page.wait_for_function("() => Number(document.getElementById('slider').max) === 120")
    page.select_option("#window", "w1")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_labels_made_while_scrubbing_are_saved_and_evaluable(editor):
    server, config = editor
    with chromium_page(viewport={"width": 1280, "height": 800}) as page:
        open_labels(page, server.url)
        page.select_option("#condition", "present")
        mark(page, 0, 20)
        mark(page, 75, 95)
        page.keyboard.press("ArrowRight")  # scrubbing by keyboard moves half a second
        assert page.input_value("#t") == "95.5"
        page.select_option("#condition", "paused")
        mark(page, 50, 75)
        page.wait_for_function("() => document.getElementById('frame').naturalWidth === 960")
        page.click("#save")
        page.wait_for_selector("#message[data-state='saved']")
        page.screenshot(path=str(REPO / "docs" / "screenshots" / "labels.png"))
    from calibration.labels import load_labels, rule_spans

    saved = load_labels(config.with_name("site.labels.json"))
    clip = saved.clips["hall-cam-1"]
    assert clip.duration == 120
    assert clip.windows["w1"] == {"present": [(0, 20), (75, 95)], "paused": [(50, 75)]}
    assert rule_spans(clip, "w1", "absent_without_sign") == [(20, 50), (95, 120)]  # matches the clip's script


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_boxes_drawn_in_the_labels_page_become_training_crops(editor, tmp_path):
    """Box mode: a phone drawn on window 1 at 10 s and a checked frame with nothing at 30 s are saved with the
    labels, and `windowwatch train`'s export turns them into window crops with YOLO labels."""
    server, config = editor
    with chromium_page(viewport={"width": 1280, "height": 800}) as page:
        open_labels(page, server.url)
        page.fill("#t", "10")
        page.dispatch_event("#t", "change")
        page.wait_for_function("() => document.getElementById('frame').naturalWidth === 960")
        page.check("#draw-boxes")
        page.select_option("#box-kind", "phone")
        box = page.locator("#boxes").bounding_box()
        page.mouse.move(box["x"] + 0.20 * box["width"], box["y"] + 0.40 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + 0.25 * box["width"], box["y"] + 0.47 * box["height"], steps=5)
        page.mouse.up()
        assert page.locator("#boxes rect.phone").count() == 1  # drawn over the frame
        page.fill("#t", "30")
        page.dispatch_event("#t", "change")
        assert page.locator("#boxes rect").count() == 0  # another second: its own boxes
        page.click("#nothing-here")
        assert page.locator("#frames tr").count() == 2
        page.click("#save")
        page.wait_for_selector("#message[data-state='saved']")
        page.screenshot(path=str(REPO / "docs" / "screenshots" / "labels_boxes.png"))
    from calibration.box_export import export_boxes
    from calibration.labels import load_labels
    from vision.config import load_site

    frames = load_labels(config.with_name("site.labels.json")).clips["hall-cam-1"].frames
    assert [(f.t, f.window, [b.kind for b in f.boxes]) for f in frames] == [(10, "w1", ["phone"]), (30, "w1", [])]
    assert frames[0].boxes[0].box == pytest.approx((0.20, 0.40, 0.25, 0.47), abs=0.003)
    site, base = load_site(config)
    assert export_boxes(site, base, load_labels(config.with_name("site.labels.json")), tmp_path / "hall") == 2
    assert len((tmp_path / "hall" / "labels" / "hall-cam-1_w1_000010.00.txt").read_text().splitlines()) == 1
