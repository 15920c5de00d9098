// Baseline for bench:submit: the least a server can do with a pulse submission — parse the same form
// and insert one row into a table identical to `response`. node:http + pg, nothing else.
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const waveId = process.env.WAVE_ID;
const teamId = process.env.TEAM_ID;

http
  .createServer((req, res) => {
    if (req.method !== "POST") return res.writeHead(405).end();
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      const form = new URLSearchParams(body);
      if (!form.get("idempotencyKey")) return res.writeHead(400).end("missing key");
      try {
        await pool.query("insert into bare_response (wave_id, team_id) values ($1, $2)", [waveId, teamId]);
        res.writeHead(303, { Location: req.url + "?saved=new" }).end();
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.info("listening"));
