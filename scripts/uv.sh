#!/usr/bin/env bash
# Run uv, installing it from PyPI first when this machine has none.
#
#   scripts/uv.sh sync --frozen      # exactly like `uv sync --frozen`
#   scripts/uv.sh --print-path       # only print where uv is (installing it if needed)
#
# Looks for: $UV (set by `uv run` for its children), `uv` on PATH, the pip --user
# scripts dir, then .sessionhub/tools/bin. Installs with pip only (PyPI is the one
# source a fresh machine is guaranteed to reach): `pip install --user uv`, else a
# private venv under .sessionhub/tools (for "externally managed" Pythons, PEP 668).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.sessionhub/tools"
spec="${SESSIONHUB_UV_SPEC:-uv>=0.5}"

log() { printf 'uv.sh: %s\n' "$*" >&2; }

python_bin() {
  local candidate
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 8))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

user_scripts_dir() {
  "$1" -c 'import os, sysconfig; print(sysconfig.get_path("scripts", f"{os.name}_user"))' 2>/dev/null
}

find_uv() {
  local py dir
  if [[ -n "${UV:-}" && -x "${UV}" ]]; then echo "$UV"; return 0; fi
  if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
  if py="$(python_bin)"; then
    dir="$(user_scripts_dir "$py" || true)"
    if [[ -n "$dir" && -x "$dir/uv" ]]; then echo "$dir/uv"; return 0; fi
  fi
  if [[ -x "$HOME/.local/bin/uv" ]]; then echo "$HOME/.local/bin/uv"; return 0; fi
  if [[ -x "$tools/bin/uv" ]]; then echo "$tools/bin/uv"; return 0; fi
  return 1
}

install_uv() {
  local py
  if ! py="$(python_bin)"; then
    log "no Python 3.8+ found; install Python 3.11+ first"
    return 1
  fi
  if ! "$py" -m pip --version >/dev/null 2>&1; then
    "$py" -m ensurepip --user >/dev/null 2>&1 || true
  fi
  if ! "$py" -m pip --version >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] \
    && command -v apt-get >/dev/null 2>&1; then
    log "installing pip with apt-get"
    if apt-get update -qq </dev/null >&2; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip python3-venv \
        </dev/null >&2 || true
    fi
  fi
  log "installing $spec from PyPI"
  if "$py" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then
    # Inside a virtualenv: --user is not allowed there, install into it.
    "$py" -m pip install --disable-pip-version-check -q "$spec" >&2 && return 0
  elif "$py" -m pip install --user --disable-pip-version-check -q "$spec" >&2; then
    return 0
  fi
  log "pip --user refused; using a private venv under $tools"
  rm -rf "$tools"
  if "$py" -m venv "$tools" >&2 \
    && "$tools/bin/python" -m pip install --disable-pip-version-check -q "$spec" >&2; then
    return 0
  fi
  rm -rf "$tools"
  log "venv unavailable; installing with --break-system-packages (uv is self-contained)"
  "$py" -m pip install --user --break-system-packages --disable-pip-version-check -q "$spec" >&2
}

if ! uv_bin="$(find_uv)"; then
  install_uv || { log "could not install uv"; exit 1; }
  uv_bin="$(find_uv)" || { log "uv was installed but cannot be found"; exit 1; }
  log "using $uv_bin"
fi

if [[ "${1:-}" == "--print-path" ]]; then
  echo "$uv_bin"
  exit 0
fi
exec "$uv_bin" "$@"
