package dev.agentauth.keycloak.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.VerificationException;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.delegation.ActorTokenClaims;
import dev.agentauth.core.delegation.ActorTokenVerifier;
import dev.agentauth.core.delegation.DelegationClaims;
import dev.agentauth.core.delegation.DelegationDetails;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.grant.AgentGrantModel;
import dev.agentauth.keycloak.grant.AgentGrantStore;
import dev.agentauth.keycloak.grant.RealmSettings;
import dev.agentauth.keycloak.metrics.AgentAuthMetrics;
import dev.agentauth.keycloak.provider.AgentProviderModel;
import dev.agentauth.keycloak.provider.AgentProviderStore;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;

/**
 * The delegation token exchange (RFC 8693 with an actor token): the operator client exchanges the consumer's
 * token (carrying {@code agent_grant}) and an actor token signed by the agent's key (registered, or brokered from
 * an agent provider) for a delegation token bound to that key. It also answers (with a refusal) every exchange whose subject token is
 * a delegation token, so Keycloak's standard exchange cannot be used to strip the binding.
 */
final class AgentTokenExchangeProvider implements TokenExchangeProvider {

	private static final Logger LOG = Logger.getLogger(AgentTokenExchangeProvider.class);

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private static final Set<String> SUBJECT_TOKEN_TYPES = Set.of(OAuth2Constants.ACCESS_TOKEN_TYPE,
			OAuth2Constants.JWT_TOKEN_TYPE);

	private final KeycloakSession session;

	AgentTokenExchangeProvider(KeycloakSession session) {
		this.session = session;
	}

	@Override
	public boolean supports(TokenExchangeContext context) {
		return DelegationClaims.ACTOR_TOKEN_TYPE.equals(context.getParams().getActorTokenType())
				|| RealmTokens.isDelegationToken(RealmTokens.peek(context.getParams().getSubjectToken()));
	}

	@Override
	public Response exchange(TokenExchangeContext context) {
		Exchange exchange = new Exchange(context);
		if (RealmTokens.isDelegationToken(RealmTokens.peek(context.getParams().getSubjectToken()))) {
			throw exchange.refuse("invalid_request", "delegation_token_as_subject",
					"A delegation token cannot be exchanged: it is bound to its agent's key");
		}
		return exchange.run();
	}

	@Override
	public void close() {
	}

	/** One exchange request. */
	private final class Exchange {

		private final TokenExchangeContext context;

		private final RealmModel realm;

		private final ClientModel client;

		private final EventBuilder event;

		Exchange(TokenExchangeContext context) {
			this.context = context;
			this.realm = context.getRealm();
			this.client = context.getClient();
			this.event = context.getEvent();
		}

