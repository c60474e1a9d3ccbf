#!/usr/bin/env bash
# Installs whatever is missing to build and test coflags on Debian 12 (as root),
# and is quick when everything is already there. Called by ./run and ./test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_ROOT=${COFLAGS_BUILD_ROOT:-$ROOT/build}
log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: toolchains, libraries (headers only for wasm), test tools.
APT_PACKAGES=(
  cmake g++ make python3 pkg-config
  emscripten node-acorn
  nlohmann-json3-dev libstb-dev libboost1.81-dev libnghttp2-dev libssl-dev openssl
  libgtest-dev libgmock-dev
  imagemagick
  wrk nginx-light nghttp2-client python3-h2
  chromium firefox-esr xvfb fonts-liberation
  mkcert libnss3-tools
  dpkg-dev
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
apt_updated=0
apt_update() { [ "$apt_updated" = 1 ] || { log "apt-get update"; apt-get update -q >/dev/null; apt_updated=1; }; }
if [ ${#missing[@]} -gt 0 ]; then
  apt_update
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
command -v node >/dev/null || { apt_update; DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null; }

# npm packages from the committed lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# Dear ImGui sources from Debian's source package, unpacked into the build tree.
IMGUI_DIR=$BUILD_ROOT/third_party/imgui
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  if [ ! -f /etc/apt/sources.list.d/coflags-src.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
      > /etc/apt/sources.list.d/coflags-src.sources
    apt_updated=0
  fi
  apt_update
  log "fetching Dear ImGui sources (apt-get source imgui)"
  tmp=$(mktemp -d "$BUILD_ROOT.imgui.XXXX" 2>/dev/null || mktemp -d)
  (cd "$tmp" && apt-get source -q --download-only imgui >/dev/null && dpkg-source -x --skip-debianization imgui_*.dsc imgui >/dev/null)
  mkdir -p "$(dirname "$IMGUI_DIR")"
  rm -rf "$IMGUI_DIR"
  mv "$tmp/imgui" "$IMGUI_DIR"
  rm -rf "$tmp"
fi
