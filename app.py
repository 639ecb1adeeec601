"""govmap explorer (Streamlit). Run it with `make run`."""

from __future__ import annotations

import streamlit as st

from govmap.model.load import check
from govmap.summary import summarise

st.set_page_config(page_title="govmap", layout="wide")
st.title("govmap: who governs what")
st.caption("The embedded Wales community-safety landscape.")

result = check()
if result.landscape is None:
    st.error(f"The embedded data has {len(result.errors)} error(s).")
    st.code("\n".join(str(p) for p in result.problems), language=None)
    st.stop()

day = st.date_input("As at", value="today")
summary = summarise(result.landscape.as_at(day))
columns = st.columns(len(summary["counts"]))
for column, (name, count) in zip(columns, summary["counts"].items(), strict=True):
    column.metric(name.replace("_", " ").capitalize(), count)
left, right = st.columns(2)
left.subheader("Organisations by kind")
left.dataframe(summary["organisations_by_kind"], use_container_width=True)
right.subheader("Bodies by kind and level")
right.dataframe(summary["bodies_by_kind"], use_container_width=True)
st.subheader("Validation")
st.write(f"{len(result.files)} file(s), no errors, {len(result.warnings)} warning(s).")
for problem in result.warnings:
    st.text(str(problem))
