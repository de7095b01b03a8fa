// Corpus search, as infini-gram's page: count, next tokens, ∞-gram probability, documents.
"use strict";
(() => {
  const { get, el, latency, tokens, show, fmtP, fmtN, fail } = memtrace;
  const result = document.getElementById("result");
  const tokenization = document.getElementById("tokenization");
  const query = () => document.getElementById("query").value;

  // Shows how the query was tokenized; returns its ids.
  async function tokenize(text, title) {
    const r = await get("/api/tokenize", { text });
    tokenization.append(el("h2", {}, title + ": " + r.body.tokens.length + " tokens"), tokens(r.body.pieces, r.body.tokens));
    return r.body.tokens;
  }

  async function run(action) {
    tokenization.replaceChildren();
    result.replaceChildren(el("p", { class: "muted" }, "\u2026"));
    try {
      await action();
    } catch (e) {
      fail(result, e);
    }
  }

  async function count() {
    const ids = await tokenize(query(), "Tokenization");
    const r = await get("/api/count", { tokens: ids.join(","), documents: true });
    result.replaceChildren(
      el("h2", {}, "Count"),
      el("div", { class: "stat", id: "count-value", "data-value": r.body.count }, memtrace.plural(r.body.count, "occurrence")),
      el("div", { id: "count-documents", "data-value": r.body.documents }, "in " + memtrace.plural(r.body.documents, "document")),
      latency(r));
  }

  async function ntd() {
    const ids = query() === "" ? [] : await tokenize(query(), "Context");
    const r = await get("/api/ntd", { tokens: ids.join(","), top: 20 });
    const d = r.body;
    const names = await memtrace.decode(d.tokens.map((t) => t.token));
    const table = el("table", { id: "ntd-table" }, el("tr", {}, el("th", { class: "text" }, "next token"), el("th", {}, "id"), el("th", {}, "count"), el("th", {}, "probability"), el("th", {})));
    d.tokens.forEach((t, i) => {
      const bar = el("span", { class: "bar" });
      bar.style.width = Math.max(1, Math.round(200 * t.probability)) + "px";
      table.append(el("tr", {}, el("td", { class: "text" }, show(names[i])), el("td", {}, t.token), el("td", {}, fmtN(t.count)), el("td", { "data-value": t.probability }, fmtP(t.probability)), el("td", { class: "text" }, bar)));
    });
    result.replaceChildren(
      el("h2", {}, "Next-token distribution"),
      el("p", {}, fmtN(d.count) + " occurrences of the context, " + fmtN(d.continuations) + " followed by a token; " + (d.approx ? "sampled, each probability within " + d.bound.toPrecision(2) : "exact") + "."),
      table,
      latency(r));
  }

  async function infgram() {
    const ids = await tokenize(query(), "Tokenization");
    const r = await get("/api/infgram", { tokens: ids.join(",") });
    const names = await memtrace.decode(ids);
    const table = el("table", { id: "infgram-table" }, el("tr", {}, el("th", {}, "pos"), el("th", { class: "text" }, "token"), el("th", {}, "P(token | longest suffix)"), el("th", {}, "suffix length"), el("th", {}, "count / continuations")));
    r.body.forEach((p, i) => table.append(el("tr", {}, el("td", {}, i), el("td", { class: "text" }, show(names[i])), el("td", { "data-value": p.probability }, fmtP(p.probability)), el("td", {}, p.suffix_length), el("td", {}, fmtN(p.count) + " / " + fmtN(p.continuations)))));
    const last = r.body[r.body.length - 1];
    result.replaceChildren(
      el("h2", {}, "\u221e-gram probability"),
      el("p", {}, "Each token given the longest suffix of the tokens before it that occurs (and continues) in the corpus. Last token: ", el("span", { class: "stat" }, fmtP(last.probability))),
      table,
      latency(r));
  }

  async function docs() {
    const ids = await tokenize(query(), "Tokenization");
    result.replaceChildren(el("h2", {}, "Documents"));
    const box = el("div");
    result.append(box);
    await memtrace.documents(box, { tokens: ids.join(",") }, 10);
  }

  async function cooccur() {
    const a = await tokenize(query(), "First n-gram");
    const b = await tokenize(document.getElementById("query-b").value, "Second n-gram");
    const r = await get("/api/cooccur", { a_tokens: a.join(","), b_tokens: b.join(",") });
    result.replaceChildren(
      el("h2", {}, "Documents with both"),
      el("div", { class: "stat", id: "cooccur-value", "data-value": r.body.documents }, memtrace.plural(r.body.documents, "document")),
      el("p", {}, "hold both n-grams (first: " + memtrace.plural(r.body.occurrences_a, "occurrence") + ", second: " + memtrace.plural(r.body.occurrences_b, "occurrence") + ")."),
      latency(r));
    const box = el("div");
    result.append(box);
    await memtrace.bothDocuments(box, "/api/cooccur/documents", { a_tokens: a.join(","), b_tokens: b.join(",") }, 10);
  }

  const actions = { count, ntd, infgram, docs, cooccur };
  for (const [id, action] of Object.entries(actions)) {
    document.getElementById(id).addEventListener("click", () => run(action));
  }
  document.getElementById("query").addEventListener("keydown", (e) => { if (e.key === "Enter") run(count); });
  memtrace.info();
})();
