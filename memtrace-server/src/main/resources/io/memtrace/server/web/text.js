// The text view: a text against the corpus (∞-gram, longest matches, verbatim spans) and the models.
"use strict";
(() => {
  const { api, get, decode, el, latency, show, fmtP, fmtN, fail } = memtrace;
  const traced = document.getElementById("traced-section");
  const tableSection = document.getElementById("table-section");
  const panel = document.getElementById("span-panel");

  // Positions where a scored context ends (a training row's C values): marked in the text.
  let boundaries = [];

  async function trace(request) {
    const minLength = Number(document.getElementById("min-length").value) || 1;
    traced.replaceChildren(el("p", { class: "muted" }, "\u2026"));
    tableSection.replaceChildren();
    try {
      const r = await api("/api/text", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.assign({ min_length: minLength }, request)),
      });
      document.getElementById("trace-latency").replaceChildren(latency(r));
      const t = r.body;
      const greedy = t.models.flatMap((m) => m.greedy);
      const all = t.tokens.concat(greedy);
      const pieces = await decode(all);
      render(t, pieces.slice(0, t.tokens.length), pieces.slice(t.tokens.length), minLength);
    } catch (e) {
      fail(traced, e);
    }
  }

  // A training row (from the memorization browser): every model's scores of it, then its tokens traced.
  async function openRow(model, row) {
    const section = document.getElementById("row-section");
    section.hidden = false;
    try {
      const { body: r } = await get("/api/row", { model, row });
      const labels = new Map(r.labels.map((l) => [l.model + "|" + l.context + "|" + l.continuation, l]));
      const head = el("tr", {}, ...["model", "step", "C", "L", "score", "matches", "exact", "first mismatch", "BLEU", "ln q (sampling)", "taxonomy"].map((h, i) => el("th", { class: i === 0 || i === 10 ? "text" : "" }, h)));
      const table = el("table", { id: "row-scores" }, head);
      for (const s of r.scores) {
        const l = labels.get(s.model + "|" + s.context + "|" + s.continuation);
        table.append(el("tr", { "data-model": s.model, class: s.model === model ? "current" : "" },
          el("td", { class: "text" }, s.model), el("td", {}, s.step == null ? "\u2014" : s.step), el("td", {}, s.context), el("td", {}, s.continuation),
          el("td", { class: "score", "data-value": s.score }, s.score.toFixed(3)), el("td", {}, s.matches), el("td", { class: s.exact ? "yes" : "" }, s.exact ? "\u2713" : ""),
          el("td", {}, s.first_mismatch), el("td", {}, s.bleu.toFixed(3)), el("td", {}, s.extraction_logprob == null ? "\u2014" : s.extraction_logprob.toFixed(2)),
          el("td", { class: "text", title: l ? "training copies " + fmtN(l.training_copies) : "" }, l ? l.category : "")));
      }
      section.replaceChildren(
        el("h2", { id: "row-title" }, "Training row " + r.row + " (scored for " + r.model + ")"),
        el("p", { class: "muted" }, r.tokens.length + " tokens shown (the longest C + L scored); " + (r.duplicates == null ? "copies in the training rows unknown" : fmtN(r.duplicates) + (r.duplicates === 1 ? " copy" : " copies") + " in the training rows") + ". A bar in the text marks where a context C ends. Tables memorization, memorization_taxonomy."),
        el("div", { class: "scroll" }, table));
      boundaries = [...new Set(r.scores.map((s) => s.context))];
      const pieces = await decode(r.tokens);
      document.getElementById("text").value = pieces.join("");
      await trace({ tokens: r.tokens });
    } catch (e) {
      fail(section, e);
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
      if (boundaries.includes(i)) {
        attrs.class += " boundary";
        attrs.title = "context ends before this token (C = " + i + "); " + attrs.title;
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
      el("h2", {}, t.tokens.length + " tokens; " + t.spans.length + (t.spans.length === 1 ? " maximal span" : " maximal spans") + " of \u2265 " + minLength + " tokens " + (t.spans.length === 1 ? "occurs" : "occur") + " verbatim in the corpus"),
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

  document.getElementById("trace").addEventListener("click", () => {
    boundaries = [];
    trace({ text: document.getElementById("text").value });
  });
  memtrace.info();
  const query = new URLSearchParams(location.search);
  if (query.has("model") && query.has("row")) openRow(query.get("model"), query.get("row"));
})();
