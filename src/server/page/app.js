// claimgraph's explorer: one page, views chosen by the URL's hash, so every
// view can be shared (#/actor/IRI, #/article/ID, #/contested, #/figures,
// #/sparql?query=...). Every text from the data goes in through
// textContent: a headline holding <script> shows as text.
"use strict";

const view = document.getElementById("view");
let legend = { stances: {}, kinds: {} };

/** Builds an element: attributes, then children (strings become text). */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error((await response.text()).trim() || response.statusText);
  return response.json();
}

function show(...nodes) {
  view.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== ""));
  view.focus({ preventScroll: true });
}

function failed(error) {
  show(el("p", { class: "error", role: "alert" }, String(error.message || error)));
}

const actorLink = (iri, label) => el("a", { href: "#/actor/" + encodeURIComponent(iri) }, label || iri);
const articleLink = (id, statement) =>
  el("a", { href: "#/article/" + encodeURIComponent(id) + (statement ? "?s=" + encodeURIComponent(statement) : "") }, id);

function stanceChip(stance) {
  return el("span", { class: "stance", style: "background:" + (legend.stances[stance] || "#9e9e9e") }, stance);
}

/** "North Korea sendsTroopsTo Russia" with links to both actors. */
/** A proposition: its subject and object link to their views, its
 * predicate to the figures given for it. */
function proposition(s) {
  const predicate = s.p
    ? el("a", { href: "#/figures?proposition=" + encodeURIComponent(s.p), title: "Figures given for this proposition" }, s.predicate || "")
    : s.predicate || "";
  return el("span", { class: "proposition" },
    s.subject ? actorLink(s.subject, s.subjectLabel) : "", " ", predicate, " ",
    s.object ? actorLink(s.object, s.objectLabel) : "");
}

function figure(s) {
  if (s.quantity === undefined) return null;
  return el("span", { class: "figure" }, " · ", [s.qualifier, s.quantity, s.unit].filter((x) => x !== undefined).join(" "));
}

/** One statement: who, stance, what, figure, via, date, article, evidence. */
function statement(s, withSpeaker) {
  return el("div", { class: "statement", style: "border-left-color:" + (legend.stances[s.stance] || "#9e9e9e") },
    el("div", {},
      withSpeaker ? [actorLink(s.speaker, s.speakerLabel), " "] : "",
      stanceChip(s.stance), " ", proposition(s), figure(s)),
    el("blockquote", {}, s.evidence),
    el("div", { class: "meta" },
      s.viaLabel ? ["via ", actorLink(s.via, s.viaLabel), " · "] : "",
      s.date || s.published || "undated", " · ", s.publisher ? s.publisher + " · " : "",
      articleLink(s.article, s.s)));
}

function groupByStance(statements) {
  const groups = new Map();
  for (const s of statements) {
    if (!groups.has(s.stance)) groups.set(s.stance, []);
    groups.get(s.stance).push(s);
  }
  return groups;
}

const count = (n, noun) => Number(n).toLocaleString("en") + " " + noun + (n === 1 ? "" : "s");

/** A button that asks for the next page of a list (`next`: its cursor,
 * `fetchPage(cursor)`: the page's rows and the cursor after them) and hands
 * the rows to `add`; it goes when the list is whole. */
function moreButton(next, fetchPage, add) {
  const button = el("button", { type: "button", class: "more" }, "Show more");
  let cursor = next;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const page = await fetchPage(cursor);
      add(page.rows);
      cursor = page.next;
    } catch (error) {
      button.after(el("p", { class: "error", role: "alert" }, String(error.message || error)));
    }
    button.disabled = false;
    if (!cursor) button.remove();
  });
  return cursor ? button : null;
}

