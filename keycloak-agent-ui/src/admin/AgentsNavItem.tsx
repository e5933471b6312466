import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router-dom";
import { canViewAgents } from "./agents/access";

// Keycloak's PageNav is not extensible (only experimental declarative-ui pages, in "Configure"). Rather than
// copying it (its realm selector is not exported), the entry is rendered into its "Manage" group's list.
function findManageList(title: string): HTMLUListElement | null {
  for (const section of document.querySelectorAll<HTMLElement>(
    ".keycloak__page_nav__nav section.pf-v5-c-nav__section",
  )) {
    const heading = section.querySelector(
      ".pf-v5-c-nav__section-title",
    )?.textContent;
    if (section.getAttribute("aria-label") === title || heading === title) {
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
    <li>
      <NavLink
        id="nav-item-agents"
        data-testid="nav-item-agents"
        to={`/${encodeURIComponent(realm)}/agents`}
        className={({ isActive }) =>
          `pf-v5-c-nav__link${isActive ? " pf-m-current" : ""}`
        }
      >
        {t("agents")}
      </NavLink>
    </li>,
    list,
  );
};
