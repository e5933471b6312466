package dev.agentauth.core.signal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One event of a pushed Security Event Token, as the receiver understands it.
 *
 * @since 0.1.0
 */
public sealed interface MerchantSignal {

	/** The event type URI (the key in the SET's {@code events} claim). */
	String type();

	/**
	 * CAEP 1.0 {@code risk-level-change} with {@code principal} {@code AGENT} (our extension: CAEP defines USER,
	 * DEVICE, SESSION, TENANT, ORG_UNIT, GROUP). Subject: the agent id; {@code kid} (extension) the key that
	 * signed the risky requests.
	 *
	 * @param agentId the agent (subject)
	 * @param kid the agent key's RFC 7638 thumbprint, when given
	 * @param currentLevel {@code current_level}
	 * @param previousLevel {@code previous_level}, when given
	 * @param reason {@code risk_reason}, when given
	 * @param eventTime {@code event_timestamp}, when given
	 */
	record RiskLevelChange(String agentId, @Nullable String kid, RiskLevel currentLevel,
			@Nullable RiskLevel previousLevel, @Nullable String reason, @Nullable Instant eventTime)
			implements MerchantSignal {

		public RiskLevelChange {
			Objects.requireNonNull(agentId, "agentId cannot be null");
			Objects.requireNonNull(currentLevel, "currentLevel cannot be null");
		}

		@Override
		public String type() {
			return SignalSets.RISK_LEVEL_CHANGE;
		}

	}

	/**
	 * RISC {@code credential-compromise}: the merchant has evidence that an agent key is in other hands.
	 *
	 * @param kid the key's RFC 7638 thumbprint (extension member {@code kid})
	 * @param agentId the agent (subject), when given
	 * @param credentialType {@code credential_type}
	 * @param reason {@code reason_admin}, when given
	 */
	record CredentialCompromise(String kid, @Nullable String agentId, String credentialType,
			@Nullable String reason) implements MerchantSignal {

		public CredentialCompromise {
			Objects.requireNonNull(kid, "kid cannot be null");
			Objects.requireNonNull(credentialType, "credentialType cannot be null");
		}

		@Override
		public String type() {
			return SignalSets.CREDENTIAL_COMPROMISE;
		}

	}

	/**
	 * Our {@code urn:agentauth:secevent:key-usage}: per key thumbprint, the last time the merchant verified a
	 * request signed with it.
	 *
	 * @param lastUsed keyid to last verified use (at most {@link SignalSets#MAX_KEY_USAGE_ENTRIES})
	 */
	record KeyUsage(Map<String, Instant> lastUsed) implements MerchantSignal {

		public KeyUsage {
			lastUsed = Map.copyOf(lastUsed);
		}

		@Override
		public String type() {
			return SignalSets.KEY_USAGE;
		}

	}

	/** Any other event type: accepted and ignored (RFC 8935 §2.2), counted by the receiver. */
	record Unrecognized(String type) implements MerchantSignal {

		public Unrecognized {
			Objects.requireNonNull(type, "type cannot be null");
		}

	}

}
