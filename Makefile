# Expo Console — the two commands of the README, plus bench and installer.
#   make run    install what is missing, build translations, open the console on the default event
#   make test   the same set-up, then the import contract, ruff, mypy and the whole suite headless
#   make test-fast  the suite without the slow and e2e tests, for the edit loop
# Everything is installed on demand: Debian/Ubuntu packages (when apt-get is there) and a .venv
# at the repository root with the project and its pinned dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make-stamps
TS := resources/translations/expo_console_ko.ts
QM := $(TS:.ts=.qm)

# CUPS with a PDF printer (the printing tests run a private cupsd; libcups2-dev and gcc build
# pycups), Qt's xcb platform, fonts (Hangul; DejaVu and Symbola for other scripts and emoji on badges), and the tools the end-to-end tests and PDF checks use.
# PostgreSQL for the event hub's tests; faketime (libfaketime) runs a desk with its clock moved.
APT_PACKAGES := postgresql faketime cups cups-client cups-bsd printer-driver-cups-pdf libcups2-dev gcc xvfb xdotool xclip imagemagick fonts-nanum fonts-dejavu-core fonts-symbola poppler-utils libegl1 libgl1 \
	libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 \
	libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 libxcb-xkb1

# The suite runs on one pytest-xdist worker per CPU core (at most 4: each is a Qt application of
# its own and starts consoles, Xvfb and cupsd besides); worksteal evens out the minute-long tests
# (the installer build, the played day). TEST_WORKERS=0 runs it in one process (e.g. for --pdb).
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal
# The suite starts a few hundred Python processes (the command line, consoles, the benchmarks):
# let them keep the project's compiled modules (__pycache__, ignored by git) even where the
# environment says not to write them, instead of compiling every module in each one.
TEST_ENV := QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=

.PHONY: run test test-fast bench installer setup system-packages translations update-translations lint clean

run: setup
	$(BIN)/expo-console $(ARGS)

test: setup
	$(BIN)/lint-imports
	$(BIN)/ruff check expo_console tests benchmarks
	$(BIN)/mypy expo_console/domain expo_console/storage expo_console/services expo_console/cli
	$(TEST_ENV) $(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

test-fast: setup
	$(TEST_ENV) $(BIN)/python -m pytest $(XDIST) -m "not slow and not e2e" $(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks $(ARGS)

installer: setup
	$(BIN)/pyinstaller --noconfirm --clean build_installer.spec

setup: system-packages $(STAMPS)/venv translations

system-packages: $(STAMPS)/apt

$(STAMPS)/apt: Makefile
	@mkdir -p $(STAMPS)
	@if command -v apt-get >/dev/null 2>&1; then \
		missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "Installing system packages: $$missing"; \
			SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
			$$SUDO apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
		fi; \
	else \
		echo "No apt-get here: install Qt's runtime libraries and a Korean font yourself (see README)."; \
	fi
	@touch $@

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

translations: $(QM)

resources/translations/%.qm: resources/translations/%.ts $(STAMPS)/venv
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts files from the sources (then translate in Qt Linguist or by hand).
update-translations: $(STAMPS)/venv
	$(BIN)/pyside6-lupdate $$(find expo_console/gui expo_console/services/messages.py -name '*.py') \
		-ts $(TS) -no-obsolete
	$(BIN)/python tools/fill_translations.py

lint: setup
	$(BIN)/ruff check expo_console tests benchmarks
	$(BIN)/mypy expo_console/domain expo_console/storage expo_console/services expo_console/cli

clean:
	rm -rf $(STAMPS) build dist resources/translations/*.qm
