package dev.agentauth.keycloak.rest.realm;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.Urls;

import dev.agentauth.core.revocation.PollRequest;
import dev.agentauth.core.revocation.PollRequestException;
import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.keycloak.KeycloakClock;
import dev.agentauth.keycloak.metrics.AgentAuthMetrics;
import dev.agentauth.keycloak.rest.RestJson;
import dev.agentauth.keycloak.rest.SetDeliveryError;
import dev.agentauth.keycloak.revocation.SecurityEventStore;

/**
 * RFC 8936 poll delivery of the revocation feed at {@code POST /realms/{realm}/agents/events}, for merchant
 * clients (bearer token from client credentials). The request is a {@link PollRequest}: {@code ack} (jtis to
 * acknowledge), {@code setErrs} (accepted and logged), {@code maxEvents} (default 100, at most 1000),
 * {@code returnImmediately} (default false: wait up to 5 s for an event — long poll). Extensions: {@code receiver}
 * (acknowledgements are kept per client and receiver, so instances that keep their own state each get every event;
 * default {@code default}) and {@code replay} (true: the receiver lost its state; its acknowledgements, including
 * this request's {@code ack}, are forgotten, so this and the following polls deliver every retained event again,
 * however many there are). Response: {@code {"sets": {jti: SET}, "moreAvailable": bool}}; each SET (RFC
 * 8417, {@code typ} {@code secevent+jwt}) is signed with the realm's key and has {@code aud} = the client.
 * Events are kept 24 h.
 */
public final class SecurityEventFeedResource {

	/** How long events are kept (longer than any delegation token lives: at most 24 h). */
	public static final Duration RETENTION = Duration.ofHours(24);

	static final Duration LONG_POLL = Duration.ofSeconds(5);

	private static final Duration CHECK_EVERY = Duration.ofMillis(100);

	private static final Logger LOG = Logger.getLogger(SecurityEventFeedResource.class);

	private final KeycloakSession session;

	private final RealmModel realm;

	private final String clientId;

	public SecurityEventFeedResource(KeycloakSession session, RealmModel realm, String clientId) {
		this.session = session;
		this.realm = realm;
		this.clientId = clientId;
	}

	@POST
	@Consumes(MediaType.APPLICATION_JSON)
	@Produces(MediaType.APPLICATION_JSON)
	public Response poll(String body) {
		PollRequest request;
		try {
			request = PollRequest.parse(body);
		}
		catch (PollRequestException ex) {
			AgentAuthMetrics.feedPollRejected(this.realm.getName());
			return error(ex.err(), ex.getMessage());
		}
		if (!request.setErrs().isEmpty()) {
			// the recipient's own words stay at debug level
			LOG.infof("Realm %s: client %s reports errors in %d SET(s)", this.realm.getName(), this.clientId,
					request.setErrs().size());
			LOG.debugf("Realm %s: client %s: SET errors %s", this.realm.getName(), this.clientId, request.setErrs());
		}
		int maxEvents = request.maxEvents();
		boolean replay = request.replay();
		List<String> acks = request.ack();
		String receiver = this.clientId + "/" + request.receiver();
		RealmModel realm = this.realm;
		KeycloakSessionFactory factory = this.session.getKeycloakSessionFactory();

		// acknowledgements commit on their own, before we look for pending events
		int acknowledged = KeycloakModelUtils.runJobInTransactionWithResult(factory, (s) -> {
			SecurityEventStore store = s.getProvider(SecurityEventStore.class);
			store.purge(realm, KeycloakClock.now().minus(RETENTION));
			if (replay) {
				// the receiver lost its state: its acknowledgements (this request's too) no longer hold
				store.forget(realm, receiver);
				return 0;
			}
			return store.acknowledge(realm, receiver, acks);
		});
		List<RevocationEvent> events = List.of();
		if (maxEvents > 0) {
			int limit = maxEvents + 1;
			Instant deadline = KeycloakClock.now().plus(request.returnImmediately() ? Duration.ZERO : LONG_POLL);
			while (true) {
				events = KeycloakModelUtils.runJobInTransactionWithResult(factory,
						(s) -> s.getProvider(SecurityEventStore.class)
							.pending(realm, receiver, KeycloakClock.now().minus(RETENTION), limit, replay));
				if (!events.isEmpty() || !KeycloakClock.now().isBefore(deadline)) {
					break;
				}
				try {
					Thread.sleep(CHECK_EVERY);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		boolean more = events.size() > maxEvents;
		Map<String, String> sets = new LinkedHashMap<>();
		if (!events.isEmpty()) {
			SignatureSignerContext signer = signer();
			String issuer = Urls.realmIssuer(this.session.getContext().getUri().getBaseUri(), this.realm.getName());
			for (RevocationEvent event : events.subList(0, Math.min(events.size(), maxEvents))) {
				Map<String, Object> claims = new LinkedHashMap<>();
				claims.put("iss", issuer);
				claims.put("aud", this.clientId);
				claims.putAll(event.toSetClaims());
				sets.put(event.id(), new JWSBuilder().type("secevent+jwt").jsonContent(claims).sign(signer));
			}
		}
		// the oldest event the receiver has not acknowledged: the first one delivered (pending is oldest first)
		AgentAuthMetrics.feedPolled(this.realm.getName(), this.clientId, receiver, acknowledged, sets.size(),
				KeycloakClock.now(), events.isEmpty() ? null : events.get(0).issuedAt());
		return RestJson.json(200, new PollResponse(sets, more));
	}

	private SignatureSignerContext signer() {
		String algorithm = this.realm.getDefaultSignatureAlgorithm();
		if (algorithm == null || algorithm.isBlank()) {
			algorithm = "RS256";
		}
		return this.session.getProvider(SignatureProvider.class, algorithm).signer();
	}

	private static Response error(String error, String description) {
		return SetDeliveryError.response(400, error, description);
	}

	/** RFC 8936 §2.5 poll response: the SETs by {@code jti}, and whether more are waiting (the RFC's names). */
	record PollResponse(Map<String, String> sets, boolean moreAvailable) {
	}

}
