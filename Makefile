# Customer Journey Mapping workbook: set-up, course, tests and trainer tasks.
# `make lab` opens the course; `make test` runs every test. Both create .venv
# and install the pinned packages the first time (a no-op afterwards).

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
PY         := $(BIN)/python
LAB_ARGS   ?=
PYTEST_ARGS ?= -n auto --dist loadfile --no-loadscope-reorder
ASSIGNMENTS = $(sort $(notdir $(patsubst %/,%,$(wildcard solutions/*/))))

.PHONY: lab test install install-test install-hub hub release autograde slides bench workshop nav quizzes clean pins

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when the package definition or the pins change.
$(VENV)/.installed-course: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-course
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

$(VENV)/.installed-hub: $(VENV)/.installed-course
	$(PY) -m pip install --quiet -c constraints.txt -e ".[hub]"
	touch $@

install: $(VENV)/.installed-course
install-test: $(VENV)/.installed-test
install-hub: $(VENV)/.installed-hub

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb $(LAB_ARGS)

test: install-test
	@# compiled once, as an install does: with PYTHONDONTWRITEBYTECODE set, every notebook's kernel
	@# would otherwise compile each module of ours it imports again
	$(PY) -m compileall -q cjm_helpers
	$(PY) -m pytest $(PYTEST_ARGS)

## Trainer and author tasks
hub: install-hub  ## JupyterHub for a cohort on 127.0.0.1:$${HUB_PORT:-8000} (as root; accounts from `roster add`)
	$(BIN)/jupyterhub -f hub/jupyterhub_config.py $(HUB_ARGS)

release: install  ## regenerate exercises/ from solutions/ with nbgrader
	$(PY) -m cjm_helpers.release $(ASSIGNMENTS)

autograde: install  ## grade a cohort in parallel: make autograde ASSIGNMENT=02_current_state JOBS=2
	@test -n "$(ASSIGNMENT)" || { echo "usage: make autograde ASSIGNMENT=02_current_state [JOBS=2]" >&2; exit 2; }
	$(PY) -m cjm_helpers autograde "$(ASSIGNMENT)" --jobs $(or $(JOBS),2) $(AUTOGRADE_ARGS)

nav: install  ## rewrite the generated navigation and contents cells from course.toml
	$(PY) -m cjm_helpers.course sync

quizzes: install  ## rewrite each lesson's quiz data file (lessons/*.quiz.json) from quizzes/*.toml
	$(PY) -m cjm_helpers.quiz_files build

slides: install  ## every lesson as reveal.js slides under build/slides/
	$(PY) -m cjm_helpers.slides build/slides

workshop: install  ## the map builder as a Voila app for live workshops (map file: CJM_WORKSHOP_MAP)
	@map="$${CJM_WORKSHOP_MAP:-}"; case "$$map" in ""|/*) ;; *) map="$(CURDIR)/$$map";; esac; \
	CJM_WORKSHOP_MAP="$$map" $(BIN)/voila workshop/workshop.ipynb --no-browser --port $${PORT:-8866} \
		--Voila.ip=127.0.0.1 --strip_sources=True $(LAB_ARGS)

bench: install-test  ## every benchmark script; one JSON object per line
	@for script in benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

pins:  ## re-pin after changing dependencies (review the diff before committing)
	$(PY) -m pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' > constraints.body
	{ head -n 2 constraints.txt; cat constraints.body; } > constraints.new && mv constraints.new constraints.txt && rm constraints.body

clean:
	rm -rf build .pytest_cache .hypothesis
	find . -name __pycache__ -prune -not -path './.venv/*' -exec rm -rf {} +
	find . -name .ipynb_checkpoints -prune -not -path './.venv/*' -exec rm -rf {} +
