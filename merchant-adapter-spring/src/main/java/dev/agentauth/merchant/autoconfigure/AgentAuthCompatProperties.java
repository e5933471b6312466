package dev.agentauth.merchant.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.agentauth.core.signature.SimpleHeaderVerifier;

/**
 * Compatibility profiles for agents that do not speak RFC 9421 yet ({@code agentauth.compat.*}). All off by
 * default.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("agentauth.compat")
public class AgentAuthCompatProperties {

	private final SimpleHeaders simpleHeaders = new SimpleHeaders();

	public SimpleHeaders getSimpleHeaders() {
		return this.simpleHeaders;
	}

	/**
	 * The article's {@code Agent-ID} / {@code Timestamp} / {@code Signature} scheme. It signs neither method nor
	 * path nor host: a captured request can be sent to another endpoint within the window. Migrate to RFC 9421.
	 */
	public static class SimpleHeaders {

		/** Whether requests signed with the simple header scheme are accepted (never for delegation tokens). */
		private boolean enabled;

		/** How far the Timestamp may be from the merchant's clock, either way; also how long replays are remembered. */
		private Duration timestampTolerance = SimpleHeaderVerifier.DEFAULT_TOLERANCE;

		/** How long the key list of an agent id is cached. */
		private Duration keyListTtl = Duration.ofSeconds(60);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimestampTolerance() {
			return this.timestampTolerance;
		}

		public void setTimestampTolerance(Duration timestampTolerance) {
			this.timestampTolerance = timestampTolerance;
		}

		public Duration getKeyListTtl() {
			return this.keyListTtl;
		}

		public void setKeyListTtl(Duration keyListTtl) {
			this.keyListTtl = keyListTtl;
		}

	}

}
