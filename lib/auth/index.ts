import type { NextRequest } from "next/server";
import { callerFromBearer } from "./token";
import type { Caller } from "./roles";

export { hasRole, type Caller, type Role } from "./roles";

/** Who sent this request, or null when nobody is signed in. */
export async function authenticate(req: NextRequest): Promise<Caller | null> {
  return callerFromBearer(req.headers.get("authorization"));
}
