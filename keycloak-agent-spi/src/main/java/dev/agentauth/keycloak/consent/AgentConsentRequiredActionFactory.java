package dev.agentauth.keycloak.consent;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

import dev.agentauth.keycloak.EveryRealm;

/**
 * Registers the agent consent page (required action {@value #ID}) and enables it in every realm (existing at
 * start-up, created or imported later) unless an admin has registered it already.
 *
 * @since 0.1.0
 */
public final class AgentConsentRequiredActionFactory implements RequiredActionFactory {

	public static final String ID = "agent-consent";

	private static final AgentConsentRequiredAction INSTANCE = new AgentConsentRequiredAction();

	@Override
	public RequiredActionProvider create(KeycloakSession session) {
		return INSTANCE;
	}

	@Override
	public String getDisplayText() {
		return "Agent consent";
	}

	@Override
	public void init(Config.Scope config) {
	}

	@Override
	public void postInit(KeycloakSessionFactory factory) {
		EveryRealm.apply(factory, AgentConsentRequiredActionFactory::register);
	}

	static void register(RealmModel realm) {
		if (realm.getRequiredActionProviderByAlias(ID) != null) {
			return;
		}
		RequiredActionProviderModel model = new RequiredActionProviderModel();
		model.setAlias(ID);
		model.setProviderId(ID);
		model.setName("Agent consent");
		model.setEnabled(true);
		model.setDefaultAction(false);
		model.setPriority(1000);
		realm.addRequiredActionProvider(model);
	}

	@Override
	public void close() {
	}

	@Override
	public String getId() {
		return ID;
	}

}
