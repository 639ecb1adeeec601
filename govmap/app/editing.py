"""The edit sessions of one browser session, kept in Streamlit's session state only.

Each dataset (the embedded data, an upload) has at most one :class:`EditSession` per browser
session, found by the hash of the files it started from. Nothing here is a module-level or
cached object: another browser session never sees these edits. :func:`overlay` is what the
shell calls so that every page shows the edited landscape.
"""

from __future__ import annotations

import streamlit as st

from govmap.edit.session import EditSession
from govmap.model.load import LoadResult

_SESSIONS = "_govmap_edit_sessions"
_BASE = "_govmap_edit_base"


def sessions() -> dict[str, EditSession]:
    """This browser session's edit sessions, by the key of the data they started from."""
    found = st.session_state.get(_SESSIONS)
    if not isinstance(found, dict):
        found = st.session_state[_SESSIONS] = {}
    return found


def get(base_key: str) -> EditSession | None:
    return sessions().get(base_key)


def put(session: EditSession) -> None:
    sessions()[session.base_key] = session


def drop(base_key: str) -> None:
    sessions().pop(base_key, None)


def base() -> tuple[str, str, LoadResult] | None:
    """The data the current view started from, before edits: key, description, check."""
    found = st.session_state.get(_BASE)
    return found if isinstance(found, tuple) else None


def overlay(key: str, source: str, result: LoadResult) -> tuple[str, str, LoadResult]:
    """The dataset every page shows: the edited one when this session has applied edits."""
    st.session_state[_BASE] = (key, source, result)
    session = get(key)
    if session is None or not session.changes or session.current.landscape is None:
        return key, source, result
    count = len(session.changes)
    return (session.key, f"{source}, with {count} edit{'s' if count != 1 else ''}",
            session.current)
