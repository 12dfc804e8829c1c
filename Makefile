# racedesk — the two commands a new user needs are `make run` and `make test`.
GO      ?= go
BIN     := bin/racedesk
DB      ?= racedesk.db
GOFLAGS ?=

# The race detector needs cgo and a C compiler; without them the tests
# still run, just without -race.
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)

.PHONY: run build test test-stress bench bench-cloud e2e lint fmt clean dist ldflags

## build: compile bin/racedesk
build:
	$(GO) build $(GOFLAGS) -o $(BIN) ./cmd/racedesk

## run: build, create a demo event database if none exists, open the desk
run: build
	@[ -f "$(DB)" ] || ./$(BIN) demo --db "$(DB)"
	./$(BIN) --db "$(DB)"

## test: vet and run every test (with the race detector where available),
## then the sync suite again against the cloud on PostgreSQL (its tests
## skip, saying why, where PostgreSQL cannot be had)
test:
	$(GO) vet ./...
	$(GO) test $(RACE) ./...
	RACEDESK_SYNC_CLOUD=postgres $(GO) test $(RACE) ./syncclient/

## test-stress: the whole suite N times (default 5) against one busy loop
## per CPU, shuffled; stops at the first failure and names test and seed
N ?= 5
test-stress:
	$(GO) vet ./...
	RACE="$(RACE)" GO="$(GO)" ./.ci/stress $(N)

## bench: the benchmarks recorded in docs/benchmarks.md. The desk's are
## run a fixed number of times: at 1 s each, the finish benchmarks would
## finish more runners than a 200,000-runner copy has, and set up copy
## after copy (untimed, but long). The cloud's load test is apart:
## make bench-cloud.
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=5 -timeout=60m $$($(GO) list ./... | grep -v '/tui$$')
	$(GO) test -run='^$$' -bench='SearchKeystroke|BubblesList|DeskWorkPerCommit' -benchtime=200x -benchmem -count=5 -timeout=60m ./tui/
	$(GO) test -run='^$$' -bench='OpenToFirst|DeskRSS|ReloadEverything' -benchtime=3x -benchmem -count=5 -timeout=60m ./tui/

## bench-cloud: the cloud's load test (issue 21, docs/benchmarks.md):
## desks syncing every 2 s — 10 on the bbolt cloud's one event, 1,000 on
## 100 events of one PostgreSQL, 100 on the bbolt cloud, then the first
## two again with thin desks (the cloud's share alone) — each measured for
## RACEDESK_CLOUD_LOAD_SECONDS (default 60); about 8 minutes
bench-cloud:
	RACEDESK_CLOUD_LOAD=1 $(GO) test -run '^TestCloudLoad$$' -v -count=1 -timeout=60m ./syncclient/

## e2e: drive the real binary (the desk issue adds the tmux run)
e2e: build
	$(GO) test -run 'E2E' -count=1 ./cmd/...

## lint: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## dist: release archives for Windows, macOS and Linux (amd64 and arm64)
## in dist/, with SHA256SUMS. VERSION=v1.0.0 names the release (default:
## git describe); the binary says it with 'racedesk version'.
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null)
DATE      ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS    = -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
PLATFORMS := windows/amd64 windows/arm64 darwin/amd64 darwin/arm64 linux/amd64 linux/arm64
DISTFILES := README.md docs/examples/event.toml $(wildcard LICENSE LICENSE.* NOTICE NOTICE.*)
dist:
	rm -rf dist
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; name=racedesk-$(VERSION)-$$os-$$arch; \
		exe=racedesk; archive=dist/$$name.tar.gz; dir="-dir $$name"; \
		if [ $$os = windows ]; then exe=racedesk.exe; archive=dist/$$name.zip; dir=; fi; \
		echo "$$archive"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build $(GOFLAGS) -trimpath -ldflags '$(LDFLAGS)' -o dist/.stage/$$name/$$exe ./cmd/racedesk; \
		$(GO) run ./cmd/distarchive -o $$archive $$dir $$exe=dist/.stage/$$name/$$exe $(foreach f,$(DISTFILES),$(f)=$(f)); \
	done
	rm -rf dist/.stage
	cd dist && { sha256sum *.zip *.tar.gz 2>/dev/null || shasum -a 256 *.zip *.tar.gz; } > SHA256SUMS

## ldflags: the -ldflags make dist builds with (cmd/racedesk checks them)
ldflags:
	@echo '$(LDFLAGS)'

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin dist
