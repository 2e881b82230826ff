# Tavolo: `make run` starts the app, `make test` runs every test. Both install what
# is missing first (Debian/Ubuntu packages with apt, the UI's npm packages) and do
# nothing more when everything is already in place.

SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_RUN  := build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev
APT_PACKAGE := x11-utils shared-mime-info dbus-daemon dbus-bin
APT_TEST := xvfb xauth webkit2gtk-driver imagemagick python3-openpyxl syncthing python3-docx libreoffice-writer-nogui gnome-keyring dbus-daemon dbus-bin libxml2-utils python3-numpy

UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json
NPM_STAMP  := ui/node_modules/.package-lock.json

.PHONY: help run test deps test-deps ui types lint fmt bench package package-test

help:
	@echo "make run    build and start the desktop app (installs what is missing)"
	@echo "make test   UI unit tests, cargo test --workspace (core, CLI, end-to-end)"
	@echo "make lint   cargo fmt --check and clippy with warnings as errors"
	@echo "make types  regenerate ipc-types.ts, commands.ts and the capability from Rust"
	@echo "make bench  the benchmarks whose figures ARCHITECTURE.md quotes"
	@echo "make package       the release build, the .deb and the AppImage (target/release/bundle/)"
	@echo "make package-test  make package, then install the .deb here, start it, remove it; run the AppImage"

# Installs the given Debian packages if any is missing (as root, or with sudo).
define apt_ensure
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "not a Debian-like system: install the equivalents of '$(1)' yourself (see README.md)"; \
	else \
	  missing=""; \
	  for p in $(1); do \
	    dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then sudo=""; \
	    elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	    else echo "missing packages:$$missing; install them with: apt-get install$$missing" >&2; exit 1; fi; \
	    echo "installing:$$missing"; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	fi
endef

deps: $(NPM_STAMP)
	$(call apt_ensure,$(APT_RUN))

test-deps: deps
	$(call apt_ensure,$(APT_TEST))

$(NPM_STAMP): ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui/dist/index.html: $(UI_SOURCES) $(NPM_STAMP)
	cd ui && npm run build
	@touch $@

ui: ui/dist/index.html

run: deps ui
	cargo run -p tavolo-desktop

test: test-deps ui
	cd ui && npm test
	cd ui && npm run check
	cargo test --workspace

types:
	TAVOLO_UPDATE_TYPES=1 cargo test -p tavolo-desktop --test ipc fresh

lint: deps ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

fmt:
	cargo fmt --all

# The installers: the release build of the app and the CLI, the .deb through the
# Tauri CLI (pinned in ui/package.json), the AppImage through packaging/appimage.
# One cargo invocation for the three programs (separate ones would build every
# shared crate again with other features), then the Tauri CLI only bundles.
package: deps ui
	cargo build --release -p tavolo-desktop -p tavolo -p tavolo-appimage --bins
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --bundles deb
	bash packaging/appimage.sh

# Installs the .deb on this machine (as root, or with sudo), starts the installed
# app under Xvfb, removes it; runs the AppImage as a portable copy. Screenshots in
# test-artifacts/package/.
package-test: package
	$(call apt_ensure,$(APT_PACKAGE) $(APT_TEST))
	bash packaging/test-package.sh

# The figures quoted in ARCHITECTURE.md ("Measured").
bench: test-deps ui
	cargo build --release -p tavolo-bare-window
	cargo bench -p tavolo-desktop --bench startup
	cargo bench -p tavolo --bench notes
	cargo bench -p tavolo --bench export
	cargo bench -p tavolo --bench register
	cargo bench -p tavolo --bench sync
	cargo bench -p tavolo --bench guidelines
	cargo bench -p tavolo --bench coding
	cargo test --release -p tavolo-desktop --test e2e -- --ignored the_map_opens_at_scale --nocapture
