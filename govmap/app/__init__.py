"""The govmap explorer: a thin Streamlit layer over the library.

``app.py`` calls :func:`govmap.app.shell.main`, which reads the view from the URL, loads the
data (cached on its content), draws the sidebar and runs the chosen page. Each page is one
module here with a ``render()`` function, and is also the script Streamlit runs for that
page. No module here computes a measure: every number comes from the same functions the
command line calls.
"""
