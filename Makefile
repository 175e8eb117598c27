# The README's two commands. Both install their own Debian packages first.
#   make demo  - release build, generate the demo partnership, import it, print a summary
#   make test  - the whole CTest suite twice: built with ASan+UBSan (clang), then with gcc -O3
#                (gcc's optimiser finds warnings clang does not, and a packager builds with it);
#                also builds the release preset that make demo uses
#   make install - the release build installed under PREFIX (default /usr/local), staged under
#                DESTDIR if set: binary, man page, docs, systemd unit (cmake/install.cmake)
#   make package - the Debian package build/release/safeguard_VERSION_ARCH.deb (CPack)
.PHONY: all demo test deps build-release build-asan build-gcc clean install package

DEMO_DIR ?= demo
PREFIX ?= /usr/local
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

build-gcc: deps
	@cmake --preset gcc >/dev/null
	@cmake --build --preset gcc -j $(JOBS)

demo: build-release
	@bash scripts/demo.sh build/release/safeguard $(DEMO_DIR)

test: build-asan build-gcc build-release
	@ctest --preset asan
	@ctest --preset gcc

install: build-release
	DESTDIR="$(DESTDIR)" cmake --install build/release --prefix "$(PREFIX)"

package: build-release
	cd build/release && cpack -G DEB

clean:
	rm -rf build $(DEMO_DIR)
