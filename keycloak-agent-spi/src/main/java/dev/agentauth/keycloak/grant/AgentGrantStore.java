package dev.agentauth.keycloak.grant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The consumers' grants to agents, per realm. Obtain it with {@code session.getProvider(AgentGrantStore.class)};
 * it joins the request's transaction.
 *
 * @since 0.1.0
 */
public interface AgentGrantStore extends Provider {

	AgentGrantModel createGrant(RealmModel realm, String userId, String agentId, String clientId, List<String> scopes,
			String authorizationDetails, Instant expires);

	Optional<AgentGrantModel> getGrant(RealmModel realm, String grantId);

	/** The user's grants, newest first. */
	List<AgentGrantModel> getUserGrants(RealmModel realm, String userId);

	/** The grants to an agent, newest first. */
	List<AgentGrantModel> getAgentGrants(RealmModel realm, String agentId);

	/** Revokes the grant; empty if there is no such grant. Revoking twice keeps the first revocation. */
	Optional<AgentGrantModel> revokeGrant(RealmModel realm, String grantId, String revokedBy);

	/** Removes the user's grants (user deleted). */
	void removeUserGrants(RealmModel realm, String userId);

	/** Removes the agent's grants (agent deleted: the agent's own revocation reaches the merchants). */
	void removeAgentGrants(RealmModel realm, String agentId);

	/** Removes every grant of the realm (realm deleted). */
	void removeRealm(RealmModel realm);

}
