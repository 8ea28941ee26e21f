#!/usr/bin/env bash
# Builds (or reuses) the test control plane's kube-apiserver from the Go module proxy. The binary is cached outside
# the checkout, in ${XDG_CACHE_HOME:-~/.cache}/d8-metallb/control-plane (or $D8_METALLB_CONTROL_PLANE_DIR), so that
# fresh clones on one machine reuse it; delete it to rebuild. The first build takes many minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=v1.34.4
out="${D8_METALLB_CONTROL_PLANE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/d8-metallb/control-plane}"
binary="$out/kube-apiserver-$version"
if [ -x "$binary" ]; then
  echo "kube-apiserver $version: reusing $binary"
  exit 0
fi
mkdir -p "$out"
echo "kube-apiserver $version: building from the Go module proxy (the first build takes many minutes)..."
start=$(date +%s)
cd "$here"
export GOFLAGS=-mod=mod
go build -v -trimpath -o "$binary.tmp" \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=34" \
  k8s.io/kubernetes/cmd/kube-apiserver 2>&1 | awk '{ n++; if (n % 200 == 0) { printf "  %d packages compiled...\n", n; fflush() } }'
mv "$binary.tmp" "$binary"
echo "kube-apiserver $version: built in $(( $(date +%s) - start )) s"
