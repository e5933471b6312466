package dev.agentauth.core.signature;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.key.RegisteredKey;

/**
 * The {@code simple-header} {@link VerificationProfile}: the article's {@code Agent-ID} / {@code Timestamp} /
 * {@code Signature} scheme, verified by a {@link SimpleHeaderVerifier} (see there for what it does not protect).
 * A host selects it like any other profile instead of testing for the scheme's headers itself.
 *
 * @since 0.1.0
 */
public final class SimpleHeaderProfile implements VerificationProfile {

	private final SimpleHeaderVerifier verifier;

	public SimpleHeaderProfile(SimpleHeaderVerifier verifier) {
		this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
	}

	@Override
	public String name() {
		return SIMPLE_HEADER;
	}

	/** {@link SimpleHeaderVerifier#applies(HttpRequestView)}. */
	@Override
	public boolean applies(HttpRequestView request) {
		return SimpleHeaderVerifier.applies(request);
	}

	/**
	 * Verifies {@code request}'s simple headers and {@code body}, and remembers them against replay.
	 * @return the registered key that made the signature
	 * @throws AgentAuthException as {@link SimpleHeaderVerifier#verify}
	 */
	public RegisteredKey verify(HttpRequestView request, byte @Nullable [] body) throws AgentAuthException {
		return this.verifier.verify(first(request, SimpleHeaderVerifier.AGENT_ID),
				first(request, SimpleHeaderVerifier.TIMESTAMP), first(request, SimpleHeaderVerifier.SIGNATURE), body);
	}

	/** The verifier behind this profile. */
	public SimpleHeaderVerifier verifier() {
		return this.verifier;
	}

	private static @Nullable String first(HttpRequestView request, String name) {
		java.util.List<String> values = request.headerValues(name);
		return values.isEmpty() ? null : values.get(0);
	}

	@Override
	public String toString() {
		return "SimpleHeaderProfile[" + this.verifier + "]";
	}

}