		Response run() {
			TokenExchangeContext.Params params = this.context.getParams();
			String subjectToken = required(params.getSubjectToken(), OAuth2Constants.SUBJECT_TOKEN);
			String subjectTokenType = required(params.getSubjectTokenType(), OAuth2Constants.SUBJECT_TOKEN_TYPE);
			String actorToken = required(params.getActorToken(), OAuth2Constants.ACTOR_TOKEN);
			if (!SUBJECT_TOKEN_TYPES.contains(subjectTokenType)) {
				throw refuse("invalid_request", "subject_token_type",
						"subject_token_type must be " + OAuth2Constants.ACCESS_TOKEN_TYPE);
			}
			String requestedType = params.getRequestedTokenType();
			if (requestedType != null && !OAuth2Constants.ACCESS_TOKEN_TYPE.equals(requestedType)) {
				throw refuse("invalid_request", "requested_token_type",
						"Only " + OAuth2Constants.ACCESS_TOKEN_TYPE + " can be requested");
			}
			List<String> audiences = params.getAudience();
			if (audiences == null || audiences.size() != 1 || audiences.get(0).isBlank()) {
				throw refuse("invalid_request", "audience",
						"Exactly one 'audience' is required: the merchant's client id");
			}
			String audience = audiences.get(0);
			if (this.client.isPublicClient()) {
				throw refuse("invalid_client", "public_client", "The operator client must be confidential");
			}
			DelegationDetails requestedDetails = null;
			String detailsParam = this.context.getFormParams().getFirst(DelegationClaims.AUTHORIZATION_DETAILS);
			if (detailsParam != null) {
				try {
					requestedDetails = DelegationDetails.parse(detailsParam);
				}
				catch (AgentAuthException ex) {
					throw refuse("invalid_request", "authorization_details", ex.getMessage());
				}
			}

			// 1. the consumer's token and its grant
			AccessToken subject;
			try {
				subject = RealmTokens.verify(session, this.realm, subjectToken);
			}
			catch (VerificationException ex) {
				throw refuse("invalid_grant", "subject_token_invalid", "Invalid subject_token: " + ex.getMessage());
			}
			if (!"Bearer".equals(subject.getType())) {
				throw refuse("invalid_grant", "subject_token_type", "The subject_token must be an access token");
			}
			if (!this.client.getClientId().equals(subject.getIssuedFor())) {
				throw refuse("invalid_grant", "subject_token_client",
						"The subject_token was not issued to this client");
			}
			// a token without sub (a client without Keycloak's basic scope) names no consumer
			UserModel user = (subject.getSubject() != null)
					? session.users().getUserById(this.realm, subject.getSubject()) : null;
			if (user == null || !user.isEnabled()) {
				throw refuse("invalid_grant", "user_invalid", "The consumer does not exist or is disabled");
			}
			this.event.user(user);
			if (!(subject.getOtherClaims().get(DelegationClaims.AGENT_GRANT) instanceof String grantId)) {
				throw refuse("invalid_grant", "no_grant", "The subject_token carries no agent_grant");
			}
			this.event.detail("grant_id", grantId);
			AgentGrantModel grant = session.getProvider(AgentGrantStore.class).getGrant(this.realm, grantId)
				.orElseThrow(() -> refuse("invalid_grant", "grant_not_found", "Unknown agent grant"));
			Instant now = KeycloakClock.now();
			if (!grant.userId().equals(user.getId()) || !grant.clientId().equals(this.client.getClientId())) {
				throw refuse("invalid_grant", "grant_mismatch", "The grant belongs to another consumer or client");
			}
			if (!grant.isUsable(now)) {
				throw refuse("invalid_grant", "grant_" + grant.effectiveStatus(now),
						"The agent grant is " + grant.effectiveStatus(now));
			}

			// 2. the actor token, signed by a usable key of the grant's agent
			ActorTokenClaims actor = verifyActor(actorToken, grant, now);

			// 3. what the token may carry: scopes and limits within the grant, audience a known client
			ClientModel merchant = this.realm.getClientByClientId(audience);
			if (merchant == null || !merchant.isEnabled()) {
				throw refuse("invalid_target", "audience_unknown", "Unknown audience " + audience);
			}
			List<String> scopes = scopes(params.getScope(), grant);
			DelegationDetails details;
			try {
				details = grant.details().narrow(requestedDetails, audience);
			}
			catch (AgentAuthException ex) {
				throw refuse("invalid_scope", "authorization_details_exceeded", ex.getMessage());
			}

			// 4. the replay check last, once everything else holds
			long remembered = Math.max(1, actor.expires().getEpochSecond() - now.getEpochSecond()
					+ CLOCK_SKEW.toSeconds());
			if (!session.singleUseObjects().putIfAbsent("agentauth.actor." + actor.agentId() + "." + actor.jti(),
					remembered)) {
				throw refuse("invalid_grant", "actor_token_replayed", "The actor token was already used (jti)");
			}
			return issue(user, grant, actor, audience, scopes, details, now);
		}

		private ActorTokenClaims verifyActor(String actorToken, AgentGrantModel grant, Instant now) {
			AgentRegistry registry = session.getProvider(AgentRegistry.class);
			String kid;
			try {
				kid = ActorTokenVerifier.keyId(actorToken);
			}
			catch (AgentAuthException ex) {
				throw refuse("invalid_grant", ex.code(), ex.getMessage());
			}
			AgentKeyModel key = actorKey(registry, kid, now);
			this.event.detail("agent_id", key.agentId());
			if (!key.agentId().equals(grant.agentId())) {
				throw refuse("invalid_grant", "grant_other_agent", "The grant was given to another agent");
			}
			AgentModel agent = registry.getAgent(this.realm, key.agentId())
				.orElseThrow(() -> refuse("invalid_grant", "unknown_key", "The actor token's agent is gone"));
			try {
				new RegisteredKey(agent.id(), agent.status(), agent.operator(), key.status(), key.notBefore(),
						key.notAfter(), key.key()).checkUsable(now);
				ActorTokenClaims claims = new ActorTokenVerifier(RealmTokens.issuer(session, this.realm), CLOCK_SKEW,
						KeycloakClock.UTC).verify(actorToken, key.key(), key.lookupId());
				if (!claims.agentId().equals(agent.id())) {
					throw new AgentAuthException(dev.agentauth.core.ErrorCode.ACTOR_TOKEN_INVALID,
							"The actor token's iss/sub is not the agent that owns the key");
				}
				return claims;
			}
			catch (AgentAuthException ex) {
				throw refuse("invalid_grant", ex.code(), ex.getMessage());
			}
		}

