#!/usr/bin/env bash
# Writes SHA256SUMS in each model folder given: the SHA-256 of every file in the folder and below
# (following links, the manifest itself excepted), in sha256sum's format, paths relative to the
# folder and sorted. Model Cache then refuses to load the folder if any file changes, goes missing
# or appears unlisted (docs/reliability.md, "Model integrity").
#
# Usage: tools/models/write-manifest.sh MODEL_DIR...
#        tools/models/write-manifest.sh --check MODEL_DIR...   (runs sha256sum -c in each folder)
# Needs: bash, find, sort, sha256sum (GNU coreutils). Exit status: 0 done, 1 failure.
set -euo pipefail

check=0
if [[ "${1:-}" == "--check" ]]; then
  check=1
  shift
fi
(( $# > 0 )) || { echo "usage: $0 [--check] MODEL_DIR..." >&2; exit 1; }

for dir in "$@"; do
  [[ -d "$dir" ]] || { echo "write-manifest: not a folder: $dir" >&2; exit 1; }
  if (( check )); then
    (cd "$dir" && sha256sum --quiet --strict -c SHA256SUMS) || { echo "write-manifest: $dir does not match its SHA256SUMS" >&2; exit 1; }
    echo "write-manifest: $dir matches its SHA256SUMS"
    continue
  fi
  (
    cd "$dir"
    # -L: follow links (a Hugging Face cache snapshot is links into blobs/); names with a newline
    # or a backslash would be written escaped, which Model Cache refuses: reject them here.
    if find -L . -type f -name $'*[\n\\\\]*' | grep -q .; then
      echo "write-manifest: $dir has a file name with a newline or backslash" >&2
      exit 1
    fi
    out="$(mktemp)"
    find -L . -type f ! -path ./SHA256SUMS -printf '%P\0' | LC_ALL=C sort -z \
      | xargs -0 -r sha256sum -- >"$out"
    chmod 0644 "$out" # mktemp makes it private; the service may run as another user
    mv "$out" SHA256SUMS
  )
  echo "write-manifest: $dir/SHA256SUMS lists $(wc -l <"$dir/SHA256SUMS") file(s)"
done
