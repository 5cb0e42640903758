import { z } from "zod";
import { getNotifier } from "@/lib/alerts";
import { withRole } from "@/lib/api";

export const dynamic = "force-dynamic";

const bodySchema = z.object({}).strict().optional();

// POST /api/alerts/test – send a test notification to every webhook; answers with each delivery's first attempt
export const POST = withRole("operator", { body: bodySchema, audit: { action: "alerts.test", serverId: () => null } }, async ({ caller }) => {
  const now = new Date().toISOString();
  const notifier = getNotifier();
  const deliveries = await notifier.sendNow({
    event: "test",
    rule: "test",
    title: "Test notification",
    serverId: null,
    severity: "warning",
    message: `A test notification sent by ${caller!.name} from the Hot Seat console.`,
    startedAt: now,
    resolvedAt: null,
    runbookUrl: null,
  });
  notifier.start(); // retries of a failed first attempt go on in the background
  return Response.json({ webhooks: notifier.webhookCount, deliveries });
});
