package dev.agentauth.keycloak.rest.realm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.agentauth.core.key.AgentStatus;
import dev.agentauth.core.key.KeyStatus;
import dev.agentauth.core.signal.AutoSuspendPolicy;
import dev.agentauth.core.signal.MerchantSignal;
import dev.agentauth.core.signal.RiskLevel;
import dev.agentauth.core.signal.SignalRateLimiter;
import dev.agentauth.core.signal.SignalSet;
import dev.agentauth.core.signal.SignalSetException;
import dev.agentauth.core.signal.SignalSets;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.registry.AgentKeyModel;
import dev.agentauth.keycloak.registry.AgentModel;
import dev.agentauth.keycloak.registry.AgentRegistry;
import dev.agentauth.keycloak.rest.SetDeliveryError;
import dev.agentauth.keycloak.signal.AgentStanding;
import dev.agentauth.keycloak.signal.AgentStandingStore;
import dev.agentauth.keycloak.signal.AgentStandings;
import dev.agentauth.keycloak.signal.SignalCounters;
import dev.agentauth.keycloak.signal.SignalSettings;

/**
 * RFC 8935 push delivery of merchants' Security Event Tokens at {@code POST /realms/{realm}/agents/signals}.
 * <p>
 * The push is authenticated by the merchant client's client-credentials bearer token (the credentials it already
 * uses for the revocation feed); its service account needs the realm role {@code agent-merchant}. The body is an
 * unsecured SET ({@code application/secevent+jwt}) whose {@code iss} is that client's id and whose {@code aud} is
 * the realm's issuer. Answers: 202 (accepted, including event types we do not know, which are counted and
 * ignored), 400 {@code {"err", "description"}} (RFC 8935 §2.4, nothing stored), 401 without a valid token, 403
 * {@code access_denied} for a token that is not a merchant client's, 429 over the per-merchant rate limit. A SET
 * is processed once: its {@code jti} (per issuer) is remembered in Keycloak's single-use store for as long as its
 * {@code iat} is accepted, and a replay is 400 {@code invalid_request}.
 * Nothing is ever returned about other merchants' reports.
 */
public final class SignalReceiverResource {

	private static final Logger LOG = Logger.getLogger(SignalReceiverResource.class);

	/** How old a pushed SET may be: a transmitter retries for a while. */
	static final Duration MAX_AGE = Duration.ofHours(1);

	private static final String REPLAY_KEY = "agentauth.signals.jti/";

	/** Resource type of the admin events about an agent's standing. */
	public static final String RESOURCE_AGENT_STANDING = "AGENT_STANDING";

	private static final SignalRateLimiter RATE_LIMITER = new SignalRateLimiter(SignalSettings.DEFAULT_RATE_LIMIT,
			Duration.ofMinutes(1), 100_000, KeycloakClock.UTC);

	private final KeycloakSession session;

	private final RealmModel realm;

	public SignalReceiverResource(KeycloakSession session, RealmModel realm) {
		this.session = session;
		this.realm = realm;
	}

