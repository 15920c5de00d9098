import crypto from "node:crypto";
import { Worker } from "node:worker_threads";

/** Bytes hashed on the calling thread; a longer stream is hashed by a worker thread. */
const IN_THREAD_BYTES = 4 << 20;
/** Bytes sent to the worker per message. */
const BATCH_BYTES = 1 << 20;

// CommonJS, as eval workers are: SHA-256 of the byte arrays it is sent, in order; null asks for the digest.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const hash = require("node:crypto").createHash("sha256");
parentPort.on("message", (bytes) => {
  if (bytes !== null) {
    hash.update(bytes);
    // Back to the sender, to be filled again: memory stays at a few batches.
    return parentPort.postMessage(bytes, [bytes.buffer]);
  }
  parentPort.postMessage(hash.digest("hex"));
  parentPort.close();
});
`;

/**
 * The SHA-256 of a stream of bytes, as hex, fed chunk by chunk. A long stream (a CRM export of hundreds of
 * megabytes) is hashed by a worker thread, so that hashing runs beside the parsing instead of before it:
 * on a million-row file it was 0.35–0.45 s of the import's main thread. A short one, most uploads, is
 * hashed in place, without a thread to start. The digest is the same either way. Call `close` when done
 * (it ends the worker if the stream was abandoned).
 */
export class StreamingSha256 {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private worker: Worker | null = null;
  private workerFailed: Error | null = null;
  private batch: Buffer | null = null;
  /** Batches the worker has hashed and handed back. */
  private readonly spare: Buffer[] = [];
  private batchBytes = 0;

  constructor(private readonly inThreadBytes = IN_THREAD_BYTES) {}

  update(bytes: Uint8Array): void {
    if (this.worker) return this.send(bytes);
    // Kept (copied: the source may reuse its buffer) until the stream is known to be short or long.
    this.held.push(Buffer.from(bytes));
    this.heldBytes += bytes.length;
    if (this.heldBytes <= this.inThreadBytes) return;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on("error", (error) => (this.workerFailed = error));
    worker.on("message", (message: unknown) => {
      if (message instanceof Uint8Array && message.buffer.byteLength === BATCH_BYTES) this.spare.push(Buffer.from(message.buffer));
    });
    this.worker = worker;
    // Memory of its own (never a slice of Node's shared pool), since it moves to the worker.
    const first = Buffer.allocUnsafeSlow(this.heldBytes);
    let offset = 0;
    for (const held of this.held) offset += held.copy(first, offset);
    this.held = [];
    this.heldBytes = 0;
    worker.postMessage(first, [first.buffer]);
  }

  /** The hex SHA-256 of every byte passed to `update`. */
  async digest(): Promise<string> {
    const worker = this.worker;
    if (!worker) {
      const hash = crypto.createHash("sha256");
      for (const bytes of this.held) hash.update(bytes);
      return hash.digest("hex");
    }
    this.flushBatch();
    const digest = new Promise<string>((resolve, reject) => {
      if (this.workerFailed) return reject(this.workerFailed);
      worker.on("message", (message: unknown) => {
        if (typeof message === "string") resolve(message);
      });
      worker.once("error", reject);
      worker.once("exit", () => reject(new Error("the hashing thread stopped before its digest")));
    });
    worker.postMessage(null);
    return digest;
  }

  /** Ends the worker thread, if one was started. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.held = [];
    if (worker) await worker.terminate();
  }

  private send(bytes: Uint8Array): void {
    // Copied into batches of about 1 MiB, whose memory moves to the worker (transferred, not copied again).
    let from = 0;
    while (from < bytes.length) {
      this.batch ??= this.spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
      const take = Math.min(bytes.length - from, BATCH_BYTES - this.batchBytes);
      this.batch.set(bytes.subarray(from, from + take), this.batchBytes);
      this.batchBytes += take;
      from += take;
      if (this.batchBytes === BATCH_BYTES) this.flushBatch();
    }
  }

  private flushBatch(): void {
    if (!this.batch || this.batchBytes === 0 || !this.worker) return;
    const full = this.batch.subarray(0, this.batchBytes);
    this.worker.postMessage(full, [full.buffer as ArrayBuffer]);
    this.batch = null;
    this.batchBytes = 0;
  }
}
