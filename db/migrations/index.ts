import type { Migration } from "kysely";
import * as m0001 from "./0001_organisation";
import * as m0002 from "./0002_people_teams_auth";
import * as m0003 from "./0003_pulse_surveys";

/**
 * Every migration, imported statically so that they are bundled into the built server and the CLI
 * (no directory scan at run time). Append new ones; never edit or reorder old ones.
 */
export const migrations: Record<string, Migration> = {
  "0001_organisation": m0001,
  "0002_people_teams_auth": m0002,
  "0003_pulse_surveys": m0003,
};