	@POST
	@Consumes(MediaType.WILDCARD)
	public Response push(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
		String realmId = this.realm.getId();
		AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(this.session)
			.setRealm(this.realm)
			.authenticate();
		if (auth == null) {
			SignalCounters.increment(realmId, "refused_unauthenticated");
			throw new NotAuthorizedException("Bearer");
		}
		UserModel user = auth.user();
		String clientLink = user.getServiceAccountClientLink();
		ClientModel client = (clientLink != null) ? this.realm.getClientById(clientLink) : null;
		RoleModel role = this.realm.getRole(SignalSettings.MERCHANT_ROLE);
		if (client == null || role == null || !user.hasRole(role)) {
			SignalCounters.increment(realmId, "refused_not_merchant");
			return error(403, SignalSetException.ACCESS_DENIED, "Only merchant clients (service accounts with the "
					+ "realm role " + SignalSettings.MERCHANT_ROLE + ") may push signals");
		}
		if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).strip()
			.startsWith(SignalSets.MEDIA_TYPE)) {
			SignalCounters.increment(realmId, "refused_invalid");
			return error(400, SignalSetException.INVALID_REQUEST,
					"The body must be a Security Event Token with Content-Type " + SignalSets.MEDIA_TYPE);
		}
		if (!RATE_LIMITER.tryAcquire(realmId + " " + client.getClientId(), SignalSettings.rateLimit(this.realm))) {
			SignalCounters.increment(realmId, "refused_rate_limited");
			return Response.fromResponse(SetDeliveryError.response(429, SignalSetException.ACCESS_DENIED,
					"Too many pushes from this client; retry later"))
				.header("Retry-After", RATE_LIMITER.secondsToNextWindow())
				.build();
		}
		String issuer = Urls.realmIssuer(this.session.getContext().getUri().getBaseUri(), this.realm.getName());
		Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
		SignalSet set;
		List<Runnable> changes;
		try {
			set = SignalSets.parse(body, client.getClientId(), issuer, now, MAX_AGE);
			changes = plan(set, client.getClientId(), now, new AdminEventBuilder(this.realm,
					new AdminAuth(this.realm, auth.token(), user, auth.client()), this.session,
					this.session.getContext().getConnection()));
		}
		catch (SignalSetException ex) {
			SignalCounters.increment(realmId, "refused_invalid");
			return error(400, ex.err(), ex.getMessage());
		}
		// a SET is processed once (RFC 8417 §2.2 jti): remembered, cluster-wide, for as long as its iat is accepted
		if (!this.session.singleUseObjects().putIfAbsent(REPLAY_KEY + realmId + "/" + set.issuer() + "/" + set.jti(),
				MAX_AGE.plus(SignalSets.ALLOWED_SKEW).toSeconds())) {
			SignalCounters.increment(realmId, "refused_duplicate");
			return error(400, SignalSetException.INVALID_REQUEST,
					"This Security Event Token (its jti) was already received; it is not processed again");
		}
		changes.forEach(Runnable::run);
		SignalCounters.increment(realmId, "accepted");
		// RFC 8935 §2.2: 202 and no body; Keycloak's security headers want a media type all the same
		return Response.accepted().type(MediaType.TEXT_PLAIN_TYPE).build();
	}

	/** Checks every event against the registry first, so a refused SET changes nothing. */
	private List<Runnable> plan(SignalSet set, String merchant, Instant now, AdminEventBuilder events)
			throws SignalSetException {
		AgentRegistry registry = this.session.getProvider(AgentRegistry.class);
		AgentStandingStore standings = this.session.getProvider(AgentStandingStore.class);
		String realmId = this.realm.getId();
		List<Runnable> changes = new ArrayList<>();
		for (MerchantSignal signal : set.events()) {
			switch (signal) {
				case MerchantSignal.RiskLevelChange risk -> {
					AgentModel agent = registry.getAgent(this.realm, risk.agentId())
						.orElseThrow(() -> invalid("No agent " + risk.agentId() + " in this realm"));
					AgentKeyModel riskKey = (risk.kid() == null) ? null : reportedKey(registry, risk.kid())
						.filter((key) -> key.agentId().equals(agent.id()))
						.orElseThrow(() -> invalid("'kid' is not a key of that agent"));
					// the thumbprint, also for a brokered key the merchant named by its provider's key id
					String riskKid = (riskKey != null) ? riskKey.kid() : null;
					changes.add(() -> {
						SignalCounters.increment(realmId, "risk_level_change");
						// reports about one agent are serialised (also across nodes), so that two merchants' HIGH
						// reports arriving at the same moment both count: the later sees the earlier's commit
						registry.lockAgent(this.realm, agent.id());
						AgentStanding report = standings.report(this.realm, agent.id(), merchant,
								risk.currentLevel(), risk.reason(), riskKid, AgentStandingStore.RISK_LEVEL_CHANGE, now);
						standingEvent(events, agent.id(), report);
						if (risk.currentLevel() == RiskLevel.HIGH) {
							autoSuspend(registry, standings, agent, events, now);
						}
					});
				}
				case MerchantSignal.CredentialCompromise compromise -> {
					AgentKeyModel key = reportedKey(registry, compromise.kid())
						.orElseThrow(() -> invalid("No agent key " + compromise.kid() + " in this realm"));
					if (compromise.agentId() != null && !compromise.agentId().equals(key.agentId())) {
						throw invalid("The key is not a key of that agent");
					}
					changes.add(() -> {
						SignalCounters.increment(realmId, "credential_compromise");
						String reason = "credential-compromise"
								+ ((compromise.reason() != null) ? ": " + compromise.reason() : "");
						AgentStanding report = standings.report(this.realm, key.agentId(), merchant,
								RiskLevel.HIGH, reason.substring(0, Math.min(255, reason.length())), key.kid(),
								AgentStandingStore.CREDENTIAL_COMPROMISE, now);
						standingEvent(events, key.agentId(), report);
						if (SignalSettings.revokeKeyOnCompromise(this.realm) && key.status() != KeyStatus.REVOKED) {
							AgentKeyModel revoked = registry.revokeKey(this.realm, key.agentId(), key.kid()).orElseThrow();
							LOG.infof("Realm %s: key %s of agent %s revoked on a credential-compromise report by %s",
									this.realm.getName(), key.kid(), key.agentId(), merchant);
							events.clone(this.session).operation(OperationType.ACTION).resource("AGENT_KEY")
								.resourcePath("agents", key.agentId(), "keys", key.kid(), "revoke")
								.representation(Map.of("kid", revoked.kid(), "status", revoked.status().name(),
										"reason", "credential-compromise reported by " + merchant))
								.success();
						}
					});
				}
				case MerchantSignal.KeyUsage usage -> changes.add(() -> {
					SignalCounters.increment(realmId, "key_usage");
					registry.recordKeyUsage(this.realm, usage.lastUsed());
				});
				case MerchantSignal.Unrecognized unknown -> changes.add(() -> {
					SignalCounters.increment(realmId, "ignored_unknown_type");
					LOG.debugf("Realm %s: ignoring a pushed event of type %s from %s", this.realm.getName(),
							unknown.type(), merchant);
				});
			}
		}
		return changes;
	}

	private void autoSuspend(AgentRegistry registry, AgentStandingStore standings, AgentModel agent,
			AdminEventBuilder events, Instant now) {
		AutoSuspendPolicy policy = SignalSettings.autoSuspend(this.realm);
		AgentModel current = registry.getAgent(this.realm, agent.id()).orElse(agent);
		if (policy.isOff() || current.status() != AgentStatus.ACTIVE
				|| !policy.shouldSuspend(standings.lastHighPerMerchant(this.realm, agent.id()), now)) {
			return;
		}
		// the registry records agent-suspended in the revocation feed, which carries it to every merchant
		AgentModel suspended = registry.setAgentStatus(this.realm, agent.id(), AgentStatus.SUSPENDED).orElseThrow();
		SignalCounters.increment(this.realm.getId(), "auto_suspended");
		LOG.infof("Realm %s: agent %s suspended: HIGH risk reported by %d merchant(s) within %s", this.realm.getName(),
				agent.id(), policy.merchants(), policy.window());
		Map<String, Object> representation = new LinkedHashMap<>();
		representation.put("id", suspended.id());
		representation.put("status", suspended.status().name());
		representation.put("reason", "auto-suspend: HIGH risk from " + policy.merchants() + " merchant(s) within "
				+ policy.window());
		events.clone(this.session).operation(OperationType.ACTION).resource("AGENT")
			.resourcePath("agents", agent.id(), "suspend")
			.representation(representation)
			.success();
	}

	private void standingEvent(AdminEventBuilder events, String agentId, AgentStanding report) {
		events.clone(this.session).operation(OperationType.UPDATE).resource(RESOURCE_AGENT_STANDING)
			.resourcePath("agents", agentId, "standing")
			.representation(AgentStandings.report(report))
			.success();
	}

	private static SignalSetException invalid(String description) {
		return new SignalSetException(SignalSetException.INVALID_REQUEST, description);
	}

	private static Response error(int status, String err, String description) {
		return SetDeliveryError.response(status, err, description);
	}

	/**
	 * The key a merchant names by a signature's keyid: the registered key with that thumbprint, else the one key an
	 * agent provider publishes under that key id (none if two providers do).
	 */
	private Optional<AgentKeyModel> reportedKey(AgentRegistry registry, String keyId) {
		Optional<AgentKeyModel> registered = registry.findKey(this.realm, keyId);
		if (registered.isPresent()) {
			return registered;
		}
		List<AgentKeyModel> brokered = registry.findKeys(this.realm, keyId);
		return (brokered.size() == 1) ? Optional.of(brokered.get(0)) : Optional.empty();
	}

}
