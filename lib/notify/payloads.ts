import { maskSecrets } from "@/lib/processlist/statement";
import { formatDuration } from "@/lib/time";

/** What a notification says, whatever the webhook's format. */
export interface AlertNotice {
  event: "firing" | "resolved" | "test";
  rule: string;
  /** the rule's title in words */
  title: string;
  serverId: string | null;
  severity: "critical" | "warning";
  message: string;
  /** ISO: when the alert fired */
  startedAt: string;
  resolvedAt: string | null;
  /** absolute when the console's address is known, else a path on the console */
  runbookUrl: string | null;
}

/** The generic JSON body: one flat object, stable field names. */
export interface JsonPayload {
  event: AlertNotice["event"];
  rule: string;
  serverId: string | null;
  severity: AlertNotice["severity"];
  message: string;
  startedAt: string;
  resolvedAt: string | null;
  runbookUrl: string | null;
}

/** The message as a webhook carries it: it leaves the console, so a statement in it goes masked. */
const messageOf = (n: AlertNotice): string => maskSecrets(n.message) ?? "";

export function jsonPayload(n: AlertNotice): JsonPayload {
  return {
    event: n.event,
    rule: n.rule,
    serverId: n.serverId,
    severity: n.severity,
    message: messageOf(n),
    startedAt: n.startedAt,
    resolvedAt: n.resolvedAt,
    runbookUrl: n.runbookUrl,
  };
}

/** Slack's incoming-webhook body: `text` for notifications and old clients, `blocks` for the channel. */
export interface SlackPayload {
  text: string;
  blocks: Array<{ type: "section"; text: { type: "mrkdwn"; text: string } } | { type: "context"; elements: { type: "mrkdwn"; text: string }[] }>;
}

/** Slack's mrkdwn treats &, < and > as control characters. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The one-line headline both formats share. */
export function headline(n: AlertNotice): string {
  const where = n.serverId ? ` on ${n.serverId}` : "";
  if (n.event === "test") return `TEST: Hot Seat can reach this webhook`;
  if (n.event === "resolved") {
    const took = n.resolvedAt ? ` after ${formatDuration(Date.parse(n.resolvedAt) - Date.parse(n.startedAt))}` : "";
    return `RESOLVED: ${n.title}${where}${took}`;
  }
  return `FIRING [${n.severity}]: ${n.title}${where}`;
}

export function slackPayload(n: AlertNotice): SlackPayload {
  const icon = n.event === "test" ? ":wave:" : n.event === "resolved" ? ":white_check_mark:" : n.severity === "critical" ? ":rotating_light:" : ":warning:";
  const title = `${icon} *${slackEscape(headline(n))}*`;
  const context = [`rule \`${n.rule}\``, `since ${n.startedAt}`];
  if (n.runbookUrl) context.push(/^https?:/.test(n.runbookUrl) ? `<${n.runbookUrl}|Runbook>` : `runbook ${slackEscape(n.runbookUrl)}`);
  const message = messageOf(n);
  return {
    text: `${headline(n)}: ${message}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${title}\n${slackEscape(message)}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: context.join(" · ") }] },
    ],
  };
}

export function payloadFor(format: "slack" | "json", n: AlertNotice): SlackPayload | JsonPayload {
  return format === "slack" ? slackPayload(n) : jsonPayload(n);
}
