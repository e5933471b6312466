package dev.agentauth.keycloak.consent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessor;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.DelegationDetails;

/**
 * Teaches Keycloak's RFC 9396 support our {@code authorization_details} type {@code agent_delegation}, so the
 * authorization endpoint accepts it (it refuses unknown types) and refuses malformed limits up front. The
 * limits themselves are stored by the consent page and put into delegation tokens by the token exchange; the
 * consumer's own token does not carry them.
 */
final class AgentDelegationDetailsProcessor
		implements AuthorizationDetailsProcessor<AuthorizationDetailsJSONRepresentation> {

	@Override
	public boolean isSupported() {
		return true;
	}

	@Override
	public String getSupportedType() {
		return DelegationDetails.TYPE;
	}

	@Override
	public Class<AuthorizationDetailsJSONRepresentation> getSupportedResponseJavaType() {
		return AuthorizationDetailsJSONRepresentation.class;
	}

	@Override
	public AuthorizationDetailsJSONRepresentation validateAuthorizationDetail(
			AuthorizationDetailsJSONRepresentation detail) throws InvalidAuthorizationDetailsException {
		if (detail.getLocations() != null || detail.getActions() != null || detail.getDatatypes() != null
				|| detail.getIdentifier() != null || detail.getPrivileges() != null) {
			throw new InvalidAuthorizationDetailsException("The " + DelegationDetails.TYPE
					+ " authorization_details take max_amount, budget and merchants only");
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		if (detail.getCustomData() != null) {
			entry.putAll(detail.getCustomData());
		}
		entry.put("type", detail.getType());
		try {
			DelegationDetails.fromJson(List.of(entry));
		}
		catch (AgentAuthException ex) {
			throw new InvalidAuthorizationDetailsException(ex.getMessage());
		}
		return detail;
	}

	@Override
	public AuthorizationDetailsJSONRepresentation process(UserSessionModel userSession,
			ClientSessionContext clientSessionCtx, AuthorizationDetailsJSONRepresentation detail) {
		return null;
	}

	@Override
	public List<AuthorizationDetailsJSONRepresentation> handleMissingAuthorizationDetails(UserSessionModel userSession,
			ClientSessionContext clientSessionCtx) {
		return null;
	}

	@Override
	public AuthorizationDetailsJSONRepresentation processStoredAuthorizationDetails(UserSessionModel userSession,
			ClientSessionContext clientSessionCtx, AuthorizationDetailsJSONRepresentation detail) {
		return null;
	}

	@Override
	public void afterAuthorizationDetailsProcessed(UserSessionModel userSession, ClientSessionContext clientSessionCtx,
			AuthorizationDetailsJSONRepresentation detail) {
	}

	@Override
	public void close() {
	}

}
