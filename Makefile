# Two commands do all set-up on a fresh machine:
#   make run    create .venv, install what the explorer needs, serve it on the embedded Wales data
#   make test   create .venv, install govmap and its test tools (and Chromium), run every check
# Both install the exact versions locked in requirements/ (see `make lock`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
RUN_STAMP := $(VENV)/.run-stamp
TEST_STAMP := $(VENV)/.test-stamp
PORT ?= 8501
# 127.0.0.1 serves this machine only; ADDRESS=0.0.0.0 serves a team (see README).
ADDRESS ?= 127.0.0.1

.PHONY: run test lint typecheck pytest browser bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What running needs: the locked run set, then govmap itself (its dependencies are all locked).
$(RUN_STAMP): requirements/run.txt pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/run.txt
	$(PIP) install --no-deps -e .
	touch $@

# What checking needs on top: the locked test set (a superset of the run set, same versions).
$(TEST_STAMP): requirements/test.txt $(RUN_STAMP)
	$(PIP) install --require-hashes -r requirements/test.txt
	touch $@

run: $(RUN_STAMP)
	@echo "govmap explorer: open http://$(if $(filter 0.0.0.0,$(ADDRESS)),localhost,$(ADDRESS)):$(PORT) in a browser (Ctrl+C stops it)"
	$(BIN)/python -m govmap.app.serve --server.port $(PORT) --server.address $(ADDRESS)

# Browser tests drive Debian's Chromium; install it when we can (as root), else say how.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests"; exit 1; \
		fi; }

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP) browser
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

# Refresh the lock deliberately (needs the package index): newest versions that pyproject.toml
# allows, with hashes. Review the diff, run `make test`, commit requirements/ with pyproject.toml.
LOCK_VENV := $(VENV)-lock
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes \
	--allow-unsafe --no-emit-index-url --no-emit-find-links --upgrade
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip --quiet install pip-tools; }
	mkdir -p requirements
	$(PIP_COMPILE) -o requirements/run.txt pyproject.toml
	$(PIP_COMPILE) --extra test -c requirements/run.txt -o requirements/test.txt pyproject.toml

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
