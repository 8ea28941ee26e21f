#!/usr/bin/env bash
# Builds (or reuses) crane, go-containerregistry's OCI client, from the Go module proxy: the image tests pull the
# plugin image back with it. Cached in ${XDG_CACHE_HOME:-~/.cache}/d8-metallb/tools.
set -euo pipefail
version=v0.22.1
out="${XDG_CACHE_HOME:-$HOME/.cache}/d8-metallb/tools"
binary="$out/crane-$version"
if [ -x "$binary" ]; then
  echo "crane $version: reusing $binary"
  exit 0
fi
mkdir -p "$out"
echo "crane $version: building from the Go module proxy..."
GOBIN="$out/gobin" GOFLAGS=-mod=mod go install -trimpath "github.com/google/go-containerregistry/cmd/crane@$version"
mv "$out/gobin/crane" "$binary"
echo "crane $version: built"
