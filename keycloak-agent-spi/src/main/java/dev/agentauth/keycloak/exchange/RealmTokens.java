package dev.agentauth.keycloak.exchange;

import java.util.Map;

import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.signature.CompactJws;

/**
 * Reading and verifying tokens the realm issued: the consumer's token (subject of the exchange) and
 * delegation tokens (introspection, refusal of re-exchange).
 */
final class RealmTokens {

	private RealmTokens() {
	}

	static String issuer(KeycloakSession session, RealmModel realm) {
		return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
	}

	/** The payload of a compact JWS without verifying anything (the core's one parser); null if it is not one. */
	static Map<String, Object> peek(String jwt) {
		if (jwt == null) {
			return null;
		}
		try {
			return CompactJws.parse(jwt).claims();
		}
		catch (AgentAuthException ex) {
			return null;
		}
	}

	/** Whether these (unverified) claims are those of a delegation token: {@code act}, {@code cnf.jkt}, grant. */
	static boolean isDelegationToken(Map<String, Object> claims) {
		return claims != null && claims.get(DelegationClaims.ACT) instanceof Map
				&& claims.get(DelegationClaims.CNF) instanceof Map<?, ?> cnf && cnf.get(DelegationClaims.JKT) != null
				&& claims.get(DelegationClaims.AGENT_GRANT) != null;
	}

	/**
	 * Verifies a token signed by this realm: signature with the realm's keys, issuer, expiry, not-before of
	 * the realm, and Keycloak's revoked-token list.
	 * @throws VerificationException with the reason
	 */
	static AccessToken verify(KeycloakSession session, RealmModel realm, String jwt) throws VerificationException {
		TokenVerifier<AccessToken> verifier = TokenVerifier.create(jwt, AccessToken.class)
			.realmUrl(issuer(session, realm))
			.checkActive(true);
		String algorithm = verifier.getHeader().getAlgorithm().name();
		SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
		if (provider == null) {
			throw new VerificationException("Unsupported token algorithm " + algorithm);
		}
		SignatureVerifierContext context = provider.verifier(verifier.getHeader().getKeyId());
		verifier.verifierContext(context);
		verifier.withChecks(TokenManager.NotBeforeCheck.forModel(realm), new TokenManager.TokenRevocationCheck(session));
		return verifier.verify().getToken();
	}

}
