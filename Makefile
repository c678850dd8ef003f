# mos — common tasks. `make test` is the one CI runs.
GO ?= go
# Stamped into the binary (`mos version`); Go adds the commit itself when it can read git, not always.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)

.PHONY: help build test lint run bench measure soak migrate

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build the mos binary into bin/mos
	CGO_ENABLED=0 $(GO) build -ldflags "-X main.version=$(VERSION) -X main.commit=$(COMMIT)" -o bin/mos ./cmd/mos

test: ## go vet + go test -race against a real Postgres (found or started by scripts/test.sh), then a 60 s soak
	./scripts/test.sh

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

run: build ## run the bot locally (mos reads .env itself; serve applies pending migrations)
	./bin/mos serve

soak: ## chaos soak: 2 replicas killed and restarted, socket drops, Slack 429s, model faults (MOS_SOAK=10m)
	MOS_SOAK=$${MOS_SOAK:-10m} ./scripts/test.sh

bench: ## run the benchmarks that back the performance targets
	MOS_BENCH=1 ./scripts/test.sh

measure: ## extraction precision/recall per fixture and category; claim-check catch and false-alarm rates (offline)
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkExtraction$$' -benchtime 1x ./source
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkCheckMeasured$$' -benchtime 1x ./claim
