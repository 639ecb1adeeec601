from govmap.cli import run

run()
