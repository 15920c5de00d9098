import { said, saidDate } from "~/i18n/said";
// The admin's home: the setup's health. The manager's and enablement's homes are in home-dashboards.server.ts,
// the rep's in home-rep.server.ts.
import type { AppContext } from "~/context.server";
import type { SessionUser } from "~/auth/session.server";
import { daysBetween } from "~/domain/calendar";
import { dateInZone } from "~/domain/organisation-settings";
import { listSnapshots } from "#db/queries/crm";
import { findOrganisationById } from "#db/queries/organisations";
import { countFailedJobs, lastRosterChanges, listPeopleWithoutTeam } from "#db/queries/setup-health";
import { countDeliveries } from "#db/queries/mail-deliveries";
import { findSlackConnection } from "#db/queries/chat";
import { DELIVERY_DAYS } from "./mail-delivery.server";

const DAY_MS = 86_400_000;

export type HealthStatus = "ok" | "attention" | "problem";

export interface HealthCheck {
  key: "roster" | "crm" | "jobs" | "mail" | "people" | "slack";
  title: string;
  status: HealthStatus;
  /** What is the case, in plain words. */
  summary: string;
  href: string;
  action: string;
}

export interface AdminHome {
  today: string;
  checks: HealthCheck[];
  roster: { lastImport: string | null; lastChange: string | null; ageDays: number | null };
  crm: { asOf: string; importedOn: string; ageDays: number; fileName: string } | null;
  failedJobs: number | null;
  /** Emails of the last DELIVERY_DAYS days that went out, and that did not (see /admin/deliveries). */
  mail: { sent: number; failed: number; days: number };
  peopleWithoutTeam: Array<{ id: string; name: string; role: "rep" | "manager" }>;
}

/** Roster changes older than this many days ask for a look; older than the second, a new import. */
const ROSTER_DAYS = [31, 92] as const;
/** A CRM snapshot older than a month asks for a new upload; older than a quarter, the forecast reads miss it. */
const CRM_DAYS = [31, 92] as const;
/** How far back failed scheduler jobs are counted. */
const JOB_DAYS = 7;

const statusOfAge = (days: number, limits: readonly [number, number]): HealthStatus => (days <= limits[0] ? "ok" : days <= limits[1] ? "attention" : "problem");

/**
 * An admin's home: the setup's health in plain words, each with where to fix it — how old the roster is
 * (the last import that changed a team), the latest CRM snapshot's date and upload, scheduler runs that
 * failed (the job queue that opens waves and sends invitations and reminders), emails that were not
 * delivered, and active reps and managers in no team.
 */
