import { hasRole, type Caller } from "@/lib/auth/roles";
import { maskSecrets } from "./statement";

/** How statement text reads to a caller. */
export type StatementReader = (text: string | null) => string | null;

const asIs: StatementReader = (text) => text;

/**
 * Operators and admins, who decide on a kill, read statements as they are; viewers (the
 * curious) and anyone unknown read them masked, so no password comes out of a CREATE USER or
 * CHANGE MASTER statement. Filters match what the caller reads, never the hidden text.
 */
export function statementReaderFor(caller: Caller | null | undefined): StatementReader {
  return caller && hasRole(caller, "operator") ? asIs : maskSecrets;
}
