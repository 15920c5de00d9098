import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimitOf } from "~/http/body-limits.server";
import { refuseTooLarge } from "./body-limit";

// A body past its limit is refused before any session is read (ADR 039): a page's refusal is said in the
// language the browser asks for (its switcher's cookie, else Accept-Language); a program's in English.
describe("refuseTooLarge", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => refuseTooLarge(req, res, bodyLimitOf(new URL(req.url!, "http://x").pathname, { UPLOAD_LIMIT_MB: 20 })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const refusal = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, { method: "POST", headers, body: "x" });
    return { status: response.status, body: await response.text() };
  };

  it("says a page's refusal in the browser's language, English by default", async () => {
    expect(await refusal("/login")).toEqual({ status: 413, body: "This form is larger than Candor accepts (256 KiB), so nothing was saved." });
    expect(await refusal("/login", { "Accept-Language": "de-DE,de;q=0.9" })).toEqual({
      status: 413,
      body: "Dieses Formular ist größer, als Candor annimmt (256 KiB), daher wurde nichts gespeichert.",
    });
    // The switcher's choice wins over Accept-Language.
    expect((await refusal("/pulse/abc", { "Accept-Language": "de", Cookie: "candor_lang=ja" })).body).toBe(
      "このフォームはパルスサーベイとして受け付けられる大きさを超えています。ページを再読み込みして、もう一度回答してください。",
    );
    expect(JSON.parse((await refusal("/admin/crm/upload", { "Accept-Language": "fr" })).body)).toEqual({
      status: "invalid-file",
      message: "Le fichier dépasse la limite d’envoi de 20 MB : rien n’a été importé.",
    });
  });

  it("answers programs in English whatever they ask for", async () => {
    expect(JSON.parse((await refusal("/ballots", { "Accept-Language": "de" })).body)).toEqual({ error: { status: 413, message: "This request is larger than 64 KiB." } });
    expect(JSON.parse((await refusal("/scim/v2/Users", { "Accept-Language": "ja" })).body).detail).toBe("This SCIM request is larger than 1 MB, so nothing was changed.");
  });
});
