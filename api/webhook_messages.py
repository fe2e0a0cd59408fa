"""What a webhook sends, as the hall reads it: the rule's label, the window's display name, the staff on duty, local
time in the hall's timezone, how long the condition had held, and an absolute link; in the shape the receiver
takes (JSON, a plain group-bot text, DingTalk with its signature and @mentions, WeCom with mentioned_list)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from api.crud.windows import display_names, hall_timezone, staff_on
from api.db import WebhookRow
from api.schemas.events import EventPublic
from vision.vocabulary import MESSAGES, RULES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hall:
    """What the message says about the event's window beyond the event itself."""

    tz: ZoneInfo
    window: str
    staff: str  # '' when the roster has nobody for the window that day


def hall_of(session: Session, event: EventPublic) -> Hall:
    tz = hall_timezone(session)
    window = (display_names(session=session).get(event.window_id or "") or event.details.get("window_name")
              or event.window_id or event.camera_id)
    staff = staff_on(session, event.started_at.astimezone(tz).date()).get(event.window_id or "", "")
    return Hall(tz, str(window), staff)


def _held(event: EventPublic) -> str:
    """How long the condition had held when it was alerted (or when it ended)."""
    alerted = event.details.get("alerted_at")
    end = event.ended_at.timestamp() if event.ended_at else float(alerted) if alerted is not None else None
    if end is None:
        return "-"
    seconds = max(0.0, end - event.started_at.timestamp())
    return MESSAGES["minutes"].zh.format(n=round(seconds / 60)) if seconds >= 60 else \
        MESSAGES["seconds"].zh.format(n=round(seconds))


def text_message(event: EventPublic, base_url: str, hall: Hall) -> str:
    label = RULES[event.type].zh if event.type in RULES else event.type
    started = event.started_at.astimezone(hall.tz).strftime("%Y-%m-%d %H:%M:%S")
    return MESSAGES["webhook"].zh.format(window=hall.window, rule=label, staff=hall.staff or MESSAGES["no_staff"].zh,
                                         started=started, held=_held(event), link=f"{base_url}/events/{event.id}")


def payload(webhook: WebhookRow, event: EventPublic, base_url: str, hall: Hall | None, text: str | None = None) -> dict:
    """The body for `webhook`'s format: `text`, or the event's message (`hall` then says where it happened)."""
    if text is None:
        assert hall is not None
        text = text_message(event, base_url, hall)
    if webhook.format == "dingtalk":
        return {"msgtype": "text", "text": {"content": text},
                "at": {"atMobiles": list(webhook.mention_mobiles or []), "isAtAll": bool(webhook.mention_all)}}
    if webhook.format == "wecom":
        mentioned = list(webhook.mention_users or []) + (["@all"] if webhook.mention_all else [])
        return {"msgtype": "text", "text": {"content": text, "mentioned_list": mentioned,
                                            "mentioned_mobile_list": list(webhook.mention_mobiles or [])}}
    if webhook.format == "text":  # the plain text shape group bots accept
        return {"msgtype": "text", "text": {"content": text}}
    return {"event": event.model_dump(mode="json"), "text": text}


def signed_url(url: str, secret: str | None, now_ms: int) -> str:
    """DingTalk's 加签: timestamp (ms) and sign = base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")) added to
    the URL; unchanged without a secret."""
    if not secret:
        return url
    digest = hmac.new(secret.encode(), f"{now_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={now_ms}&sign={sign}"
