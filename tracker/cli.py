"""The command line: ``python -m tracker …`` / ``cramp-tracker …`` (files-and-cli.md).

Calls the same ``tracker`` functions as the pages, and never imports streamlit or plotly.
Exit status: 0 success, 2 bad input (nothing written; argparse errors too), 1 anything else.
Errors go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import crud
from db.engine import database_url
from db.files import PRIVATE_FILE_MODE, open_private_text
from db.migrate import current_revision, open_database
from tracker import serving
from tracker.core.errors import ImportRejected, InvalidEntry, StoreError, TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileCreate, ProfileRead
from tracker.core.thresholds import EARLIEST_ENTRY, FUTURE_TOLERANCE_S
from tracker.core.timeutil import (
    TimeOutOfRange,
    format_local,
    is_valid_timezone,
    local_date,
    local_day_bounds,
    local_range_bounds,
    parse_timestamp,
)
from tracker.core.words import counted
from tracker.entries import accounts
from tracker.entries.profile import (
    DEFAULT_PROFILE,
    ensure_profile,
    gestational_age_label,
    hydration_goal_ml,
    labour_rule,
    parse_labour_rule,
    update_profile,
)
from tracker.files import backup, contraction_timer_app, csvio, demo
from tracker.flags import Flag, service
from tracker.report.catalog import SECTION_LABELS
from tracker.report.style import PAPERS

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
CONTRACTION_TIMER = "contractiontimer"
APP_SCRIPT = "app.py"
PROFILE_OPTIONS = {
    "sex": "--sex",
    "birth_year": "--birth-year",
    "due_date": "--due-date",
    "births_before": "--births-before",
    "history": "--history",
    "timezone": "--timezone",
    "units": "--units",
    "hydration_goal_ml": "--hydration-goal-ml",
    "labour_interval_min": "--labour-rule",
    "labour_duration_s": "--labour-rule",
    "labour_sustained_min": "--labour-rule",
}
"""Profile fields and the ``profile set`` option that sets each (problems name the option)."""
NONE_WORDS = frozenset({"none", ""})
"""What clears an optional profile field in ``profile set``."""
LAST_DAY = date(9998, 12, 31)
"""The last day ``export --to`` takes: its local end must exist in every zone (``datetime``
ends with the year 9999)."""
FLAGS_DEFAULT_DAYS = 14
FLAGS_MAX_DAYS = 100 * 366
"""``flags --days``: the listing window (red-flags.md, default 14 days) and a typo guard."""
INSIGHTS_DEFAULT_DAYS = 30
"""``insights`` without ``--from``: the 30 local days ending ``--to`` (default today)."""
REPORT_DEFAULT_DAYS = 90
"""``export pdf`` without ``--from``: the 90 local days ending ``--to`` (default today)."""
PREMIGRATION_COPY = "A copy of the database made before an upgrade"
"""The audit detail of removing one (``tracker.ui.backup`` notes the same words)."""


# --- parser ----------------------------------------------------------------------------------


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--db`` and ``--profile``, accepted before or after the command (given after, they win)."""
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="SQLAlchemy database URL (default: $TRACKER_DATABASE_URL, else the SQLite file "
        "in your data folder)",
    )
    parser.add_argument(
        "--profile",
        dest="profile_name",
        metavar="NAME",
        default=DEFAULT_PROFILE if top else argparse.SUPPRESS,
        help=f"profile to use, created on first use (default: {DEFAULT_PROFILE})",
    )


