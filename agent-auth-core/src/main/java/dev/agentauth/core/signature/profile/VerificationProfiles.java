package dev.agentauth.core.signature.profile;

import java.util.List;
import java.util.Objects;

import dev.agentauth.core.signature.SignatureProfile;
import dev.agentauth.core.signature.VerificationPolicy;
import dev.agentauth.core.signature.VerificationProfile;

/**
 * The RFC 9421 profiles by the name an agent provider gives ({@code agent-auth}, {@code web-bot-auth},
 * {@code visa-tap}). The simple header scheme is not an RFC 9421 profile: build a
 * {@link dev.agentauth.core.signature.SimpleHeaderProfile} for it.
 *
 * @since 0.1.0
 */
public final class VerificationProfiles {

	/** The names {@link #byName} knows. */
	public static final List<String> NAMES = List.of(VerificationProfile.AGENT_AUTH, VerificationProfile.WEB_BOT_AUTH,
			VerificationProfile.VISA_TAP);

	private VerificationProfiles() {
	}

	/**
	 * The profile named {@code name}.
	 * @param policy the merchant's policy: the {@code agent-auth} profile is this policy; the others take from it
	 * only whether test keys are allowed
	 * @throws IllegalArgumentException for an unknown name
	 */
	public static SignatureProfile byName(String name, VerificationPolicy policy) {
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(policy, "policy cannot be null");
		return switch (name) {
			case VerificationProfile.AGENT_AUTH -> SignatureProfile.agentAuth(policy);
			case VerificationProfile.WEB_BOT_AUTH -> WebBotAuthProfile.defaults()
				.allowTestKeys(policy.isTestKeysAllowed());
			case VerificationProfile.VISA_TAP -> VisaTapProfile.defaults().allowTestKeys(policy.isTestKeysAllowed());
			default -> throw new IllegalArgumentException("Unknown verification profile '" + name + "'; known: " + NAMES);
		};
	}

}
