import type { AppContext } from "~/context.server";
import { hashPassword } from "~/auth/password.server";
import { findOrganisationBySlug } from "#db/queries/organisations";
import type { OrganisationRow } from "#db/schema";
import { listPeople } from "#db/queries/people";
import { listWaitingPeople } from "../ballots.server";
import { createOrganisation } from "../organisations.server";
import { applyRoster } from "../roster.server";
import { seedDemoCrm } from "./crm.server";
import { DEMO_TRAINING, seedDemoOpenWave, seedDemoPulseHistory } from "./pulses.server";
import { dateInZone } from "~/domain/organisation-settings";
import type { SessionUser } from "~/auth/session.server";
import { createCohort } from "../training.server";

export const DEMO_ORG_SLUG = "northwind";
export const DEMO_PASSWORD = "northwind-demo";
const DOMAIN = "northwind.example";

export interface DemoSeedResult {
  created: boolean;
  /** What `npm start` prints: the demo organisation and its logins. */
  summary: string;
}

// 3 regions × 4 teams; two teams are under the minimum reporting group of 5, so results show suppression.
const REGIONS: Array<{ name: string; director: string; teams: Array<{ name: string; manager: string; reps: number }> }> = [
  {
    name: "North America",
    director: "Dana Whitfield",
    teams: [
      { name: "NA Enterprise", manager: "Marcus Bell", reps: 8 },
      { name: "NA Mid-Market", manager: "Priya Raman", reps: 6 },
      { name: "NA Commercial", manager: "Tom Okafor", reps: 9 },
      { name: "NA Renewals", manager: "Grace Lindqvist", reps: 4 },
    ],
  },
  {
    name: "EMEA",
    director: "Henrik Sørensen",
    teams: [
      { name: "EMEA Enterprise", manager: "Sofia Marchetti", reps: 7 },
      { name: "EMEA Mid-Market", manager: "Yusuf Demir", reps: 5 },
      { name: "DACH", manager: "Lena Hoffmann", reps: 9 },
      { name: "Nordics", manager: "Aino Virtanen", reps: 3 },
    ],
  },
  {
    name: "APAC",
    director: "Mei Tanaka",
    teams: [
      { name: "ANZ", manager: "Liam O'Connor", reps: 6 },
      { name: "Japan", manager: "Kenji Watanabe", reps: 8 },
      { name: "Southeast Asia", manager: "Arif Rahman", reps: 5 },
      { name: "India", manager: "Ananya Iyer", reps: 7 },
    ],
  },
];

/** How many teams the demo's pulses ask (each gets a ballot key when a wave opens). */
export const DEMO_TEAMS = REGIONS.reduce((n, region) => n + region.teams.length, 0);

const FIRST = [
  "Alex",
  "Blake",
  "Casey",
  "Devon",
  "Emery",
  "Finley",
  "Gray",
  "Harper",
  "Indy",
  "Jordan",
  "Kai",
  "Logan",
  "Morgan",
  "Noor",
  "Oakley",
  "Parker",
  "Quinn",
  "Riley",
  "Sam",
  "Taylor",
  "Uma",
  "Val",
  "Wren",
  "Yael",
  "Zion",
];
const LAST = [
  "Adler",
  "Brooks",
  "Castillo",
  "Dubois",
  "Ekström",
  "Fischer",
  "García",
  "Hughes",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Lopez",
  "Murphy",
  "Nakamura",
  "Olsen",
  "Patel",
  "Rossi",
  "Schmidt",
  "Thompson",
  "Usman",
  "Varga",
  "Weber",
  "Xu",
  "Young",
  "Zhou",
];

function email(name: string): string {
  const ascii = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ø/g, "o")
    .replace(/[^A-Za-z ]/g, "");
  return `${ascii.toLowerCase().replace(/ +/g, ".")}@${DOMAIN}`;
}

/** The demo roster as a CSV file, imported through the same path an admin's file takes. */
export function demoRosterCsv(): string {
  const lines = ["email,name,role,team,manager_email"];
  lines.push(`${email("Avery Admin")},Avery Admin,admin,,`);
  lines.push(`${email("Eli Enablement")},Eli Enablement,enablement,,`);
  lines.push(`${email("Robin Coach")},Robin Coach,enablement,,`);
  let n = 0;
  for (const region of REGIONS) {
    lines.push(`${email(region.director)},${region.director},manager,,`);
    for (const team of region.teams) {
      // Team managers belong to their region's team, managed by the regional director.
      lines.push(`${email(team.manager)},${team.manager},manager,${region.name},${email(region.director)}`);
      for (let i = 0; i < team.reps; i++, n++) {
        // Distinct first/last pairs for up to 625 reps.
        const name = `${FIRST[n % FIRST.length]} ${LAST[(n + 7 * Math.floor(n / FIRST.length) + 11) % LAST.length]}`;
        lines.push(`${email(name)},${name},rep,${region.name} > ${team.name},${email(team.manager)}`);
      }
    }
  }
  return lines.join("\n");
}

export const DEMO_LOGINS = {
  admin: email("Avery Admin"),
  enablement: email("Eli Enablement"),
  director: email("Dana Whitfield"),
  manager: email("Marcus Bell"),
};

