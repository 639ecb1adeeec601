"""govmap explorer: who governs what, on the embedded Wales data or your own.

Run it with ``make run`` (or ``streamlit run app.py``). The pages live in ``govmap/app/``;
see ``docs/explorer.md``.
"""

from govmap.app.shell import main

main()
