// The memorization browser: study A's scores, filtered, sorted by a clicked column, paged.
"use strict";
(() => {
  const { get, el, latency, fmtN, plural, fail } = memtrace;
  const target = document.getElementById("rows");
  const PAGE = 25;
  const columns = [
    ["model", "model", null],
    ["row", "row", "row"],
    ["context", "C", null],
    ["continuation", "L", null],
    ["score", "score", "score"],
    ["matches", "matches", "matches"],
    ["exact", "exact", null],
    ["first_mismatch", "first mismatch", "first_mismatch"],
    ["bleu", "BLEU", "bleu"],
    ["duplicates", "duplicates", "duplicates"],
  ];
  let sort = "score";
  let order = "desc";
  let from = 0;

  function filters() {
    const out = { sort, order, from, limit: PAGE };
    for (const [id, name] of [["model", "model"], ["step", "step"], ["context", "context"], ["continuation", "continuation"], ["min-score", "min_score"], ["max-score", "max_score"], ["min-duplicates", "min_duplicates"]]) {
      const v = document.getElementById(id).value;
      if (v !== "") out[name] = v;
    }
    return out;
  }

  async function load() {
    try {
      const r = await get("/api/memorization", filters());
      const page = r.body;
      const to = from + page.rows.length;
      const head = el("tr", {});
      for (const [key, title, sortKey] of columns) {
        const mark = sortKey === sort ? (order === "desc" ? " \u25bc" : " \u25b2") : "";
        const th = el("th", { class: key === "model" ? "text" : "" }, title + mark);
        if (sortKey) {
          th.title = "sort by " + title;
          th.style.cursor = "pointer";
          th.dataset.sort = sortKey;
          if (sortKey === sort) th.dataset.order = order;
          th.onclick = () => {
            order = sort === sortKey && order === "desc" ? "asc" : "desc";
            sort = sortKey;
            from = 0;
            load();
          };
        }
        head.append(th);
      }
      const table = el("table", { id: "memorization-table" }, head);
      for (const row of page.rows) {
        table.append(el("tr", { "data-row": row.row, "data-model": row.model },
          el("td", { class: "text" }, row.model), el("td", {}, el("a", { class: "row-link", href: "/text?" + new URLSearchParams({ model: row.model, row: row.row }), title: "open the row in the text view" }, row.row)), el("td", {}, row.context), el("td", {}, row.continuation),
          el("td", { class: "score", "data-value": row.score }, row.score.toFixed(3)), el("td", {}, row.matches),
          el("td", { class: row.exact ? "yes" : "" }, row.exact ? "\u2713" : ""), el("td", {}, row.first_mismatch),
          el("td", {}, row.bleu.toFixed(3)), el("td", {}, row.duplicates == null ? "\u2014" : row.duplicates)));
      }
      target.replaceChildren(
        el("div", { class: "row" },
          el("span", { id: "row-total", "data-value": page.total }, plural(page.total, "row")),
          el("span", { class: "muted" }, page.total ? "showing " + (from + 1) + "\u2013" + to : ""),
          el("button", { class: "secondary", id: "prev-page", disabled: from === 0, onclick: () => { from = Math.max(0, from - PAGE); load(); } }, "\u2190 previous"),
          el("button", { class: "secondary", id: "next-page", disabled: to >= page.total, onclick: () => { from = to; load(); } }, "next \u2192"),
          latency(r)),
        table);
    } catch (e) {
      fail(target, e);
    }
  }

  async function choices() {
    try {
      const { body } = await get("/api/memorization/choices", {});
      for (const [id, values] of [["model", body.models], ["step", body.steps], ["context", body.contexts], ["continuation", body.continuations]]) {
        const select = document.getElementById(id);
        for (const v of values) select.append(el("option", { value: v }, v));
      }
    } catch (e) {
      fail(target, e);
    }
  }

  document.getElementById("apply").addEventListener("click", () => { from = 0; load(); });
  memtrace.info();
  choices().then(load);
})();
