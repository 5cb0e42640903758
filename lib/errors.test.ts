import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, formatIssues, invalidInput } from "./errors";

describe("validation issues in words", () => {
  const schema = z.object({ mode: z.enum(["query", "connection"]), limit: z.number().max(10) }).strict();

  it("names the request part and the field of every issue", () => {
    const r = schema.safeParse({ mode: "everything", limit: 11 });
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!.issues, "body")).toMatch(/^body\.mode: .+; body\.limit: .+$/);
  });

  it("a root issue names the part, or 'input' without one", () => {
    const r = schema.safeParse("nope");
    expect(formatIssues(r.error!.issues, "query")).toMatch(/^query: /);
    expect(formatIssues(r.error!.issues)).toMatch(/^input: /);
  });

  it("invalid input is a bad_request ApiError with that message", () => {
    const err = invalidInput(schema.safeParse({}).error!, "body");
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("bad_request");
    expect(err.message).toMatch(/^body\.mode: /);
  });

  it("stays short for a hostile body: ten issues at most, each cut", () => {
    const strict = z.object({}).strict();
    const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, 1]));
    expect(formatIssues(strict.safeParse(keys).error!.issues, "body").length).toBeLessThan(400);
    const many = z.array(z.string());
    const message = formatIssues(many.safeParse(Array.from({ length: 50 }, () => 1)).error!.issues, "body");
    expect(message.split("; ")).toHaveLength(11);
    expect(message).toMatch(/; and 40 more$/);
  });
});
