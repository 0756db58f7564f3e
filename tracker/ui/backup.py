"""Settings' "Backup and your data": a full backup to download, restore from one into an empty
profile, "Download my database" and the daily copies (SQLite), "Delete my data", and the copies
made before upgrades.

Files are made when the person clicks (a download button's data is a function), so drawing the
page never reads the whole diary. Each download (when made), restore and deletion is noted in
the person's audit trail (``tracker.ui.audit``), after it succeeded."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.errors import TrackerError
from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_local, local_date
from tracker.entries import store
from tracker.entries.accounts import LOCAL, Action
from tracker.files import backup
from tracker.ui import audit
from tracker.ui.context import PageContext
from tracker.ui.widgets import form_prefix, md_escape, reset_form

KEY = "backup"
"""Prefix of every widget key of the section (tests find widgets by these keys)."""
DELETE_FORM = f"{KEY}_delete"
"""The confirmation field's key prefix (``backup_delete_confirm``, then ``backup_delete1_…``)."""
FLASH_KEY = f"_{KEY}_flash"
"""A message that survives one rerun, shown at the top of this section (where the person is)."""
JSON_MIME = "application/json"
SQLITE_MIME = "application/vnd.sqlite3"


def size_text(size_bytes: int) -> str:
    """``1.2 MB``, ``640 kB``, ``512 bytes``."""
    if size_bytes >= 1_000_000:
        return f"{size_bytes / 1_000_000:.1f} MB"
    if size_bytes >= 1_000:
        return f"{size_bytes / 1_000:.0f} kB"
    return f"{size_bytes} bytes"


def _backup_bytes(engine: Engine, profile: ProfileRead) -> bytes:
    return backup.backup_json(engine, profile).encode("utf-8")


def _database_bytes(engine: Engine) -> bytes:
    return backup.database_copy(engine) or b""


def database_file_name(profile: ProfileRead, now: datetime) -> str:
    return f"cramp-tracker-database-{local_date(now, profile.timezone):%Y-%m-%d}.db"


def _flash(message: str) -> None:
    st.session_state[FLASH_KEY] = message


HOSTED_DELETE_PHRASE = "delete my diary"
"""What a signed-in person types to confirm "Delete my data"."""


def backup_section(ctx: PageContext) -> None:
    st.subheader("Backup and your data")
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")
    whole_database = ctx.profile.account == LOCAL  # those files hold every account's diary
    _download_backup(ctx)
    _restore(ctx)
    if whole_database:
        _download_database(ctx)
        _daily_copies(ctx)
    _delete(ctx)
    if whole_database:
        _copies(ctx)


def _download_backup(ctx: PageContext) -> None:
    st.markdown("**Full backup**")
    where = (
        "Restore it here into an empty profile, or with `cramp-tracker restore FILE`."
        if ctx.profile.account == LOCAL
        else "Restore it here into an empty diary, or in the app on your own computer."
    )
    st.caption(
        "Everything in this profile (settings, entries, cabinet, acknowledged flags) in one "
        f"file. {where} It holds your health data: keep it somewhere private."
    )
    engine, profile = ctx.engine, ctx.profile
    st.download_button(
        "Download a full backup",
        data=audit.download_data(ctx, lambda: _backup_bytes(engine, profile), "Full backup (JSON)"),
        file_name=backup.backup_file_name(profile, ctx.now),
        mime=JSON_MIME,
        icon=":material/download:",
        on_click="ignore",
        key=f"{KEY}_download",
    )


def _restore(ctx: PageContext) -> None:
    st.markdown("**Restore a backup**")
    rows = backup.rows_in_profile(ctx.engine, ctx.profile)
    if rows:
        elsewhere = (
            "; or restore into a new profile from the command line: "
            "`cramp-tracker --profile NEW restore FILE`."
            if ctx.profile.account == LOCAL
            else "."
        )
        st.info(
            f"A backup is restored only into an empty profile, and this one holds {rows} "
            f"entr{'y' if rows == 1 else 'ies'}. To restore here, download a backup of it and "
            f"delete its data below first{elsewhere}",
            icon=":material/info:",
        )
        return
    uploaded = st.file_uploader(
        "A backup file (.json) to restore into this empty profile",
        type=["json"],
        key=f"{KEY}_restore_file",
        help="Checked first as a whole: a cut-off or edited file is refused, nothing written.",
    )
    if uploaded is None:
        return
    if st.button(
        "Restore this backup", icon=":material/settings_backup_restore:", key=f"{KEY}_restore"
    ):
        try:
            restored = backup.restore_json(
                engine=ctx.engine,
                text=backup.decode_backup(uploaded.getvalue()),
                profile_name=ctx.profile.name,
                now=ctx.now,
                account=ctx.profile.account,
            )
        except TrackerError as err:
            st.error(f"Not restored: {md_escape(str(err))}", icon=":material/error:")
            return
        audit.note(ctx, Action.RESTORE, f"Full backup (JSON) into {audit.diary_words(ctx.profile)}")
        _flash(f"Restored {restored.rows} rows from {md_escape(uploaded.name)}.")
        st.rerun()


