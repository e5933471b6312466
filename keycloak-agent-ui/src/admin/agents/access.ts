import type { useAccess } from "@keycloak/keycloak-admin-ui";

type Access = ReturnType<typeof useAccess>;
type AccessType = Parameters<Access["hasAccess"]>[0];

// The same rule as the admin REST (AgentAdminResource): view-agents or manage-agents, or the realm-wide
// view-realm / manage-realm (the master realm's admins have those, not the per-realm agent roles).
export function canViewAgents(access: Access): boolean {
  return access.hasSomeAccess(
    ...([
      "view-agents",
      "manage-agents",
      "view-realm",
      "manage-realm",
    ] as AccessType[]),
  );
}

export function canManageAgents(access: Access): boolean {
  return access.hasSomeAccess(
    ...(["manage-agents", "manage-realm"] as AccessType[]),
  );
}

// Keycloak's admin-events API (GET /admin/realms/{realm}/admin-events) asks for view-events or manage-events.
export function canViewEvents(access: Access): boolean {
  return access.hasSomeAccess(
    ...(["view-events", "manage-events"] as AccessType[]),
  );
}
