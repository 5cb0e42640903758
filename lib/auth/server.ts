import { cookies } from "next/headers";
import type { Caller } from "./roles";
import { callerFromSessionCookies } from "./session";

/** The signed-in user of the page being rendered (Server Components, Server Actions); null when signed out. */
export async function currentCaller(): Promise<Caller | null> {
  return callerFromSessionCookies(await cookies());
}