/** A list of statements grouped by stance, which grows page by page. */
function stanceGroups() {
  const box = el("div", {});
  const groups = new Map();
  box.add = (statements) => {
    for (const [stance, listed] of groupByStance(statements)) {
      if (!groups.has(stance)) {
        const group = { heading: el("h3", {}), items: el("div", {}), n: 0 };
        groups.set(stance, group);
        box.append(group.heading, group.items);
      }
      const group = groups.get(stance);
      group.n += listed.length;
      group.heading.replaceChildren(stanceChip(stance), " ", count(group.n, "statement"));
      group.items.append(...listed.map((s) => statement(s, false)));
    }
  };
  return box;
}

async function showActor(iri) {
  const actor = await api("/api/actor?iri=" + encodeURIComponent(iri));
  const page = (list, param) => async (cursor) => {
    const next = await api("/api/actor?iri=" + encodeURIComponent(iri) + "&" + param + "=" + encodeURIComponent(cursor));
    return { rows: next[list] || [], next: next[list + "Next"] };
  };
  const said = stanceGroups();
  said.add(actor.said);
  const about = el("div", {}, actor.saidAbout.map((s) => statement(s, true)));
  const shown = (n) => " (" + Number(n).toLocaleString("en") + ")";
  show(
    el("h1", {}, actor.label),
    el("p", { class: "kind" }, actor.kind,
      actor.affiliation ? [" of ", actorLink(actor.affiliation, actor.affiliationLabel)] : "",
      actor.wikidata ? [" · ", el("a", { href: actor.wikidata, rel: "external" }, "Wikidata")] : "",
      " · ", el("a", { href: "#/graph/" + encodeURIComponent(iri) }, "graph")),
    actor.aliases.length ? el("p", { class: "kind" }, "Also: " + actor.aliases.join("; ")) : "",
    el("h2", {}, "What it said", actor.saidTotal ? shown(actor.saidTotal) : ""),
    actor.said.length ? said : el("p", {}, "No statement by this actor."),
    moreButton(actor.saidNext, page("said", "said"), (rows) => said.add(rows)),
    el("h2", {}, "What others said about it", actor.saidAboutTotal ? shown(actor.saidAboutTotal) : ""),
    actor.saidAbout.length ? about : el("p", {}, "Nothing."),
    moreButton(actor.saidAboutNext, page("saidAbout", "about"), (rows) => about.append(...rows.map((s) => statement(s, true)))));
}

/** The article's text with every statement marked at its offsets (which
 * count code points, so the text is cut as an array of them). */
async function showArticle(id, selected) {
  const article = await api("/api/article?id=" + encodeURIComponent(id));
  const chars = Array.from(article.text || "");
  const spans = article.statements
    .map((s, n) => ({ s, n }))
    .sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end);
  const text = el("div", { class: "article-text" });
  let at = 0;
  for (const { s, n } of spans) {
    if (s.start < at) continue; // overlapping spans: the first is marked
    text.append(chars.slice(at, s.start).join(""));
    const mark = el("mark", { id: "st-" + n, title: s.speakerLabel + " " + s.stance, style: "border-color:" + (legend.stances[s.stance] || "#9e9e9e") },
      chars.slice(s.start, s.end).join(""));
    if (s.s === selected) mark.classList.add("current");
    text.append(mark);
    at = s.end;
  }
  text.append(chars.slice(at).join(""));
  show(
    el("h1", {}, article.headline),
    el("p", { class: "kind" }, [article.publisher, article.published].filter(Boolean).join(" · "),
      article.url ? [" · ", el("a", { href: article.url, rel: "external" }, "original")] : ""),
    article.text ? text : el("p", { class: "error" }, "This store was built by an older claimgraph, which did not keep the text: build it again to see the statements marked in it."),
    el("h2", {}, article.statements.length + " statements"),
    article.statements.map((s, n) => {
      const node = statement(s, true);
      node.prepend(el("a", { href: "#/article/" + encodeURIComponent(id) + "?s=" + encodeURIComponent(s.s), class: "meta" }, "mark in text"));
      return node;
    }));
  const current = view.querySelector("mark.current");
  if (current) current.scrollIntoView({ block: "center" });
}

