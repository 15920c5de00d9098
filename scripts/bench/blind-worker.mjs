// A worker thread of the pulse benchmarks (pulse-setup.ts, blindTokens): what a rep's browser does before
// it asks for a ballot signature, with the browser's own library (app/utils/ballot.client.ts): a random
// 32-byte token, prepared (RFC 9474's 32-byte random prefix) and blinded for the team's public key.
// Blinding is the browser's work, not the server's, so the benchmarks do it before anything is timed;
// @cloudflare/blindrsa-ts takes ~30 ms of CPU per token (its BigNum code), hence threads.
// Plain JavaScript: a worker thread does not get tsx's loader on Node 20.
import { parentPort, workerData } from "node:worker_threads";
import { RSABSSA } from "@cloudflare/blindrsa-ts";

const { spki, count } = workerData;
const suite = RSABSSA.SHA384.PSS.Randomized();
const key = await crypto.subtle.importKey("spki", new Uint8Array(spki), { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
const messages = [];
const blinded = [];
const inverses = [];
for (let i = 0; i < count; i++) {
  const message = suite.prepare(crypto.getRandomValues(new Uint8Array(32)));
  const { blindedMsg, inv } = await suite.blind(key, message);
  messages.push(message);
  blinded.push(blindedMsg);
  inverses.push(inv);
  if ((i + 1) % 250 === 0) parentPort.postMessage({ progress: 250 });
}
parentPort.postMessage({ progress: count % 250, messages, blinded, inverses });
