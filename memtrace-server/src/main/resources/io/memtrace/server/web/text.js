// The text view: a text against the corpus (∞-gram, longest matches, verbatim spans) and the models.
"use strict";
(() => {
  const { api, get, el, latency, show, fmtP, fmtN, fail } = memtrace;
  const traced = document.getElementById("traced-section");
  const tableSection = document.getElementById("table-section");
  const panel = document.getElementById("span-panel");

  async function trace() {
    const minLength = Number(document.getElementById("min-length").value) || 1;
    traced.replaceChildren(el("p", { class: "muted" }, "\u2026"));
    tableSection.replaceChildren();
    try {
      const r = await api("/api/text", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: document.getElementById("text").value, min_length: minLength }),
      });
      document.getElementById("trace-latency").replaceChildren(latency(r));
      const t = r.body;
      const greedy = t.models.flatMap((m) => m.greedy);
      const all = t.tokens.concat(greedy);
      const pieces = all.length ? (await get("/api/decode", { tokens: all.join(",") })).body.pieces : [];
      render(t, pieces.slice(0, t.tokens.length), pieces.slice(t.tokens.length), minLength);
    } catch (e) {
      fail(traced, e);
    }
  }

  function render(t, pieces, greedyPieces, minLength) {
    // The innermost (shortest) span holding a token is the one its click opens.
    const spanOf = new Array(t.tokens.length).fill(-1);
    t.spans.forEach((s, k) => {
      for (let i = s.start; i < s.end; i++) {
        const cur = spanOf[i];
        if (cur < 0 || s.end - s.start < t.spans[cur].end - t.spans[cur].start) spanOf[i] = k;
      }
    });
    const text = el("div", { class: "traced", id: "traced" });
    const tokenEls = pieces.map((p, i) => {
      const attrs = { class: "t", title: "token " + i + " (id " + t.tokens[i] + "): longest match " + t.match[i] + " tokens, count " + fmtN(t.match_count[i]) };
      if (spanOf[i] >= 0) {
        attrs.class = "t inspan";
        attrs["data-span"] = spanOf[i];
        attrs.onclick = () => open(t, spanOf[i], tokenEls, pieces);
      }
      const e = el("span", attrs, p);
      // Darker: a longer verbatim match ends at this token (full shade from 24 tokens on).
      e.style.backgroundColor = "rgba(244, 180, 0, " + (0.6 * Math.min(1, t.match[i] / 24)).toFixed(3) + ")";
      return e;
    });
    text.append(...tokenEls);
    const list = el("div", { class: "spanlist", id: "spans" });
    t.spans.forEach((s, k) => list.append(el("button", { class: "secondary", "data-span": k, onclick: () => open(t, k, tokenEls, pieces) }, show(pieces.slice(s.start, s.end).join("")), el("small", { class: "muted" }, " [" + s.start + ", " + s.end + ") \u00d7" + fmtN(s.page.total)))));
    traced.replaceChildren(
      el("h2", {}, t.tokens.length + " tokens; " + t.spans.length + " maximal spans of \u2265 " + minLength + " tokens occur verbatim in the corpus"),
      el("p", { class: "legend" }, "Shade: the longest n-gram ending at the token that occurs in the corpus (darker is longer). ", el("span", { class: "inspan" }, "Underlined"), " tokens lie in a listed span: click one for its documents; hover any token for its numbers."),
      text,
      list);
    tableSection.replaceChildren(el("h2", {}, "Per token"), el("div", { class: "scroll" }, table(t, pieces, greedyPieces)));
  }

  function table(t, pieces, greedyPieces) {
    const head = el("tr", {}, el("th", {}, "pos"), el("th", { class: "text" }, "token"), el("th", { title: "P(token | longest suffix of the text before it that continues in the corpus)" }, "\u221e-gram P"), el("th", { title: "tokens of context the \u221e-gram used" }, "suffix"), el("th", { title: "longest n-gram ending at this token that occurs in the corpus" }, "match"), el("th", { title: "occurrences of that n-gram" }, "count"));
    for (const m of t.models) {
      head.append(el("th", { title: m.model + ": probability of the true token" }, m.model + " P"), el("th", { title: "rank of the true token (1: the model's top choice)" }, "rank"), el("th", { class: "text", title: "the model's most likely token" }, "greedy"), el("th", { title: "entropy of the model's distribution, nats" }, "entropy"));
    }
    const table = el("table", { id: "token-table" }, head);
    const offsets = t.models.map((m, k) => k * (t.tokens.length - 1));
    t.tokens.forEach((id, i) => {
      const p = t.infgram[i];
      const row = el("tr", { "data-position": i }, el("td", {}, i), el("td", { class: "text" }, show(pieces[i])), el("td", { class: "infgram", "data-value": p.probability }, fmtP(p.probability)), el("td", {}, p.suffix_length), el("td", { class: "match", "data-value": t.match[i] }, t.match[i]), el("td", { class: "match-count", "data-value": t.match_count[i] }, fmtN(t.match_count[i])));
      t.models.forEach((m, k) => {
        if (i === 0) {
          row.append(el("td", { class: "muted" }, "\u2014"), el("td", {}), el("td", {}), el("td", {}));
          return;
        }
        const j = i - 1;
        const hit = m.greedy[j] === id;
        row.append(
          el("td", { class: "model-p", "data-value": m.probability[j] }, fmtP(m.probability[j])),
          el("td", { class: "model-rank", "data-value": m.rank[j] }, m.rank[j]),
          el("td", { class: "text" + (hit ? " yes" : ""), title: hit ? "the greedy token is the true one" : "greedy token id " + m.greedy[j] }, (hit ? "\u2713 " : "") + show(greedyPieces[offsets[k] + j])),
          el("td", { "data-value": m.entropy[j] }, m.entropy[j].toFixed(2)));
      });
      if (t.models.length && i > 0 && t.models[0].greedy[i - 1] === id) row.className = "hit";
      table.append(row);
    });
    return table;
  }

  async function open(t, k, tokenEls, pieces) {
    const s = t.spans[k];
    tokenEls.forEach((e, i) => e.classList.toggle("selected", i >= s.start && i < s.end));
    const box = el("div");
    panel.replaceChildren(
      el("h2", { id: "span-title" }, "Span [" + s.start + ", " + s.end + "): \u201c" + pieces.slice(s.start, s.end).join("") + "\u201d"),
      el("p", { class: "muted" }, (s.end - s.start) + " tokens, " + memtrace.plural(s.page.total, "occurrence") + " in the corpus"),
      box);
    await memtrace.documents(box, { tokens: s.page.ngram.join(",") }, 5);
  }

  document.getElementById("trace").addEventListener("click", trace);
  memtrace.info();
})();
