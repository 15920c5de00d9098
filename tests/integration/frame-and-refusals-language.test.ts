import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import * as resultsPage from "../../app/routes/results._index";
import * as invitePage from "../../app/routes/invite.$token";
import * as samlAcs from "../../app/routes/sso.saml.$connectionId.acs";
import * as oidcStart from "../../app/routes/sso.oidc.$connectionId.start";
import * as designPage from "../../app/routes/design";
import * as deliveriesPage from "../../app/routes/admin.deliveries";
import { AppShell } from "../../app/components/app-shell";
import { messagesFor } from "../../app/i18n/catalogues.server";
import { runScheduledWork } from "../../app/services/waves.server";
import type { Locale } from "../../app/domain/locales";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { createOpenWave } from "../factories/pulse";
import { callRoute } from "../support/remix";
import { renderPage } from "../support/render-page";
import { describeWithDb } from "../support/test-db";

// Issue 26: the refusals and titles Candor wrote outside its catalogue, the admin menu, the design system's
// samples and the delivery log's own failure texts are in the reader's language (German and Japanese read
// here word for word), and in English exactly as before. A mail server's words stay as they came.

const rootWith = (locale: Locale) => [{ id: "root", data: { language: { messages: messagesFor(locale) } } }];
const titleOf = (meta: unknown, locale: Locale) => (meta as (args: { matches: unknown }) => Array<{ title: string }>)({ matches: rootWith(locale) })[0]!.title;

