# Kluis: `make run` and `make test` install what is missing on a fresh Debian machine, then
# start the app or run every test. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

GO            ?= go
GOBIN         := $(shell $(GO) env GOPATH)/bin
WAILS_VERSION := v2.11.0
WAILS         := $(GOBIN)/wails
# The S3 server the replication tests start on 127.0.0.1 (internal/replicate/s3test): a real
# gateway (Apache-2.0) built from the Go module proxy, never an in-memory fake.
VERSITYGW_VERSION := v1.8.0
VERSITYGW     := $(GOBIN)/versitygw
BIN           := build/bin/kluis
TAGS          := desktop,production
# Debian packages: GTK/WebKit to build and show the window, Xvfb/xauth/xdotool/imagemagick for
# headless end-to-end and window smoke tests, chromium for Playwright, file to check the .exe,
# libxml2-utils (xmllint) for the tests that validate the SIVI XML exports against their XSDs,
# poppler-utils (pdftotext, pdftoppm) for the tests that read the reports' text, nsis (makensis)
# for the Windows installer and p7zip-full (7z) for CI to look inside it; dpkg-deb (the .deb)
# comes with dpkg.
APT_PACKAGES  := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev \
                 xvfb xauth xdotool imagemagick chromium file libxml2-utils poppler-utils nsis \
                 p7zip-full curl
# The version from git tags (build/version.sh), computed once and only by targets that use it. The
# linker writes it into kluis/internal/version.value (see internal/version/doc.go).
VERSION        = $(eval VERSION := $$(shell build/version.sh))$(VERSION)
DEB_VERSION    = $(eval DEB_VERSION := $$(shell build/version.sh deb))$(DEB_VERSION)
LDFLAGS        = -s -w -X kluis/internal/version.value=$(VERSION)

.PHONY: help run dev build version windows installer deb dist checksums test test-go test-frontend test-e2e deps deps-apt deps-wails \
        deps-npm s3-server frontend bindings check-bindings bench clean

help:
	@echo "make run      install what is missing, build and start Kluis (default vault location)"
	@echo "make test     install what is missing, run Go tests, frontend tests and end-to-end tests"
	@echo "make build    build the desktop binary at $(BIN)"
	@echo "make windows  cross-compile $(BIN).exe for windows/amd64"
	@echo "make installer  the Windows installer (NSIS) and $(BIN).exe in build/bin"
	@echo "make deb      the Debian/Ubuntu package build/bin/kluis_<version>_amd64.deb"
	@echo "make dist     the installer, the .deb and build/bin/SHA256SUMS"
	@echo "make version  print the version these targets build (from git tags)"
	@echo "make dev      wails dev with live reload (developers)"
	@echo "make bench    kluis bench, 100,000 employees, printed as Markdown"
	@echo "make s3-server  install versitygw, the S3 server the replication tests start"

## ---- dependencies -------------------------------------------------------------------------

# The app itself needs no S3 server: only the tests install it (test-go, test-e2e).
deps: deps-apt deps-wails deps-npm

# Installs the Debian packages that are missing, as root or through sudo.
deps-apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

deps-wails:
	@if ! "$(WAILS)" version 2>/dev/null | grep -q "$(WAILS_VERSION)"; then \
	  echo "Installing the Wails CLI $(WAILS_VERSION)"; \
	  $(GO) install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION); \
	fi

# versitygw for the replication tests, installed when missing (about two minutes to build).
s3-server:
	@if [ ! -x "$(VERSITYGW)" ]; then \
	  echo "Installing the S3 test server versitygw $(VERSITYGW_VERSION)"; \
	  GOFLAGS=-buildvcs=false $(GO) install github.com/versity/versitygw/cmd/versitygw@$(VERSITYGW_VERSION); \
	fi

# npm ci only when package-lock.json changed since the last install.
deps-npm: frontend/node_modules/.package-lock.json
frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

## ---- build ----------------------------------------------------------------------------------

# The frontend is rebuilt only when a file it is built from changed since frontend/dist/index.html
# (make run after a Go-only change starts at once). npm run build rewrites index.html every time.
FRONTEND_SOURCES := $(shell find frontend/src frontend/wailsjs -type f 2>/dev/null) \
                    $(wildcard frontend/index.html frontend/vite.config.ts frontend/svelte.config.js \
                               frontend/tsconfig.json frontend/package.json frontend/public/*)

frontend: frontend/dist/index.html

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build
	@touch $@

build: deps-apt frontend
	$(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

version:
	@echo $(VERSION)

# Windows needs no cgo (WebView2 is reached through Go); the resource file with manifest, icon and
# version comes from wails build, which build/windows/build.sh runs on a copy of the project so the
# version can go into wails.json without editing the checkout.
windows: deps-wails frontend
	WAILS="$(WAILS)" bash build/windows/build.sh

# The NSIS installer (with kluis.exe), checked by build/windows/check-uninstaller.sh: uninstalling
# never deletes the vault.
installer: deps-apt deps-wails frontend
	WAILS="$(WAILS)" bash build/windows/build.sh --installer

# The Debian/Ubuntu package of the desktop build (build/linux/deb.sh).
deb: build
	bash build/linux/deb.sh $(BIN)

# Everything an administrator downloads, with their checksums.
dist: installer deb
	@$(MAKE) --no-print-directory checksums

checksums:
	cd build/bin && rm -f SHA256SUMS && \
	  sha256sum $$(ls kluis-*-installer.exe kluis_*.deb kluis.exe 2>/dev/null) >SHA256SUMS && cat SHA256SUMS

run: build
	./$(BIN)

dev: deps
	"$(WAILS)" dev -tags desktop -m -nosyncgomod

# Regenerates frontend/wailsjs from the Go facades (committed, so a fresh clone builds).
bindings: deps-wails
	"$(WAILS)" generate module

check-bindings: bindings
	@git -c core.fileMode=false diff --exit-code -- frontend/wailsjs || { echo "frontend/wailsjs is stale: run make bindings and commit it"; exit 1; }

## ---- tests -----------------------------------------------------------------------------------

test: deps check-bindings test-go test-frontend test-e2e

test-go: s3-server
	@unformatted=$$($$($(GO) env GOROOT)/bin/gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test ./...
	# The tests that lock, suspend or close while work runs, once more under the race detector.
	$(GO) test -race -run 'TestRule_(Suspend|TheKeyDerivation|Sleep|Close|UseCasesAfterClose|TheTimerSynchronises)' ./app/ ./internal/workspace/
	# The directory's load runs without its lock while the first pages answer: under the race detector too.
	$(GO) test -race -run 'TestRule_(TheTreeAnswersWhileTheSkeletonsLoadAndAfter|AWipeDuringTheLoadLeavesNothingOfTheOldLoadBehind)' ./internal/people/
	# The dev-build clock seam for the end-to-end tests (KLUIS_E2E_NOW), in a `wails dev` build.
	$(GO) test -tags dev -run 'Clock' ./app/

test-frontend: deps-npm
	cd frontend && npm run check && npm test

test-e2e: deps s3-server
	bash frontend/e2e/run.sh

bench:
	$(GO) run . bench --employees 100000

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html
