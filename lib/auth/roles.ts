import type { UserRole } from "@/lib/config";

export type Role = UserRole;

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Who is calling: a signed-in user (cookie session) or an API token. */
export interface Caller {
  name: string;
  role: Role;
  via: "session" | "token";
}

/** viewer < operator < admin */
export function hasRole(caller: Caller, needed: Role): boolean {
  return RANK[caller.role] >= RANK[needed];
}
