package dev.agentauth.keycloak.consent;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import dev.agentauth.core.delegation.DelegationClaims;

/**
 * Protocol mapper {@value #ID}: puts the id of the grant the consumer approved on the consent page into the
 * token as claim {@code agent_grant}. Add it to the operator clients.
 *
 * @since 0.1.0
 */
public final class AgentGrantMapper extends AbstractOIDCProtocolMapper
		implements OIDCAccessTokenMapper, OIDCIDTokenMapper, TokenIntrospectionTokenMapper {

	public static final String ID = "agent-grant-mapper";

	private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

	static {
		OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AgentGrantMapper.class);
	}

	@Override
	protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
			KeycloakSession session, ClientSessionContext clientSessionCtx) {
		String grantId = clientSessionCtx.getClientSession().getNote(DelegationClaims.AGENT_GRANT);
		if (grantId != null) {
			token.getOtherClaims().put(DelegationClaims.AGENT_GRANT, grantId);
		}
	}

	@Override
	public String getDisplayCategory() {
		return TOKEN_MAPPER_CATEGORY;
	}

	@Override
	public String getDisplayType() {
		return "Agent grant";
	}

	@Override
	public String getHelpText() {
		return "Adds the id of the agent grant the user approved on the consent page (claim agent_grant)";
	}

	@Override
	public List<ProviderConfigProperty> getConfigProperties() {
		return CONFIG;
	}

	@Override
	public String getId() {
		return ID;
	}

}
