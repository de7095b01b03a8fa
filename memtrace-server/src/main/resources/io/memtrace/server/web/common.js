// Shared by the pages: API calls with latency, token rendering, the database/index header line.
"use strict";

const memtrace = (() => {
  // Calls an API endpoint; resolves to {body, serverMs, totalMs}; rejects with the server's message.
  async function api(path, options) {
    const start = performance.now();
    const response = await fetch(path, options);
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      // Not one of the API's answers (e.g. the server refused an over-long URL).
      body = { error: "HTTP " + response.status + " " + response.statusText };
    }
    const totalMs = performance.now() - start;
    const timing = /dur=([0-9.]+)/.exec(response.headers.get("Server-Timing") || "");
    if (!response.ok) throw new Error(body.error || response.statusText);
    return { body, serverMs: timing ? Number(timing[1]) : null, totalMs };
  }

  function get(path, params) {
    return api(path + "?" + new URLSearchParams(params).toString());
  }

  // Each id decoded alone, in order: the distinct ids are sent once, in a POST body (a text view
  // holds its tokens and every model's greedy tokens, too many for a URL).
  async function decode(ids) {
    if (!ids.length) return [];
    const distinct = [...new Set(ids)];
    const r = await api("/api/decode", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ tokens: distinct }),
    });
    const piece = new Map(distinct.map((id, i) => [id, r.body.pieces[i]]));
    return ids.map((id) => piece.get(id));
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  function latency(r) {
    const server = r.serverMs == null ? "" : r.serverMs.toFixed(1) + " ms on the server, ";
    return el("span", { class: "latency" }, "latency: " + server + r.totalMs.toFixed(0) + " ms in all");
  }

  // Token chips: each piece with its id.
  function tokens(pieces, ids) {
    const box = el("div", { class: "tokens" });
    pieces.forEach((p, i) => box.append(el("span", { class: "tok", title: "token " + ids[i] }, show(p), el("small", {}, ids[i]))));
    return box;
  }

  // A token as text, its whitespace visible.
  function show(piece) {
    return piece.replace(/\n/g, "\u21b5").replace(/^ /, "\u2423");
  }

  function fmtP(p) {
    return p === 0 ? "0" : p >= 0.001 ? p.toFixed(4) : p.toExponential(2);
  }

  function fmtN(n) {
    return Number(n).toLocaleString("en-US");
  }

  function plural(n, noun) {
    return fmtN(n) + " " + noun + (n === 1 ? "" : "s");
  }

  function fail(target, error) {
    target.replaceChildren(el("p", { class: "error", id: "error" }, error.message));
  }

  // The header line: what is being served.
  async function info() {
    const target = document.getElementById("info");
    try {
      const { body } = await get("/api/info", {});
      const parts = [];
      if (body.index) parts.push("corpus " + body.index.directory + " (" + fmtN(body.index.documents) + " documents, " + fmtN(body.index.tokens) + " tokens)");
      else parts.push("no index");
      // A suite's checkpoints are many: named in full on hover.
      const models = body.models.length > 3 ? body.models.length + " models (" + body.models[0] + " \u2026 " + body.models[body.models.length - 1] + ")" : body.models.join(", ");
      parts.push(body.models.length ? "models: " + models : "no models");
      parts.push("results " + body.database);
      target.textContent = parts.join(" \u00b7 ");
      target.title = body.models.join("\n");
    } catch (e) {
      target.textContent = e.message;
    }
  }

  // A window of a document (pieces: its tokens decoded), the match highlighted.
  function context(w, pieces) {
    const a = w.match_from - w.from;
    const b = w.match_to - w.from;
    return el("div", { class: "ctx" }, (w.from > 0 ? "\u2026" : "") + pieces.slice(0, a).join(""), el("mark", {}, pieces.slice(a, b).join("")), pieces.slice(b).join("") + (w.to < w.document_length ? "\u2026" : ""));
  }

  // Occurrences of an n-gram with context, a page at a time, the match highlighted.
  async function documents(target, params, pageSize) {
    let from = 0;
    async function load() {
      try {
        const r = await get("/api/locate", { ...params, from, limit: pageSize, context: 40 });
        const page = r.body.page;
        const windows = r.body.windows;
        const decoded = await Promise.all(windows.map((w) => decode(w.tokens)));
        const list = el("div", { id: "documents" });
        const to = from + page.occurrences.length;
        const prev = el("button", { class: "secondary", id: "prev-page", disabled: from === 0, onclick: () => { from = Math.max(0, from - pageSize); load(); } }, "\u2190 previous");
        const next = el("button", { class: "secondary", id: "next-page", disabled: to >= page.total, onclick: () => { from = to; load(); } }, "next \u2192");
        list.append(el("div", { class: "row" }, el("span", { id: "occurrence-total", "data-value": page.total }, plural(page.total, "occurrence")), el("span", { class: "muted" }, page.total ? "showing " + (from + 1) + "\u2013" + to : ""), prev, next, latency(r)));
        windows.forEach((w, i) => {
          const ctx = context(w, decoded[i]);
          list.append(el("div", { class: "doc", "data-document": w.document, "data-offset": w.match_from }, el("div", { class: "where" }, "document " + w.document + ", token " + w.match_from + " of " + w.document_length), ctx));
        });
        target.replaceChildren(list);
      } catch (e) {
        fail(target, e);
      }
    }
    await load();
  }

  // Documents holding both of two n-grams (path: an endpoint answering as /api/cooccur/documents),
  // a page at a time, each with the first occurrence of each n-gram highlighted.
  async function bothDocuments(target, path, params, pageSize) {
    let from = 0;
    async function load() {
      try {
        const r = await get(path, { ...params, from, limit: pageSize, context: 30 });
        const page = r.body;
        const to = from + page.documents.length;
        const list = el("div", { id: "documents" });
        list.append(el("div", { class: "row" },
          el("span", { class: "muted", id: "both-total", "data-value": page.total }, page.total ? "documents " + (from + 1) + "\u2013" + to + " of " + fmtN(page.total) : "no document"),
          el("button", { class: "secondary", id: "prev-page", disabled: from === 0, onclick: () => { from = Math.max(0, from - pageSize); load(); } }, "\u2190 previous"),
          el("button", { class: "secondary", id: "next-page", disabled: to >= page.total, onclick: () => { from = to; load(); } }, "next \u2192"),
          latency(r)));
        for (const d of page.documents) {
          const [wa, wb] = await Promise.all([windowOf(d.a), windowOf(d.b)]);
          list.append(el("div", { class: "doc", "data-document": d.document }, el("div", { class: "where" }, "document " + d.document + " (" + fmtN(d.a.document_length) + " tokens): first n-gram at token " + d.a.match_from + ", second at token " + d.b.match_from), wa, wb));
        }
        target.replaceChildren(list);
      } catch (e) {
        fail(target, e);
      }
    }
    await load();
  }

  async function windowOf(w) {
    return context(w, await decode(w.tokens));
  }

  return { api, get, decode, el, latency, tokens, show, fmtP, fmtN, plural, fail, info, context, documents, bothDocuments };
})();
