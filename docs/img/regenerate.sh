#!/usr/bin/env bash
# Draws the README's images (docs/img/*.png) again from the current program, with the
# commands the README shows. Run from anywhere:
#
#   docs/img/regenerate.sh                  # builds detente with cargo (release)
#   docs/img/regenerate.sh path/to/detente  # or uses this binary
#
# Then look at each image and check the README's captions and numbers against them.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ge 1 ]; then
  detente=$1
else
  cargo build --release --quiet
  detente="${CARGO_TARGET_DIR:-target}/release/detente"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$detente" run scenarios/security-guarantees.toml -q --plots "$tmp/run" --format png
cp "$tmp/run/survival.png" "$tmp/run/outcomes.png" docs/img/

"$detente" compare scenarios/legally-binding.toml scenarios/verbal-assurance.toml -q \
  --plots "$tmp/cmp" --format png
cp "$tmp/cmp/compare-survival.png" docs/img/compare-binding-verbal.png

"$detente" sweep scenarios/security-guarantees.toml --vary treaty.exit_cost=0..40:11 --runs 2000 -q \
  --plots "$tmp/sweep" --format png
cp "$tmp/sweep/sweep.png" docs/img/sweep-exit-cost.png

echo "wrote docs/img/survival.png outcomes.png compare-binding-verbal.png sweep-exit-cost.png"
