// The analyses: the report memtrace analyze wrote (served at /report when --report names its
// directory), else the analysis tables the database holds and how to show the report.
"use strict";
(async () => {
  const { get, el, fmtN, fail } = memtrace;
  const target = document.getElementById("analyses");
  memtrace.info();
  try {
    const { body } = await get("/api/info", {});
    if (body.report) {
      const { body: exports } = await get("/api/report/tables", {});
      const links = el("p", { id: "table-exports", class: "muted" }, exports.length ? "Tables as Parquet: " : "");
      exports.forEach((name, i) => links.append(i ? " \u00b7 " : "", el("a", { href: "/report/tables/" + encodeURIComponent(name), download: name }, name.replace(/\.parquet$/, ""))));
      target.replaceChildren(
        el("p", { class: "muted" }, "The report of memtrace analyze: every analysis of the database with its definition, figures, first rows of its tables and the run's settings. ", el("a", { href: "/report", target: "_blank" }, "Open it alone")),
        links,
        el("iframe", { id: "report", src: "/report", sandbox: "", title: "memtrace report" }));
      return;
    }
    const tables = Object.entries(body.tables).filter(([t]) => t.startsWith("analysis_") || t === "tracing_coverage");
    const list = el("table", { id: "analysis-tables" }, el("tr", {}, el("th", { class: "text" }, "table"), el("th", {}, "rows")));
    for (const [t, n] of tables) list.append(el("tr", {}, el("td", { class: "text" }, t), el("td", {}, fmtN(n))));
    target.replaceChildren(
      el("h2", {}, "No report served"),
      el("p", {}, "memtrace analyze writes report.html (figures, tables, settings) to its figures directory; start memtrace serve with --report DIR to show it here."),
      tables.length ? el("p", {}, "Analysis tables in " + body.database + ":") : el("p", { class: "muted" }, "The database holds no analysis tables yet."),
      tables.length ? list : "");
  } catch (e) {
    fail(target, e);
  }
})();
