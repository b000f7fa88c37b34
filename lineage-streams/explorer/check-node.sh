#!/bin/sh
# Run by the Maven build before `npm ci`: the explorer is built with the machine's Node.js and npm.
# Prints one line saying what to install when they are missing or too old, and fails the build.
need="the lineage explorer needs Node.js 20 or newer with npm on the PATH (Debian: apt-get install nodejs npm; others: https://nodejs.org)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ERROR: $need; or build without the explorer: -Dexplorer.skip" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 20 ] 2>/dev/null; then
  echo "ERROR: $need, found $(node --version)" >&2
  exit 1
fi
