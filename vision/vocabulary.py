"""The words the product shows a person, defined once: rule labels (zh, en) and severities, the reasons and
captions on snapshots, seat states, review states and actions, false-alarm reasons, roles, report headers,
label conditions. A check's own words are declared in its file (vision/checks/) and gathered here. The API
serves them (/api/vocabulary) and the pages hold none of their own."""

from __future__ import annotations

import logging
from dataclasses import asdict

from vision.checks import CHECK_RULES, CHECKS
from vision.terms import RuleTerm, Term

logger = logging.getLogger(__name__)

SEAT_RULES: dict[str, RuleTerm] = {
    "absent_without_sign": RuleTerm("离岗未摆暂停牌", "Away without pause sign", "high"),
}
ZONE_RULES: dict[str, RuleTerm] = {
    "customer_unattended": RuleTerm("群众无人接待", "Customer left waiting", "high"),
    "crowding": RuleTerm("扎堆聊天", "Crowding at a window", "medium"),
    "visiting": RuleTerm("串岗", "Visiting another window", "medium"),
}
CAMERA_RULES: dict[str, RuleTerm] = {"camera_offline": RuleTerm("摄像头离线", "Camera offline", "high")}
RULES: dict[str, RuleTerm] = {**SEAT_RULES, **{rule: r.term for rule, (_, r) in CHECK_RULES.items()}, **ZONE_RULES,
                              **CAMERA_RULES}
