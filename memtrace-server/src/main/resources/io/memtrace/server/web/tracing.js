// Study B: a task's distributional memorization per model size, its embedding filter, performance
// vs coverage, and its kept pairs (sorted by a clicked column, paged; a pair opens its documents).
"use strict";
(() => {
  const { get, el, latency, fmtN, plural, fail } = memtrace;
  const select = document.getElementById("task");
  const PAGE = 25;
  const pairColumns = [
    ["pair", "pair", "pair"],
    ["example", "example", null],
    ["n", "n", "n"],
    ["input", "input n-gram", null],
    ["output", "output n-gram", null],
    ["cosine", "cosine", "cosine"],
    ["documents_input", "docs input", "documents_input"],
    ["documents_output", "docs output", "documents_output"],
    ["documents_both", "docs both", "documents_both"],
    ["taskgram_logprob", "ln P(out | in)", "taskgram_logprob"],
  ];
  let tasks = [];
  let sort = "documents_both";
  let order = "desc";
  let from = 0;

  // A number as stored (non-finite ones come as strings), to `digits` decimals.
  function num(x, digits) {
    return typeof x === "number" ? (Number.isInteger(x) && digits === 0 ? fmtN(x) : x.toFixed(digits)) : x == null ? "\u2014" : String(x);
  }

  function pValue(p) {
    return typeof p === "number" ? (p >= 0.001 ? p.toFixed(3) : p.toExponential(1)) : "\u2014";
  }

  function table(id, titles, rows) {
    const head = el("tr", {});
    for (const [title, cls] of titles) head.append(el("th", { class: cls || "" }, title));
    const t = el("table", { id }, head);
    for (const r of rows) t.append(r);
    return t;
  }

  // Mem_n (task-gram) and Mem_inf (infini-gram) side by side per model and n; p >= .05 in grey.
  function memorization(rows) {
    const target = document.getElementById("memorization-section");
    const byKey = new Map();
    for (const r of rows) {
      const key = r.model + "\u0000" + r.n;
      if (!byKey.has(key)) byKey.set(key, { model: r.model, size: r.non_embedding_parameters, n: r.n });
      byKey.get(key)[r.reference] = r;
    }
    const cell = (m) => m ? el("td", { class: m.p_value >= 0.05 ? "insignificant" : "", "data-value": m.spearman, title: "p = " + pValue(m.p_value) + ", " + m.units + " units" }, num(m.spearman, 3) + " (p " + pValue(m.p_value) + ")") : el("td", {}, "\u2014");
    const out = [];
    for (const k of byKey.values()) {
      const t = k.TASKGRAM;
      out.push(el("tr", { "data-model": k.model, "data-n": k.n },
        el("td", { class: "text" }, k.model), el("td", {}, k.size == null ? "\u2014" : fmtN(k.size)), el("td", {}, k.n === 0 ? "all" : k.n),
        el("td", {}, t ? t.units : "\u2014"), cell(t), cell(k.INFGRAM),
        el("td", {}, t ? num(t.kendall_tau, 3) : "\u2014"), el("td", {}, t ? num(t.generalization, 3) : "\u2014")));
    }
    target.replaceChildren(
      el("h2", {}, "Distributional memorization per model size (table tracing_memorization, unit OUTPUT, all subjects)"),
      rows.length ? table("memorization-table", [["model", "text"], ["size"], ["n"], ["units"], ["Mem_n \u03c1 (task-gram)"], ["Mem_inf \u03c1 (\u221e-gram)"], ["Kendall \u03c4"], ["generalization (1 \u2212 \u03c4) / 2"]], out)
        : el("p", { class: "muted" }, "No model scored on this task yet."),
      el("p", { class: "legend" }, "Spearman \u03c1 of the task-gram (or \u221e-gram) probability with the model's probability of each output n-gram; grey: p \u2265 0.05. Size: non-embedding parameters (table models)."));
  }

  function filter(body) {
    const target = document.getElementById("filter-section");
    const rows = body.filter.map((f) => el("tr", { "data-n": f.n },
      el("td", {}, f.n), el("td", { class: "text" }, f.rule), el("td", {}, fmtN(f.candidates)), el("td", {}, fmtN(f.null_pairs)),
      el("td", {}, num(f.calibrated_threshold, 3)), el("td", {}, fmtN(f.kept_calibrated)),
      el("td", {}, num(f.absolute_threshold, 3)), el("td", {}, fmtN(f.kept_absolute)), el("td", { "data-value": f.pairs }, fmtN(f.pairs))));
    const truth = body.truth.map((t) => el("tr", { "data-rule": t.rule },
      el("td", { class: "text" }, t.rule), el("td", {}, fmtN(t.positives)), el("td", {}, fmtN(t.negatives)),
      el("td", {}, fmtN(t.kept_positives)), el("td", {}, fmtN(t.kept_negatives)), el("td", {}, num(t.precision, 3)), el("td", {}, num(t.recall, 3))));
    target.replaceChildren(
      el("h2", {}, "Embedding filter per n (table tracing_filter)"),
      table("filter-table", [["n"], ["rule in use", "text"], ["candidates"], ["null pairs"], ["calibrated \u03b3"], ["kept"], ["absolute \u03b3"], ["kept"], ["pairs co-occurring"]], rows),
      body.truth.length ? el("h2", {}, "Filter against the truth (table tracing_filter_truth): (x, its y) vs (x, another example's y)") : "",
      body.truth.length ? table("truth-table", [["rule", "text"], ["positives"], ["negatives"], ["kept positives"], ["kept negatives"], ["precision"], ["recall"]], truth) : "");
  }

  function coverage(rows) {
    const target = document.getElementById("coverage-section");
    if (!rows.length) {
      target.replaceChildren(el("h2", {}, "Performance vs coverage"), el("p", { class: "muted" }, "No table tracing_coverage: run the analyses (memtrace analyze) to bin it."));
      return;
    }
    const out = rows.map((c) => el("tr", {},
      el("td", {}, c.n), el("td", { class: "text" }, c.model), el("td", {}, c.bin), el("td", {}, fmtN(c.bin_low) + " \u2013 " + fmtN(c.bin_high)),
      el("td", {}, fmtN(c.examples)), el("td", { "data-value": c.performance }, num(c.performance, 3), el("span", { class: "bar", style: "width:" + Math.round(60 * Math.max(0, Math.min(1, c.performance || 0))) + "px; margin-left: 6px" }))));
    target.replaceChildren(
      el("h2", {}, "Performance vs coverage (table tracing_coverage): documents holding an example's pairs of size n"),
      table("coverage-table", [["n"], ["model", "text"], ["bin"], ["coverage"], ["examples"], ["performance"]], out));
  }

  async function pairs() {
    const target = document.getElementById("pairs-section");
    try {
      const r = await get("/api/tracing/pairs", { task: select.value, sort, order, from, limit: PAGE });
      const page = r.body;
      const to = from + page.pairs.length;
      const head = el("tr", {});
      for (const [key, title, sortKey] of pairColumns) {
        const mark = sortKey === sort ? (order === "desc" ? " \u25bc" : " \u25b2") : "";
        const th = el("th", { class: key === "input" || key === "output" ? "text" : "" }, title + mark);
        if (sortKey) {
          th.title = "sort by " + title;
          th.style.cursor = "pointer";
          th.dataset.sort = sortKey;
          th.onclick = () => {
            order = sort === sortKey && order === "desc" ? "asc" : "desc";
            sort = sortKey;
            from = 0;
            pairs();
          };
        }
        head.append(th);
      }
      const t = el("table", { id: "pairs-table" }, head);
      for (const p of page.pairs) {
        const tr = el("tr", { "data-pair": p.pair, title: "documents holding both", style: "cursor: pointer" },
          el("td", {}, p.pair), el("td", {}, p.example), el("td", {}, p.n), el("td", { class: "text" }, p.input), el("td", { class: "text" }, p.output),
          el("td", {}, num(p.cosine, 3)), el("td", {}, fmtN(p.documents_input)), el("td", {}, fmtN(p.documents_output)),
          el("td", { "data-value": p.documents_both }, fmtN(p.documents_both)), el("td", {}, num(p.taskgram_logprob, 3)));
        tr.onclick = () => {
          for (const s of t.querySelectorAll("tr.hit")) s.classList.remove("hit");
          tr.classList.add("hit");
          pairDocuments(p);
        };
        t.append(tr);
      }
      target.replaceChildren(
        el("h2", {}, "Kept pairs with their counts (tables tracing_pairs, tracing_outputs)"),
        el("div", { class: "row" },
          el("span", { id: "pair-total", "data-value": page.total }, plural(page.total, "pair")),
          el("span", { class: "muted" }, page.total ? "showing " + (from + 1) + "\u2013" + to : ""),
          el("button", { class: "secondary", id: "prev-pairs", disabled: from === 0, onclick: () => { from = Math.max(0, from - PAGE); pairs(); } }, "\u2190 previous"),
          el("button", { class: "secondary", id: "next-pairs", disabled: to >= page.total, onclick: () => { from = to; pairs(); } }, "next \u2192"),
          latency(r)),
        el("div", { class: "scroll" }, t));
    } catch (e) {
      fail(target, e);
    }
  }

  async function pairDocuments(p) {
    const panel = document.getElementById("pair-panel");
    const box = el("div");
    panel.replaceChildren(
      el("h2", {}, "Documents holding \u201c" + p.input + "\u201d and \u201c" + p.output + "\u201d"),
      el("p", { class: "muted" }, "In every spelling the study counts (with and without a leading space; as written, lower case, capitalized): " + plural(p.documents_both, "document") + " in tracing_pairs."),
      box);
    await memtrace.bothDocuments(box, "/api/tracing/pair/documents", { task: select.value, pair: p.pair }, 10);
  }

  async function load() {
    const task = tasks.find((t) => t.task === select.value);
    document.getElementById("task-summary").textContent = task.kind + ", " + task.source + " \u2192 " + task.target + ", " + plural(task.examples, "example") + ", n = " + task.min_n + "\u2013" + task.max_n;
    document.getElementById("pair-panel").replaceChildren(el("p", { class: "muted" }, "Click a kept pair to see the documents that hold both of its n-grams."));
    try {
      const r = await get("/api/tracing/task", { task: task.task });
      memorization(r.body.memorization);
      filter(r.body);
      coverage(r.body.coverage);
    } catch (e) {
      fail(document.getElementById("memorization-section"), e);
    }
    from = 0;
    await pairs();
  }

  async function start() {
    try {
      tasks = (await get("/api/tracing/tasks", {})).body;
      if (!tasks.length) {
        fail(document.getElementById("memorization-section"), new Error("No study B results in this database (table tracing_tasks): run memtrace trace first."));
        return;
      }
      for (const t of tasks) select.append(el("option", { value: t.task }, t.task));
      select.addEventListener("change", load);
      await load();
    } catch (e) {
      fail(document.getElementById("memorization-section"), e);
    }
  }

  memtrace.info();
  start();
})();
