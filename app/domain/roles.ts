/** The four roles, from least to most access to aggregated results (nobody sees individual answers). */
export const ROLES = ["rep", "manager", "enablement", "admin"] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that see every team of their organisation (aggregated, above the anonymity thresholds). */
export function seesWholeOrganisation(role: Role): boolean {
  return role === "enablement" || role === "admin";
}