/**
 * The one place that builds the demo organisation "Northwind Sales". Runs on `npm start`; each step
 * checks whether it has already run, so restarts keep whatever the visitor changed. The history (people,
 * six closed pulses, the training, CRM snapshots: seedDemoHistory) may already be there from a prepared
 * data directory made on the same day (ADR 028); what must differ between installations is made here on
 * the demo's first start: the open pulse with its ballot keys, and the accounts' password hashes.
 */
export async function seedDemo(app: AppContext): Promise<DemoSeedResult> {
  const history = await seedDemoHistory(app);
  const org = history.organisation;
  // The demo's first start is complete once its accounts have passwords: until then (a new demo, or a
  // first start that stopped half-way), make the open pulse and set them.
  const hasPassword = await app.db.selectFrom("person").select("id").where("organisationId", "=", org.id).where("passwordHash", "is not", null).executeTakeFirst();
  if (!hasPassword) {
    await seedDemoOpenWave(app, org.id);
    // One hash for every demo account: they share the demo password.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await app.db.updateTable("person").set({ passwordHash, passwordChangedAt: app.now() }).where("organisationId", "=", org.id).execute();
  }
  const created = history.created || !hasPassword;

  // The rep to show: one in NA Enterprise who has not answered the open pulse yet, if any.
  const openWave = await app.db.selectFrom("wave").select("id").where("organisationId", "=", org.id).where("status", "=", "open").executeTakeFirst();
  const waiting = openWave ? (await listWaitingPeople(app, openWave.id)).find((p) => p.teamName === "NA Enterprise") : undefined;
  const rep = waiting ?? (await listPeople(app.db, org.id, { limit: 10_000 })).find((p) => p.role === "rep" && p.teamName === "NA Enterprise");
  const logins: Array<[string, string]> = [
    ["admin", DEMO_LOGINS.admin],
    ["enablement", DEMO_LOGINS.enablement],
    ["regional director (manager of North America)", DEMO_LOGINS.director],
    ["manager of NA Enterprise", DEMO_LOGINS.manager],
    ["rep in NA Enterprise (pulse open)", rep?.email ?? "(none)"],
  ];
  const summary = [
    `[candor] demo organisation: Northwind Sales (${created ? "seeded now" : "already seeded"})`,
    `[candor] demo logins (password "${DEMO_PASSWORD}" for all):`,
    ...logins.map(([who, address]) => `[candor]   ${who.padEnd(46)} ${address}`),
  ].join("\n");
  return { created, summary };
}

/**
 * The part of the demo that is the same on every installation seeded on the same day, and holds no secret:
 * the organisation, its people and teams (no passwords), six closed monthly pulses, the recorded training
 * and two CRM snapshots. `npm run build` runs it into a prepared data directory (ADR 028); seedDemo runs it
 * too, and it skips what is there. `created`: whether it made the organisation now.
 */
export async function seedDemoHistory(app: AppContext): Promise<{ created: boolean; organisation: OrganisationRow }> {
  let org = await findOrganisationBySlug(app.db, DEMO_ORG_SLUG);
  const created = !org;
  org ??= await createOrganisation(app, { slug: DEMO_ORG_SLUG, name: "Northwind Sales" }, { actor: { kind: "system", name: "demo-seed" }, source: "demo" });

  const people = await listPeople(app.db, org.id, { limit: 1 });
  if (people.length === 0) {
    const outcome = await applyRoster(app, org.id, demoRosterCsv(), { deactivateMissing: false, recordAs: { actorId: null, source: "demo" } });
    if (!outcome.ok) throw new Error(`demo roster is invalid: ${JSON.stringify(outcome.problems)}`);
  }

  const hasProgram = await app.db.selectFrom("pulseProgram").select("id").where("organisationId", "=", org.id).executeTakeFirst();
  if (!hasProgram) {
    const pulses = await seedDemoPulseHistory(app, org.id, org.timezone);
    await seedDemoTraining(app, org.id, pulses.trainingHeldOn);
  }
  const hasCrm = await app.db.selectFrom("crmSnapshot").select("id").where("organisationId", "=", org.id).executeTakeFirst();
  if (!hasCrm) await seedDemoCrm(app, org.id, dateInZone(app.now(), org.timezone));
  return { created, organisation: org };
}

/** The training cohort behind the demo's visible effect (see DEMO_TRAINING), recorded like enablement would. */
async function seedDemoTraining(app: AppContext, organisationId: string, heldOn: string): Promise<void> {
  const teams = await app.db
    .selectFrom("team")
    .select(["managerId"])
    .where("organisationId", "=", organisationId)
    .where("name", "in", [...DEMO_TRAINING.teams])
    .execute();
  const enablement = await app.db
    .selectFrom("person")
    .select("id")
    .where("organisationId", "=", organisationId)
    .where("email", "=", DEMO_LOGINS.enablement)
    .executeTakeFirstOrThrow();
  await createCohort(app, { personId: enablement.id, organisationId, role: "enablement" } as SessionUser, {
    name: DEMO_TRAINING.name,
    heldOn,
    managerIds: teams.map((t) => t.managerId!),
    dimensionKeys: [...DEMO_TRAINING.dimensionKeys],
  });
}
