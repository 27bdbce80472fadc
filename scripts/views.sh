#!/usr/bin/env bash
# Times each view of the explorer on a running `claimgraph serve`: three
# requests each, the median, the status and the size of the answer.
#
#   claimgraph --store STORE serve --bind 127.0.0.1:7878 &
#   scripts/views.sh http://127.0.0.1:7878 ARTICLE_ID
#
# ARTICLE_ID is any stored article (`claimgraph stats` lists them); the actors
# asked for are those of the sample story and of `claimgraph generate`.
set -euo pipefail
base=${1:?give the server URL, e.g. http://127.0.0.1:7878}
article=${2:?give an article id}
E=https://w3id.org/claimgraph/id/entity
declare -a urls=(
 "search|/api/search?q=Pesko"
 "actor Peskov|/api/actor?iri=$E/dmitry-peskov"
 "actor Russia|/api/actor?iri=$E/russia"
 "article|/api/article?id=$article"
 "contested|/api/contested"
 "figures troops|/api/figures?unit=troops"
 "figures proposition|/api/figures?proposition=north%20korea%20sends%20troops"
 "neighbourhood Peskov 1|/api/neighbourhood?iri=$E/dmitry-peskov&depth=1"
 "neighbourhood Peskov 2|/api/neighbourhood?iri=$E/dmitry-peskov&depth=2"
 "neighbourhood North Korea 1|/api/neighbourhood?iri=$E/north-korea&depth=1"
 "construct denials|/api/construct?query=CONSTRUCT%20%7B%20%3Fw%20cg%3Adenies%20%3Fp%20%7D%20WHERE%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20cg%3Astance%20cg%3Adenies%20%3B%20cg%3Aspeaker%20%3Fw%20%3B%20cg%3Aproposition%20%3Fp%20%7D%20%7D"
 "page|/"
)
for entry in "${urls[@]}"; do
  name=${entry%%|*}; path=${entry#*|}
  times=()
  for i in 1 2 3; do
    t=$(curl -s -o /tmp/view.out -w "%{http_code} %{time_total}" "$base$path")
    times+=("${t#* }"); code=${t% *}
  done
  python3 -c "import statistics,sys; print(f'{sys.argv[1]:28s} {sys.argv[2]}  median {statistics.median(map(float,sys.argv[4:]))*1000:7.0f} ms  ({sys.argv[3]} bytes)')" "$name" "$code" "$(stat -c %s /tmp/view.out)" "${times[@]}"
done
