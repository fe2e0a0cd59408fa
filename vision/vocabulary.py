"""The words the product uses, defined once: rule ids with their labels (zh, en) and severities, seat
states, review states and actions, false-alarm reasons, roles, label conditions. The API serves them
(/api/vocabulary) and the pages hold none of their own."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Literal

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Term:
    zh: str
    en: str


@dataclass(frozen=True)
class RuleTerm(Term):
    severity: Literal["high", "medium", "low"]


RULES: dict[str, RuleTerm] = {
    "absent_without_sign": RuleTerm("离岗未摆暂停牌", "Away without pause sign", "high"),
    "phone_use": RuleTerm("玩手机", "Phone use", "medium"),
    "sleeping": RuleTerm("睡岗打盹", "Dozing", "high"),
    "no_badge": RuleTerm("未佩戴工作牌", "No work badge", "low"),
    "no_uniform": RuleTerm("未穿工作装", "No uniform", "low"),
    "camera_offline": RuleTerm("摄像头离线", "Camera offline", "high"),
}
SEAT_STATES: dict[str, Term] = {  # vision.types.SeatState, plus the board's `offline` (camera down)
    "present": Term("在岗", "present"), "paused": Term("暂停服务", "paused"), "covered": Term("代岗", "covered"),
    "absent": Term("离岗", "absent"), "unknown": Term("未知", "unknown"), "offline": Term("摄像头离线", "offline"),
}
REVIEWS: dict[str, Term] = {"new": Term("待处理", "new"), "confirmed": Term("已确认", "confirmed"),
                            "false_alarm": Term("误报", "false alarm")}
REVIEW_ACTIONS: dict[str, Term] = {"confirm": Term("确认违规", "confirmed"), "false_alarm": Term("标记误报", "false alarm"),
                                   "comment": Term("备注", "comment"), "reopen": Term("撤销审核", "review undone")}
FALSE_ALARM_REASONS: dict[str, Term] = {
    "customer_in_seat": Term("群众坐在工作位", "customer in the seat"),
    "colleague_covering": Term("同事代岗", "colleague covering"),
    "sign_not_recognised": Term("暂停牌未识别", "sign not recognised"),
    "camera_view_blocked": Term("画面遮挡", "view blocked"),
    "outside_hours_or_break": Term("非工作时间/会议", "outside hours / meeting"),
    "other": Term("其他", "other"),
}
ROLES: dict[str, Term] = {"admin": Term("管理员", "admin"), "supervisor": Term("值班主管", "supervisor"),
                          "viewer": Term("查看", "viewer")}
LABEL_CONDITIONS = ("present", "paused", "phone_use", "sleeping", "no_badge", "no_uniform")  # labelled in clips

ROLE_NAMES = tuple(ROLES)
REVIEW_NAMES = tuple(REVIEWS)
REASON_NAMES = tuple(FALSE_ALARM_REASONS)
ACTION_NAMES = tuple(REVIEW_ACTIONS)


def as_json() -> dict:
    def terms(table: dict) -> dict:
        return {key: asdict(term) for key, term in table.items()}

    conditions = {c: asdict(SEAT_STATES[c] if c in SEAT_STATES else RULES[c]) for c in LABEL_CONDITIONS}
    return {"rules": terms(RULES), "seat_states": terms(SEAT_STATES), "reviews": terms(REVIEWS),
            "review_actions": terms(REVIEW_ACTIONS), "false_alarm_reasons": terms(FALSE_ALARM_REASONS),
            "roles": terms(ROLES), "label_conditions": conditions}
