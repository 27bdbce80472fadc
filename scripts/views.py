#!/usr/bin/env python3
"""Times each view of the explorer on a running `claimgraph serve`.

    scripts/views.py URL ARTICLE_ID [RUNS]

RUNS requests per view (default 5), one line each: the median time, the
status, the size of the answer and how many items its longest list holds
(rows, nodes, figures); then the second page of the lists that have one.
ARTICLE_ID is any stored article; the actors asked
for are those of the sample story and of `claimgraph generate`.
"""
import json
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

E = "https://w3id.org/claimgraph/id/entity"
DENIALS = ("CONSTRUCT { ?w cg:denies ?p } WHERE { GRAPH ?g "
           "{ ?s cg:stance cg:denies ; cg:speaker ?w ; cg:proposition ?p } }")


def views(article):
    q = urllib.parse.quote
    return [
        ("search", "/api/search?q=Pesko"),
        ("actor Peskov", f"/api/actor?iri={q(E + '/dmitry-peskov')}"),
        ("actor Russia", f"/api/actor?iri={q(E + '/russia')}"),
        ("article", f"/api/article?id={q(article)}"),
        ("contested", "/api/contested"),
        ("figures troops", "/api/figures?unit=troops"),
        ("figures proposition", "/api/figures?proposition=north%20korea%20sends%20troops"),
        ("neighbourhood Peskov 1", f"/api/neighbourhood?iri={q(E + '/dmitry-peskov')}&depth=1"),
        ("neighbourhood Peskov 2", f"/api/neighbourhood?iri={q(E + '/dmitry-peskov')}&depth=2"),
        ("neighbourhood North Korea 1", f"/api/neighbourhood?iri={q(E + '/north-korea')}&depth=1"),
        ("construct denials", f"/api/construct?query={q(DENIALS)}"),
        ("page", "/"),
    ]


def longest_list(value):
    """The length of the longest list anywhere in a JSON value."""
    if isinstance(value, list):
        return max([len(value)] + [longest_list(v) for v in value])
    if isinstance(value, dict):
        return max([0] + [longest_list(v) for v in value.values()])
    return 0


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def next_pages(base):
    """The second page of the lists that have one: each view's cursor, asked
    once, then the view again after it."""
    q = urllib.parse.quote
    pages = []
    for name, path, cursor, param in [
        ("actor Russia, next page", f"/api/actor?iri={q(E + '/russia')}", "saidNext", "said"),
        ("figures troops, next page", "/api/figures?unit=troops", "figuresNext", "after"),
    ]:
        status, body = fetch(base + path)
        try:
            after = json.loads(body).get(cursor) if status == 200 else None
        except ValueError:
            after = None
        if after:
            pages.append((name, f"{path}&{param}={q(after)}"))
    return pages


def main():
    base, article = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    for name, path in views(article) + next_pages(base):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            status, body = fetch(base + path)
            times.append(time.perf_counter() - start)
        try:
            items = longest_list(json.loads(body))
        except ValueError:
            items = 0
        print(f"view {name}: median {statistics.median(times) * 1000:.0f} ms "
              f"({runs} runs), status {status}, {len(body)} bytes, {items} items")


if __name__ == "__main__":
    main()
