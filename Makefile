# based — build, test and tooling. `make test` is the one test command.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

GO        ?= go
TOOLS     := $(CURDIR)/.tools
TOOLS_BIN := $(TOOLS)/bin
NPM_DIR   := $(TOOLS)/npm
FORGE     := $(NPM_DIR)/node_modules/@foundry-rs/forge-linux-amd64/bin/forge
STATICCHECK := $(TOOLS_BIN)/staticcheck
ABIGEN      := $(TOOLS_BIN)/abigen
JS_DIR      := preconf/client/js
JS_MODULES  := $(JS_DIR)/node_modules/.package-lock.json

# Pinned tool versions.
STATICCHECK_VERSION := v0.6.1
FORGE_VERSION       := 1.7.1
SOLC_VERSION        := 0.8.37
OZ_VERSION          := 5.7.0
ABIGEN_VERSION      := v1.17.8

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.0.0-dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

GO_TEST_FLAGS ?= -race -count=1 -timeout 60m

.PHONY: bindings check-bindings build test test-go test-contracts test-js js-deps lint fmt-check vet bench tools clean devnet devnet-deps

## build: compile bin/based
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/based ./cmd/based

## test: formatting, vet, staticcheck, Go tests with -race, forge tests, the JavaScript client's tests
test: tools devnet-deps lint test-go test-contracts test-js

test-go:
	$(GO) test $(GO_TEST_FLAGS) ./...

test-contracts: $(FORGE) check-bindings
	$(FORGE) test

## test-js: the JavaScript client's tests (node --test) against a based run on a synthetic chain, and docs/WALLETS.md's snippets
test-js: $(JS_MODULES) build
	cd $(JS_DIR) && BASED=$(CURDIR)/bin/based node --test test/*.test.js

## js-deps: the JavaScript client's pinned dependencies (npm ci into the git-ignored node_modules)
js-deps: $(JS_MODULES)

$(JS_MODULES): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json
	cd $(JS_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## bindings: regenerate the Go bindings of the contracts (contracts/bindings)
bindings: $(FORGE) $(ABIGEN)
	contracts/bindings/generate.sh $(FORGE) $(ABIGEN) contracts/bindings/contracts.go

## check-bindings: fail when the committed Go bindings differ from the contracts
check-bindings: $(FORGE) $(ABIGEN)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	contracts/bindings/generate.sh $(FORGE) $(ABIGEN) "$$tmp/contracts.go"; \
	diff -q contracts/bindings/contracts.go "$$tmp/contracts.go" >/dev/null || \
		{ echo "contracts/bindings/contracts.go is out of date: run make bindings"; exit 1; }

## lint: gofmt, go vet, staticcheck
lint: fmt-check vet $(STATICCHECK)
	$(STATICCHECK) ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## bench: Go benchmarks (figures go to BENCHMARKS.md)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## devnet: build the clients (first run only, cached in devnet/.cache) and run the local network until Ctrl-C
devnet: build devnet-deps
	./bin/based devnet up

## devnet-deps: Redis and PostgreSQL from Debian for the devnet's relay (installed only when missing)
devnet-deps:
	@if ! command -v redis-server >/dev/null || ! { command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }; then \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server postgresql; \
	fi

## tools: install staticcheck and the Solidity toolchain into .tools/, the JavaScript client's dependencies into its node_modules
tools: $(STATICCHECK) $(FORGE) $(ABIGEN) $(JS_MODULES)

$(ABIGEN):
	GOBIN=$(TOOLS_BIN) $(GO) install github.com/ethereum/go-ethereum/cmd/abigen@$(ABIGEN_VERSION)

$(STATICCHECK):
	GOBIN=$(TOOLS_BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(FORGE):
	mkdir -p $(NPM_DIR)
	cd $(NPM_DIR) && npm install --no-audit --no-fund --loglevel=error \
		@foundry-rs/forge@$(FORGE_VERSION) solc@$(SOLC_VERSION) @openzeppelin/contracts@$(OZ_VERSION)
	test -x $(FORGE)

clean:
	rm -rf bin contracts/out contracts/cache
	$(GO) clean -testcache
