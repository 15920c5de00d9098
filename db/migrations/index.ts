import type { Migration } from "kysely";
import * as m0001 from "./0001_organisation";
import * as m0002 from "./0002_people_teams_auth";
import * as m0003 from "./0003_pulse_surveys";
import * as m0004 from "./0004_self_assessment";
import * as m0005 from "./0005_crm";
import * as m0006 from "./0006_result_aggregates";
import * as m0007 from "./0007_api_tokens";
import * as m0008 from "./0008_api_rate_windows";
import * as m0009 from "./0009_action_plans";
import * as m0011 from "./0011_training_cohorts";
import * as m0010 from "./0010_playbooks";
import * as m0012 from "./0012_wave_team_tree";
import * as m0013 from "./0013_submit_resend_in_one_statement";
import * as m0014 from "./0014_submit_in_one_round_trip";
import * as m0015 from "./0015_crm_snapshot_partitions";
import * as m0016 from "./0016_unlinkable_ballots";
import * as m0017 from "./0017_team_membership_events";
import * as m0018 from "./0018_form_submissions";
import * as m0019 from "./0019_form_submission_kinds";
import * as m0020 from "./0020_audit_log";
import * as m0021 from "./0021_erasure_and_retention";
import * as m0023 from "./0023_mail_delivery";
import * as m0024 from "./0024_sso_connections";
import * as m0025 from "./0025_saml_assertion_replay";
import * as m0026 from "./0026_scim";
import * as m0029 from "./0029_chat_delivery";
import * as m0031 from "./0031_sso_connection_form_kind";
import * as m0032 from "./0032_crm_connections";
import * as m0034 from "./0034_crm_snapshot_status";
import * as m0035 from "./0035_item_rotation";
import * as m0036 from "./0036_comment_themes";
import * as m0037 from "./0037_anonymous_conversations";
import * as m0038 from "./0038_languages";
import * as m0039 from "./0039_reliability_below_complete_minimum";
import * as m0040 from "./0040_issue_ballot_one_function";
import * as m0041 from "./0041_issuance_language";
import * as m0042 from "./0042_issuance_follows_wave_without_key";
import * as m0043 from "./0043_thread_key_index_not_unique";

/**
 * Every migration, imported statically so that they are bundled into the built server and the CLI
 * (no directory scan at run time). Append new ones; never edit or reorder old ones.
 */
export const migrations: Record<string, Migration> = {
  "0001_organisation": m0001,
  "0002_people_teams_auth": m0002,
  "0003_pulse_surveys": m0003,
  "0004_self_assessment": m0004,
  "0005_crm": m0005,
  "0006_result_aggregates": m0006,
  "0007_api_tokens": m0007,
  "0008_api_rate_windows": m0008,
  "0009_action_plans": m0009,
  "0010_playbooks": m0010,
  "0011_training_cohorts": m0011,
  "0012_wave_team_tree": m0012,
  "0013_submit_resend_in_one_statement": m0013,
  "0014_submit_in_one_round_trip": m0014,
  "0015_crm_snapshot_partitions": m0015,
  "0016_unlinkable_ballots": m0016,
  "0017_team_membership_events": m0017,
  "0018_form_submissions": m0018,
  "0019_form_submission_kinds": m0019,
  "0020_audit_log": m0020,
  "0021_erasure_and_retention": m0021,
  "0023_mail_delivery": m0023,
  "0024_sso_connections": m0024,
  "0025_saml_assertion_replay": m0025,
  "0026_scim": m0026,
  "0029_chat_delivery": m0029,
  "0031_sso_connection_form_kind": m0031,
  "0032_crm_connections": m0032,
  "0034_crm_snapshot_status": m0034,
  "0035_item_rotation": m0035,
  "0036_comment_themes": m0036,
  "0037_anonymous_conversations": m0037,
  "0038_languages": m0038,
  "0039_reliability_below_complete_minimum": m0039,
  "0040_issue_ballot_one_function": m0040,
  "0041_issuance_language": m0041,
  "0042_issuance_follows_wave_without_key": m0042,
  "0043_thread_key_index_not_unique": m0043,
};