def _download_database(ctx: PageContext) -> None:
    st.markdown("**Download my database**")
    if not backup.is_sqlite(ctx.engine):
        st.caption(
            "Your diary is on a database server, so there is no single file to download: back "
            "the server up with `pg_dump`, and download a full backup of this profile above."
        )
        return
    st.caption(
        "The whole SQLite file, every profile in it, copied with SQLite's online backup so it "
        "is complete even while the app is in use. Any SQLite tool opens it."
    )
    engine = ctx.engine
    st.download_button(
        "Download my database",
        data=audit.download_data(
            ctx, lambda: _database_bytes(engine), "Whole database (SQLite file)"
        ),
        file_name=database_file_name(ctx.profile, ctx.now),
        mime=SQLITE_MIME,
        icon=":material/database:",
        on_click="ignore",
        key=f"{KEY}_database",
    )


def _daily_copies(ctx: PageContext) -> None:
    copies = store.daily_copies(ctx.engine)
    if not copies:
        return
    st.markdown("**Daily copies**")
    st.caption(
        "Once a day, when the app starts, it copies the whole database beside it and keeps the "
        "last seven. Putting one back replaces everything, every profile, with what the copy "
        "holds; the database as it is now is kept aside first."
    )
    chosen = st.selectbox(
        "Copy",
        copies,
        format_func=lambda c: (
            f"{format_local(c.made_at, ctx.tz, '%a %d %b %Y %H:%M')} · {size_text(c.size_bytes)}"
        ),
        key=f"{KEY}_daily_pick",
    )
    confirmed = st.checkbox(
        "I understand that what was logged after this copy is replaced",
        key=f"{KEY}_daily_confirm",
    )
    if st.button(
        "Put this copy back",
        icon=":material/settings_backup_restore:",
        disabled=not confirmed,
        key=f"{KEY}_daily_restore",
    ):
        try:
            aside = store.restore_daily_copy(ctx.engine, chosen, ctx.now)
        except TrackerError as err:
            st.error(f"Nothing was changed: {md_escape(str(err))}", icon=":material/error:")
            return
        made = format_local(chosen.made_at, ctx.tz, "%a %d %b %H:%M")
        copy_made = format_local(chosen.made_at, ctx.tz, audit.WHEN_FORMAT)
        audit.note(ctx, Action.RESTORE, f"Daily copy of {copy_made} (whole database)")
        _flash(
            f"The copy of {made} is back. The database as it was is kept as "
            f"{md_escape(aside.name)}."
        )
        st.rerun()


def _delete(ctx: PageContext) -> None:
    st.markdown("**Delete my data**")
    name = ctx.profile.name
    local = ctx.profile.account == LOCAL
    # Signed in, the profile's name is a made-up code (accounts.profile_name_of): the person
    # types a phrase instead, and the profile is named to the domain's check for them.
    word = name if local else HOSTED_DELETE_PHRASE
    what = f"the profile **{md_escape(name)}**" if local else "your diary"
    st.warning(
        f"This deletes {what} and everything in it: every entry, your cabinet, your settings. "
        f"{'Other profiles are' if local else 'Other accounts are'} not touched. It cannot be "
        "undone: download a full backup first if you may want it back.",
        icon=":material/warning:",
    )
    # New keys after a deletion (reset_form): a browser would keep the typed name otherwise.
    label = (
        f"Type the profile's name, {name}, to confirm"
        if local
        else f"Type “{HOSTED_DELETE_PHRASE}” to confirm"
    )
    typed = st.text_input(label, key=f"{form_prefix(DELETE_FORM)}_confirm")
    confirmed = typed.strip() == word if local else typed.strip().lower() == word
    if st.button(
        ":red[**Delete my data**]",
        icon=":material/delete_forever:",
        disabled=not confirmed,
        key=f"{KEY}_delete",
    ):
        try:
            deleted = backup.delete_profile_data(
                engine=ctx.engine, profile=ctx.profile, confirm=name if confirmed else typed
            )
        except TrackerError as err:
            st.error(f"Not deleted: {md_escape(str(err))}", icon=":material/error:")
            return
        audit.note(ctx, Action.DELETE, audit.diary_words(ctx.profile))
        reset_form(DELETE_FORM)
        message = (
            f"Deleted the profile {md_escape(name)} and its {deleted.rows} rows."
            if local
            else f"Deleted your diary: {deleted.rows} rows."
        )
        if deleted.copies:
            message += " Copies made before upgrades may still hold it: see below."
        if deleted.compaction_note:
            message += " " + deleted.compaction_note
        _flash(message)
        st.rerun()


def _copies(ctx: PageContext) -> None:
    copies = backup.premigration_copies(ctx.engine)
    if not copies:
        return
    st.markdown("**Copies made before upgrades**")
    st.caption(
        "Before each upgrade of the database the app copies the file beside it. They hold every "
        "profile's data as it was then, deleted data too. Remove those you do not need."
    )
    for copy in copies:
        text, remove = st.columns([3, 1], vertical_alignment="center")
        text.markdown(f"{md_escape(copy.path.name)} · {size_text(copy.size_bytes)}")
        if remove.button("Remove", icon=":material/delete:", key=f"{KEY}_remove_{copy.path.name}"):
            try:
                backup.remove_premigration_copy(ctx.engine, copy)
            except TrackerError as err:
                st.error(f"Not removed: {md_escape(str(err))}", icon=":material/error:")
                return
            audit.note(ctx, Action.DELETE, "A copy of the database made before an upgrade")
            _flash(f"Removed {md_escape(copy.path.name)}.")
            st.rerun()
