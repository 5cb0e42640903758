import { getMaintenance, type MaintenanceState } from "@/lib/maintenance";
import { MaintenanceBannerLive } from "./maintenance-banner-live";

/**
 * The maintenance state for the console layout. A Server Component: the first paint already shows
 * the state from the store; the live part then follows GET /api/maintenance.
 */
export async function MaintenanceBanner() {
  let initial: MaintenanceState | null = null;
  try {
    initial = await getMaintenance();
  } catch (err) {
    // the store cannot be read: the live part fetches and shows the problem instead
    console.error("[hotseat] maintenance banner:", (err as Error).message);
  }
  return <MaintenanceBannerLive initial={initial} />;
}
