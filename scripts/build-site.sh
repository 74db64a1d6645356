#!/usr/bin/env bash
# Builds what the browser downloads, into target/site:
#   pkg/picap.<hash>.js and pkg/picap.<hash>.wasm  the islands (the wasm-release profile, then
#                                                  wasm-bindgen and binaryen's wasm-opt -Oz);
#   pkg/picap.<hash>.css                           style/main.css;
#   everything in public/;
# each compressed beside itself with brotli and gzip, and target/site/hash.txt, the names' hashes,
# which Leptos reads from beside the server binary: give the folders of the binaries that will
# serve this site as arguments, and the file is copied into each.
#
# This is the whole build that cargo-leptos used to run, so a first `make run` does not spend
# twenty minutes compiling cargo-leptos itself. Steps whose inputs have not changed are skipped,
# so a second run with nothing changed takes about a second.
#
# Usage: scripts/build-site.sh [BINARY_DIR ...]     e.g. scripts/build-site.sh target/release
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

target_dir=${CARGO_TARGET_DIR:-target}
site="$target_dir/site"
wasm_in="$target_dir/wasm32-unknown-unknown/wasm-release/app.wasm"

cargo build -p app --lib --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features hydrate

# Inputs of everything below: the wasm cargo left, the stylesheet, the public files, this script.
stamp="$site/.inputs"
inputs=$( (sha256sum "$wasm_in" style/main.css "$0"; find public -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-64)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] && [ -f "$site/hash.txt" ]; then
  echo "build-site: target/site is up to date"
else
  work=$(mktemp -d "$target_dir/site-build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/out/pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$work/bindgen" --out-name picap "$wasm_in"
  # The features Rust's wasm32 target emits by default; wasm-opt must be told it may keep them.
  wasm-opt -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$work/bindgen/picap_bg.wasm" -o "$work/picap.wasm"

  hash() { sha256sum "$1" | cut -c1-20; }
  js_hash=$(hash "$work/bindgen/picap.js")
  wasm_hash=$(hash "$work/picap.wasm")
  css_hash=$(hash style/main.css)
  cp "$work/bindgen/picap.js" "$work/out/pkg/picap.$js_hash.js"
  cp "$work/picap.wasm" "$work/out/pkg/picap.$wasm_hash.wasm"
  cp style/main.css "$work/out/pkg/picap.$css_hash.css"
  cp -R public/. "$work/out/"
  printf 'js: %s\nwasm: %s\ncss: %s\n' "$js_hash" "$wasm_hash" "$css_hash" >"$work/out/hash.txt"

  # Precompressed once at the highest levels; the server picks by Accept-Encoding.
  find "$work/out" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.svg' \) -print0 |
    while IFS= read -r -d '' file; do
      gzip -9 -k -n "$file"
      brotli -q 11 -k "$file"
    done

  rm -rf "$site.old"
  [ -d "$site" ] && mv "$site" "$site.old"
  mv "$work/out" "$site"
  rm -rf "$site.old"
  echo "$inputs" >"$stamp"
  echo "build-site: $(du -b "$site/pkg/picap.$wasm_hash.wasm" | cut -f1) bytes of wasm," \
    "$(du -b "$site/pkg/picap.$wasm_hash.wasm.br" | cut -f1) with brotli"
fi

for dir in "$@"; do
  mkdir -p "$dir"
  cp "$site/hash.txt" "$dir/hash.txt"
done
