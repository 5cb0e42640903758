import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MaintenanceSwitch } from "@/components/maintenance/maintenance-switch";
import { MaintenanceWindows } from "@/components/maintenance/maintenance-windows";
import { Card } from "@/components/ui/card";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { getConfig } from "@/lib/config";
import { getMaintenance, lastSwitchChange, listWindows } from "@/lib/maintenance";
import { formatUtc } from "@/lib/time";

export const metadata: Metadata = { title: "Maintenance" };
export const dynamic = "force-dynamic";

// GET /maintenance – the site's maintenance switch, scheduled windows, and how the site learns of it
export default async function MaintenancePage() {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/maintenance");
  const canOperate = hasRole(caller, "operator");
  const [state, windows, changed] = await Promise.all([getMaintenance(), listWindows(), lastSwitchChange()]);
  const { flagFile, hooks } = getConfig().maintenance;

  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold text-slate-100">Maintenance</h1>
      <Card>
        <MaintenanceSwitch initial={state} canOperate={canOperate} />
        {changed.at && (
          <p className="mt-2 text-xs text-slate-500">
            Switch last changed {formatUtc(changed.at)} by {changed.by}.
          </p>
        )}
      </Card>
      <Card className="overflow-x-auto">
        <h2 className="mb-2 text-sm font-semibold text-slate-200">Scheduled windows</h2>
        <MaintenanceWindows initial={windows} canOperate={canOperate} />
      </Card>
      <Card>
        <h2 className="mb-1 text-sm font-semibold text-slate-200">How the site learns of it</h2>
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-300">
          <li>
            Apps poll <code>GET /api/maintenance</code> (public): <code>{"{ enabled, message, since, until }"}</code>.
          </li>
          <li>{flagFile ? <>Flag file: <code>{flagFile}</code> (present while on; see the nginx snippet in the README).</> : "Flag file: not configured (maintenance.flagFile)."}</li>
          <li>
            Hooks:{" "}
            {hooks?.onEnable || hooks?.onDisable
              ? `${[hooks.onEnable].flat().filter(Boolean).length} on enable, ${[hooks.onDisable].flat().filter(Boolean).length} on disable, timeout ${hooks.timeoutMs} ms; outcomes in the audit log.`
              : "none configured (maintenance.hooks)."}
          </li>
        </ul>
      </Card>
    </div>
  );
}
