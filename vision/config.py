"""Site configuration: one YAML file validated by pydantic; errors name the key path."""

from __future__ import annotations

import logging
import os
import re
from datetime import date as date_type
from datetime import datetime, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vision.checks import CheckConfig, StaffCheckConfig, default_checks, move_legacy_rules

logger = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")

Point = Annotated[list[Annotated[float, Field(ge=0.0, le=1.0)]], Field(min_length=2, max_length=2)]


class ConfigError(Exception):
    """A config that cannot be used; `str()` is one line naming the key path and why."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


WeekHours = dict[Literal[WEEKDAYS], list[str]]  # type: ignore[valid-type]


def check_week(hours: dict[str, list[str]], where: str = "hours") -> dict[str, list[str]]:
    """Every span parses and no two spans of a day overlap."""
    for day, spans in hours.items():
        parsed = sorted(parse_span(s, f"{where}.{day}") for s in spans)
        for (a0, a1), (b0, b1) in zip(parsed, parsed[1:], strict=False):
            if b0 < a1:
                raise ValueError(f"{where}.{day}: spans {a0:%H:%M}-{a1:%H:%M} and {b0:%H:%M}-{b1:%H:%M} overlap")
    return hours


class DayOverride(Strict):
    """A public holiday (closed), or a make-up working day (调休) with its own hours."""

    date: date_type
    kind: Literal["holiday", "workday"]
    hours: list[str] = Field(default_factory=list, description="workday spans; empty = the as_weekday's hours")
    as_weekday: Literal[WEEKDAYS] | None = Field(None, description="workday: use this weekday's hours")  # type: ignore[valid-type]
    name: str = ""

    @model_validator(mode="after")
    def _workday_hours(self) -> DayOverride:
        check_week({"x": self.hours}, f"days[{self.date}]")
        if self.kind == "workday" and not self.hours and self.as_weekday is None:
            raise ValueError(f"days[{self.date}]: a workday needs hours or as_weekday")
        return self


class CameraConfig(Strict):
    id: str = Field(..., min_length=1, description="unique camera id")
    source: str | int = Field(..., description="file path, rtsp:// / http:// URL, or USB device index")
    fps: float = Field(2.0, gt=0, le=30, description="frames analysed per second of video time")
    start_at: datetime | None = Field(
        None, description="files only: local wall time of the first frame (default: when the run starts)"
    )
    offline_after_s: float = Field(30.0, gt=0, description="stream down this long -> camera_offline")

    @property
    def is_file(self) -> bool:
        return isinstance(self.source, str) and "://" not in self.source


class WindowConfig(Strict):
    id: str = Field(..., min_length=1)
    name: str = Field("", description="display name shown on the pages, e.g. 'Window 1' in the hall's language")
    camera: str
    seat: list[Point] = Field(..., description="staff seat polygon, 0-1 image coordinates")
    counter: list[Point] = Field(..., description="counter polygon where the pause sign stands")
    customer: list[Point] | None = Field(None, description="where customers stand or sit in front of the counter "
                                         "(0-1 polygon); enables customer_unattended and phone_while_serving")
    staff_area: list[Point] | None = Field(None, description="the area behind the counter where this window's staff "
                                           "work (default: the seat); crowding and visiting count persons in it")
    posts: int = Field(1, ge=1, le=20, description="staff posts of this window: more people in its staff area is "
                       "crowding")
    anchor: Literal["torso", "bottom_center"] = Field(
        "torso", description="person point tested against the seat: torso (seated behind a counter) "
        "or box bottom-centre (standing, feet visible)"
    )
    staff: list[str] = Field(default_factory=list, description="roster: staff names of this window")
    checks: list[StaffCheckConfig] = Field(
        default_factory=default_checks,
        description="checks on the staff person besides presence (vision/checks/, docs/CHECKS.md): a name, or "
        "{kind: name, ...its settings}; default: the checks that are on by default")
    hours: WeekHours | None = Field(None, description="this window's own opening hours (default: the site's)")

    @field_validator("hours")
    @classmethod
    def _hours(cls, hours: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        return None if hours is None else check_week(hours)

    @field_validator("seat", "counter", "customer", "staff_area")
    @classmethod
    def _polygon(cls, points: list[list[float]] | None) -> list[list[float]] | None:
        if points is None:
            return None
        if len(points) < 3:
            raise ValueError(f"polygon needs at least 3 points, got {len(points)}")
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        area = 0.5 * abs(sum(xs[i] * ys[i - 1] - xs[i - 1] * ys[i] for i in range(len(points))))
        if area <= 1e-6:
            raise ValueError("polygon has zero area")
        return points

    @property
    def label(self) -> str:
        return self.name or self.id

    @field_validator("checks")
    @classmethod
    def _one_each(cls, checks: list[CheckConfig]) -> list[CheckConfig]:
        kinds = [c.kind for c in checks]
        if len(set(kinds)) != len(kinds):
            raise ValueError(f"each check at most once, got {kinds}")
        return checks


class RulesConfig(Strict):
    absent_grace_s: float = Field(60.0, ge=0, description="seat empty without sign this long -> event")
    clear_s: float = Field(3.0, ge=0, description="condition must be gone this long to close an event")
    presence_debounce_s: float = Field(1.0, ge=0, description="seat occupancy must hold this long to change")
    min_staff_score: float = Field(0.4, ge=0, le=1, description="person confidence to count as staff")
    folded_staff_score: float = Field(0.25, ge=0, le=1, description=(
        "a person in the seat folded over the desk (face hidden, a shoulder seen) counts as staff from this "
        "confidence: the pose model is less sure of them (0.30-0.34 for the devset's sleepers)"))
    sign_k: int = Field(2, ge=1, description="consistent sign reads needed to change the sign state")
    interval_max_s: float = Field(300.0, gt=0, description="a state interval is sent at least this often")
    customer_wait_s: float = Field(30.0, ge=0, description="a customer waits this long at an unattended window -> "
                                   "customer_unattended event (windows with a customer zone)")
    customer_waits_when_paused: bool = Field(False, description="a customer waiting at a window with its pause sign "
                                             "out counts too (a hall that wants paused windows to send people on)")
    crowd_s: float = Field(120.0, ge=0, description="more people in the staff area than posts this long -> crowding")
    visiting_s: float = Field(60.0, ge=0, description="own seat empty while seen in another window's staff area "
                              "this long -> visiting")
    visit_link_s: float = Field(30.0, ge=0, description="an extra person appearing in another window's staff area "
                                "at most this long after a seat emptied is taken for that seat's staff")


class ModelsConfig(Strict):
    dir: str = Field("models", description="folder with the ONNX files (relative to the config file)")
    pose: str = "yolo11n-pose.onnx"
    objects: str = Field("yolo11n.onnx", description="COCO detector for phones")
    phone_imgsz: int = Field(320, ge=160, le=1280, multiple_of=32, description=(
        "the COCO phone detector's input for a person's crop (detectors/phone.py: PHONE_IMGSZ, why 320)"))
    phone: str | None = Field(None, description="a phone detector trained by `windowwatch train` (.onnx in the "
                              "models folder, its model card beside it) used instead of the COCO detector")
    imgsz: int = Field(640, ge=160, le=1920, multiple_of=32, description="input size of the whole-frame models")
    pose_on: Literal["frame", "windows"] = Field(
        "windows", description="pose model on the whole frame at imgsz, or on each window's region at window_imgsz "
        "(all windows of a frame in one batch)")
    window_imgsz: int = Field(320, ge=128, le=1280, multiple_of=32, description="pose input per window region")
    window_margin: float = Field(0.5, ge=0, le=3, description="a window's region: its seat and counter box grown by "
                                 "this share of its size on every side (context for people walking up)")
    gate_diff: float = Field(2.0, ge=0, description="a window region whose 24x24 grey thumbnail differs on average by "
                             "at most this much (0-255) from the models' last run keeps that run's results; 0 = off")
    gate_refresh_s: float = Field(10.0, gt=0, description="the models look at every window at least this often")
    conf: float = Field(0.25, gt=0, lt=1)
    threads: int = Field(2, ge=1, le=64)
    device: Literal["cpu", "cuda"] = Field("cpu", description="where the YOLO models run (cuda: onnxruntime-gpu's "
                                           "CUDA provider; the sign OCR stays on the CPU)")
    ocr_side: int = Field(480, ge=64, le=2000, description="longest side of the counter crop for OCR")
    badge: str | None = Field(None, description="calibrated badge model (.npz, `windowwatch calibrate-badge`)")
    badge_default: bool = Field(False, description=(
        "without a calibrated badge model, use the built-in white-tag reader anyway (no better than chance on the "
        "real footage measured, docs/ACCURACY.md); off: the badge check answers 'not calibrated' and raises nothing"))
    uniform: str | None = Field(None, description="calibrated uniform model (.npz, `windowwatch calibrate-uniform`)")
    uniform_default: Literal["off", "suit", "dark"] = Field("off", description=(
        "without a calibrated uniform model: 'suit' = a dark suit open over a light shirt, 'dark' = an all-dark "
        "uniform (navy or black jacket, fleece); 'off' = the uniform check answers 'not calibrated'"))


WEAK_TOKENS = {"change-me", "changeme", "secret", "token", "password", "worker", "windowwatch"}
MIN_TOKEN_CHARS = 12
TOKEN_ENV = "WINDOWWATCH_WORKER_TOKEN"


def check_token(token: str) -> str:
    """A bearer token must be a secret: at least 12 characters, not a published example."""
    if len(token) < MIN_TOKEN_CHARS or token.lower() in WEAK_TOKENS or len(set(token)) < 4:
        raise ValueError(f"token {token[:3]}… is too weak: use at least {MIN_TOKEN_CHARS} random characters, e.g. "
                         "python -c 'import secrets; print(secrets.token_urlsafe(24))'")
    return token


class ApiConfig(Strict):
    url: str = Field("http://127.0.0.1:8000", pattern=r"^https?://")
    token: str | None = Field(None, description=f"the worker token the API was given; or set ${TOKEN_ENV}")

    @field_validator("token")
    @classmethod
    def _strong(cls, token: str | None) -> str | None:
        return None if token is None else check_token(token)

    def worker_token(self) -> str:
        """The configured token, else $WINDOWWATCH_WORKER_TOKEN; ConfigError when neither is set or it is weak."""
        token = self.token or os.environ.get(TOKEN_ENV)
        if not token:
            raise ConfigError(f"api.token: missing: set it in the site config or in ${TOKEN_ENV}")
        try:
            return check_token(token)
        except ValueError as exc:
            raise ConfigError(f"api.token: {exc}") from None


class EvidenceConfig(Strict):
    """The frame strip stored beside each event's snapshot: frames from `before_s` before the event opened
    to `after_s` after it, one every `every_s`, kept small (frames scaled to `width` px while waiting)."""

    before_s: float = Field(4.0, ge=0, le=30)
    after_s: float = Field(4.0, ge=0, le=30)
    every_s: float = Field(1.0, gt=0, le=10)
    width: int = Field(480, ge=160, le=1920, description="frames are kept this wide (memory: ~width² × 0.5 bytes each)")
    enabled: bool = True


class Site(Strict):
    name: str = "WindowWatch site"
    timezone: str = "Asia/Shanghai"
    cameras: list[CameraConfig] = Field(..., min_length=1)
    windows: list[WindowConfig] = Field(..., min_length=1)
    hours: WeekHours = Field(..., description="opening hours per weekday, e.g. mon: ['08:30-12:00', '13:30-17:30']")
    days: list[DayOverride] = Field(default_factory=list, description="public holidays and make-up working days")
    rules: RulesConfig = RulesConfig()
    models: ModelsConfig = ModelsConfig()
    evidence: EvidenceConfig = EvidenceConfig()
    api: ApiConfig = ApiConfig()
    outbox_dir: str = Field("data/outbox", description="durable event spool (relative to the config file)")

    @model_validator(mode="before")
    @classmethod
    def _legacy_rules(cls, raw: object) -> object:
        """Settings that moved from `rules:` into the checks' own config are still read, for one release."""
        if isinstance(raw, dict) and isinstance(raw.get("rules"), dict) and isinstance(raw.get("windows"), list):
            raw = {**raw, "rules": dict(raw["rules"]), "windows": [dict(w) if isinstance(w, dict) else w
                                                                  for w in raw["windows"]]}
            move_legacy_rules(raw)
        return raw

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, tz: str) -> str:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {tz!r}") from None
        return tz

    @field_validator("hours")
    @classmethod
    def _hours(cls, hours: dict[str, list[str]]) -> dict[str, list[str]]:
        return check_week(hours)

    @model_validator(mode="after")
    def _cross_refs(self) -> Site:
        _unique([c.id for c in self.cameras], "cameras")
        _unique([w.id for w in self.windows], "windows")
        _unique([str(d.date) for d in self.days], "days", "date")
        known = [c.id for c in self.cameras]
        for i, window in enumerate(self.windows):
            if window.camera not in known:
                raise ValueError(f"windows[{i}].camera: unknown camera {window.camera!r} (known: {', '.join(known)})")
        return self

    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def windows_of(self, camera_id: str) -> list[WindowConfig]:
        return [w for w in self.windows if w.camera == camera_id]


