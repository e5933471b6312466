package dev.agentauth.keycloak.revocation;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import dev.agentauth.core.revocation.RevocationEvent;
import dev.agentauth.core.revocation.RevocationEventType;

/**
 * The stored revocation feed of a realm: written in the same transaction as the change it reports (grant
 * revoked, agent suspended / revoked / activated / deleted, key revoked), read by the poll endpoint. Obtain it
 * with {@code session.getProvider(SecurityEventStore.class)}; it joins the session's transaction.
 *
 * @since 0.1.0
 */
public interface SecurityEventStore extends Provider {

	/** Appends an event; visible to pollers once the surrounding transaction commits. */
	void record(RealmModel realm, RevocationEventType type, String subject, @Nullable String agentId);

	/**
	 * Events at or after {@code since} the receiver has not acknowledged (all of them when {@code replay}), oldest
	 * first, at most {@code max}.
	 */
	List<RevocationEvent> pending(RealmModel realm, String receiver, Instant since, int max, boolean replay);

	/**
	 * Records the receiver's acknowledgements (unknown or repeated ids are ignored); returns how many were new.
	 */
	int acknowledge(RealmModel realm, String receiver, Collection<String> eventIds);

	/**
	 * Forgets every acknowledgement of {@code receiver} (a replay: the receiver lost its state), so the following
	 * polls deliver every retained event again, however many there are.
	 */
	void forget(RealmModel realm, String receiver);

	/** Deletes events and acknowledgements older than {@code before}. */
	void purge(RealmModel realm, Instant before);

	/** Removes every event and acknowledgement of the realm (realm deletion). */
	void removeRealm(RealmModel realm);

}
