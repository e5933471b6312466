import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { NavContext, NavItem } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { useHref, useMatch, useNavigate } from "react-router-dom";
import { toAgentProviders } from "./agent-providers/routes";
import { canViewAgents } from "./agents/access";
import { toAgents } from "./agents/routes";

/**
 * Keycloak 26.7's PageNav has no extension point for a section: its groups are fixed, and the only pages a
 * provider adds ("ui-page" declarative pages) are forms listed under "Configure", not React pages. admin-ui does
 * not export the pieces to rebuild it either (the realm selector is internal). So the entry is rendered into the
 * navigation's "Manage" group, found by what the page says, not by Keycloak's CSS classes: the group is the
 * navigation landmark's section named "Manage" (its aria-label, or the heading that labels it). The entry itself
 * is PatternFly's NavItem, so it looks and behaves as Keycloak's own entries do.
 */
function findManageList(title: string): HTMLUListElement | null {
  for (const section of document.querySelectorAll<HTMLElement>("nav section")) {
    const labelledBy = section.getAttribute("aria-labelledby");
    const label =
      section.getAttribute("aria-label") ??
      (labelledBy && document.getElementById(labelledBy)?.textContent);
    if (label === title) {
      return section.querySelector("ul");
    }
  }
  return null;
}

/** One entry of ours, active on its section's pages, navigating in the app (not by reloading the page). */
const SectionNavItem = ({
  id,
  path,
  title,
}: {
  id: string;
  path: string;
  title: string;
}) => {
  const href = useHref(path);
  const active = useMatch({ path, end: false }) !== null;
  const navigate = useNavigate();
  // React context does not follow the portal into Keycloak's Nav: this Nav context navigates in the app
  return (
    <NavContext.Provider
      value={{
        onSelect: (event) => {
          event.preventDefault();
          void navigate(path);
        },
      }}
    >
      <NavItem id={id} data-testid={id} to={href} isActive={active}>
        {title}
      </NavItem>
    </NavContext.Provider>
  );
};

/**
 * "Agents", then "Agent providers" right below it: a provider's agents are listed under Agents, so the two sit
 * together, as Keycloak keeps Users next to the pages that feed them. Providers get an entry of their own (not a
 * tab of Agents) as Keycloak gives Identity providers theirs: a list with its own add and detail pages.
 */
export const AgentsNavItem = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const access = useAccess();
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const title = t("manage");

  useEffect(() => {
    const update = () =>
      setList((current) => {
        const found = findManageList(title);
        return found === current ? current : found;
      });
    update();
    const observer = new MutationObserver(update);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [title]);

  if (!list || !canViewAgents(access)) {
    return null;
  }
  return createPortal(
    <>
      <SectionNavItem
        id="nav-item-agents"
        path={toAgents(realm)}
        title={t("agents")}
      />
      <SectionNavItem
        id="nav-item-agent-providers"
        path={toAgentProviders(realm)}
        title={t("agentProviders")}
      />
    </>,
    list,
  );
};
