"""Full backup (``tracker.files.backup``): everything of one profile as canonical JSON; export →
restore → export gives the same bytes on SQLite and PostgreSQL; a truncated or edited file, or a
profile that is not empty, is refused with its reason and nothing is written."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import acks, crud
from db.engine import make_engine
from db.migrate import head_revision
from db.versions import data_version
from tests.tracker.files.test_csvio import seed_every_kind
from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files.backup import (
    FORMAT_NAME,
    BackupRejected,
    ProfileHasData,
    backup_file_name,
    backup_json,
    canonical,
    checksum,
    restore_json,
)

OWNED = ("cramp_episode", "hydration_entry", "intake", "product", "contraction",
         "pregnancy_event", "flag_acknowledgement")  # fmt: skip


def seed_diary(engine: Engine, profile: ProfileRead, now: datetime) -> ProfileRead:
    """Every kind of entry (test_csvio's seed), two products, an acknowledged flag, and
    profile settings that differ from the defaults."""
    seed_every_kind(engine, profile.id, now)
    journal.log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={
            "started_at": now - timedelta(hours=1),
            "region": "foot",
            "side": "right",
            "intensity": 3,
            "quality": "spasm",
            "note": "Zoë: ≥ 2 µg, naïve café — 夜",
        },
        now=now,
    )
    acks.acknowledge(
        engine=engine, profile_id=profile.id, rule="P1", flag_at=now - timedelta(days=2), now=now
    )
    return update_profile(
        engine=engine,
        profile=profile,
        changes={
            "display_name": "Sam",
            "sex": "female",
            "birth_year": 1990,
            "due_date": date(2026, 3, 20),
            "births_before": 1,
            "history": ["osteoporosis", "cancer"],
            "units": "us",
            "hydration_goal_ml": 2100,
            "labour_interval_min": 5,
            "labour_duration_s": 60,
            "labour_sustained_min": 60,
        },
        now=now,
    )


def row_counts(engine: Engine, profile_id: int) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: int(
                connection.execute(
                    sa.text(f"SELECT count(*) FROM {table} WHERE profile_id = :p"),
                    {"p": profile_id},
                ).scalar_one()
            )
            for table in OWNED
        }


def profile_named(engine: Engine, name: str) -> ProfileRead:
    found = crud.get_profile(engine=engine, name=name)
    assert found is not None
    return found


def resealed(document: dict[str, Any]) -> str:
    """An edited document with a fresh checksum and canonical layout, as a forger would write."""
    document["backup"]["sha256"] = checksum(document)
    return canonical(document)


@pytest.fixture
def seeded(any_engine: Engine, now: datetime) -> ProfileRead:
    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    return seed_diary(any_engine, profile, now)


# --- the round trip ----------------------------------------------------------------------------


def test_export_restore_export_is_byte_identical_and_other_profiles_are_untouched(
    any_engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    text = backup_json(any_engine, seeded)
    before = row_counts(any_engine, seeded.id)

    restored = restore_json(engine=any_engine, text=text, profile_name="copy", now=now)

    copy = profile_named(any_engine, "copy")
    assert restored.profile_id == copy.id
    assert backup_json(any_engine, copy) == text
    assert row_counts(any_engine, copy.id) == before
    assert row_counts(any_engine, seeded.id) == before
    assert restored.counts == {
        "products": 2,
        "cramps": 3,
        "hydration": 2,
        "supplements": 3,
        "contractions": 3,
        "events": 2,
        "flag_acknowledgements": 1,
    }
    assert restored.rows == 16
    # the settings came along, the name is the one chosen
    assert copy.model_dump(exclude={"id", "name", "created_at", "updated_at"}) == (
        seeded.model_dump(exclude={"id", "name", "created_at", "updated_at"})
    )
    # and what the diary shows is the same: entries read back equal, product names included
    for kind in EntryKind:
        old = crud.list_entries(engine=any_engine, kind=kind, profile_id=seeded.id)
        new = crud.list_entries(engine=any_engine, kind=kind, profile_id=copy.id)
        skip = {"id", "product_id"}
        assert [e.model_dump(exclude=skip) for e in new] == [
            e.model_dump(exclude=skip) for e in old
        ]
    assert [a.key for a in acks.list_acknowledgements(engine=any_engine, profile_id=copy.id)] == [
        ("P1", now - timedelta(days=2))
    ]


def test_a_restore_into_another_database_exports_the_same_bytes(
    seeded: ProfileRead, any_engine: Engine, sqlite_url: str, tmp_path: Any, now: datetime
) -> None:
    """PostgreSQL → a fresh SQLite file (and SQLite → another SQLite file)."""
    text = backup_json(any_engine, seeded)
    from db.migrate import open_database

    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        restore_json(engine=other, text=text, profile_name="default", now=now)
        assert backup_json(other, profile_named(other, "default")) == text
    finally:
        other.dispose()


def test_the_file_holds_everything_by_natural_keys_and_no_ids(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    seeded = seed_diary(engine, profile, now)
    text = backup_json(engine, seeded)
    document = json.loads(text)

    assert document["backup"] == {
        "format": FORMAT_NAME,
        "version": 1,
        "schema_revision": head_revision(),
        "sha256": document["backup"]["sha256"],
    }
    body = {"backup": {k: v for k, v in document["backup"].items() if k != "sha256"}}
    body["diary"] = document["diary"]
    compact = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert document["backup"]["sha256"] == hashlib.sha256(compact.encode()).hexdigest()
    lines = text.splitlines()
    assert lines[:4] == [
        "{",
        f' "backup": {json.dumps(document["backup"], sort_keys=True)},',
        ' "diary": {',
        '  "contractions": [',
    ]
    assert lines[-3:] == ["  ]", " }", "}"] and text.endswith("}\n")
    rows = sum(len(v) for v in document["diary"].values() if isinstance(v, list))
    parts = len(document["diary"])
    assert len(lines) == 5 + rows + 2 * parts - 1  # one row a line; the profile on one line
    assert any(line.startswith('  "profile": {"birth_year": 1990,') for line in lines)
    assert "Zoë: ≥ 2 µg, naïve café — 夜" in text  # UTF-8, not \u escapes

    diary = document["diary"]
    assert diary["profile"] == {
        "display_name": "Sam",
        "favourites": {},
        "sex": "female",
        "birth_year": 1990,
        "due_date": "2026-03-20",
        "births_before": 1,
        "history": ["cancer", "osteoporosis"],
        "timezone": "Europe/London",
        "units": "us",
        "hydration_goal_ml": 2100,
        "labour_interval_min": 5,
        "labour_duration_s": 60,
        "labour_sustained_min": 60,
    }
    assert [p["name"] for p in diary["products"]] == ["Furosemide 20", "Mag+Cal"]
    assert diary["products"][1]["contents"] == {"calcium": 500.0, "magnesium": 200.0}
    assert [i["product"] for i in diary["supplements"]] == ["Furosemide 20", "Mag+Cal", "Mag+Cal"]
    assert diary["cramps"][0] == {
        "started_at": "2025-10-25T23:30:00+00:00",
        "duration_min": 2.5,
        "region": "calf",
        "side": "left",
        "intensity": 7,
        "quality": "cramp",
        "triggers": ["exercise", "walking"],
        "symptoms": ["leg_numbness_tingling"],
        "relief": ["heat", "stretching"],
        "eased_by_rest": "yes",
        "note": '=HYPERLINK("http://x")',  # as typed: no CSV formula guard in a JSON file
        "created_at": now.isoformat(),
        "updated_at": now.isoformat(),
    }
    assert diary["contractions"][1]["ended_at"] == "2025-10-26T01:10:50.250000+00:00"
    assert diary["contractions"][2]["ended_at"] is None
    assert diary["flag_acknowledgements"] == [
        {
            "rule": "P1",
            "flag_at": (now - timedelta(days=2)).isoformat(),
            "acknowledged_at": now.isoformat(),
            "created_at": now.isoformat(),
            "updated_at": now.isoformat(),
        }
    ]

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | set().union(*(keys(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(*(keys(v) for v in value))
        return set()

    assert not keys(document) & {"id", "profile_id", "product_id", "data_version", "name"} - {
        "name"  # a product's name is its natural key
    }
    assert "profile_id" not in text and '"id"' not in text and "default" not in text


def test_rows_keep_their_order_whatever_order_they_were_logged_in(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    """Two drinks at the same instant, logged in either order, give the same file."""
    other = ensure_profile(engine=engine, name="other", now=now, timezone="Europe/London")
    moment = now - timedelta(hours=1)
    for owner, volumes in ((profile, (250, 100)), (other, (100, 250))):
        for volume in volumes:
            journal.log_entry(
                engine=engine,
                kind=EntryKind.HYDRATION,
                profile_id=owner.id,
                values={"taken_at": moment, "volume_ml": volume},
                now=now,
            )
    assert backup_json(engine, profile) == backup_json(engine, other)


def test_file_name_is_the_local_day(profile: ProfileRead) -> None:
    late = datetime.fromisoformat("2026-07-01T23:30:00+00:00")  # 00:30 on 2 July in London
    assert backup_file_name(profile, late) == "cramp-tracker-backup-2026-07-02.json"


# --- restore: where to ------------------------------------------------------------------------


def test_restore_into_an_empty_existing_profile_takes_the_backups_settings(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    source = ensure_profile(engine=engine, name="source", now=now, timezone="America/Chicago")
    journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=source.id,
        values={"taken_at": now - timedelta(hours=2), "volume_ml": 300},
        now=now,
    )
    text = backup_json(engine, source)
    second = make_engine(str(engine.url))  # another engine, as another process would be
    before = data_version(engine=second, profile_id=profile.id)

    restore_json(engine=engine, text=text, profile_name=profile.name, now=now)

    assert profile_named(engine, "default").timezone == "America/Chicago"
    assert row_counts(engine, profile.id)["hydration_entry"] == 1
    assert data_version(engine=second, profile_id=profile.id) > before
    second.dispose()


def test_restore_into_a_profile_with_entries_is_refused_saying_what_to_do(
    any_engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    text = backup_json(any_engine, seeded)
    before = row_counts(any_engine, seeded.id)
    version = data_version(engine=any_engine, profile_id=seeded.id)

    with pytest.raises(ProfileHasData) as refused:
        restore_json(engine=any_engine, text=text, profile_name=seeded.name, now=now)

    message = str(refused.value)
    assert "'default' already has 16 entries" in message
    assert "new profile name" in message and "delete this profile's data first" in message
    assert row_counts(any_engine, seeded.id) == before
    assert data_version(engine=any_engine, profile_id=seeded.id) == version


def test_a_profile_with_only_a_product_is_not_empty(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    text = backup_json(engine, profile)
    journal.add_product(
        engine=engine, profile_id=profile.id, values={"name": "Mg", "kind": "supplement"}, now=now
    )
    with pytest.raises(ProfileHasData, match="already has 1 entry"):
        restore_json(engine=engine, text=text, profile_name=profile.name, now=now)


# --- restore: refusing a damaged file ----------------------------------------------------------


@pytest.fixture
def backup_text(engine: Engine, profile: ProfileRead, now: datetime) -> str:
    seed_diary(engine, profile, now)
    return backup_json(engine, profile_named(engine, "default"))


def refused(engine: Engine, text: str, now: datetime) -> str:
    """Restore into a new profile must fail, and leave no trace (no profile 'new')."""
    with pytest.raises(BackupRejected) as err:
        restore_json(engine=engine, text=text, profile_name="new", now=now)
    assert crud.get_profile(engine=engine, name="new") is None
    assert isinstance(err.value, TrackerError)
    return str(err.value)


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_a_truncated_file_is_refused_as_incomplete(
    engine: Engine, backup_text: str, now: datetime, keep: float
) -> None:
    cut = backup_text[: int(len(backup_text) * keep)]
    message = refused(engine, cut, now)
    assert "nothing was written" in message
    assert "empty" in message if keep == 0 else "ends early" in message


def test_a_file_missing_only_its_last_newline_is_refused(
    engine: Engine, backup_text: str, now: datetime
) -> None:
    assert "ends early" in refused(engine, backup_text[:-1], now)


def test_an_edited_value_is_refused_by_the_checksum(
    engine: Engine, backup_text: str, now: datetime
) -> None:
    edited = backup_text.replace('"intensity": 7', '"intensity": 8', 1)
    assert edited != backup_text
    message = refused(engine, edited, now)
    assert "does not match its SHA-256 checksum" in message


def test_edited_layout_is_refused(engine: Engine, backup_text: str, now: datetime) -> None:
    assert "layout" in refused(engine, backup_text.replace("\n", "\r\n"), now)
    assert "layout" in refused(engine, backup_text.replace('": ', '":', 1), now)


def test_a_resealed_file_with_a_bad_row_is_refused_naming_the_row(
    engine: Engine, backup_text: str, now: datetime
) -> None:
    """A file whose checksum was recomputed still passes every row through the models."""
    document = json.loads(backup_text)
    document["diary"]["cramps"][1]["intensity"] = 11
    document["diary"]["hydration"][0]["taken_at"] = (now + timedelta(days=1)).isoformat()
    document["diary"]["supplements"][0]["product"] = "Nothing"
    document["diary"]["contractions"][1]["started_at"] = "2025-10-26T00:41:00+00:00"
    document["diary"]["contractions"][1]["ended_at"] = "2025-10-26T00:41:30+00:00"
    message = refused(engine, resealed(document), now)
    assert "cramps, row 2: Intensity: Input should be less than or equal to 10" in message
    assert "hydration, row 1: Time: " in message and "is in the future" in message
    assert "supplements, row 1: its product 'Nothing' is not in the backup" in message
    assert "contractions: one overlaps the one that started 2025-10-26 00:40:00 UTC" in message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("taken_at,volume_ml\n", "not valid JSON"),
        ('{"a": 1}\n', "not a Cramp Tracker backup"),
        ("[]\n", "not a Cramp Tracker backup"),
    ],
)
def test_a_file_that_is_not_a_backup_is_refused(
    engine: Engine, now: datetime, text: str, reason: str
) -> None:
    assert reason in refused(engine, text, now)


def test_a_newer_format_or_schema_is_refused_with_update_advice(
    engine: Engine, backup_text: str, now: datetime
) -> None:
    document = json.loads(backup_text)
    document["backup"]["version"] = 2
    assert "update Cramp Tracker" in refused(engine, resealed(document), now)
    document = json.loads(backup_text)
    document["backup"]["schema_revision"] = "9999"
    assert "newer Cramp Tracker (database revision '9999')" in refused(
        engine, resealed(document), now
    )


def test_the_profile_name_chosen_is_validated(
    engine: Engine, backup_text: str, now: datetime
) -> None:
    with pytest.raises(BackupRejected, match="Profile name"):
        restore_json(engine=engine, text=backup_text, profile_name="a\nb", now=now)
