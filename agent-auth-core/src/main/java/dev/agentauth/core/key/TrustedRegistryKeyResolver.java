package dev.agentauth.core.key;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

/**
 * A {@link KeyResolver} over several trusted registries (agent platforms, each a realm of its own). A keyid is a
 * thumbprint and names no registry, so every registry is asked, in the configured order, and the answers decide:
 * <ul>
 * <li>registered in two registries: {@code key_ambiguous}, whatever agent ids they return. An identity is (registry,
 * agent): the same id string in two registries names two agents, and the merchant cannot tell which one signs, nor
 * which registry's delegations, revocations and status apply;</li>
 * <li>registered in exactly one: that registry's key, {@linkplain RegisteredKey#registry() attributed to it};</li>
 * <li>a registry that cannot answer (and has no answer, fresh or within its stale window, for this keyid):
 * {@code registry_unavailable} — fail closed, because it might hold the same thumbprint for another agent or be
 * the one that registered it;</li>
 * <li>otherwise {@code unknown_key}.</li>
 * </ul>
 * Each registry's {@link Lookup} caches its own answers, positive and negative, so a known key costs one cache
 * read per registry.
 *
 * @since 0.1.0
 */
public final class TrustedRegistryKeyResolver implements KeyResolver {

	/** Registry names: used in principals, audit lines, metrics tags and Redis keys. */
	public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private final List<Registry> registries;

	private Consumer<Ambiguity> ambiguityListener = (ambiguity) -> {
	};

	/**
	 * @param registries in the order they are asked; names unique and matching {@link #NAME}
	 */
	public TrustedRegistryKeyResolver(List<Registry> registries) {
		Objects.requireNonNull(registries, "registries cannot be null");
		if (registries.isEmpty()) {
			throw new IllegalArgumentException("registries cannot be empty");
		}
		Set<String> names = new HashSet<>();
		for (Registry registry : registries) {
			if (!names.add(registry.name())) {
				throw new IllegalArgumentException("Duplicate registry name " + registry.name());
			}
		}
		this.registries = List.copyOf(registries);
	}

	/** Called when a keyid is refused as ambiguous (to log it: the refusal itself names no registry). */
	public void setAmbiguityListener(Consumer<Ambiguity> ambiguityListener) {
		this.ambiguityListener = Objects.requireNonNull(ambiguityListener, "ambiguityListener cannot be null");
	}

	/** The registries, in the order they are asked. */
	public List<Registry> registries() {
		return this.registries;
	}

	@Override
	public RegisteredKey resolve(String keyId) throws AgentAuthException {
		Objects.requireNonNull(keyId, "keyId cannot be null");
		Map<String, RegisteredKey> found = new LinkedHashMap<>();
		List<String> unavailable = new ArrayList<>();
		for (Registry registry : this.registries) {
			Answer answer = registry.lookup().lookup(keyId);
			switch (answer.outcome()) {
				case FOUND -> found.put(registry.name(), Objects.requireNonNull(answer.key()));
				case UNAVAILABLE -> unavailable.add(registry.name());
				case UNKNOWN -> {
				}
			}
		}
		return decide(keyId, found, unavailable);
	}

	/**
	 * The decision over the registries' answers (pure; exposed for tests).
	 * @param found the registries that hold the keyid, in the configured order, with their keys
	 * @param unavailable the registries that could not answer
	 */
	RegisteredKey decide(String keyId, Map<String, RegisteredKey> found, List<String> unavailable)
			throws AgentAuthException {
		if (found.size() > 1) {
			// definite, whatever the unreachable registries would say
			this.ambiguityListener.accept(new Ambiguity(keyId, Collections.unmodifiableMap(agentsByRegistry(found))));
			throw new AgentAuthException(ErrorCode.KEY_AMBIGUOUS,
					"The signing key is registered in more than one trusted registry");
		}
		if (!unavailable.isEmpty()) {
			throw new AgentAuthException(ErrorCode.REGISTRY_UNAVAILABLE,
					"A trusted agent key registry cannot be reached; try again later");
		}
		if (found.isEmpty()) {
			throw new AgentAuthException(ErrorCode.UNKNOWN_KEY, "No trusted registry knows this keyid");
		}
		Map.Entry<String, RegisteredKey> first = found.entrySet().iterator().next();
		return first.getValue().withRegistry(first.getKey());
	}

	private static Map<String, String> agentsByRegistry(Map<String, RegisteredKey> found) {
		Map<String, String> agents = new LinkedHashMap<>();
		found.forEach((registry, key) -> agents.put(registry, key.agentId()));
		return agents;
	}

	/**
	 * One trusted registry.
	 *
	 * @param name the merchant's name for it (e.g. {@code openai}), matching {@link #NAME}
	 * @param lookup its key lookup (cached)
	 * @since 0.1.0
	 */
	public record Registry(String name, Lookup lookup) {

		public Registry {
			Objects.requireNonNull(name, "name cannot be null");
			Objects.requireNonNull(lookup, "lookup cannot be null");
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("A registry name is 1-64 of A-Za-z0-9._- starting with a letter "
						+ "or digit: " + name);
			}
		}

	}

	/**
	 * One registry's answer about a keyid, from its cache or by asking it.
	 *
	 * @since 0.1.0
	 */
	@FunctionalInterface
	public interface Lookup {

		/**
		 * @throws AgentAuthException when the registry's answer is unusable (e.g. {@code key_id_mismatch})
		 */
		Answer lookup(String keyId) throws AgentAuthException;

	}

	/** What a registry says about a keyid. */
	public enum Outcome {

		/** It registered the key. */
		FOUND,
		/** It answered that it does not know the keyid. */
		UNKNOWN,
		/** It could not be asked, and nothing usable is cached. */
		UNAVAILABLE

	}

	/**
	 * @param outcome what the registry said
	 * @param key the key when {@link Outcome#FOUND}
	 * @since 0.1.0
	 */
	public record Answer(Outcome outcome, @Nullable RegisteredKey key) {

		public Answer {
			Objects.requireNonNull(outcome, "outcome cannot be null");
			if ((outcome == Outcome.FOUND) != (key != null)) {
				throw new IllegalArgumentException("A key goes with FOUND, and only with it");
			}
		}

		public static Answer found(RegisteredKey key) {
			return new Answer(Outcome.FOUND, Objects.requireNonNull(key, "key cannot be null"));
		}

		public static Answer unknown() {
			return new Answer(Outcome.UNKNOWN, null);
		}

		public static Answer unavailable() {
			return new Answer(Outcome.UNAVAILABLE, null);
		}

	}

	/**
	 * A keyid refused as ambiguous (registered in more than one registry).
	 *
	 * @param keyId the keyid
	 * @param agents agent id by registry name, for each registry that holds it
	 * @since 0.1.0
	 */
	public record Ambiguity(String keyId, Map<String, String> agents) {
	}

}
