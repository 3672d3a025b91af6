# GovKG — `make demo` and `make test` work on a fresh clone: both create .venv
# and install the pinned requirements first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  := out/kg

.PHONY: install demo test lint bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p out
	rm -rf $(STORE)
	$(BIN)/python query.py --store $(STORE) build samples/*
	$(BIN)/python query.py --store $(STORE) who-leads 地区生产总值
	$(BIN)/python query.py --store $(STORE) ask "周建国牵头哪些任务？"
	$(BIN)/python query.py --store $(STORE) ask "区财政局担责多少项？"
	$(BIN)/python query.py --store $(STORE) leads 区财政局
	$(BIN)/python query.py --store $(STORE) stats
	$(BIN)/python query.py --store $(STORE) validate
	$(BIN)/python query.py --store $(STORE) export --format turtle -o out/kg.ttl
	$(BIN)/python query.py --store $(STORE) viz -o out/network.html
	@echo "wrote out/kg.ttl and out/network.html"

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf out .pytest_cache