/** Loads the vendored graph library once. */
function cytoscapeLoaded() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  return new Promise((resolve, reject) => {
    const script = el("script", { src: "/page/vendor/cytoscape.min.js" });
    script.onload = () => resolve(window.cytoscape);
    script.onerror = () => reject(new Error("cannot load the graph library"));
    document.head.append(script);
  });
}

/** An actor's neighbourhood as an interactive graph, in the diagrams'
 * colours; clicking an entity opens its view. */
async function showGraph(iri, depth) {
  const [data, cytoscape] = await Promise.all([
    api("/api/neighbourhood?iri=" + encodeURIComponent(iri) + "&depth=" + depth),
    cytoscapeLoaded(),
  ]);
  const other = depth === 1 ? 2 : 1;
  const box = el("div", { id: "graph", style: "height:70vh;border:1px solid #dadce0", role: "img",
    "aria-label": `Graph of ${data.nodes.length} nodes around the actor` });
  const centre = data.nodes.find((n) => n.id === iri);
  show(
    el("h1", {}, "Around ", actorLink(iri, centre ? centre.label : iri)),
    el("p", { class: "kind" }, `${data.nodes.length} nodes, ${data.edges.length} edges within ${depth} step${depth === 1 ? "" : "s"} · `,
      el("a", { href: "#/graph/" + encodeURIComponent(iri) + "?depth=" + other }, `depth ${other}`)),
    box,
    el("ul", { class: "hidden" }, data.nodes.map((n) => el("li", {}, n.kind === "Proposition" ? n.label : actorLink(n.id, n.label)))));
  drawGraph(cytoscape, box, data, (node) => {
    // An actor opens its view (whose "graph" link comes back here); a
    // proposition, the figures given for it.
    location.hash = node.kind === "Proposition"
      ? "#/figures?proposition=" + encodeURIComponent(node.id)
      : "#/actor/" + encodeURIComponent(node.id);
  });
}

/** Draws nodes and edges (from /api/neighbourhood or /api/construct) in
 * `box`, in the diagrams' shapes and colours; `onTap` gets a tapped node. */
