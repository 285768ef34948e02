#!/usr/bin/env bash
# Installs what is missing, and nothing else: `install-deps.sh debian PKG...` or
# `install-deps.sh python PKG...`. Safe to run again and again.
set -euo pipefail
kind=$1
shift
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

case "$kind" in
debian)
    missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing Debian packages: ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    ;;
python)
    python=${PYTHON:-python3}
    missing=()
    for package in "$@"; do
        # `pip show` knows the distribution, not its extras: `moto[server]` is `moto`.
        "$python" -m pip show -q "${package%%\[*}" >/dev/null 2>&1 || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing Python packages: ${missing[*]}"
        "$python" -m pip install -q --disable-pip-version-check "${missing[@]}"
    fi
    ;;
*)
    echo "usage: $0 debian|python PACKAGE..." >&2
    exit 2
    ;;
esac