def parse_span(text: str, where: str) -> tuple[time, time]:
    """'08:30-12:00' -> (08:30, 12:00); end must be after start ('24:00' is not accepted)."""
    match = _SPAN.match(text.strip())
    if not match:
        raise ValueError(f"{where}: {text!r} is not HH:MM-HH:MM")
    h0, m0, h1, m1 = (int(g) for g in match.groups())
    try:
        start, end = time(h0, m0), time(h1, m1)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a valid time span") from None
    if end <= start:
        raise ValueError(f"{where}: {text!r} ends before it starts")
    return start, end


def _unique(ids: list[str], where: str, key: str = "id") -> None:
    seen = set()
    for i, item in enumerate(ids):
        if item in seen:
            raise ValueError(f"{where}[{i}].{key}: duplicate {key} {item!r}")
        seen.add(item)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def format_validation_error(err: ValidationError) -> str:
    """First error as one line: 'windows[0].seat: polygon needs at least 3 points, got 2'."""
    first = err.errors()[0]
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    msg = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        msg = "unknown key"
    elif first["type"] == "missing":
        msg = "required key is missing"
    path = _loc(loc)
    if path and not msg.startswith(path.split("[")[0]):
        return f"{path}: {msg}"
    return msg


def load_site(path: str | Path) -> tuple[Site, Path]:
    """Read and validate a site YAML. Returns (site, folder that relative paths resolve from)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: top level must be a mapping of keys")
    try:
        site = Site.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc)) from None
    return site, path.resolve().parent


def resolve_path(base: Path, value: str) -> Path:
    """Expand ~ and $VARS; relative paths are taken from the config file's folder."""
    p = Path(os.path.expandvars(os.path.expanduser(value)))
    return p if p.is_absolute() else base / p
