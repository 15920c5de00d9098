import { beforeAll, expect, it } from "vitest";
import { importHistory } from "../../app/services/history-import.server";
import { createOrganisation } from "../../app/services/organisations.server";
import { buildResultsReport, METRIC_KEYS, REPORT_COLUMNS, reportTableCsv, type ReportTable, type ResultsReport } from "../../app/services/results-report.server";
import { applyRoster } from "../../app/services/roster.server";
import { importCrmText, SALESFORCE_DEALS_HEADER } from "../factories/crm";
import { describeWithDb } from "../support/test-db";

// Two imports of the same files, rows in a different order, into two organisations: every exported number
// must be the same to the last digit (issue: Spearman's ties and sums used to depend on row order).

const TEAMS = ["Amber", "Birch", "Cedar", "Delta", "Elm", "Fir"];
// Below the minimum group of 5: hidden, and one of the six equal teams with it so that it cannot be worked
// out by subtraction; which one must not depend on ids.
const SMALL = "Gum";
const QUARTERS = ["2025-01-06", "2025-04-07", "2025-07-07", "2025-10-06"];
const ITEMS = ["PS1", "PS2", "PS3", "PS4", "PS5", "PS6", "PS7", "CO1", "CO2", "CO3", "CO4", "CO5", "ENPS"];

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function files() {
  const next = random(20261206);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const roster = ["email,name,role,team,manager_email", "admin@example.test,Ada Admin,admin,,", "enable@example.test,Eno Enablement,enablement,,"];
  const history: string[] = [];
  const crm: string[] = [];
  [...TEAMS, SMALL].forEach((team, t) => {
    const size = team === SMALL ? 3 : 6;
    roster.push(`mgr-${t}@example.test,Manager ${team},manager,Sales > ${team},`);
    for (let r = 0; r < size; r++) roster.push(`rep-${t}-${r}@example.test,Rep ${team} ${r},rep,Sales > ${team},mgr-${t}@example.test`);
    QUARTERS.forEach((period, q) => {
      // Answers chosen so that different teams reach the same mean by different sums (ties in the ranks).
      for (let r = 0; r < size; r++)
        history.push([team, period, ...ITEMS.map((code) => (code === "ENPS" ? int(0, 10) : int(Math.max(1, 2 + (t % 3)), Math.min(7, 5 + (t % 3) + (q % 2)))))].join(","));
      for (let d = 0; d < 8; d++) {
        const month = q * 3 + 1 + (d % 3);
        const won = next() < 0.3 + 0.05 * t;
        const id = `${team}-${q}-${d}`;
        crm.push(
          `rep-${t}-${d % size}@example.test,Deal ${id},"$${int(1, 40) * 250}.00",${month}/${10 + (d % 15)}/2025,${Math.max(1, month - 2)}/2/2025,${won ? "Closed Won" : "Closed Lost"},1,${won ? 1 : 0},${id}`,
        );
      }
    });
  });
  return { roster: roster.join("\n"), history, crm };
}

/** A report without what differs by construction between two organisations: ids, names, the time. */
function comparable(report: ResultsReport) {
  const strip = (rows: ReadonlyArray<object>) => rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => k !== "teamId" && k !== "waveId")));
  return {
    teamScores: strip(report.teamScores),
    enps: strip(report.enps),
    reliability: strip(report.reliability),
    metrics: strip(report.metrics),
    correlations: strip(report.correlations),
    gaps: strip(report.gaps),
  };
}

describeWithDb("results are reproducible across imports", (t) => {
  const reports: ResultsReport[] = [];
  beforeAll(async () => {
    t.setNow("2026-01-15T09:00:00Z");
    const { roster, history, crm } = files();
    for (const [i, order] of [(rows: string[]) => rows, (rows: string[]) => [...rows].reverse()].entries()) {
      const org = await createOrganisation(t.app, { slug: `repro-${process.pid}-${i}`, name: "Reproducible Sales" });
      const applied = await applyRoster(t.app, org.id, roster, { deactivateMissing: false });
      expect(applied.ok).toBe(true);
      const imported = await importHistory(t.app, org.id, "pulses 2025.csv", [`team,period,${ITEMS.join(",")}`, ...order(history)].join("\n"));
      expect(imported).toMatchObject({ ok: true, waves: 4, responses: (TEAMS.length * 6 + 3) * QUARTERS.length });
      const crmResult = await importCrmText(t.app, org.id, [SALESFORCE_DEALS_HEADER, ...order(crm)].join("\r\n"), { fileName: "deals 2025.csv", asOf: "2025-12-31" });
      expect(crmResult).toMatchObject({ status: "imported" });
      reports.push(await buildResultsReport(t.app, org.id, { period: "quarter", metrics: [...METRIC_KEYS], lags: [0, 1] }));
    }
  });

  it("gives the same numbers, to the last digit, for the same files in a different row order", () => {
    const [first, second] = reports as [ResultsReport, ResultsReport];
    // The data is rich enough that the statistics are computed, not all null.
    const pooled = first.correlations.filter((c) => c.scope === "pooled" && c.p !== null);
    expect(pooled.length).toBeGreaterThan(10);
    expect(first.correlations.some((c) => c.spearmanRho !== null && c.withinR !== null && c.betweenR !== null)).toBe(true);
    expect(first.teamScores.filter((s) => !s.suppressed).length).toBeGreaterThanOrEqual((TEAMS.length - 1) * QUARTERS.length);
    // Gum is hidden, and so is one team of six answers to protect it: the same one in both organisations.
    const hidden = (r: ResultsReport) => [...new Set(r.teamScores.filter((s) => s.suppressed).map((s) => s.team))].sort();
    expect(hidden(first)).toEqual(["Amber", SMALL]);
    expect(hidden(second)).toEqual(hidden(first));
    expect(comparable(second)).toEqual(comparable(first));
    // And the CSVs a spreadsheet opens, byte for byte once ids are set aside.
    for (const table of Object.keys(REPORT_COLUMNS) as ReportTable[]) {
      const withoutIds = (r: ResultsReport) => reportTableCsv({ ...r, [table]: comparable(r)[table] } as ResultsReport, table);
      expect(withoutIds(second), table).toBe(withoutIds(first));
    }
  });
});
