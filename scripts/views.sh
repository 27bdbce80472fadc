#!/usr/bin/env bash
# Times each view of the explorer on a running `claimgraph serve` (median of
# RUNS requests, default 5; see scripts/views.py).
#
#   claimgraph --store STORE serve --bind 127.0.0.1:7878 &
#   scripts/views.sh http://127.0.0.1:7878 ARTICLE_ID
set -euo pipefail
base=${1:?give the server URL, e.g. http://127.0.0.1:7878}
article=${2:?give an article id}
exec python3 "$(dirname "$0")/views.py" "$base" "$article" "${RUNS:-5}"
