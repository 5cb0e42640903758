import type { Role } from "./roles";

// The session Hot Seat hands to the browser: who is signed in and with which role.
declare module "next-auth" {
  interface Session {
    user?: { name: string; role: Role };
  }
}
