import { Badge, type Tone } from "@/components/ui/badge";
import type { Role } from "@/lib/auth/roles";

const ROLE_TONE: Record<Role, Tone> = { viewer: "neutral", operator: "info", admin: "accent" };

export interface RoleBadgeProps {
  role: Role;
}

/** The caller's role, as a label. */
export function RoleBadge({ role }: RoleBadgeProps) {
  return (
    <Badge tone={ROLE_TONE[role]} data-testid="user-role">
      {role}
    </Badge>
  );
}