def _local_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
    if not EARLIEST_ENTRY.date() <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not between {EARLIEST_ENTRY.date()} and {LAST_DAY} (no diary entry is "
            "earlier, and later days cannot be given a time in every zone)"
        )
    return day


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in ``[low, high]``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cramp-tracker",
        description="Cramp Tracker: import, export, profile settings, red flags and demo data "
        "without a browser.",
    )
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(
        group: Any, name: str, handler: Callable[..., int], help_text: str
    ) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)
        _global_options(sub, top=False)
        sub.set_defaults(handler=handler)
        return sub

    command(commands, "migrate", _migrate, "upgrade the database schema and print its revision")
    server = command(
        commands, "serve", _serve, "upgrade the schema, then start the app on this computer"
    )
    server.add_argument(
        "--host",
        default=serving.DEFAULT_HOST,
        help=f"address to listen on: loopback only unless a login is configured in "
        f".streamlit/secrets.toml (README, Hosting) (default {serving.DEFAULT_HOST})",
    )
    server.add_argument("--port", type=_whole_number(1, 65535), default=8501, help="(default 8501)")

    profile = commands.add_parser("profile", help="show or change the profile")
    profile_commands = profile.add_subparsers(dest="action", metavar="ACTION", required=True)
    command(profile_commands, "show", _profile_show, "show every profile setting")
    setter = command(profile_commands, "set", _profile_set, "change profile settings")
    setter.add_argument("--sex", help="female, male, other or none")
    setter.add_argument("--birth-year", help="e.g. 1990, or none")
    setter.add_argument("--due-date", help="YYYY-MM-DD (set means pregnant), or none to clear")
    setter.add_argument("--births-before", help="births before this pregnancy (0 = first baby)")
    setter.add_argument("--history", help="comma-separated codes, e.g. cancer,osteoporosis; none")
    setter.add_argument("--timezone", help="IANA name, e.g. Europe/London")
    setter.add_argument("--units", help="metric or us")
    setter.add_argument("--hydration-goal-ml", help="daily drinks goal in ml, or none")
    setter.add_argument(
        "--labour-rule", help="interval min/duration s/sustained min, e.g. 5/60/60, or default"
    )
    deleter = command(
        profile_commands,
        "delete",
        _profile_delete,
        "delete the profile (--profile, default: default) and everything in it, no other "
        "profile's; a SQLite file is compacted so the data is gone from it",
    )
    deleter.add_argument(
        "--confirm",
        required=True,
        metavar="NAME",
        help="the profile's name again, to say you mean it",
    )
    deleter.add_argument(
        "--remove-copies",
        action="store_true",
        help="also remove the copies of the database file made before schema upgrades (they "
        "hold every profile's data as it was then)",
    )

    kinds = [*(k.value for k in EntryKind), CONTRACTION_TIMER]
    importer = command(commands, "import", _import, "import a CSV file (all rows or none)")
    importer.add_argument("kind", choices=kinds, metavar="KIND", help=", ".join(kinds))
    importer.add_argument("file", type=Path, metavar="FILE")

    export = commands.add_parser("export", help="export entries to a file")
    formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    exporter = command(formats, "csv", _export_csv, "export one kind of entry as CSV")
    exporter.add_argument("--kind", required=True, choices=[k.value for k in EntryKind])
    exporter.add_argument("--from", dest="first", type=_local_date, metavar="YYYY-MM-DD")
    exporter.add_argument("--to", dest="last", type=_local_date, metavar="YYYY-MM-DD")
    exporter.add_argument("--out", required=True, type=Path, metavar="FILE")
    json_exporter = command(
        formats,
        "json",
        _export_json,
        "full backup of the profile and everything in it (restore puts it back)",
    )
    json_exporter.add_argument("--out", required=True, type=Path, metavar="FILE")
    fhir_exporter = command(
        formats,
        "fhir",
        _export_fhir,
        "the entries of a range of local days (default: all of them) as a FHIR R4 Bundle "
        "(type collection) of the Patient, Observations, Medications and MedicationStatements",
    )
    fhir_exporter.add_argument("--from", dest="first", type=_local_date, metavar="YYYY-MM-DD")
    fhir_exporter.add_argument("--to", dest="last", type=_local_date, metavar="YYYY-MM-DD")
    fhir_exporter.add_argument("--out", required=True, type=Path, metavar="FILE")
    listing = "; ".join(f"{name}: {label}" for name, label in SECTION_LABELS)
    report = command(
        formats,
        "pdf",
        _export_pdf,
        "the doctor report of a period as a PDF (page 1: the summary, then the sections chosen)",
    )
    report.add_argument(
        "--from",
        dest="first",
        type=_local_date,
        metavar="YYYY-MM-DD",
        help=f"first local day (default: {REPORT_DEFAULT_DAYS} days ending --to)",
    )
    report.add_argument(
        "--to", dest="last", type=_local_date, metavar="YYYY-MM-DD", help="last local day (today)"
    )
    report.add_argument(
        "--sections",
        metavar="A,B",
        help=f"comma-separated sections, printed in this order (default: all). {listing}",
    )
    report.add_argument("--paper", choices=PAPERS, default=PAPERS[0], help="(default: a4)")
    report.add_argument("--out", required=True, type=Path, metavar="FILE")

    restorer = command(
        commands,
        "restore",
        _restore,
        "restore a full backup (export json) into the profile (--profile), which must be new "
        "or empty: all rows or none; a truncated or edited file is refused",
    )
    restorer.add_argument("file", type=Path, metavar="FILE")

    flags = command(commands, "flags", _flags, "list the red flags of the last days")
    flags.add_argument(
        "--at",
        metavar="TIMESTAMP",
        help="evaluate at this ISO 8601 time (no offset: the profile's zone; default now)",
    )
    flags.add_argument(
        "--days",
        type=_whole_number(0, FLAGS_MAX_DAYS),
        default=FLAGS_DEFAULT_DAYS,
        metavar="N",
        help=f"list flags of the N days up to --at (default {FLAGS_DEFAULT_DAYS})",
    )
    flags.add_argument("--json", action="store_true", help="print one JSON array, newest first")

    insight = command(
        commands, "insights", _insights, "statistics of a range: dashboard, factors, patterns"
    )
    insight.add_argument(
        "--from",
        dest="first",
        type=_local_date,
        metavar="YYYY-MM-DD",
        help=f"first local day (default: {INSIGHTS_DEFAULT_DAYS} days ending --to)",
    )
    insight.add_argument(
        "--to", dest="last", type=_local_date, metavar="YYYY-MM-DD", help="last local day (today)"
    )
    insight.add_argument("--json", action="store_true", help="print one JSON object")

    filler = command(
        commands, "demo", _demo, "fill an empty profile with realistic synthetic entries"
    )
    filler.add_argument(
        "--days",
        type=_whole_number(1, demo.DEMO_MAX_DAYS),
        required=True,
        metavar="N",
        help="days of entries, ending today",
    )
    filler.add_argument(
        "--seed", type=_whole_number(0, 2**63), default=0, metavar="S", help="(default 0)"
    )
    filler.add_argument(
        "--pregnant",
        action="store_true",
        help="set a due date 10 days ahead: pregnancy entries and labour-like contractions",
    )
    return parser


