import { describe, expect, it } from "vitest";
import { nextRetryDelay } from "./backoff";
import { jsonPayload, slackEscape, slackPayload, type AlertNotice } from "./payloads";

const notice: AlertNotice = {
  event: "firing",
  rule: "replication_stopped",
  title: "Replication stopped",
  serverId: "db4",
  severity: "warning",
  message: "Replication on db4 is stopped (SQL thread) <b>&",
  startedAt: "2025-06-02T09:15:00.000Z",
  resolvedAt: null,
  runbookUrl: "https://hotseat.example/runbooks/replication-stopped",
};

describe("webhook payloads", () => {
  it("JSON: the documented flat shape, nothing else", () => {
    expect(jsonPayload(notice)).toEqual({
      event: "firing",
      rule: "replication_stopped",
      serverId: "db4",
      severity: "warning",
      message: notice.message,
      startedAt: "2025-06-02T09:15:00.000Z",
      resolvedAt: null,
      runbookUrl: "https://hotseat.example/runbooks/replication-stopped",
    });
  });

  it("Slack: text for notifications, mrkdwn blocks escaped, the runbook as a link", () => {
    const p = slackPayload(notice);
    expect(p.text).toBe("FIRING [warning]: Replication stopped on db4: Replication on db4 is stopped (SQL thread) <b>&");
    const section = p.blocks[0] as { text: { text: string } };
    expect(section.text.text).toContain("&lt;b&gt;&amp;");
    expect(JSON.stringify(p.blocks[1])).toContain("<https://hotseat.example/runbooks/replication-stopped|Runbook>");
  });

  it("Slack: a resolved notice says how long it lasted", () => {
    const p = slackPayload({ ...notice, event: "resolved", resolvedAt: "2025-06-02T09:17:05.000Z" });
    expect(p.text).toMatch(/^RESOLVED: Replication stopped on db4 after 2m 05s/);
  });

  it("masks a statement with a password in the message, in both formats", () => {
    const rogue = { ...notice, rule: "long_query", message: "db3: thread 42 (ops@10.0.0.5) has run 75 s: CREATE USER 'app'@'%' IDENTIFIED BY 'Tr0ub4dor-3'" };
    expect(jsonPayload(rogue).message).toBe("db3: thread ? (ops@?.?) has run ? s: create user ?@? identified by ?");
    expect(JSON.stringify(slackPayload(rogue))).not.toContain("Tr0ub4dor");
    expect(jsonPayload(notice).message).toBe(notice.message);
  });

  it("escapes Slack's control characters", () => {
    expect(slackEscape("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

});

describe("retry backoff", () => {
  const policy = { maxAttempts: 5, backoffMs: 1000, maxBackoffMs: 5000, timeoutMs: 1000 };
  it("doubles after each failed attempt, capped, and stops after maxAttempts", () => {
    expect([1, 2, 3, 4].map((n) => nextRetryDelay(n, policy))).toEqual([1000, 2000, 4000, 5000]);
    expect(nextRetryDelay(5, policy)).toBeNull();
  });
});
