"""Webhook messages as the hall reads them: its timezone, the rule's label (no ids), the window's display name, the
staff on duty, how long, an absolute link; DingTalk's signature and @mentions, WeCom's mentioned_list; a test
message per webhook; no webhook without a public address to link to."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from urllib.parse import unquote_plus
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from api.app import create_app
from api.db import WebhookRow
from api.schemas.events import EventPublic
from api.webhook_messages import Hall, payload, signed_url, text_message
from tests.support.auth import SYNC, WORKER, login, make_settings
from tests.support.receiver import Receiver

EVENT = EventPublic(id="evt-msg-0001", camera_id="c1", window_id="w1", type="phone_use",
                    started_at=datetime(2026, 11, 23, 11, 24, 4, tzinfo=UTC), ended_at=None,
                    details={"alerted_at": datetime(2026, 11, 23, 11, 25, 4, tzinfo=UTC).timestamp()},
                    status="open", received_at=datetime(2026, 11, 23, 11, 25, 5, tzinfo=UTC), snapshot_url=None)
HALL = Hall(ZoneInfo("Asia/Shanghai"), "1号窗口", "张敏")


def test_the_text_reads_as_the_hall_reads_it():
    text = text_message(EVENT, "https://ww.hall.example", HALL)
    assert text == ("【WindowWatch】1号窗口：玩手机。在岗人员：张敏；开始于 2026-11-23 19:24:04，已持续 1 分钟。"
                    "查看：https://ww.hall.example/events/evt-msg-0001")
    assert "phone_use" not in text and "11:24" not in text  # no rule id, no UTC


def test_chat_bot_shapes_carry_their_mentions():
    ding = WebhookRow(name="d", url="https://oapi.dingtalk.com/robot/send?access_token=x", format="dingtalk",
                      mention_mobiles=["13800000000"], mention_all=False)
    body = payload(ding, EVENT, "https://ww", HALL)
    assert body["msgtype"] == "text" and body["at"] == {"atMobiles": ["13800000000"], "isAtAll": False}
    wecom = WebhookRow(name="w", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", format="wecom",
                       mention_users=["zhangmin"], mention_mobiles=[], mention_all=True)
    text = payload(wecom, EVENT, "https://ww", HALL)["text"]
    assert text["mentioned_list"] == ["zhangmin", "@all"] and text["mentioned_mobile_list"] == []
    assert "event" in payload(WebhookRow(name="j", url="https://x", format="json"), EVENT, "https://ww", HALL)


def test_dingtalk_signature():
    """加签: sign = urlencode(base64(HMAC-SHA256(key=secret, msg=timestamp + "\\n" + secret)))."""
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "SECabc", 1764000000000)
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1764000000000&sign=")
    sign = base64.b64decode(unquote_plus(url.split("&sign=")[1]))
    assert sign == hmac.new(b"SECabc", b"1764000000000\nSECabc", hashlib.sha256).digest()
    assert signed_url("https://x/hook", None, 1) == "https://x/hook"


def test_webhooks_need_a_public_address_keep_their_secret_and_send_a_test(tmp_path):
    receiver = Receiver()
    try:
        unlinked = create_app(make_settings(tmp_path / "a", public_url="", webhook_allowed_hosts=["127.0.0.1"]))
        admin, csrf = login(unlinked, "admin")
        hook = {"name": "值班群", "url": receiver.url, "format": "dingtalk", "secret": "SECabc",
                "mention_mobiles": ["13800000000"]}
        refused = admin.post("/api/webhooks", json=hook, headers=csrf)
        assert refused.status_code == 422 and "WINDOWWATCH_PUBLIC_URL" in refused.text
        app = create_app(make_settings(tmp_path / "b", public_url="https://ww.hall.example",
                                       webhook_allowed_hosts=["127.0.0.1"]))
        admin, csrf = login(app, "admin")
        made = admin.post("/api/webhooks", json=hook, headers=csrf)
        assert made.status_code == 201 and made.json()["signed"] is True and "SECabc" not in made.text
        hook_id = made.json()["id"]
        edited = admin.put(f"/api/webhooks/{hook_id}", json={**hook, "secret": None, "name": "值班群2"}, headers=csrf)
        assert edited.json()["signed"] is True  # an edit without the secret keeps it
        result = admin.post(f"/api/webhooks/{hook_id}/test", headers=csrf).json()
        assert result == {"sent": True, "error": None}
        assert "测试消息" in receiver.posts[-1]["text"]["content"] and receiver.posts[-1]["at"]["atMobiles"]
        query = receiver.queries[-1]
        expected = hmac.new(b"SECabc", f"{query['timestamp']}\nSECabc".encode(), hashlib.sha256).digest()
        assert base64.b64decode(query["sign"]) == expected  # signed when sent
        # an alert: the hall's calendar gives the timezone, the roster the staff on duty
        client = TestClient(app)
        client.put("/api/calendar", json={"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-17:00"]}},
                   headers=SYNC).raise_for_status()
        client.post("/api/roster", json={"window_id": "w1", "staff": "张敏", "start_date": "2026-11-01",
                                         "end_date": "2026-11-30"}, headers=SYNC).raise_for_status()
        body = {"id": "evt-msg-0002", "camera_id": "c1", "window_id": "w1", "type": "absent_without_sign",
                "started_at": "2026-11-23T01:01:00Z", "details": {"window_name": "1号窗口",
                                                                  "alerted_at": 1795395720.0}}  # 09:02 local
        assert client.post("/api/events", data={"event": json.dumps(body)}, headers=WORKER).status_code == 201
        deliveries = admin.get(f"/api/webhooks/{hook_id}/deliveries").json()
        assert [d["event_id"] for d in deliveries] == ["evt-msg-0002"]
        with app.state.sessionmaker() as session:
            from api.db import DeliveryRow

            text = session.query(DeliveryRow).one().payload["text"]["content"]
        assert "1号窗口：离岗未摆暂停牌" in text and "张敏" in text and "09:01:00" in text and "已持续 1 分钟" in text
        assert "https://ww.hall.example/events/evt-msg-0002" in text
    finally:
        receiver.stop()
