package dev.agentauth.keycloak.exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.VerificationException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;

/**
 * RFC 7662 introspection of delegation tokens: {@code active} only while the token is valid and its grant is
 * active, and the response carries {@code act}, {@code cnf} and {@code agent_grant}. Delegation tokens have no
 * user session (they live as long as the grant, not the consumer's browser session), so Keycloak's own
 * introspection would call them inactive; every other token goes to Keycloak's.
 * <p>
 * It is a Keycloak {@link AccessTokenIntrospectionProvider}, because it takes that provider's id and Keycloak's
 * own code casts the {@code access_token} provider to that class (the account console's REST API does, to
 * complete lightweight access tokens): everything but {@link #introspect} is Keycloak's, unchanged.
 */
final class DelegationIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

	DelegationIntrospectionProvider(KeycloakSession session) {
		super(session);
	}

	@Override
	public Response introspect(String token, EventBuilder event) {
		Map<String, Object> claims = RealmTokens.peek(token);
		if (!RealmTokens.isDelegationToken(claims)) {
			return super.introspect(token, event);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		String reason = check(token, claims, event);
		if (reason != null) {
			event.detail("reason", reason).error("invalid_token");
			response.put("active", false);
		}
		else {
			response.putAll(claims);
			response.put("client_id", claims.get("azp"));
			response.put("token_type", "Agent");
			response.put("active", true);
			event.success();
		}
		return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
	}

	/** Null if the token is active, else why not. */
	private String check(String token, Map<String, Object> claims, EventBuilder event) {
		RealmModel realm = this.session.getContext().getRealm();
		AccessToken verified;
		try {
			verified = RealmTokens.verify(this.session, realm, token);
		}
		catch (VerificationException ex) {
			return "token_invalid: " + ex.getMessage();
		}
		event.detail("token_id", verified.getId());
		ClientModel caller = this.session.getContext().getClient();
		List<String> audience = (verified.getAudience() != null) ? List.of(verified.getAudience()) : List.of();
		if (caller == null || !(audience.contains(caller.getClientId())
				|| caller.getClientId().equals(verified.getIssuedFor()))) {
			return "caller_not_in_audience";
		}
		UserModel user = (verified.getSubject() != null)
				? this.session.users().getUserById(realm, verified.getSubject()) : null;
		if (user == null || !user.isEnabled()) {
			return "user_invalid";
		}
		event.user(user);
		String grantId = String.valueOf(claims.get(DelegationClaims.AGENT_GRANT));
		AgentGrantModel grant = this.session.getProvider(AgentGrantStore.class).getGrant(realm, grantId).orElse(null);
		if (grant == null) {
			return "grant_not_found";
		}
		event.detail("grant_id", grant.id()).detail("agent_id", grant.agentId());
		if (!grant.isUsable(KeycloakClock.now())) {
			return "grant_" + grant.effectiveStatus(KeycloakClock.now());
		}
		return null;
	}

}