# --- running ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, or a usage error already printed by argparse
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
    try:
        engine = open_database(database_url(args.db))
    except sa.exc.ArgumentError as err:
        return _fail(f"not a database URL: {err}", EXIT_BAD_INPUT)
    except sa.exc.SQLAlchemyError as err:
        return _fail(f"the database could not be opened: {_first_line(err)}", EXIT_FAILED)
    try:
        status: int = args.handler(engine, args, datetime.now(UTC))
        return status
    except ImportRejected as err:
        for problem in err.problems:
            _error(str(problem))
        if err.more:
            _error(f"and {counted(err.more, 'more problem')}")
        count = len(err.problems) + err.more
        return _fail(f"{count} problem(s) found; nothing was imported", EXIT_BAD_INPUT)
    except InvalidEntry as err:
        for item in err.problems:
            _error(str(item))
        return EXIT_BAD_INPUT
    except StoreError as err:
        return _fail(str(err), EXIT_FAILED)
    except TrackerError as err:
        return _fail(str(err), EXIT_BAD_INPUT)
    except sa.exc.SQLAlchemyError as err:
        return _fail(f"the database failed: {_first_line(err)}", EXIT_FAILED)
    finally:
        engine.dispose()


def _serve(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    """Refuse a non-loopback address without a login configured (``serving.ExposureRefused``;
    a half-configured login is ``LoginMisconfigured``; exit 2), else replace this
    process by ``streamlit run app.py`` in the project folder (whose ``.streamlit/config.toml``
    keeps it private). The schema was upgraded when ``main`` opened the database."""
    project = Path(__file__).resolve().parents[1]
    if not (project / APP_SCRIPT).is_file():
        return _fail(f"{APP_SCRIPT} is not in {project}; run serve from a checkout", EXIT_FAILED)
    login = serving.login_providers(serving.read_secrets(serving.secrets_files(project)))
    serving.check_address(args.host, login=bool(login))
    engine.dispose()
    command = [sys.executable, "-m", "streamlit", "run", APP_SCRIPT]
    command += ["--server.address", args.host, "--server.port", str(args.port)]
    sys.stdout.flush()
    os.chdir(project)
    os.execv(sys.executable, command)  # a fixed command: this Python and streamlit


def _error(message: str) -> None:
    print(" ".join(message.split()) if "\n" in message else message, file=sys.stderr)


def _fail(message: str, status: int) -> int:
    _error(f"error: {message}")
    return status


def _first_line(err: Exception) -> str:
    return str(getattr(err, "orig", None) or err).splitlines()[0]


def machine_timezone(
    environ: Mapping[str, str] = os.environ, etc: Path = Path("/etc")
) -> str | None:
    """The machine's IANA zone: ``$TZ``, ``/etc/timezone`` or the ``/etc/localtime`` link."""
    candidates = [environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        candidates.append((etc / "timezone").read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError):
        target = str((etc / "localtime").readlink())
        candidates.append(target.rpartition("zoneinfo/")[2] if "zoneinfo/" in target else "")
    return next((name for name in candidates if name and is_valid_timezone(name)), None)


def _profile(engine: Engine, args: argparse.Namespace, now: datetime) -> ProfileRead:
    return ensure_profile(
        engine=engine, name=args.profile_name, now=now, timezone=machine_timezone()
    )


# --- commands --------------------------------------------------------------------------------


def _migrate(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    print(f"database at revision {current_revision(engine)}")
    return EXIT_OK


def _profile_show(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    for key, value in profile_lines(_profile(engine, args, now), now):
        print(f"{key}: {value}")
    return EXIT_OK


def profile_lines(profile: ProfileRead, now: datetime) -> list[tuple[str, str]]:
    """Every setting as ``(name, value)``, values written as ``profile set`` takes them."""
    rule = labour_rule(profile)
    goal = "your own goal" if profile.hydration_goal_ml is not None else "reference"
    rule_source = "your own" if rule.from_profile else "default"
    ga = gestational_age_label(profile, now)
    due = "none"
    if profile.due_date is not None:
        due = profile.due_date.isoformat() + (f" ({ga} today)" if ga else "")
    return [
        ("name", profile.name),
        ("display_name", profile.display_name or "none"),
        ("sex", str(profile.sex or "none")),
        ("birth_year", str(profile.birth_year or "none")),
        ("due_date", due),
        ("births_before", str(profile.births_before)),
        ("history", ",".join(sorted(profile.history)) or "none"),
        ("timezone", profile.timezone),
        ("units", str(profile.units)),
        ("hydration_goal_ml", f"{hydration_goal_ml(profile)} ({goal})"),
        (
            "labour_rule",
            f"{rule.interval_min}/{rule.duration_s}/{rule.sustained_min} ({rule_source}): "
            f"{rule.sentence}",
        ),
    ]


def _profile_set(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    try:
        changes = profile_changes(args)
        if not changes:
            message = "nothing to change; give at least one option (see profile set --help)"
            return _fail(message, EXIT_BAD_INPUT)
        current = _profile(engine, args, now)
        profile = update_profile(engine=engine, profile=current, changes=changes, now=now)
    except InvalidEntry as err:
        for option, reason in csvio.entry_problems(
            err, ProfileCreate, columns=PROFILE_OPTIONS, whole_entry="--labour-rule"
        ):
            _error(f"{option}: {reason}")
        return EXIT_BAD_INPUT
    for key, value in profile_lines(profile, now):
        print(f"{key}: {value}")
    return EXIT_OK


def profile_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The options given to ``profile set`` as profile field values (validated later)."""
    changes: dict[str, Any] = {}
    for field in ("sex", "birth_year", "due_date", "hydration_goal_ml"):
        text = getattr(args, field)
        if text is not None:
            changes[field] = None if text.strip().lower() in NONE_WORDS else text.strip()
    for field in ("births_before", "timezone", "units"):
        if getattr(args, field) is not None:
            changes[field] = getattr(args, field).strip()
    if args.history is not None:
        items = [item.strip() for item in args.history.split(",") if item.strip()]
        changes["history"] = [] if [i.lower() for i in items] in ([], ["none"]) else items
    if args.labour_rule is not None:
        text = args.labour_rule.strip().lower()
        rule = (None, None, None) if text == "default" else parse_labour_rule(text)
        changes["labour_interval_min"], changes["labour_duration_s"] = rule[0], rule[1]
        changes["labour_sustained_min"] = rule[2]
    return changes


def _import(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    profile = _profile(engine, args, now)
    if args.kind == CONTRACTION_TIMER:
        text = csvio.read_text(args.file)
        result = contraction_timer_app.import_file(
            engine=engine, profile=profile, text=text, now=now
        )
        print(
            f"{result.rows} contraction(s) in {args.file}: {result.added} added, "
            f"{result.updated} updated, {result.unchanged} unchanged"
        )
        return EXIT_OK
    kind = EntryKind(args.kind)
    with csvio.open_lines(args.file) as lines:  # read as imported: never held whole
        count = csvio.import_csv(engine=engine, kind=kind, profile=profile, text=lines, now=now)
    print(f"imported {counted(count, kind.singular)} from {args.file}")
    return EXIT_OK


def _export_csv(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    profile = _profile(engine, args, now)
    if args.first and args.last and args.first > args.last:
        return _fail(f"--from {args.first} is after --to {args.last}", EXIT_BAD_INPUT)
    start = end = None
    if args.first and args.last:
        start, end = local_range_bounds(args.first, args.last, profile.timezone)
    elif args.first:
        start = local_day_bounds(args.first, profile.timezone)[0]
    elif args.last:
        end = local_day_bounds(args.last, profile.timezone)[1]
    kind = EntryKind(args.kind)
    text, count = csvio.export_csv(engine=engine, kind=kind, profile=profile, start=start, end=end)
    try:
        with open_private_text(args.out, newline="") as out:  # 0600: it is health data
            out.write(text)
    except OSError as err:
        return _fail(f"cannot write {args.out}: {err.strerror or err}", EXIT_FAILED)
    _audit(engine, accounts.Action.EXPORT, f"{kind.label} (CSV), {_period(args)}", now)
    print(f"exported {counted(count, kind.singular)} to {args.out}")
    return EXIT_OK


def _export_json(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    profile = _profile(engine, args, now)
    text = backup.backup_json(engine, profile)
    try:
        with open_private_text(args.out, newline="") as out:  # 0600: it is health data
            out.write(text)
    except OSError as err:
        return _fail(f"cannot write {args.out}: {err.strerror or err}", EXIT_FAILED)
    _audit(engine, accounts.Action.EXPORT, f"Full backup (JSON), profile {profile.name}", now)
    counts = ", ".join(f"{n} {part}" for part, n in backup.part_counts(text).items())
    print(f"backed up profile {profile.name!r} to {args.out}: {counts}")
    return EXIT_OK


def _export_fhir(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    """``export fhir``: without ``--from``/``--to`` every entry up to today is exported."""
    from tracker.files import fhir  # pandas and the statistics load only for this command

    profile = _profile(engine, args, now)
    if args.first and args.last and args.first > args.last:
        return _fail(f"--from {args.first} is after --to {args.last}", EXIT_BAD_INPUT)
    try:
        bundle = fhir.fhir_bundle(
            engine=engine, profile=profile, first=args.first, last=args.last, now=now
        )
    except fhir.InvalidBundle as err:  # our fault, not the person's: nothing is written
        return _fail(_first_line(err), EXIT_FAILED)
    try:
        with open_private_text(args.out, newline="") as out:  # 0600: it is health data
            out.write(fhir.bundle_json(bundle))
    except OSError as err:
        return _fail(f"cannot write {args.out}: {err.strerror or err}", EXIT_FAILED)
    _audit(engine, accounts.Action.EXPORT, f"FHIR R4 bundle (JSON), {_period(args)}", now)
    print(f"exported a FHIR R4 bundle of {len(bundle['entry'])} resources to {args.out}")
    return EXIT_OK


def _restore(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    text = backup.read_backup_file(args.file)
    restored = backup.restore_json(
        engine=engine, text=text, profile_name=args.profile_name, now=now
    )
    detail = f"Full backup (JSON) into profile {args.profile_name}"
    _audit(engine, accounts.Action.RESTORE, detail, now)
    print(f"restored {restored.rows} rows from {args.file} into profile {args.profile_name!r}")
    return EXIT_OK


def _profile_delete(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    profile = crud.get_profile(engine=engine, name=args.profile_name)
    if profile is None:
        return _fail(f"no profile named {args.profile_name!r}", EXIT_BAD_INPUT)
    if args.confirm != profile.name:
        message = f"--confirm {args.confirm!r} is not the profile's name {profile.name!r}"
        return _fail(message + "; nothing was deleted", EXIT_BAD_INPUT)
    deleted = backup.delete_profile_data(engine=engine, profile=profile, confirm=args.confirm)
    _audit(engine, accounts.Action.DELETE, f"profile {profile.name}", now)
    print(f"deleted profile {profile.name!r} and its {deleted.rows} rows")
    if deleted.compaction_note:
        print(deleted.compaction_note)
    if deleted.copies and args.remove_copies:
        for copy in deleted.copies:
            backup.remove_premigration_copy(engine, copy)
            _audit(engine, accounts.Action.DELETE, PREMIGRATION_COPY, now)
            print(f"removed {copy.path}")
    elif deleted.copies:
        print("copies of the database made before schema upgrades still hold it (and every")
        print("profile's data as it was then):")
        for copy in deleted.copies:
            print(f"  {copy.path} ({copy.size_bytes:,} bytes)")
        print("remove them with profile delete --remove-copies next time, or by hand")
    return EXIT_OK


def _export_pdf(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    from tracker.report.build import build_report  # fpdf and matplotlib load only here

    profile = _profile(engine, args, now)
    last = args.last or local_date(now, profile.timezone)
    first = args.first or last - timedelta(days=REPORT_DEFAULT_DAYS - 1)
    if first > last:
        return _fail(f"--from {first} is after --to {last}", EXIT_BAD_INPUT)
    sections = None
    if args.sections is not None:
        sections = [name.strip().lower() for name in args.sections.split(",") if name.strip()]
    pdf = build_report(engine, profile, first, last, sections, args.paper, now)
    try:
        write_private_bytes(args.out, pdf)  # 0600: it is health data
    except OSError as err:
        return _fail(f"cannot write {args.out}: {err.strerror or err}", EXIT_FAILED)
    _audit(engine, accounts.Action.EXPORT, f"Doctor report (PDF), {first} to {last}", now)
    print(f"wrote {args.out}: the report of {first} to {last} ({len(pdf):,} bytes)")
    return EXIT_OK


def _audit(engine: Engine, action: accounts.Action, detail: str, now: datetime) -> None:
    """Note an export, restore or deletion that succeeded in the audit trail, as the pages do,
    for the local account: the command line has no login and reaches local profiles only."""
    accounts.record(engine=engine, account=accounts.LOCAL, action=action, detail=detail, now=now)


def _period(args: argparse.Namespace) -> str:
    """The ``--from``/``--to`` of an export in words, for its audit detail."""
    if args.first and args.last:
        return f"{args.first} to {args.last}"
    if args.first:
        return f"from {args.first}"
    return f"up to {args.last}" if args.last else "every date"


def write_private_bytes(path: Path, data: bytes) -> None:
    """``data`` into ``path`` from its start, mode 0600 whether it is new or replaced (a device
    such as ``/dev/stdout`` is written as it is): ``open_private_text``'s rule for bytes."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
        out = open(descriptor, "wb")  # noqa: SIM115 (closed below, with the descriptor)
    except BaseException:
        os.close(descriptor)
        raise
    with out:
        out.write(data)


def _flags(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    profile = _profile(engine, args, now)
    at = now
    if args.at is not None:
        try:
            at = parse_timestamp(args.at, profile.timezone)
        except TimeOutOfRange as err:
            return _fail(f"--at: {err}", EXIT_BAD_INPUT)
        except ValueError:
            message = f"--at: {args.at!r} is not an ISO 8601 time, e.g. 2026-03-01T21:40"
            return _fail(message, EXIT_BAD_INPUT)
        if at > now + timedelta(seconds=FUTURE_TOLERANCE_S):
            message = f"--at: {args.at} is in the future; flags are known only up to now"
            return _fail(message, EXIT_BAD_INPUT)
    listed = service.current_flags(engine, profile, at, args.days)
    if args.json:
        print(json.dumps([flag.to_json() for flag in listed], indent=2))
        return EXIT_OK
    start = at - timedelta(days=args.days)
    span = f"{_when(start, profile)} to {_when(at, profile)}"
    if not listed:
        print(f"no flags from {span}")
        return EXIT_OK
    print(f"{counted(len(listed), 'flag')} from {span}, newest first:")
    for flag in listed:
        print(flag_text(flag, profile))
    return EXIT_OK


def _when(moment: datetime, profile: ProfileRead) -> str:
    return format_local(moment, profile.timezone, "%Y-%m-%d %H:%M %Z")


def flag_text(flag: Flag, profile: ProfileRead) -> str:
    """One flag as readable lines: time, severity, rule and title; advice; sources."""
    return "\n".join(
        [
            "",
            f"{_when(flag.at, profile)}  {flag.severity.value.upper()}  {flag.rule}  {flag.title}",
            f"  {flag.advice}",
            f"  Sources: {'; '.join(flag.sources)}",
        ]
    )


def _insights(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    from tracker.insights.summary import insights  # pandas and scipy load only here

    profile = _profile(engine, args, now)
    last = args.last or local_date(now, profile.timezone)
    first = args.first or last - timedelta(days=INSIGHTS_DEFAULT_DAYS - 1)
    if first > last:
        return _fail(f"--from {first} is after --to {last}", EXIT_BAD_INPUT)
    found = insights(engine=engine, profile=profile, first=first, last=last, now=now)
    if args.json:
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return EXIT_OK
    figures = found["dashboard"]
    print(
        f"{found['from']} to {found['to']} ({found['days']} days): {figures['episodes']} cramp "
        f"episode(s), {figures['days_at_goal']} of {figures['days_with_drinks']} days with "
        f"drinks at the goal ({found['goal_ml']} ml). {figures['frequency_trend']['sentence']} "
        f"{figures['intensity_trend']}"
    )
    for factor in found["factors"]:
        lag = "next day" if factor["lag_days"] else "same day"
        print(f"- {factor['factor']} ({lag}): {factor['sentence']}")
    return EXIT_OK


def _demo(engine: Engine, args: argparse.Namespace, now: datetime) -> int:
    profile = _profile(engine, args, now)
    made = demo.fill(
        engine=engine,
        profile=profile,
        days=args.days,
        seed=args.seed,
        pregnant=args.pregnant,
        now=now,
    )
    counts = ", ".join(f"{n} {kind.value}" for kind, n in made.counts().items())
    print(
        f"demo diary of {counted(args.days, 'day')} (seed {args.seed}) "
        f"added to profile {profile.name!r}: {counts}; {len(made.products)} products"
    )
    if made.due_date is not None:
        print(f"due date set to {made.due_date.isoformat()}")
    return EXIT_OK
