import crypto from "node:crypto";
import { getConfig } from "@/lib/config";
import type { Caller } from "./roles";

/** Caller for an `Authorization: Bearer <token>` header, matched against configured SHA-256 hashes. */
export function callerFromBearer(header: string | null): Caller | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return null;
  const digest = crypto.createHash("sha256").update(match[1]).digest();
  for (const token of getConfig().auth.apiTokens) {
    const expected = Buffer.from(token.tokenSha256, "hex");
    if (expected.length === digest.length && crypto.timingSafeEqual(expected, digest)) {
      return { name: `token:${token.name}`, role: token.role, via: "token" };
    }
  }
  return null;
}