export async function getAdminHome(app: AppContext, user: SessionUser): Promise<AdminHome> {
  const org = await findOrganisationById(app.db, user.organisationId);
  const zone = org?.timezone ?? "UTC";
  const today = dateInZone(app.now(), zone);
  const [roster, snapshots, failedJobs, peopleWithoutTeam, mail, slack] = await Promise.all([
    lastRosterChanges(app.db, user.organisationId),
    listSnapshots(app.db, user.organisationId),
    countFailedJobs(app.db, new Date(app.now().getTime() - JOB_DAYS * DAY_MS)),
    listPeopleWithoutTeam(app.db, user.organisationId),
    countDeliveries(app.db, user.organisationId, new Date(app.now().getTime() - DELIVERY_DAYS * DAY_MS)),
    findSlackConnection(app.db, user.organisationId),
  ]);
  const lastImport = roster.lastImport ? dateInZone(roster.lastImport, zone) : null;
  const lastChange = roster.lastChange ? dateInZone(roster.lastChange, zone) : null;
  const rosterAge = lastImport ? daysBetween(lastImport, today) : null;
  // The latest counted snapshot: a preview feeds nothing until it is confirmed (ADR 051).
  const latest = snapshots.find((s) => s.status === "counted");
  const waiting = snapshots.filter((s) => s.status === "preview").length;
  const crm = latest ? { asOf: latest.asOf, importedOn: dateInZone(latest.importedAt, zone), ageDays: daysBetween(latest.asOf, today), fileName: latest.fileName } : null;

  const checks: HealthCheck[] = [
    {
      key: "roster",
      title: said("home.check.roster"),
      status: rosterAge === null ? "attention" : statusOfAge(rosterAge, ROSTER_DAYS),
      // Said by key, dates as {…, date, long} in the reader's language ("7 September 2026", "7. September 2026").
      summary:
        rosterAge === null
          ? lastChange
            ? said("home.check.rosterNeverChanged", { changed: saidDate(lastChange) })
            : said("home.check.rosterNever")
          : said("home.check.rosterImported", { at: saidDate(lastImport!), days: rosterAge, old: rosterAge > ROSTER_DAYS[0] ? "yes" : "no" }),
      href: "/admin/roster",
      action: said("home.check.rosterAction"),
    },
    {
      key: "crm",
      title: said("home.check.crm"),
      status: crm === null ? "problem" : statusOfAge(crm.ageDays, CRM_DAYS),
      summary:
        crm === null
          ? waiting > 0
            ? said("home.check.crmWaiting", { count: waiting })
            : said("home.check.crmNone")
          : said("home.check.crmLatest", {
              asOf: saidDate(crm.asOf),
              days: crm.ageDays,
              uploaded: saidDate(crm.importedOn),
              old: crm.ageDays > CRM_DAYS[0] ? "yes" : "no",
              waiting,
            }),
      href: "/admin/crm",
      action: said("home.check.crmAction"),
    },
    {
      key: "jobs",
      title: said("home.check.jobs"),
      status: failedJobs === null ? "attention" : failedJobs === 0 ? "ok" : "problem",
      summary:
        failedJobs === null
          ? said("home.check.jobsNeverRan")
          : failedJobs === 0
            ? said("home.check.jobsNoneFailed", { days: JOB_DAYS })
            : said("home.check.jobsFailed", { count: failedJobs, days: JOB_DAYS }),
      href: "/programs",
      action: said("home.check.jobsAction"),
    },
    {
      key: "mail",
      title: said("home.check.mail"),
      status: mail.failed === 0 ? "ok" : "problem",
      summary:
        mail.failed === 0
          ? mail.sent === 0
            ? said("home.check.mailNoneSent", { days: DELIVERY_DAYS })
            : said("home.check.mailAllDelivered", { count: mail.sent, days: DELIVERY_DAYS })
          : said("home.check.mailFailed", { count: mail.failed, sent: mail.sent, days: DELIVERY_DAYS }),
      href: "/admin/deliveries",
      action: said("home.check.mailAction"),
    },
    {
      key: "people",
      title: said("home.check.people"),
      status: peopleWithoutTeam.length === 0 ? "ok" : "attention",
      summary: peopleWithoutTeam.length === 0 ? said("home.check.peopleAllInTeams") : said("home.check.peopleWithoutTeam", { count: peopleWithoutTeam.length }),
      href: "/admin/people",
      action: said("home.check.peopleAction"),
    },
  ];
  // Only once Slack is connected: a broken connection (a revoked token) is said here, with Slack's words.
  if (slack) {
    checks.push({
      key: "slack",
      title: said("home.check.slack"),
      status: slack.status === "connected" ? "ok" : "problem",
      summary:
        slack.status === "connected"
          ? said("home.check.slackConnected", { workspace: slack.workspaceName })
          : slack.problem
            ? said("home.check.slackBroken", { workspace: slack.workspaceName, problem: slack.problem })
            : said("home.check.slackBrokenSilent", { workspace: slack.workspaceName }),
      href: "/admin/chat",
      action: slack.status === "connected" ? said("home.check.slackAction") : said("home.check.slackReconnect"),
    });
  }
  return { today, checks, roster: { lastImport, lastChange, ageDays: rosterAge }, crm, failedJobs, mail: { ...mail, days: DELIVERY_DAYS }, peopleWithoutTeam };
}
