"""Help page: what each page shows, how each measure is defined, and the keys.

The text is read from the documentation itself (``docs/explorer.md`` and
``docs/metrics.md``), not copied: what a review team quotes from the docs is what the
explorer shows. When the docs are not installed beside govmap (a wheel without the
repository), the page says where to read them.
"""

from __future__ import annotations

import streamlit as st

from govmap.app.docs import read, sections

#: The sections of docs/metrics.md that define measures (the rest is about the CLI,
#: the JSON and speed).
MEASURE_SECTIONS = ("Footprints", "Duplication and load", "Duties", "Accountability",
                    "Findings")


def render() -> None:
    """Draw the Help page."""
    st.title("Help")
    st.caption("What each page shows, how every measure is defined and where it comes from, "
               "and the keys. This is the text of docs/explorer.md and docs/metrics.md, "
               "read from those files each time this page opens, so the two never "
               "disagree.")
    explorer, metrics = read("explorer.md"), read("metrics.md")
    if explorer is None or metrics is None:
        st.info("The documentation is not installed beside this copy of govmap. Read "
                "docs/explorer.md and docs/metrics.md in the govmap repository.",
                icon=":material/menu_book:")
        return
    pages = sections(explorer)
    st.header("The pages", divider="gray")
    st.markdown(pages.get("The pages", ""))
    st.header("Keys", divider="gray")
    st.markdown(pages.get("Keys", ""))
    st.header("Measures and findings", divider="gray")
    measures = sections(metrics)
    intro = metrics.split("\n## ", 1)[0].split("\n", 1)[-1]
    with st.expander("How the report is made (the command line, dates, formats)"):
        st.markdown(intro.split("\nContents:", 1)[0])
    for name in MEASURE_SECTIONS:
        if name in measures:
            with st.expander(name, expanded=name == "Findings"):
                st.markdown(measures[name])


if __name__ == "__main__":
    render()
