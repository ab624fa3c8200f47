# The two commands in README.md: `make studio` runs the studio, `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: studio test deps training-deps build release unit e2e fuzz fuzz-short bench clean datasets models

studio: deps release
	.build/release/ensemble

test: deps training-deps build unit e2e fuzz-short

deps:
	@scripts/install-deps.sh

# The PyTorch twin's venv (training/.venv; docs/training-at-scale.md): torch is 5.4 GB from PyPI, ~2 minutes.
training-deps:
	@scripts/install-deps.sh training

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

unit:
	$(SWIFT) test

e2e: release
	@scripts/e2e.sh

# Fuzzing every reader of outside bytes with libFuzzer + AddressSanitizer (docs/fuzzing.md): FUZZ_SECONDS per
# target (default 60), FUZZ_TARGETS to pick some. `make test` runs the short pass CI runs (10 s per target).
fuzz: deps
	scripts/fuzz/run.sh $(FUZZ_TARGETS)

fuzz-short: deps
	FUZZ_SECONDS=10 FUZZ_SEED=1 scripts/fuzz/run.sh

bench: release
	$(SWIFT) build -c release --product MusicBench && .build/release/MusicBench
	$(SWIFT) build -c release --product AudioBench && .build/release/AudioBench
	$(SWIFT) build -c release --product MetricsBench && .build/release/MetricsBench
	$(SWIFT) build -c release --product StudioBench && .build/release/StudioBench
	benchmarks/engine
	benchmarks/generation
	benchmarks/generators

# Genre training data (docs/datasets.md): per-genre MIDI folders in data/midi/, then one dataset file per genre
# once the ensemble binary has the `dataset` command.
datasets: deps release
	@scripts/install-deps.sh datasets
	.venv/bin/python scripts/datasets/build_genres.py --out data/midi
	@if .build/release/ensemble --help | grep -qE '^ +dataset( |$$)'; then \
	  for g in symphony rock pop jazz; do \
	    .build/release/ensemble dataset build data/midi/$$g -o data/$$g.ensds || exit 1; \
	  done; \
	else echo "note: this ensemble has no 'dataset' command yet; built the MIDI folders only"; fi

# The shipped models (docs/models/): every genre × {unet, musegan} trained from data/<genre>.ensds and exported to
# Models/ with half-precision weights. Resumes where it stopped; about 70 minutes on the 2-core machine.
models: deps release
	@test -f data/rock.ensds || $(MAKE) datasets
	scripts/models/build.sh

clean:
	rm -rf .build
