# The README's two commands. Both install their own Debian packages first.
#   make demo  - release build, generate the demo partnership, import it, print a summary
#   make test  - ASan+UBSan build (clang) and the whole CTest suite, after a gcc -O3 release
#                build: gcc's optimiser finds warnings clang does not, and make demo builds it
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

test: build-asan build-release
	@ctest --preset asan

clean:
	rm -rf build $(DEMO_DIR)
