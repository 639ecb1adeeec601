"""Placeholder page."""

from __future__ import annotations

import streamlit as st

from govmap.app import shell


def render() -> None:
    """Draw the page."""
    ctx = shell.context()
    ctx.require()
    st.title("duplication")


if __name__ == "__main__":
    render()
