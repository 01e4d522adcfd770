#!/usr/bin/env bash
# Makes the secrets compose.yaml reads, in docker/secrets/ (git ignores it) or in the folder given:
#   model-cache-api-keys    MODEL_CACHE_API_KEYS_FILE: one "id role+role sha256:<hex>" line per
#                           key (hashes only: the file opens nothing by itself)
#   prometheus-metrics-key  the plain key of the "prometheus" id (role metrics), which Prometheus
#                           sends as its bearer token (authorization.credentials_file)
#   app-key, ops-key        the plain keys of "app" (predict) and "ops" (admin+metrics), for you
#   grafana-admin-password  Grafana's admin password (GF_SECURITY_ADMIN_PASSWORD__FILE)
# Existing files are kept: run it again to add what is missing; delete a file to renew it.
# Usage: docker/secrets.sh [DIR]
set -euo pipefail
dir="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets}"
mkdir -p "$dir"
umask 077
key() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
sha() { printf '%s' "$1" | sha256sum | awk '{print $1}'; }
for name in prometheus-metrics-key app-key ops-key grafana-admin-password; do
  [[ -s "$dir/$name" ]] || key >"$dir/$name"
done
{
  echo "# id role+role secret (SHA-256 of the key); made by docker/secrets.sh"
  echo "prometheus metrics sha256:$(sha "$(cat "$dir/prometheus-metrics-key")")"
  echo "app predict sha256:$(sha "$(cat "$dir/app-key")")"
  echo "ops admin+metrics sha256:$(sha "$(cat "$dir/ops-key")")"
} >"$dir/model-cache-api-keys"
# The containers run as uid 10001 (model-cache), 65534 (Prometheus) and 472 (Grafana): compose
# bind-mounts file secrets with their host mode, so they must be readable by those users.
chmod 644 "$dir"/*
echo "secrets in $dir: $(cd "$dir" && echo *)"
