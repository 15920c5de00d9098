import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StreamingSha256 } from "./content-hash.server";

const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

/** Feeds `bytes` in pieces of the given sizes (cycled) and returns the digest. */
async function digestInPieces(hasher: StreamingSha256, bytes: Uint8Array, sizes: number[]): Promise<string> {
  try {
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const size = sizes[k % sizes.length]!;
      hasher.update(bytes.subarray(at, at + size));
      at += size;
    }
    return await hasher.digest();
  } finally {
    await hasher.close();
  }
}

describe("StreamingSha256", () => {
  it("hashes nothing as the SHA-256 of no bytes", async () => {
    expect(await digestInPieces(new StreamingSha256(), new Uint8Array(0), [1])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hashes a short stream in place (known value of 'abc')", async () => {
    expect(await digestInPieces(new StreamingSha256(), new TextEncoder().encode("abc"), [1])).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes a long stream in a worker thread to the same digest, whatever the chunk sizes", async () => {
    // 3.5 MiB with pieces up to 1.5 MiB: batches filled across pieces, a piece bigger than a batch, a last part-batch.
    const bytes = crypto.randomBytes(3.5 * 1024 * 1024 + 17);
    const expected = sha256(bytes);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 1.5 * 1024 * 1024 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 200_000 }), async (sizes, inThread) => {
        expect(await digestInPieces(new StreamingSha256(inThread), bytes, sizes)).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it("gives a different digest when one byte differs", async () => {
    const bytes = crypto.randomBytes(2 * 1024 * 1024);
    const changed = Buffer.from(bytes);
    changed[1_500_000] = changed[1_500_000]! ^ 1;
    const [a, b] = [await digestInPieces(new StreamingSha256(1000), bytes, [65536]), await digestInPieces(new StreamingSha256(1000), changed, [65536])];
    expect(a).toBe(sha256(bytes));
    expect(b).toBe(sha256(changed));
    expect(a).not.toBe(b);
  });

  it("ends its worker when the stream is abandoned before the digest", async () => {
    const hasher = new StreamingSha256(10);
    hasher.update(crypto.randomBytes(100));
    const worker = (hasher as unknown as { worker: { threadId: number } | null }).worker;
    expect(worker?.threadId).toBeGreaterThan(0);
    await hasher.close();
    expect((hasher as unknown as { worker: unknown }).worker).toBeNull();
  });
});
