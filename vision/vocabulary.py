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
    "phone_while_serving": RuleTerm("服务时玩手机", "Phone use while serving", "high"),
    "long_call_while_serving": RuleTerm("服务时长时间通话", "Long call while serving", "high"),
    "chin_in_hand": RuleTerm("手托腮", "Chin in hand", "low"),
    "leaning_back": RuleTerm("仰靠座椅", "Leaning far back", "low"),
    "customer_unattended": RuleTerm("群众无人接待", "Customer left waiting", "high"),
    "crowding": RuleTerm("扎堆聊天", "Crowding at a window", "medium"),
    "visiting": RuleTerm("串岗", "Visiting another window", "medium"),
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
REPORT_COLUMNS: dict[str, Term] = {  # attendance report columns (api/report_render.py), in their order
    "level": Term("层级", "level"), "key": Term("编号/姓名", "id / name"), "name": Term("窗口", "window"),
    "date": Term("日期", "date"), "staff_or_windows": Term("人员/窗口", "staff / windows"),
    "days": Term("排班天数", "days scheduled"),
    "scheduled_min": Term("应在岗(分)", "scheduled min"), "present_min": Term("在岗(分)", "present min"),
    "paused_min": Term("暂停(分)", "paused min"), "covered_min": Term("代岗(分)", "covered min"),
    "absent_min": Term("离岗(分)", "absent min"), "unknown_min": Term("无数据(分)", "unknown min"),
    "on_post_rate": Term("在岗率", "on-post rate"), "coverage": Term("监测覆盖率", "coverage"),
    "absences": Term("离岗次数", "absences"), "longest_absence_min": Term("最长离岗(分)", "longest absence min"),
    "late": Term("迟到", "late"), "early_5_min_met": Term("提前5分钟到岗", "5 min early"),
    "early_leave": Term("早退", "early leave"), "no_show": Term("缺勤", "no-show"),
    "first_arrival": Term("首次到岗", "first arrival"), "last_departure": Term("最后离岗", "last departure"),
    "covering_min": Term("替岗(分)", "covering min"),
}
VIOLATION_COLUMNS: dict[str, Term] = {  # the report's violations section (reviewed false alarms left out)
    "staff": Term("人员", "staff"), "window": Term("窗口", "window"), "rule": Term("违规类型", "violation"),
    "events": Term("次数", "events"), "minutes": Term("持续(分)", "minutes"),
}
REPORT_SECTIONS: dict[str, Term] = {"Windows": Term("窗口汇总", "Windows"), "Staff": Term("人员汇总", "Staff"),
                                    "Days": Term("每日明细", "Days"), "Violations": Term("违规统计", "Violations")}
REPORT_LEVELS: dict[str, Term] = {"window": Term("窗口", "window"), "staff": Term("人员", "staff"), "day": Term("日", "day")}
CHECK_NAMES: dict[str, Term] = {  # the checks (vision/checks), e.g. "not calibrated: badge, uniform" on the board
    "sign": Term("暂停牌", "pause sign"), "phone": Term("手机", "phone"), "sleep": Term("睡岗", "dozing"),
    "badge": Term("工作牌", "badge"), "uniform": Term("工作装", "uniform"), "chin_in_hand": Term("手托腮", "chin in hand"),
    "lean_back": Term("仰靠", "leaning back"),
}
BOX_KINDS: dict[str, Term] = {  # objects drawn in the labels page for `windowwatch train`, in class-id order
    "phone": Term("手机", "phone"), "head_down": Term("趴桌/低头", "head down"),
}
# snapshots and the zone editor
ZONE_COLOURS = {"seat": "#ff0000", "counter": "#28a0dc", "customer": "#ff9f1a", "staff": "#ffff00"}
LABEL_CONDITIONS = ("present", "paused", "phone_use", "sleeping", "no_badge", "no_uniform",  # labelled in clips
                    "phone_while_serving", "long_call_while_serving", "customer_unattended", "crowding", "visiting",
                    "chin_in_hand", "leaning_back")

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
            "roles": terms(ROLES), "label_conditions": conditions, "report_columns": terms(REPORT_COLUMNS),
            "violation_columns": terms(VIOLATION_COLUMNS),
            "report_sections": terms(REPORT_SECTIONS), "zone_colours": ZONE_COLOURS,
            "checks": terms(CHECK_NAMES), "box_kinds": terms(BOX_KINDS)}