# one line on the snapshot saying what was seen; {score}: the rule's check, {customers}, {staff}: zone counts
REASONS: dict[str, Term] = {
    "absent_without_sign": Term("工作位无人，台面未见暂停服务牌", "nobody in the seat, no pause sign on the counter"),
    "customer_unattended": Term("群众区 {customers} 人等待，工作位无人",
                                "{customers} waiting at the counter, nobody in the seat"),
    "crowding": Term("工作区内 {staff} 人", "{staff} people in the staff area"),
    "visiting": Term("工作位无人，其人员出现在另一窗口工作区", "the seat is empty; its staff is seen at another window"),
    **{rule: r.reason for rule, (_, r) in CHECK_RULES.items() if r.reason is not None},
}
REPORT_WORDS: dict[str, Term] = {  # the attendance report page and file (api/reports/)
    "title": Term("考勤报告", "Attendance report"),
    "intro": Term("仅统计工作日历中的开放时间；无数据（摄像头离线等）单独列出，不计为离岗。"
                  "在岗率 =（在岗 + 代岗）/（应在岗 − 无数据）；监测覆盖率 = 有数据的时间 / 应在岗时间。",
                  "Only scheduled opening hours count; unknown time (camera offline, no data) is shown and never counted "
                  "as absence. On-post rate = (present + covered) / (scheduled − unknown); coverage = watched / scheduled."),
    "ranking": Term("各窗口在岗率", "On-post rate by window"), "per_day": Term("每日在岗情况", "Each day"),
    "windows": Term("窗口汇总", "Windows"), "staff": Term("人员汇总", "Staff"), "days": Term("每日明细", "Days"),
    "none": Term("此期间没有排班时间。", "No scheduled time in this period."),
    "week": Term("周", "Week"), "month": Term("月", "Month"), "show": Term("查看", "Show"), "print": Term("打印", "Print"),
    "download": Term("下载", "Download"), "yes": Term("是", "yes"),
    "violations": Term("违规统计", "Violations"),
    "counted_confirmed": Term("计入：已确认的告警（在开放时间内且有画面的时长）；待审核与误报另列。",
                              "Counted: confirmed alerts (their minutes in opening hours while watched); pending "
                              "alerts and false alarms are shown apart."),
    "counted_pending": Term("计入：已确认与待审核的告警（在开放时间内且有画面的时长）；误报另列。",
                            "Counted: confirmed and pending alerts (their minutes in opening hours while watched); "
                            "false alarms are shown apart."),
    "no_violations": Term("此期间没有违规告警。", "No violations in this period."),
    "no_rows": Term("无记录（人员来自排班名册）。", "Nothing to show (staff come from the roster)."),
    "too_little_data": Term("数据不足", "too little data"),
    "log_out": Term("退出", "Log out"), "coverage_short": Term("覆盖", "coverage"), "hours_unit": Term("小时", "h"),
}
PAGE_WORDS: dict[str, Term] = {  # the API's own small pages (api/errors.py, api/routers/pages.py)
    "back_to_board": Term("返回实时看板", "Back to the live board"),
    "not_found": Term("找不到此页面", "Page not found"), "not_found_text": Term("地址可能有误。", "The address may be mistyped."),
    "admins_only": Term("仅限管理员", "Admins only"),
    "admins_only_text": Term("此页面用于安装调试，需要管理员账号（您的角色：{role}）。",
                             "This calibration page needs an admin account (you are {role})."),
}
LIST_SEPARATOR = Term("、", ", ")  # between names in a list ("张敏、李强")
WINDOW_NAME = Term("{n}号窗口", "Window {n}")  # a window's usual display name
MESSAGES: dict[str, Term] = {  # sent to the hall's group chats (api/webhooks.py)
    "webhook": Term("【WindowWatch】{window}：{rule}。在岗人员：{staff}；开始于 {started}，已持续 {held}。查看：{link}",
                    "[WindowWatch] {window}: {rule}. Staff on duty: {staff}; since {started}, for {held}. See: {link}"),
    "no_staff": Term("未排班", "not on the roster"),
    "minutes": Term("{n} 分钟", "{n} min"), "seconds": Term("{n} 秒", "{n} s"),
    "test": Term("【WindowWatch】测试消息：webhook「{name}」已连通，告警将发到这里。实时看板：{link}",
                 "[WindowWatch] Test message: webhook '{name}' is connected; alerts will arrive here. Live board: {link}"),
}
CAPTIONS: dict[str, Term] = {  # snapshot titles
    "title": Term("{window} · {rule} · 自 {since} 起", "{window} · {rule} · since {since}"),
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
REPORT_COLUMNS: dict[str, Term] = {  # attendance report columns (api/reports/render.py), in their order
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
VIOLATION_COLUMNS: dict[str, Term] = {  # the report's violations section: what it counts, then every review apart
    "staff": Term("人员", "staff"), "window": Term("窗口", "window"), "rule": Term("违规类型", "violation"),
    "events": Term("计入次数", "events counted"), "minutes": Term("计入时长(分)", "minutes counted"),
    "confirmed": Term("已确认", "confirmed"), "pending": Term("待审核", "pending"),
    "false_alarms": Term("误报", "false alarms"),
}
REPORT_SECTIONS: dict[str, Term] = {"Windows": Term("窗口汇总", "Windows"), "Staff": Term("人员汇总", "Staff"),
                                    "Days": Term("每日明细", "Days"), "Violations": Term("违规统计", "Violations")}
REPORT_LEVELS: dict[str, Term] = {"window": Term("窗口", "window"), "staff": Term("人员", "staff"), "day": Term("日", "day")}
CHECK_NAMES: dict[str, Term] = {name: c.term for name, c in CHECKS.items()}  # "not calibrated: badge, ..." on the board
BOX_KINDS: dict[str, Term] = {  # objects drawn in the labels page for `windowwatch train`, in class-id order
    "phone": Term("手机", "phone"), "head_down": Term("趴桌/低头", "head down"),
}
# snapshots and the zone editor
ZONE_COLOURS = {"seat": "#ff0000", "counter": "#28a0dc", "customer": "#ff9f1a", "staff": "#ffff00"}
# labelled in clips: the seat's states (absence is an empty seat without its sign) and every other window rule
LABEL_CONDITIONS = ("present", "paused", *CHECK_RULES, *ZONE_RULES)

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
