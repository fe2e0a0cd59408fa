"""`windowwatch` command line."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from api.reports.attendance import PeriodError
from calibration.setup_models import SetupError, ensure_models
from vision.checks import STAFF_CHECKS
from vision.config import ConfigError, load_site, resolve_path
from vision.outbox import Outbox, OutboxSender
from vision.runner import MemorySink, ModelsMissing, build_analysers, run_site
from vision.site_watch import SiteWatch
from vision.sources import SourceError
from vision.types import WindowObservation
from vision.vocabulary import ROLE_NAMES
from windowwatch.appearance_cli import add_parsers as add_appearance_parsers
from windowwatch.attendance_cli import ReportError
from windowwatch.calibrate_cli import add_parsers as add_calibration_parsers
from windowwatch.inspect_cli import add_inspect_parser
from windowwatch.train_cli import add_parsers as add_train_parsers

logger = logging.getLogger("windowwatch")


def timeline_line(obs: WindowObservation) -> str:
    """One replay line: position in the video, camera, window, state and the raw checks."""
    return json.dumps({
        "ts": round(obs.pos, 3), "camera": obs.camera_id, "window": obs.window_id, "state": obs.state.value,
        "staff_score": _round(obs.staff_score), "sign": obs.sign, "customers": obs.customers,
        "staff_count": obs.staff_count, "visiting": obs.visiting, "seen_at": obs.seen_at,
        **{k: v for check in STAFF_CHECKS
           for k, v in ((check, obs.found(check)), (f"{check}_score", _round(obs.score(check))))},
    }, ensure_ascii=False)


def first_error(exc: ValidationError) -> str:
    """'key.path: what is wrong' for the first error pydantic found."""
    error = exc.errors()[0]
    return f"{'.'.join(map(str, error['loc']))}: {error['msg'].removeprefix('Value error, ')}"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def cmd_setup(args: argparse.Namespace) -> int:
    for path in ensure_models(Path(args.models_dir)):
        print(f"ok  {path}")
    return 0


def cmd_check_config(args: argparse.Namespace) -> int:
    site, _ = load_site(args.config)
    print(f"ok  {args.config}: {len(site.cameras)} camera(s), {len(site.windows)} window(s)")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    site, base = load_site(args.config)
    sink = MemorySink()
    out: TextIO = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    with out:
        frames = run_site(site, base, build_analysers(site, base), sink,
                          lambda observations: out.writelines(timeline_line(o) + "\n" for o in observations))
    for event in sorted(sink.events.values(), key=lambda e: e.started_at):
        print(json.dumps({"type": event.type, "window": event.window_id, "camera": event.camera_id,
                          "start_pos": event.details["start_pos"],
                          "seconds": None if event.ended_at is None else round(event.ended_at - event.started_at, 1)}),
              file=sys.stderr)
    logger.info("replayed %d frames; %d events", frames, len(sink.events))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    site, base = load_site(args.config)
    analysers = build_analysers(site, base)
    outbox = Outbox(resolve_path(base, site.outbox_dir))
    sender = OutboxSender(outbox, site.api.url, site.api.worker_token())
    sender.start()
    stop = threading.Event()
    try:
        run_site(site, base, analysers, outbox, stop=stop, watch=SiteWatch(Path(args.config), site))
    except KeyboardInterrupt:
        stop.set()
        logger.info("interrupted; delivering what is spooled")
    if not sender.drain(args.drain_timeout):
        logger.warning("%d message(s) stay in %s and go out on the next start", len(outbox.pending()), outbox.folder)
    sender.stop()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from api.settings import Settings
    from windowwatch.server import serve_forever

    if args.config:
        load_site(args.config)  # refuse to start on a broken config
    try:
        settings = Settings.from_env(
            data_dir=args.data_dir, worker_tokens=args.token.split(",") if args.token else None,
            sync_tokens=args.sync_token.split(",") if args.sync_token else None,
            cookie_secure=True if args.cookie_secure else None, public_url=args.public_url,
            site_config=Path(args.config).resolve() if args.config else None)
    except ValidationError as exc:
        raise ConfigError(first_error(exc)) from None
    if not settings.worker_tokens:
        raise ConfigError("worker_tokens: none given: pass --token or set WINDOWWATCH_WORKER_TOKENS "
                          "(a secret of at least 12 characters per worker)")
    if args.workers > 1 and not settings.db_url.startswith("postgresql"):
        raise ConfigError("--workers: several API processes need PostgreSQL (DATABASE_URL=postgresql+psycopg://...)")
    serve_forever(settings, args.host, args.port, args.workers)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import date

    from api.settings import Settings
    from windowwatch.attendance_cli import build_report, write_report

    first = date.fromisoformat(args.first) if args.first else None
    last = date.fromisoformat(args.last) if args.last else None
    view = build_report(Settings.from_env(data_dir=args.data_dir), args.week, first, last, args.month, args.lang)
    written = write_report(view, args.format, Path(args.out) if args.out else None)
    report = view.report
    if written:
        print(f"wrote {written} ({report.first} to {report.last}, {len(report.by_window())} windows)", file=sys.stderr)
    return 0


def cmd_sync_calendar(args: argparse.Namespace) -> int:
    from windowwatch.attendance_cli import sync_calendar

    site, _ = load_site(args.config)
    token = args.token or os.environ.get("WINDOWWATCH_SYNC_TOKEN")
    if not token:
        raise ConfigError("sync token: missing: pass --token or set WINDOWWATCH_SYNC_TOKEN (one of the API's sync tokens)")
    added = sync_calendar(site, args.api or site.api.url, token)
    print(f"calendar sent to {args.api or site.api.url}; {added} roster entr{'y' if added == 1 else 'ies'} added")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    import getpass

    from sqlalchemy.orm import Session

    from api.crud.users import create_user
    from api.db import make_engine
    from api.settings import Settings

    password = os.environ.get(args.password_env, "") if args.password_env else getpass.getpass("password: ")
    engine = make_engine(Settings.from_env(data_dir=args.data_dir).db_url)
    try:
        with Session(engine) as session:
            create_user(session=session, username=args.username, password=password, role=args.role)
    except ValidationError as exc:
        print(f"windowwatch: {first_error(exc)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"windowwatch: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"user {args.username} ({args.role}) added")
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from api.db import make_engine
    from api.migrate import head
    from api.settings import Settings

    settings = Settings.from_env(data_dir=args.data_dir)
    make_engine(settings.db_url).dispose()  # migrates on connect
    print(f"database at revision {head()}: {settings.db_url.split('@')[-1]}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from windowwatch.demo import run_demo

    return run_demo(Path(args.data_dir), args.port, args.serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="windowwatch", description="Service-window monitoring.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup", help="put the ONNX models into the models folder")
    p.add_argument("--models-dir", default="models")
    p.set_defaults(func=cmd_setup)
    p = sub.add_parser("check-config", help="validate a site config")
    p.add_argument("--config", required=True)
    p.set_defaults(func=cmd_check_config)
    p = sub.add_parser("replay", help="analyse the site's files; one JSON line per frame per window")
    p.add_argument("--config", required=True)
    p.add_argument("--out", default="-", help="timeline.jsonl (default: stdout)")
    p.set_defaults(func=cmd_replay)
    p = sub.add_parser("run", help="analyse the cameras and deliver events to the API")
    p.add_argument("--config", required=True)
    p.add_argument("--drain-timeout", type=float, default=30.0, help="seconds to wait for delivery at the end")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("serve", help="run the API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data-dir", default=None, help="default: $WINDOWWATCH_DATA_DIR or ./data")
    p.add_argument("--token", default=None, help="worker token(s), comma-separated (or $WINDOWWATCH_WORKER_TOKENS)")
    p.add_argument("--sync-token", default=None,
                   help="token(s) for calendar/roster sync tools, comma-separated (or $WINDOWWATCH_SYNC_TOKENS)")
    p.add_argument("--cookie-secure", action="store_true",
                   help="send login cookies over HTTPS only (or WINDOWWATCH_COOKIE_SECURE=1)")
    p.add_argument("--public-url", default=None, help="how people reach this server, for links in webhook messages")
    p.add_argument("--workers", type=int, default=1, help="API processes on this port (PostgreSQL only)")
    p.add_argument("--config", default=None, help="site YAML for the zone editor (/calibration/zones)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("report", help="attendance report for an ISO week, a month or a date range")
    p.add_argument("--week", help="ISO week, e.g. 2026-W47")
    p.add_argument("--month", help="a month, e.g. 2026-11")
    p.add_argument("--from", dest="first", help="first date (YYYY-MM-DD)")
    p.add_argument("--to", dest="last", help="last date, inclusive")
    p.add_argument("--format", choices=["csv", "xlsx", "html"], default="csv")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="headers and labels (default: zh)")
    p.add_argument("--out", help="file to write (default: stdout)")
    p.add_argument("--data-dir", default=None, help="API data folder (default: $WINDOWWATCH_DATA_DIR or ./data)")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("sync-calendar", help="send the site's opening hours, holidays and staff to the API")
    p.add_argument("--config", required=True)
    p.add_argument("--api", help="API URL (default: the config's api.url)")
    p.add_argument("--token", help="a sync token of the API (default: $WINDOWWATCH_SYNC_TOKEN)")
    p.set_defaults(func=cmd_sync_calendar)
    p = sub.add_parser("user-add", help="add a user account (admin, supervisor or viewer)")
    p.add_argument("--username", required=True)
    p.add_argument("--role", choices=ROLE_NAMES, required=True)
    p.add_argument("--password-env", help="read the password from this environment variable (default: prompt)")
    p.add_argument("--data-dir", default=None, help="API data folder (default: $WINDOWWATCH_DATA_DIR or ./data)")
    p.set_defaults(func=cmd_user_add)
    p = sub.add_parser("db", help="database schema: `db upgrade` migrates to the newest revision")
    p.add_argument("action", choices=["upgrade"])
    p.add_argument("--data-dir", default=None, help="API data folder (default: $WINDOWWATCH_DATA_DIR or ./data); "
                                                     "DATABASE_URL names a PostgreSQL database")
    p.set_defaults(func=cmd_db_upgrade)
    add_calibration_parsers(sub)
    add_appearance_parsers(sub)
    add_inspect_parser(sub)
    add_train_parsers(sub)
    p = sub.add_parser("demo", help="run the bundled sample site against an in-process API")
    p.add_argument("--data-dir", default="demo-data")
    p.add_argument("--port", type=int, default=0, help="API port (default: a free one)")
    p.add_argument("--serve", action="store_true", help="keep the API running after the demo")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        for chatty in ("httpx", "alembic"):  # a line per request or per migration step drowns what matters
            logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"windowwatch: config error: {exc}", file=sys.stderr)
        return 2
    except (SourceError, ModelsMissing, SetupError, ReportError, PeriodError) as exc:
        print(f"windowwatch: {exc}", file=sys.stderr)
        return 3