		/**
		 * The key the actor token's {@code kid} names, resolved as the public key lookup resolves a signature's
		 * {@code keyid}: a registered key by thumbprint, or a key brokered from an <em>enabled</em> agent provider
		 * by the provider's key id (a directory key's thumbprint, a JWKS {@code kid}). Two sources: refused
		 * ({@code key_ambiguous}); a provider past its fail-closed bound: refused ({@code provider_unavailable}).
		 */
		private AgentKeyModel actorKey(AgentRegistry registry, String kid, Instant now) {
			AgentProviderStore providers = session.getProvider(AgentProviderStore.class);
			Map<String, Optional<AgentProviderModel>> seen = new HashMap<>();
			List<AgentKeyModel> candidates = registry.findKeys(this.realm, kid)
				.stream()
				.filter((key) -> key.provider() == null || seen
					.computeIfAbsent(key.provider(), (alias) -> providers.get(this.realm, alias))
					.filter(AgentProviderModel::enabled)
					.isPresent())
				.toList();
			if (candidates.size() > 1) {
				throw refuse("invalid_grant", "key_ambiguous",
						"More than one source of this realm (the registry, agent providers) knows the actor token's kid");
			}
			if (candidates.isEmpty()) {
				throw refuse("invalid_grant", "unknown_key",
						"The actor token's key is not registered (nor brokered from an enabled agent provider)");
			}
			AgentKeyModel key = candidates.get(0);
			if (key.provider() != null
					&& providers.fetchSettings().failedClosed(seen.get(key.provider()).orElseThrow(), now)) {
				throw refuse("invalid_grant", "provider_unavailable",
						"The actor token key's agent provider has not been fetched successfully for too long");
			}
			return key;
		}

		private List<String> scopes(String scopeParam, AgentGrantModel grant) {
			if (scopeParam == null || scopeParam.isBlank()) {
				return grant.scopes();
			}
			Set<String> requested = new LinkedHashSet<>(Arrays.asList(scopeParam.trim().split("\\s+")));
			for (String scope : requested) {
				if (!grant.scopes().contains(scope)) {
					throw refuse("invalid_scope", "scope_not_granted", "Scope '" + scope + "' is not in the grant");
				}
			}
			return List.copyOf(requested);
		}

		private Response issue(UserModel user, AgentGrantModel grant, ActorTokenClaims actor, String audience,
				List<String> scopes, DelegationDetails details, Instant now) {
			Instant expires = now.plus(RealmSettings.tokenLifetime(this.realm));
			if (grant.expires().isBefore(expires)) {
				expires = grant.expires();
			}
			AccessToken token = new AccessToken();
			token.id(KeycloakModelUtils.generateId());
			token.issuer(RealmTokens.issuer(session, this.realm));
			token.subject(user.getId());
			token.audience(audience);
			token.issuedFor(this.client.getClientId());
			token.type("Bearer");
			token.iat(now.getEpochSecond());
			token.exp(expires.getEpochSecond());
			token.setScope(String.join(" ", scopes));
			Map<String, Object> act = new LinkedHashMap<>();
			act.put("sub", actor.agentId());
			act.put(DelegationClaims.ACT_CLIENT_ID, this.client.getClientId());
			token.getOtherClaims().put(DelegationClaims.ACT, act);
			token.getOtherClaims().put(DelegationClaims.CNF, Map.of(DelegationClaims.JKT, actor.kid()));
			token.getOtherClaims().put(DelegationClaims.AUTHORIZATION_DETAILS, details.toJsonArray());
			token.getOtherClaims().put(DelegationClaims.AGENT_GRANT, grant.id());
			String encoded = session.tokens().encode(token);

			Map<String, Object> response = new LinkedHashMap<>();
			response.put("access_token", encoded);
			response.put("issued_token_type", DelegationClaims.ACCESS_TOKEN_TYPE);
			response.put("token_type", "Agent");
			response.put("expires_in", expires.getEpochSecond() - now.getEpochSecond());
			response.put("scope", String.join(" ", scopes));
			response.put(DelegationClaims.AUTHORIZATION_DETAILS, details.toJsonArray());
			this.event.detail("audience", audience)
				.detail("token_id", token.getId())
				.detail("scope", String.join(" ", scopes))
				.success();
			AgentAuthMetrics.exchangeIssued(this.realm.getName());
			return this.context.getCors().add(Response.ok(response, MediaType.APPLICATION_JSON_TYPE));
		}

		private String required(String value, String name) {
			if (value == null || value.isBlank()) {
				throw refuse("invalid_request", "missing_" + name, "Missing parameter '" + name + "'");
			}
			return value;
		}

		CorsErrorResponseException refuse(String error, String reason, String description) {
			LOG.debugf("Delegation token exchange refused (%s): %s", reason, description);
			this.event.detail("reason", reason).error(error);
			AgentAuthMetrics.exchangeRefused(this.realm.getName(), error);
			return new CorsErrorResponseException(this.context.getCors(), error, description,
					"invalid_client".equals(error) ? Response.Status.UNAUTHORIZED : Response.Status.BAD_REQUEST);
		}

	}

}
