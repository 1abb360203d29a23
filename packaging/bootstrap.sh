#!/usr/bin/env bash
# One script behind the README's two commands, for a fresh Debian 12 machine:
#   packaging/bootstrap.sh run    install dependencies, build, start the workbench on the demo model
#   packaging/bootstrap.sh test   install dependencies, build, run every test
# Also: deps | build. Build folder: build/ (ccache keeps rebuilds short).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${MEDAWQ_BUILD_DIR:-$ROOT/build}
JOBS=${MEDAWQ_JOBS:-$(nproc)}

PACKAGES=(build-essential cmake ninja-build ccache pkg-config git
  libtorch-dev libopenblas0-openmp libsentencepiece-dev sentencepiece nlohmann-json3-dev libcli11-dev
  libzip-dev libpugixml-dev
  libpng-dev libjpeg62-turbo-dev libdcmtk-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev libqcustomplot-dev qt6-svg-dev
  xvfb xauth poppler-utils appstream desktop-file-utils
  fonts-noto-cjk qt6-translations-l10n)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

build() {
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build "$BUILD" -j "$JOBS"
}

case "${1:-}" in
  deps) deps ;;
  build) deps; build ;;
  test)
    deps; build
    cd "$BUILD"
    ctest --output-on-failure -j "$JOBS"
    ;;
  run)
    deps; build
    exec "$BUILD/app/medawq-workbench" "$ROOT/resources/demo/model"
    ;;
  *) echo "usage: $0 run|test|deps|build" >&2; exit 64 ;;
esac
