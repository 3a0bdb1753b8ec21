/**
 * Holds SQLite's write lock on a file for a while, from another process: prints `locked` once it
 * has it, then commits after `<ms>`. Run with tsx: tsx sql-sqlite-holder.ts <filename> <ms>
 */
import Database from "better-sqlite3";

const [filename, ms] = process.argv.slice(2);
if (filename === undefined) throw new Error("usage: sql-sqlite-holder.ts <filename> <ms>");
const database = new Database(filename);
database.exec("BEGIN IMMEDIATE");
console.log("locked");
setTimeout(() => {
  database.exec("COMMIT");
  database.close();
}, Number(ms));
