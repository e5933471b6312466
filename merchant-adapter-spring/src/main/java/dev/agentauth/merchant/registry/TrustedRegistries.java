package dev.agentauth.merchant.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.agentauth.core.key.TrustedRegistryKeyResolver;
import dev.agentauth.merchant.delegation.DelegationGuard;
import dev.agentauth.merchant.delegation.RevocationFeed;
import dev.agentauth.merchant.key.RegistryKeyResolver;

/**
 * The registries a merchant trusts ({@code agentauth.registries[n]}), in the order they are asked: per registry
 * its key lookup, and its layer 2 (delegation tokens of that realm only, its revocation set and feed). The key
 * resolver attributes each key to the registry that registered it; the request's delegation is then checked by
 * that registry's {@link DelegationGuard}, so one registry's stale feed refuses only its own agents' delegations.
 * Starts and stops the revocation feeds.
 *
 * @since 0.1.0
 */
public final class TrustedRegistries implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TrustedRegistries.class);

	private final List<Member> members;

	private final TrustedRegistryKeyResolver keyResolver;

	private volatile boolean running;

	public TrustedRegistries(List<Member> members) {
		this.members = List.copyOf(Objects.requireNonNull(members, "members cannot be null"));
		List<TrustedRegistryKeyResolver.Registry> registries = new ArrayList<>();
		for (Member member : this.members) {
			registries.add(new TrustedRegistryKeyResolver.Registry(member.name(), member.keys()));
		}
		this.keyResolver = new TrustedRegistryKeyResolver(registries);
		this.keyResolver.setAmbiguityListener((ambiguity) -> log.warn(
				"Refused keyid {} as key_ambiguous: registered in several trusted registries (registry=agent) {}",
				ambiguity.keyId(), ambiguity.agents()));
	}

	/** The registries, in the order they are asked. */
	public List<Member> members() {
		return this.members;
	}

	/** The key resolver over all registries. */
	public TrustedRegistryKeyResolver keyResolver() {
		return this.keyResolver;
	}

	/** Each registry's layer-2 guard, by name. */
	public Map<String, DelegationGuard> guards() {
		Map<String, DelegationGuard> guards = new LinkedHashMap<>();
		this.members.forEach((member) -> guards.put(member.name(), member.guard()));
		return guards;
	}

	@Override
	public synchronized void start() {
		this.members.forEach((member) -> {
			if (member.feed() != null) {
				member.feed().start();
			}
		});
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.members.forEach((member) -> {
			if (member.feed() != null) {
				member.feed().stop();
			}
		});
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * One trusted registry.
	 *
	 * @param name the merchant's name for it
	 * @param issuer the realm URL
	 * @param keys its key lookup (cached)
	 * @param guard its layer 2: delegation tokens it issued, its revocation set and feed
	 * @param feed its revocation feed, when a client secret is configured
	 * @since 0.1.0
	 */
	public record Member(String name, URI issuer, RegistryKeyResolver keys, DelegationGuard guard,
			@Nullable RevocationFeed feed) {

		public Member {
			Objects.requireNonNull(name, "name cannot be null");
			Objects.requireNonNull(issuer, "issuer cannot be null");
			Objects.requireNonNull(keys, "keys cannot be null");
			Objects.requireNonNull(guard, "guard cannot be null");
		}

	}

}
