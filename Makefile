# SessionHub — the front door. On a fresh machine with only Python:
#   make run     # installs uv and the workspace on first use, then the embedded app on :8000
#   make token USER=alice ROLE=manager   # a bearer token the running app accepts
#   make test    # the whole suite (needs PostgreSQL, Redis and RabbitMQ on 127.0.0.1; see .ci/run)

SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv itself comes from PyPI when missing (scripts/uv.sh); override with UV=/path/to/uv.
UV ?= bash scripts/uv.sh
PORT ?= 8000
PYTEST_ARGS ?=
# `make token`: USER defaults to the login name, like everywhere else in the shell.
ROLE ?= trainee
TTL ?= 3600
# The environment uv syncs into (honours UV_PROJECT_ENVIRONMENT like uv does).
VENV := $(or $(UV_PROJECT_ENVIRONMENT),.venv)
SYNCED := $(VENV)/.sessionhub-synced
# Running the product needs no dev tools: a fresh clone's `make run` installs only the
# runtime packages; --inexact keeps a developer's dev group instead of uninstalling it.
RUN_SYNCED := $(VENV)/.sessionhub-synced-run
SESSIONHUB := $(VENV)/bin/sessionhub
LOCK_INPUTS := uv.lock pyproject.toml $(wildcard libs/*/pyproject.toml services/*/pyproject.toml)

.PHONY: help install run token stop test test-fast test-browser lint bench up down run-distributed asyncapi contract-tools

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Synced once, and again only when the lock or a pyproject changes. uv's output and the
# command go to stderr, so `TOKEN=$$(make token ...)` captures nothing but the token.
$(SYNCED): $(LOCK_INPUTS)
	@echo "+ uv sync --frozen" >&2; $(UV) sync --frozen >&2
	@touch $@ $(RUN_SYNCED)

$(RUN_SYNCED): $(LOCK_INPUTS)
	@echo "+ uv sync --frozen --no-dev --inexact" >&2; $(UV) sync --frozen --no-dev --inexact >&2
	@touch $@

install: ## Install uv (if missing) and the whole workspace from uv.lock
	$(UV) sync --frozen
	@touch $(SYNCED) $(RUN_SYNCED)

# The venv's own entry point, not `uv run`: uv run would sync the dev group back in.
run: $(RUN_SYNCED) ## Embedded topology on :8000 (PORT=...); PostgreSQL/Redis from wheels unless DATABASE_URL/REDIS_URL
	$(SESSIONHUB) run --port $(PORT) --stop-with-parent

# Only a `make run` killed outright (SIGKILL) leaves the embedded servers running.
stop: $(RUN_SYNCED) ## Stop embedded PostgreSQL/Redis a killed `make run` left behind
	@$(SESSIONHUB) stop

token: $(RUN_SYNCED) ## Print a bearer token the app accepts: make -s token USER=alice ROLE=manager [TTL=3600]
	@$(SESSIONHUB) token --user "$(USER)" --role "$(ROLE)" --ttl "$(TTL)"

test: $(SYNCED) ## The test suite (pytest; 'no tests collected' fails)
	$(UV) run --frozen pytest $(PYTEST_ARGS)

test-fast: $(SYNCED) ## Only the pure-logic unit tests (marker `unit`): under a minute, no servers needed
	SESSIONHUB_QUICK_PROPERTIES=1 $(UV) run --frozen pytest -m unit -q $(PYTEST_ARGS)

test-browser: $(SYNCED) ## The console's browser tests alone (Playwright + Debian's chromium)
	$(UV) run --frozen pytest libs/common/tests/browser $(PYTEST_ARGS)

lint: $(SYNCED) ## ruff check, ruff format --check, mypy — runs all three, fails if any fails
	@status=0; \
	echo "+ ruff check ."; $(UV) run --frozen ruff check . || status=1; \
	echo "+ ruff format --check ."; $(UV) run --frozen ruff format --check . || status=1; \
	srcs=""; \
	for dir in libs/*/src services/*/src; do \
	  if [ -n "$$(find "$$dir" -name '*.py' -print -quit 2>/dev/null)" ]; then srcs="$$srcs $$dir"; fi; \
	done; \
	echo "+ mypy $$srcs"; $(UV) run --frozen mypy $$srcs || status=1; \
	exit $$status

bench: $(SYNCED) ## Every bench/*.py that exists, one after another (all run; fails if one failed)
	@ran=0; failed=""; \
	for script in bench/*.py; do \
	  [ -f "$$script" ] || continue; \
	  case "$$(basename "$$script")" in _*) continue;; esac; \
	  echo "=== $$script"; \
	  $(UV) run --frozen python "$$script" || failed="$$failed $$script"; \
	  ran=$$((ran + 1)); \
	done; \
	[ $$ran -gt 0 ] || echo "no benchmarks in bench/ yet"; \
	if [ -n "$$failed" ]; then echo "failed:$$failed"; exit 1; fi

# Compose needs the JWT secret every service shares; reuse the checkout's dev secret so
# `uv run sessionhub token` on the host signs tokens the containers accept.
up: ## Distributed topology in Docker (docker compose up --build); gateway on :8080
	@mkdir -p .sessionhub; \
	[ -s .sessionhub/jwt-secret ] || python3 -c 'import secrets; print(secrets.token_urlsafe(48), end="")' > .sessionhub/jwt-secret; \
	chmod 600 .sessionhub/jwt-secret
	SESSIONHUB_JWT_SECRET="$${SESSIONHUB_JWT_SECRET:-$$(cat .sessionhub/jwt-secret)}" docker compose up --build

down: ## Stop the compose stack (volumes kept; add -v by hand to drop them)
	docker compose down

run-distributed: $(SYNCED) ## Distributed topology without Docker: one process per service, nginx on :8080
	bash scripts/run-distributed.sh

asyncapi: $(SYNCED) ## Regenerate docs/asyncapi.yaml from the event registry
	$(UV) run --frozen sessionhub asyncapi -o docs/asyncapi.yaml

contract-tools: ## Install the official contract validators (Node) from tools/contracts/package-lock.json
	npm ci --prefix tools/contracts --ignore-scripts --no-audit --no-fund --loglevel=error
