#!/usr/bin/env bash
# What the tests need besides npm packages: util-linux `script` (terminal tests), etcd (Debian's etcd-server),
# iputils-arping and iproute2 (announcer tests in network namespaces), bird2, gobgpd and frr (the BGP speaker's routers in its tests), and kube-apiserver built from the Go module
# proxy (cached in ~/.cache/d8-metallb/control-plane after the first, long build); for the plugin image: docker-registry,
# the arm64 cross-compiler, qemu-user, osslsigncode, and crane built from the Go module proxy; zsh and fish (bash is
# there) for the completion scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
[ -x /usr/bin/etcd ] || missing+=(etcd-server)
command -v arping >/dev/null 2>&1 || missing+=(iputils-arping)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v bird >/dev/null 2>&1 || missing+=(bird2)
command -v gobgpd >/dev/null 2>&1 || missing+=(gobgpd)
[ -x /usr/lib/frr/bgpd ] || missing+=(frr)
# The plugin package: a registry on loopback, the arm64 addon's cross-compiler, qemu to run the arm64 executable,
# osslsigncode to take the signature off node.exe before injection.
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user)
command -v osslsigncode >/dev/null 2>&1 || missing+=(osslsigncode)
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "The tests need these Debian packages: ${missing[*]}; install them (apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
tools/control-plane/build.sh
tools/crane/build.sh
