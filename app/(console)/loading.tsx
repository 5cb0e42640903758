import { DashboardSkeleton } from "@/components/dashboard/dashboard-skeleton";

export default function ConsoleLoading() {
  return <DashboardSkeleton />;
}
