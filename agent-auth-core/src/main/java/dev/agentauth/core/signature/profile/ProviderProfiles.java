package dev.agentauth.core.signature.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.key.AgentProvider;
import dev.agentauth.core.key.RegisteredKey;
import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.SignatureProfileSelector;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerificationProfile;

/**
 * The merchant's {@link SignatureProfileSelector}: a key registered in the registry itself (no
 * {@link RegisteredKey#provider() provider}) is verified under {@code agent-auth} with the merchant's
 * {@link VerificationPolicy}; a brokered key under the profile its {@link AgentProvider#profile() provider} names
 * ({@link VerificationProfiles#byName}); a profile this class does not know is refused
 * ({@code profile_not_supported}, fail closed). Immutable.
 *
 * @since 0.1.0
 */
public final class ProviderProfiles implements SignatureProfileSelector {

	private final SignatureProfile registered;

	private final Map<String, SignatureProfile> byName;

	private final Set<String> acceptedTags;

	private ProviderProfiles(SignatureProfile registered, Map<String, SignatureProfile> byName) {
		this.registered = registered;
		this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
		Set<String> tags = new LinkedHashSet<>(registered.policy().acceptedTags());
		byName.values().forEach((profile) -> tags.addAll(profile.policy().acceptedTags()));
		this.acceptedTags = Collections.unmodifiableSet(tags);
	}

	/**
	 * The profiles of {@link VerificationProfiles#NAMES}: {@code agent-auth} is {@code policy}, the others take
	 * from it whether test keys are allowed and the clock skew (the merchant's clock, whatever the scheme).
	 */
	public static ProviderProfiles of(VerificationPolicy policy) {
		Objects.requireNonNull(policy, "policy cannot be null");
		Map<String, SignatureProfile> byName = new LinkedHashMap<>();
		for (String name : VerificationProfiles.NAMES) {
			SignatureProfile profile = VerificationProfiles.byName(name, policy);
			if (profile instanceof WebBotAuthProfile webBotAuth) {
				profile = webBotAuth.clockSkew(policy.clockSkew());
			}
			else if (profile instanceof VisaTapProfile visaTap) {
				profile = visaTap.clockSkew(policy.clockSkew());
			}
			byName.put(name, profile);
		}
		return new ProviderProfiles(byName.get(VerificationProfile.AGENT_AUTH), byName);
	}

	/** The same selector with {@code profile} for the providers that name {@link SignatureProfile#name()}. */
	public ProviderProfiles with(SignatureProfile profile) {
		Objects.requireNonNull(profile, "profile cannot be null");
		Map<String, SignatureProfile> byName = new LinkedHashMap<>(this.byName);
		byName.put(profile.name(), profile);
		SignatureProfile registered = VerificationProfile.AGENT_AUTH.equals(profile.name()) ? profile : this.registered;
		return new ProviderProfiles(registered, byName);
	}

	@Override
	public SignatureProfile select(RegisteredKey key) throws AgentAuthException {
		AgentProvider provider = key.provider();
		if (provider == null) {
			return this.registered;
		}
		SignatureProfile profile = this.byName.get(provider.profile());
		if (profile == null) {
			throw new AgentAuthException(ErrorCode.PROFILE_NOT_SUPPORTED, "The signing key's agent provider names a "
					+ "verification profile this merchant does not support; known: " + this.byName.keySet());
		}
		return profile;
	}

	@Override
	public Set<String> acceptedTags() {
		return this.acceptedTags;
	}

	/** The profile of each name. */
	public Map<String, SignatureProfile> profiles() {
		return this.byName;
	}

	@Override
	public String toString() {
		return "ProviderProfiles" + this.byName.values();
	}

}