describe("the frame and the pages open to anyone", () => {
  it("names the admin menu's pages in the reader's language (their titles)", async () => {
    const shell = () => createElement(AppShell, { user: { name: "Ada Admin", role: "admin", organisationName: "Acme" }, children: null });
    const menu = async (locale: Locale) => {
      const html = await renderPage(shell, {}, "/", locale);
      const admin = /<details[^>]*>([\s\S]*?)<\/details>/.exec(html)![1]!;
      return [...admin.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
    };
    expect(await menu("en")).toEqual([
      "People",
      "Team tree",
      "CRM data",
      "API tokens",
      "Company sign-in",
      "Provisioning (SCIM)",
      "Slack and Teams",
      "Delivery log",
      "Settings",
      "Audit log",
    ]);
    expect(await menu("de")).toEqual([
      "Personen",
      "Teambaum",
      "CRM-Daten",
      "API-Tokens",
      "Anmeldung über das Unternehmen",
      "Bereitstellung (SCIM)",
      "Slack und Teams",
      "Zustellprotokoll",
      "Einstellungen",
      "Audit-Protokoll",
    ]);
    expect(await menu("ja")).toEqual([
      "メンバー",
      "チームツリー",
      "CRMデータ",
      "API トークン",
      "会社アカウントでのサインイン",
      "プロビジョニング（SCIM）",
      "Slack と Teams",
      "配信ログ",
      "設定",
      "監査ログ",
    ]);
  });

  it("titles the company sign-in pages and says what the SAML answer address is for", async () => {
    expect(titleOf(oidcStart.meta, "en")).toBe("Company sign-in · Candor");
    expect(titleOf(oidcStart.meta, "de")).toBe("Anmeldung über das Unternehmen · Candor");
    expect(titleOf(samlAcs.meta, "ja")).toBe("会社アカウントでのサインイン・Candor");
    const acs = (locale: Locale) => renderPage(samlAcs.default, null, `/sso/saml/x/acs`, locale);
    expect(await acs("en")).toContain("This address receives the answer of your company’s identity provider. Start from Candor’s sign-in page.");
    expect(await acs("de")).toContain("Diese Adresse empfängt die Antwort des Identitätsanbieters Ihres Unternehmens. Beginnen Sie auf der Anmeldeseite von Candor.");
    expect(await acs("ja")).toContain("このアドレスは、会社のIDプロバイダーからの応答を受け取るためのものです。Candorのサインインページから始めてください。");
  });

  it("writes the design system's diverging steps and directions in the reader's language", async () => {
    const design = (locale: Locale) => renderPage(designPage.default, null, "/design", locale);
    const german = await design("de");
    for (const words of ["viel schlechter", "etwas schlechter", "etwa gleich", "etwas besser", "viel besser", "höher ist besser", "höher ist schlechter"]) {
      expect(german).toContain(words);
    }
    expect(german).not.toContain("about the same");
    const japanese = await design("ja");
    for (const words of ["ほぼ同じ", "かなり良い", "高いほど良い", "高いほど悪い"]) expect(japanese).toContain(words);
    const english = await design("en");
    for (const words of ["much worse", "a little worse", "about the same", "a little better", "much better", "higher is better", "higher is worse"]) {
      expect(english).toContain(words);
    }
  });
});

describeWithDb("refusals and the delivery log in the reader's language", (t) => {
  let org: TestOrganisation;
  const OPENS = "2026-09-07T08:00:00Z";
  const at = (minutes: number) => new Date(new Date(OPENS).getTime() + minutes * 60_000).toISOString();

  beforeAll(async () => {
    t.setNow(OPENS);
    org = await createTestOrganisation(t.app, { reps: 1 });
    // A mail server that refuses one address: its words are shown as they came.
    t.mailbox.refuse(org.people.repA!.email);
    await createOpenWave(t.app, org);
  });

  it("tells a rep on a staff page that they have no access, in the language their browser asks for", async () => {
    const results = (language: string) =>
      callRoute(resultsPage.loader as never, { app: t.app, path: "/results", cookie: org.people.repA!.cookie, headers: { "accept-language": language } });
    expect(await results("de")).toMatchObject({ status: 403, data: "Sie haben keinen Zugriff auf diese Seite." });
    expect(await results("ja")).toMatchObject({ status: 403, data: "このページへのアクセス権がありません。" });
    expect(await results("en")).toMatchObject({ status: 403, data: "You do not have access to this page." });
  });

  it("says why an invitation link cannot be used, in the page's language", async () => {
    const loaded = await callRoute(invitePage.loader as never, { app: t.app, path: "/invite/no-such-token", params: { token: "no-such-token" } });
    expect(loaded.data).toMatchObject({ ok: false });
    const page = (locale: Locale) => renderPage(invitePage.default, loaded.data, "/invite/no-such-token", locale);
    expect(await page("de")).toContain("Dieser Link ist nicht gültig. Prüfen Sie, ob Sie die ganze Adresse kopiert haben, oder fordern Sie einen neuen Link an.");
    expect(await page("ja")).toContain("このリンクは無効です。アドレスをすべてコピーしたかご確認いただくか、新しいリンクを依頼してください。");
    expect(await page("en")).toContain("This link is not valid. Check that you copied the whole address, or ask for a new link.");
  });

  it("writes Candor's own failure texts in the delivery log in the reader's language, and a mail server's as it came", async () => {
    // An email a stopped server left half-sent (claimed, never finished): Candor says what happened.
    const [row] = await t.app.db.selectFrom("mailDelivery").select("id").where("purpose", "=", "self-assessment-invitation").where("status", "=", "sent").execute();
    await t.app.db
      .updateTable("mailDelivery")
      .set({ status: "sending", updatedAt: new Date(at(110)) })
      .where("id", "=", row!.id)
      .execute();
    t.setNow(at(121));
    expect((await runScheduledWork(t.app)).delivered).toMatchObject({ interrupted: 1 });
    const loaded = await callRoute(deliveriesPage.loader as never, { app: t.app, path: "/admin/deliveries", cookie: org.people.admin!.cookie });
    const page = (locale: Locale) => renderPage(deliveriesPage.default, loaded.data, "/admin/deliveries", locale);
    const german = await page("de");
    expect(german).toContain("Der Server wurde beim Senden dieser E-Mail angehalten: Sie ist möglicherweise nicht hinausgegangen.");
    expect(german).toMatch(/550 5\.1\.1 &lt;rep-a1@[^&]+&gt;[^<]*User unknown/);
    const japanese = await page("ja");
    expect(japanese).toContain("このメールの送信中にサーバーが停止しました。送信されていない可能性があります。");
    expect(japanese).toMatch(/550 5\.1\.1 &lt;rep-a1@/);
    const english = await page("en");
    expect(english).toContain("The server stopped while sending this email: it may not have gone out.");
    // No said message is shown as its key (the loader's data, in the router's script, carries them said).
    expect(english.replace(/<script[\s\S]*?<\/script>/g, "")).not.toContain("\u2063");
  });
});
