# vmdoctor: `make run` answers the seed question on embedded defaults; `make test` runs the checks.
# Both set themselves up first (idempotently): a venv at .venv/, torch==2.13.0 (the CPU wheel)
# first, then the pinned rest with pip.

VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
SEED_EN := The virtual machine could not be started because nested virtualization is not supported

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export OMP_NUM_THREADS := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup run test lint bench eval clean

$(STAMP): requirements.lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/vmdoctor index
	$(BIN)/vmdoctor ask "$(SEED_EN)"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot probes tests bench
	$(BIN)/mypy
	$(BIN)/vmdoctor cards check

test: lint
	$(BIN)/pytest -q

eval: setup
	$(BIN)/vmdoctor eval --misses

bench: setup
	$(BIN)/python bench/core.py

clean:
	rm -rf $(VENV) .cache
