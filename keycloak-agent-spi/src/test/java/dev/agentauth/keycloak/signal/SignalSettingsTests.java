package dev.agentauth.keycloak.signal;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.signal.AutoSuspendPolicy;
import dev.agentauth.keycloak.Fakes;

import static org.assertj.core.api.Assertions.assertThat;

class SignalSettingsTests {

	@Test
	void whenUnsetThenReviewOnlyAndDefaultRateLimit() {
		var realm = Fakes.realm("r", Map.of());
		assertThat(SignalSettings.autoSuspend(realm).isOff()).isTrue();
		assertThat(SignalSettings.revokeKeyOnCompromise(realm)).isFalse();
		assertThat(SignalSettings.rateLimit(realm)).isEqualTo(SignalSettings.DEFAULT_RATE_LIMIT);
	}

	@Test
	void autoSuspendWhenSetThenPolicyWithTheRealmsWindow() {
		AutoSuspendPolicy policy = SignalSettings.autoSuspend(Fakes.realm("r",
				Map.of(SignalSettings.AUTO_SUSPEND, "high-from-2-merchants", SignalSettings.WINDOW, "PT30M")));
		assertThat(policy.isOff()).isFalse();
		assertThat(policy.merchants()).isEqualTo(2);
		assertThat(policy.window()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void autoSuspendWhenWindowInvalidThenDefaultWindow() {
		AutoSuspendPolicy policy = SignalSettings.autoSuspend(Fakes.realm("r",
				Map.of(SignalSettings.AUTO_SUSPEND, "high-from-1-merchant", SignalSettings.WINDOW, "soon")));
		assertThat(policy.window()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void autoSuspendWhenPolicyInvalidThenOff() {
		assertThat(SignalSettings.autoSuspend(Fakes.realm("r", Map.of(SignalSettings.AUTO_SUSPEND, "sometimes")))
			.isOff()).isTrue();
	}

	@Test
	void revokeKeyOnCompromiseOnlyWhenRevokeKey() {
		assertThat(SignalSettings.revokeKeyOnCompromise(
				Fakes.realm("r", Map.of(SignalSettings.CREDENTIAL_COMPROMISE, "revoke-key")))).isTrue();
		assertThat(SignalSettings.revokeKeyOnCompromise(
				Fakes.realm("r", Map.of(SignalSettings.CREDENTIAL_COMPROMISE, "review")))).isFalse();
		assertThat(SignalSettings.revokeKeyOnCompromise(
				Fakes.realm("r", Map.of(SignalSettings.CREDENTIAL_COMPROMISE, "revoke")))).isFalse();
	}

	@Test
	void rateLimitWhenSetThenReadAndWhenInvalidThenDefault() {
		assertThat(SignalSettings.rateLimit(Fakes.realm("r", Map.of(SignalSettings.RATE_LIMIT, " 5 ")))).isEqualTo(5);
		for (String invalid : new String[] { "0", "-3", "many" }) {
			assertThat(SignalSettings.rateLimit(Fakes.realm("r", Map.of(SignalSettings.RATE_LIMIT, invalid))))
				.isEqualTo(SignalSettings.DEFAULT_RATE_LIMIT);
		}
	}

}
