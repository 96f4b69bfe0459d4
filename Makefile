# Every target builds what it needs: `make test` on a fresh clone creates .venv, installs the project with
# its development extras (pinned generator, formatter, linters), and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The generator calls ruff through its post hooks: the pinned ruff in the venv must come first on PATH.
export PATH := $(abspath $(BIN)):$(PATH)

GENERATED := generated/wfp_async_generated
GENERATE := openapi-python-client generate --path openapi/dispatch-namespaces.yaml \
	--config generator-config.yaml --meta none --custom-template-path templates --fail-on-warning

BENCH_STAMP := $(VENV)/.bench-installed
DEMO_STAMP := $(VENV)/.demo-installed
# Node tools (wrangler, workerd), pinned in tools/package.json, installed into tools/node_modules only;
# plus the system curl that tests/test_documented_requests.py runs (installed with apt when missing).
TOOLS_STAMP := tools/node_modules/.installed

.PHONY: test bench demo lint typecheck check-generated generate pytest tools redis-server clean

test: lint typecheck check-generated pytest

# A real bulk deploy of 1,000 tenant Workers against the built-in emulator, then requests to a few of them
# through the local dispatcher (`wfp dev`, workerd from `make tools`): no Cloudflare account needed.
# It installs only what the demo runs (the `cli` extra and workerd), not the test and lint tools.
demo: $(DEMO_STAMP) $(TOOLS_STAMP)
	$(BIN)/wfp demo

$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[cli]'
	touch $(DEMO_STAMP)

# Benchmarks side by side with the official `cloudflare` package and raw httpx (not part of `make test`;
# figures only, never assertions). The official package is installed for this target only; part 7 (the
# local runtime, `wfp dev`) needs workerd from `make tools`.
bench: $(BENCH_STAMP) $(TOOLS_STAMP) redis-server
	$(BIN)/python -m benchmarks

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

tools: $(TOOLS_STAMP)

$(TOOLS_STAMP): tools/package.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y nodejs npm)
	command -v curl >/dev/null || (apt-get update && apt-get install -y curl)
	npm install --prefix tools --no-audit --no-fund --loglevel=error
	mkdir -p tools/node_modules
	touch $(TOOLS_STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict wfp_async $(GENERATED)

# Rewrites generated/ from openapi/ (never edit generated/ by hand).
generate: $(STAMP)
	rm -rf $(GENERATED)
	$(GENERATE) --output-path $(GENERATED) >/dev/null

# Regenerates into a temporary folder and fails on any difference with generated/, added or removed
# files included.
check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GENERATE) --output-path "$$tmp/$(notdir $(GENERATED))" >/dev/null && \
	if diff -r -x __pycache__ generated "$$tmp" >"$$tmp.diff"; then \
		echo "generated/ is exactly what the generator makes from openapi/"; rm -f "$$tmp.diff"; \
	else \
		head -n 40 "$$tmp.diff"; rm -f "$$tmp.diff"; \
		echo "generated/ differs from what openapi/ generates: run 'make generate'"; exit 1; \
	fi

pytest: $(STAMP) $(TOOLS_STAMP) redis-server
	$(BIN)/python -m pytest -q

# The fleet limiter's tests and benchmark run a real Redis: Debian's redis-server, installed only when missing
# (the tests start their own on a loopback port; the service the package may start is not used).
redis-server:
	@command -v redis-server >/dev/null || (apt-get update && apt-get install -y --no-install-recommends redis-server)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tools/node_modules
