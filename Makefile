# The README's two commands. Both install their own Debian packages first.
#   make demo  - release build, generate the demo partnership, import it, print a summary
#   make test  - ASan+UBSan build and the whole CTest suite
.PHONY: all demo test deps build-release build-asan clean

DEMO_DIR ?= demo
JOBS ?= $(shell nproc)

all: build-release

deps:
	@bash scripts/install-deps.sh

build-release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

demo: build-release
	@bash scripts/demo.sh build/release/safeguard $(DEMO_DIR)

test: build-asan
	@ctest --preset asan

clean:
	rm -rf build $(DEMO_DIR)
