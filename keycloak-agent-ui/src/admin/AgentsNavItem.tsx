import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { NavContext, NavItem } from "@patternfly/react-core";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { useHref, useMatch, useNavigate } from "react-router-dom";
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

export const AgentsNavItem = () => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const access = useAccess();
  const [list, setList] = useState<HTMLUListElement | null>(null);
  const title = t("manage");
  const path = toAgents(realm);
  const href = useHref(path);
  const active = useMatch({ path, end: false }) !== null;
  const navigate = useNavigate();

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
  // React context does not follow the portal into Keycloak's Nav: this Nav context navigates in the app
  return createPortal(
    <NavContext.Provider
      value={{
        onSelect: (event) => {
          event.preventDefault();
          void navigate(path);
        },
      }}
    >
      <NavItem
        id="nav-item-agents"
        data-testid="nav-item-agents"
        to={href}
        isActive={active}
      >
        {t("agents")}
      </NavItem>
    </NavContext.Provider>,
    list,
  );
};
