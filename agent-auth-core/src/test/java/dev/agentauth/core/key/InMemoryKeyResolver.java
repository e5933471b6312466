package dev.agentauth.core.key;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * The core tests' in-memory agent registry: a {@link KeyResolver} over a map, {@code unknown_key} for any kid not
 * registered. (The core's test tree keeps it because the shared {@code agent-auth-test} fixtures cannot depend
 * on the core; other modules' tests use {@code dev.agentauth.test.FakeKeyRegistry} over HTTP.)
 */
public final class InMemoryKeyResolver implements KeyResolver {

	private final Map<String, RegisteredKey> keys = new ConcurrentHashMap<>();

	/** Registers {@code key} under its RFC 7638 thumbprint. */
	public InMemoryKeyResolver register(RegisteredKey key) {
		return register(key.keyId(), key);
	}

	/** Registers {@code key} under {@code keyId} (a kid that is not its thumbprint, for profiles that allow it). */
	public InMemoryKeyResolver register(String keyId, RegisteredKey key) {
		this.keys.put(Objects.requireNonNull(keyId, "keyId cannot be null"),
				Objects.requireNonNull(key, "key cannot be null"));
		return this;
	}

	/** Forgets every key. */
	public void clear() {
		this.keys.clear();
	}

	@Override
	public RegisteredKey resolve(String keyId) throws AgentAuthException {
		RegisteredKey key = this.keys.get(keyId);
		if (key == null) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "unknown");
		}
		return key;
	}

}
