# One entry point for people and CI. Every target sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Learners and instructors get the package, Jupyter and nbgrader; the maintainers' tests
# (make test) add torch (CPU) and ruff to the same .venv.
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The tests run on every core (pytest-xdist); tests that share a costly fixture or a fixed
# resource carry an xdist_group mark and stay on one worker. PARALLEL= runs them in one process.
PARALLEL ?= -n auto --dist loadgroup

.PHONY: setup demo test test-fast bench clean browser

# The main job on the bundled sample data: grade a class of sample submissions,
# write the gradebook and the class report, and grade a sample quiz answers file.
demo: $(STAMP)
	$(PY) -m autograder grade-all samples/submissions --out out/demo --force
	$(PY) -m autograder report out/demo
	$(PY) -m autograder quiz grade quizzes/samples/demo-student.yaml --module module01

# Only the environment: .venv with the package, Jupyter and nbgrader (no torch).
setup: $(STAMP)

# Everything CI runs: lint, the type checker (mypy over autograder/, configured in
# pyproject.toml), then the whole test suite (its set-up adds the test tools and a real
# browser: see browser).
test: $(TEST_STAMP) browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pytest $(PARALLEL)

# The inner loop while changing code: lint, types and every test not marked slow (no nbgrader
# workflow, notebook regeneration, wheel builds, clean venvs, browser, or the attacks' whole
# matrix of users).
test-fast: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/pytest -m "not slow" -q $(PARALLEL)

# Debian's Chromium for the browser tests (Playwright drives it; its own browser download is
# not used). Installed when missing and the machine allows it (root with apt-get); otherwise
# the browser tests say they were skipped and why.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  >/dev/null; }; } || echo "warning: no Chromium here; the browser tests will be skipped"

bench: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) benchmarks/grade_one.py

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[notebooks]'
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(TEST_STAMP)

clean:
	rm -rf $(VENV) out
