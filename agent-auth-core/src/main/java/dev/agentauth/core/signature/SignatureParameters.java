package dev.agentauth.core.signature;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.SignatureAlgorithm;
import dev.agentauth.core.structured.StructuredFieldWriter;
import dev.agentauth.core.structured.StructuredInnerList;
import dev.agentauth.core.structured.StructuredItem;

/**
 * The {@code @signature-params} of one RFC 9421 signature (§2.3): the ordered covered components and the
 * signature parameters {@code created}, {@code expires}, {@code nonce}, {@code alg}, {@code keyid} and
 * {@code tag}. Parameters keep their order (it is part of the signed bytes); unknown parameters received from
 * a peer are kept as they are. Immutable.
 *
 * @since 0.1.0
 */
public final class SignatureParameters {

	public static final String CREATED = "created";

	public static final String EXPIRES = "expires";

	public static final String NONCE = "nonce";

	public static final String ALG = "alg";

	public static final String KEYID = "keyid";

	public static final String TAG = "tag";

	private final List<CoveredComponent> components;

	private final Map<String, Object> parameters;

	private final String serialized;

	private SignatureParameters(List<CoveredComponent> components, Map<String, Object> parameters) {
		this.components = components;
		this.parameters = parameters;
		// the inner list's serialization (RFC 8941 §4.1.1.1) from the components' own serialized identifiers;
		// the parameters were checked by the StructuredInnerList they came from
		StringBuilder serialized = new StringBuilder(192).append('(');
		for (int i = 0; i < components.size(); i++) {
			if (i > 0) {
				serialized.append(' ');
			}
			serialized.append(components.get(i).serialize());
		}
		serialized.append(')').append(StructuredFieldWriter.serializeParameters(parameters));
		this.serialized = serialized.toString();
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Reads the parameters from a {@code Signature-Input} dictionary member.
	 * @throws AgentAuthException {@code signature_malformed} if a component or a known parameter is invalid or
	 * a component is listed twice
	 */
	public static SignatureParameters from(StructuredInnerList innerList) throws AgentAuthException {
		Objects.requireNonNull(innerList, "innerList cannot be null");
		List<CoveredComponent> components = new ArrayList<>(innerList.items().size());
		Set<CoveredComponent> seen = new HashSet<>();
		for (StructuredItem item : innerList.items()) {
			CoveredComponent component = CoveredComponent.from(item);
			if (!seen.add(component)) {
				throw new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED, "A covered component is listed twice");
			}
			components.add(component);
		}
		Map<String, Object> parameters = innerList.parameters();
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			switch (parameter.getKey()) {
				case CREATED, EXPIRES -> {
					if (!(parameter.getValue() instanceof Long)) {
						throw new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED,
								"Signature parameter '" + parameter.getKey() + "' must be an integer");
					}
				}
				case NONCE, ALG, KEYID, TAG -> {
					if (!(parameter.getValue() instanceof String)) {
						throw new AgentAuthException(ErrorCode.SIGNATURE_MALFORMED,
								"Signature parameter '" + parameter.getKey() + "' must be a string");
					}
				}
				default -> {
					// RFC 9421 §2.3: unknown parameters are signed as received
				}
			}
		}
		return new SignatureParameters(List.copyOf(components), parameters);
	}

	/** The covered components, in signed order. */
	public List<CoveredComponent> components() {
		return this.components;
	}

	/** Whether {@code component} is covered. */
	public boolean covers(CoveredComponent component) {
		return this.components.contains(component);
	}

	/** All parameters in order (unmodifiable). */
	public Map<String, Object> parameters() {
		return this.parameters;
	}

	/** {@code created}, or {@code null}. */
	public @Nullable Instant created() {
		return instant(CREATED);
	}

	/** {@code expires}, or {@code null}. */
	public @Nullable Instant expires() {
		return instant(EXPIRES);
	}

	/** {@code nonce}, or {@code null}. */
	public @Nullable String nonce() {
		return string(NONCE);
	}

	/** {@code alg} as sent, or {@code null}. */
	public @Nullable String algorithm() {
		return string(ALG);
	}

	/** {@code keyid}, or {@code null}. */
	public @Nullable String keyId() {
		return string(KEYID);
	}

	/** {@code tag}, or {@code null}. */
	public @Nullable String tag() {
		return string(TAG);
	}

	private @Nullable Instant instant(String name) {
		return (this.parameters.get(name) instanceof Long seconds) ? Instant.ofEpochSecond(seconds) : null;
	}

	private @Nullable String string(String name) {
		return (this.parameters.get(name) instanceof String value) ? value : null;
	}

	/** As an RFC 8941 inner list, the form it takes in {@code Signature-Input}. */
	public StructuredInnerList toInnerList() {
		List<StructuredItem> items = new ArrayList<>(this.components.size());
		for (CoveredComponent component : this.components) {
			items.add(component.toItem());
		}
		return new StructuredInnerList(items, this.parameters);
	}

	/**
	 * The serialized inner list: the value of the {@code "@signature-params"} line of the signature base and of
	 * the {@code Signature-Input} member, e.g. {@code ("@method" "@target-uri");created=1618884473;keyid="..."}.
	 */
	public String serialize() {
		return this.serialized;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof SignatureParameters parameters) && this.serialized.equals(parameters.serialized);
	}

	@Override
	public int hashCode() {
		return this.serialized.hashCode();
	}

	@Override
	public String toString() {
		return this.serialized;
	}

	/**
	 * Builds {@link SignatureParameters}. Parameters are serialized in the order they are first set.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final List<CoveredComponent> components = new ArrayList<>();

		private final Map<String, Object> parameters = new LinkedHashMap<>();

		private Builder() {
		}

		public Builder component(CoveredComponent component) {
			Objects.requireNonNull(component, "component cannot be null");
			if (this.components.contains(component)) {
				throw new IllegalArgumentException("Component " + component + " is already covered");
			}
			this.components.add(component);
			return this;
		}

		public Builder components(CoveredComponent... components) {
			for (CoveredComponent component : components) {
				component(component);
			}
			return this;
		}

		public Builder components(List<CoveredComponent> components) {
			for (CoveredComponent component : components) {
				component(component);
			}
			return this;
		}

		/** {@code created}, truncated to whole seconds. */
		public Builder created(Instant created) {
			return parameter(CREATED, Objects.requireNonNull(created, "created cannot be null").getEpochSecond());
		}

		/** {@code expires}, truncated to whole seconds. */
		public Builder expires(Instant expires) {
			return parameter(EXPIRES, Objects.requireNonNull(expires, "expires cannot be null").getEpochSecond());
		}

		public Builder nonce(String nonce) {
			return parameter(NONCE, Objects.requireNonNull(nonce, "nonce cannot be null"));
		}

		public Builder algorithm(SignatureAlgorithm algorithm) {
			return parameter(ALG, Objects.requireNonNull(algorithm, "algorithm cannot be null").identifier());
		}

		public Builder keyId(String keyId) {
			return parameter(KEYID, Objects.requireNonNull(keyId, "keyId cannot be null"));
		}

		public Builder tag(String tag) {
			return parameter(TAG, Objects.requireNonNull(tag, "tag cannot be null"));
		}

		/**
		 * Sets any parameter; the value is an RFC 8941 bare item ({@code Long}, {@code String}, ...).
		 */
		public Builder parameter(String name, Object value) {
			Objects.requireNonNull(name, "name cannot be null");
			Objects.requireNonNull(value, "value cannot be null");
			this.parameters.put(name, (value instanceof Integer integer) ? Long.valueOf(integer) : value);
			return this;
		}

		/**
		 * @throws IllegalArgumentException if a parameter is not a valid RFC 8941 value
		 */
		public SignatureParameters build() {
			StructuredInnerList innerList = new StructuredInnerList(List.of(), this.parameters);
			return new SignatureParameters(List.copyOf(this.components), innerList.parameters());
		}

	}

}
