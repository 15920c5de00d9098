// Baseline for bench:start: the least a server can do — open the same database, answer 200 on /.
import http from "node:http";

const port = Number(process.env.PORT);
let query;
if (process.env.DATABASE_URL) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  query = () => pool.query("select 1");
} else {
  const { PGlite } = await import("@electric-sql/pglite");
  const fs = await import("node:fs");
  fs.mkdirSync(process.env.PGLITE_DIR, { recursive: true });
  const db = new PGlite(process.env.PGLITE_DIR);
  await db.waitReady;
  query = () => db.query("select 1");
}
http
  .createServer(async (_req, res) => {
    await query();
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  })
  .listen(port, "127.0.0.1", () => console.info(`listening on ${port}`));
