// Reads tables of a DuckDB database file with DuckDB 1.x (the official Node API) and prints one
// JSON object: {"version": ..., "tables": {name: [row objects ordered by all columns]}}.
// Usage: node read.mjs FILE TABLE...
import { DuckDBInstance } from '@duckdb/node-api';

const [file, ...tables] = process.argv.slice(2);
const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const c = await db.connect();
const version = (await c.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
const out = { version, tables: {} };
for (const t of tables) {
  const rows = await c.runAndReadAll(`SELECT * FROM "${t.replaceAll('"', '""')}" ORDER BY ALL`);
  out.tables[t] = rows.getRowObjectsJson();
}
console.log(JSON.stringify(out));
