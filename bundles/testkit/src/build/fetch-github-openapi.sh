#!/bin/sh
# Fetches GitHub's official OpenAPI description (npm @octokit/openapi, file generated/api.github.com.json)
# for the test kit's contract checks. Usage: fetch-github-openapi.sh <version> <directory>
# Leaves <directory>/package/generated/api.github.com.json; does nothing when it is there already.
# npm checks the tarball against the registry's integrity hash; --prefer-offline reuses npm's cache,
# so builds after the first one work without the network.
set -eu
version="$1"
dir="$2"
file="$dir/package/generated/api.github.com.json"
[ -f "$file" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "npm is needed to fetch @octokit/openapi@$version (apt-get install -y npm)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
tarball=$(npm pack --prefer-offline --silent "@octokit/openapi@$version" | tail -n 1)
tar -xzf "$tarball" package/generated/api.github.com.json
rm -f "$tarball"
[ -f "$file" ] || { echo "$tarball held no package/generated/api.github.com.json" >&2; exit 1; }
