# The two commands in README.md: `make studio` runs the studio, `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: studio test deps build release unit e2e bench clean

studio: deps release
	.build/release/ensemble

test: deps build unit e2e

deps:
	@scripts/install-deps.sh

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

unit:
	$(SWIFT) test

e2e: release
	@scripts/e2e.sh

bench: release
	$(SWIFT) build -c release --product MusicBench && .build/release/MusicBench
	$(SWIFT) build -c release --product AudioBench && .build/release/AudioBench
	$(SWIFT) build -c release --product MetricsBench && .build/release/MetricsBench
	$(SWIFT) build -c release --product StudioBench && .build/release/StudioBench
	benchmarks/engine
	benchmarks/generation

clean:
	rm -rf .build