function drawGraph(cytoscape, box, data, onTap) {
  const cy = cytoscape({
    container: box,
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, shape: n.shape, colour: n.colour } })),
      ...data.edges.map((e, i) => ({ data: { id: "e" + i, source: e.source, target: e.target, label: e.label, colour: e.colour } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", shape: "data(shape)", "background-color": "data(colour)", "border-width": 1, "border-color": "#555", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120 } },
      { selector: 'node[kind = "Proposition"]', style: { "font-size": 8 } },
      { selector: "edge", style: { width: 1.5, "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 7 } },
    ],
    layout: { name: "cose", animate: false },
  });
  cy.on("tap", "node", (event) => onTap(event.target.data()));
  return cy;
}

/** A CONSTRUCT or DESCRIBE result drawn as a graph below the query; a
 * tapped entity opens its view. */
async function drawConstruct(query, into) {
  const [data, cytoscape] = await Promise.all([
    api("/api/construct?query=" + encodeURIComponent(query)),
    cytoscapeLoaded(),
  ]);
  const box = el("div", { id: "graph", style: "height:70vh;border:1px solid #dadce0", role: "img",
    "aria-label": `Graph of ${data.nodes.length} nodes from the query's ${data.triples} triples` });
  into.replaceChildren(
    el("p", { class: data.cut ? "error" : "kind" },
      `${data.nodes.length} nodes and ${data.edges.length} edges from ${data.triples} triples` + (data.cut ? " (the result was cut: only its first triples are drawn)" : "")),
    box,
    el("ul", { class: "hidden" }, data.nodes.map((n) => el("li", {}, n.id.includes("/entity/") ? actorLink(n.id, n.label) : n.label))));
  drawGraph(cytoscape, box, data, (node) => {
    if (node.id.includes("/entity/")) location.hash = "#/actor/" + encodeURIComponent(node.id);
  });
}

async function showContested() {
  const contested = await api("/api/contested");
  const side = (title, statements) =>
    el("div", {}, el("h3", {}, title + " (" + statements.length + ")"), statements.map((s) => statement(s, true)));
  show(
    el("h1", {}, "Contested claims"),
    el("p", { class: "kind" }, "Propositions affirmed by some and denied, or not verified, by others."),
    contested.length
      ? contested.map((c) => el("section", { class: "contested" },
          el("h2", {}, proposition(c)),
          el("div", { class: "sides" }, side("Affirmed", c.for), side("Denied or not verified", c.against))))
      : el("p", {}, "Nothing is contested in this store."));
}

/** Figures as points on a time axis (log scale), coloured by speaker; each
 * point's title is its sentence. */
async function showFigures(unit, proposition) {
  const asked = new URLSearchParams();
  if (unit) asked.set("unit", unit);
  if (proposition) asked.set("proposition", proposition);
  const data = await api("/api/figures?" + asked);
  const figures = [...data.figures];
  const form = el("form", { role: "search" },
    el("label", { for: "unit" }, "Unit contains "),
    el("input", { id: "unit", name: "unit", value: unit || "", placeholder: "troops" }),
    " ",
    el("label", { for: "proposition" }, "proposition reads "),
    el("input", { id: "proposition", name: "proposition", value: proposition && !proposition.includes("://") ? proposition : "", placeholder: "North Korea sends troops" }),
    el("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const wanted = new URLSearchParams();
    if (form.unit.value.trim()) wanted.set("unit", form.unit.value.trim());
    if (form.proposition.value.trim()) wanted.set("proposition", form.proposition.value.trim());
    location.hash = "#/figures?" + wanted;
  });
  const chart = el("div", {});
  const summary = el("p", { class: "kind" });
  const drawn = () => {
    const points = figures
      .map((f) => ({ f, day: Date.parse(f.date && f.date.length === 10 ? f.date : f.published || "") }))
      .filter((p) => !Number.isNaN(p.day) && p.f.quantity > 0);
    chart.replaceChildren(...(points.length ? [figureChart(points)] : []));
    summary.replaceChildren(figures.length === data.figuresTotal
      ? count(figures.length, "figure")
      : "The first " + count(figures.length, "figure") + " of " + Number(data.figuresTotal).toLocaleString("en") + ", in date order");
  };
  const row = (f) => el("tr", {},
    el("td", {}, f.date || f.published || ""),
    el("td", {}, actorLink(f.speaker, f.speakerLabel)),
    el("td", {}, [f.qualifier, f.quantity, f.unit].filter((x) => x !== undefined).join(" ")),
    el("td", {}, f.viaLabel || ""),
    el("td", {}, articleLink(f.article, f.s)));
  const table = el("table", {},
    el("tr", {}, ["date", "who", "figure", "via", "article"].map((h) => el("th", {}, h))),
    figures.map(row));
  const more = moreButton(data.figuresNext, async (cursor) => {
    asked.set("after", cursor);
    const next = await api("/api/figures?" + asked);
    return { rows: next.figures, next: next.figuresNext };
  }, (rows) => {
    figures.push(...rows);
    table.append(...rows.map(row));
    drawn();
  });
  drawn();
  show(el("h1", {}, "Figures over time"), form, summary, chart, table, more);
}

function figureChart(points) {
  const svg = (tag, attributes, ...children) => {
    const node = document.createElementNS("http" + "://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  };
  const [w, h, pad] = [800, 320, 50];
  const days = points.map((p) => p.day);
  const logs = points.map((p) => Math.log10(p.f.quantity));
  const [d0, d1] = [Math.min(...days), Math.max(...days) + 1];
  const [l0, l1] = [Math.floor(Math.min(...logs)), Math.ceil(Math.max(...logs) + 0.01)];
  const x = (d) => pad + ((d - d0) / (d1 - d0)) * (w - 2 * pad);
  const y = (l) => h - pad - ((l - l0) / (l1 - l0)) * (h - 2 * pad);
  const speakers = [...new Set(points.map((p) => p.f.speakerLabel))];
  const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
  const colour = (s) => palette[speakers.indexOf(s) % palette.length];
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart", role: "img", "aria-label": "Figures by date" });
  for (let l = l0; l <= l1; l++) {
    chart.append(svg("line", { x1: pad, x2: w - pad, y1: y(l), y2: y(l), stroke: "#eee" }),
      svg("text", { x: 4, y: y(l) + 4, "font-size": 11 }, (10 ** l).toLocaleString("en")));
  }
  for (const [d, anchor] of [[d0, "start"], [d1 - 1, "end"]]) {
    chart.append(svg("text", { x: x(d), y: h - pad + 18, "font-size": 11, "text-anchor": anchor }, new Date(d).toISOString().slice(0, 10)));
  }
  for (const p of points) {
    const dot = svg("circle", { cx: x(p.day), cy: y(Math.log10(p.f.quantity)), r: 6, fill: colour(p.f.speakerLabel), tabindex: 0 },
      svg("title", {}, `${p.f.speakerLabel}: ${[p.f.qualifier, p.f.quantity, p.f.unit].filter((v) => v !== undefined).join(" ")} — ${p.f.evidence}`));
    dot.addEventListener("click", () => { location.hash = "#/article/" + encodeURIComponent(p.f.article) + "?s=" + encodeURIComponent(p.f.s); });
    chart.append(dot);
  }
  return el("div", {}, chart,
    el("p", { class: "legend" }, speakers.map((s) => el("span", {}, el("span", { style: "color:" + colour(s) }, "●"), " " + s))));
}

async function showSparql(query) {
  const canned = await api("/api/queries");
  const box = el("textarea", { id: "query", "aria-label": "SPARQL query", spellcheck: "false" });
  box.value = query || canned[0]?.text || "SELECT * WHERE { ?s ?p ?o } LIMIT 10";
  const results = el("div", { id: "results" });
  const run = el("button", { type: "button" }, "Run");
  const downloads = el("p", { class: "kind" });
  run.addEventListener("click", () => {
    location.hash = "#/sparql?query=" + encodeURIComponent(box.value);
  });
  show(
    el("h1", {}, "SPARQL"),
    el("p", { class: "canned" }, canned.map((q) => {
      const button = el("button", { type: "button", title: q.comment }, q.name);
      button.addEventListener("click", () => { box.value = q.text; });
      return button;
    })),
    box, el("p", {}, run), downloads, results);
  if (!query) return;
  const endpoint = "/sparql?query=" + encodeURIComponent(query);
  downloads.replaceChildren("Download: ",
    ...["json", "xml", "csv", "tsv", "ttl", "nt", "jsonld", "rdf"].flatMap((f) => [el("a", { href: endpoint + "&format=" + f, download: "" }, f), " "]));
  const response = await fetch(endpoint, { headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" } });
  const body = await response.text();
  if (!response.ok) {
    results.replaceChildren(el("p", { class: "error", role: "alert" }, body.trim()));
    return;
  }
  const cut = response.headers.get("claimgraph-truncated");
  const note = cut ? el("p", { class: "error" }, `Only the first ${cut} rows are shown: the result was cut.`) : "";
  if ((response.headers.get("content-type") || "").includes("sparql-results+json")) {
    const json = JSON.parse(body);
    if ("boolean" in json) {
      results.replaceChildren(el("p", {}, String(json.boolean)));
      return;
    }
    const vars = json.head.vars;
    results.replaceChildren(note, el("p", { class: "kind" }, json.results.bindings.length + " rows"),
      el("table", {},
        el("tr", {}, vars.map((v) => el("th", {}, v))),
        json.results.bindings.map((b) => el("tr", {}, vars.map((v) => {
          const term = b[v];
          if (!term) return el("td", {});
          return el("td", {}, term.type === "uri" && term.value.includes("/entity/") ? actorLink(term.value, term.value.split("/").pop()) : term.value);
        })))));
  } else {
    const drawing = el("div", {});
    const draw = el("button", { type: "button", id: "draw" }, "Draw as a graph");
    draw.addEventListener("click", () => drawConstruct(query, drawing).catch((error) =>
      drawing.replaceChildren(el("p", { class: "error", role: "alert" }, error.message))));
    results.replaceChildren(note, el("p", {}, draw), drawing, el("pre", {}, body));
  }
}

async function showHome() {
  show(
    el("h1", {}, "Who said what"),
    el("p", {}, "Search an actor above, or open the ", el("a", { href: "#/contested" }, "contested claims"),
      ", the ", el("a", { href: "#/figures?unit=troops" }, "figures over time"), " or the ",
      el("a", { href: "#/sparql" }, "SPARQL editor"), "."));
}

async function showSearch(text) {
  const found = await api("/api/search?q=" + encodeURIComponent(text) + "&limit=50");
  show(el("h1", {}, "Actors matching “" + text + "”"),
    found.actors.length
      ? el("ul", {}, found.actors.map((a) => el("li", {}, actorLink(a.iri, a.label), el("span", { class: "kind" }, ` ${a.kind} · ${a.statements} statements`))))
      : el("p", {}, "No actor matches."));
}

/** Suggestions while typing; arrows move, Enter opens, Escape closes. */
function setUpSearch() {
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  let items = [];
  let active = -1;
  let pending = 0;
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
  const select = (n) => {
    active = n;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === n)));
  };
  input.addEventListener("input", async () => {
    const text = input.value.trim();
    const ticket = ++pending;
    if (text.length < 2) return close();
    try {
      const found = await api("/api/search?q=" + encodeURIComponent(text));
      if (ticket !== pending) return;
      items = found.actors;
      list.replaceChildren(...items.map((a, i) => {
        const li = el("li", { role: "option", id: "suggestion-" + i }, a.label, el("span", { class: "kind" }, " " + a.kind));
        li.addEventListener("mousedown", (event) => { event.preventDefault(); open(i); });
        return li;
      }));
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", String(items.length > 0));
      select(items.length ? 0 : -1);
    } catch (error) { close(); }
  });
  const open = (i) => {
    close();
    location.hash = i >= 0 && items[i] ? "#/actor/" + encodeURIComponent(items[i].iri) : "#/search/" + encodeURIComponent(input.value.trim());
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); select(Math.min(active + 1, items.length - 1)); }
    else if (event.key === "ArrowUp") { event.preventDefault(); select(Math.max(active - 1, 0)); }
    else if (event.key === "Enter") { event.preventDefault(); open(list.hidden ? -1 : active); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", close);
}

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === "actor" && parts[1]) await showActor(parts.slice(1).join("/"));
    else if (parts[0] === "article" && parts[1]) await showArticle(parts[1], params.get("s"));
    else if (parts[0] === "graph" && parts[1]) await showGraph(parts.slice(1).join("/"), params.get("depth") === "2" ? 2 : 1);
    else if (parts[0] === "contested") await showContested();
    else if (parts[0] === "figures") await showFigures(params.get("unit") || "", params.get("proposition") || "");
    else if (parts[0] === "sparql") await showSparql(params.get("query"));
    else if (parts[0] === "search" && parts[1]) await showSearch(parts[1]);
    else await showHome();
  } catch (error) {
    failed(error);
  }
}

(async () => {
  setUpSearch();
  try { legend = await api("/api/legend"); } catch (error) { /* plain colours */ }
  window.addEventListener("hashchange", route);
  await route();
})();
