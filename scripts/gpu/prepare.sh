#!/bin/sh
# Run here, in a built checkout: packs what a GPU machine with no Node and no registry needs. The packed CLI
# (resnet plugin, wasm and Dawn binaries, this Node binary) goes to .gpu/skipbench.tgz and the Vulkan loader
# to .gl/*.deb; git ignores both locally. Then, on the device tool: run scripts/gpu/run.sh, carrying .gpu and .gl.
set -eu
cd "$(dirname "$0")/../.."
exclude=$(git rev-parse --git-path info/exclude)
mkdir -p "$(dirname "$exclude")"
for folder in /.gpu/ /.gl/; do grep -qx "$folder" "$exclude" 2>/dev/null || echo "$folder" >>"$exclude"; done
rm -rf .gpu .gl && mkdir -p .gpu .gl /tmp/amd64/partial
pnpm -s skipbench pack --out .gpu/skipbench --arch 'resnet.*' --node
tar czf .gpu/skipbench.tgz -C .gpu skipbench && rm -rf .gpu/skipbench
apt_options='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
# shellcheck disable=SC2086 # the options are words
apt-get $apt_options update -qq && (cd .gl && apt-get $apt_options download libvulkan1)
du -sh .gpu .gl
