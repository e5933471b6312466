package dev.agentauth.keycloak.grant;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.keycloak.Fakes;

import static org.assertj.core.api.Assertions.assertThat;

class RealmSettingsTests {

	@Test
	void lifetimesWhenUnsetThenDefaults() {
		var realm = Fakes.realm("r", Map.of());
		assertThat(RealmSettings.grantMaxLifetime(realm)).isEqualTo(Duration.ofHours(24));
		assertThat(RealmSettings.tokenLifetime(realm)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void lifetimesWhenSetThenReadAsIsoOrSeconds() {
		var realm = Fakes.realm("r", Map.of(RealmSettings.GRANT_MAX_LIFETIME, "P7D", RealmSettings.TOKEN_LIFETIME,
				"600"));
		assertThat(RealmSettings.grantMaxLifetime(realm)).isEqualTo(Duration.ofDays(7));
		assertThat(RealmSettings.tokenLifetime(realm)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void lifetimesWhenAboveCeilingThenCapped() {
		var realm = Fakes.realm("r", Map.of(RealmSettings.GRANT_MAX_LIFETIME, "P90D", RealmSettings.TOKEN_LIFETIME,
				"P2D"));
		assertThat(RealmSettings.grantMaxLifetime(realm)).isEqualTo(Duration.ofDays(30));
		assertThat(RealmSettings.tokenLifetime(realm)).isEqualTo(Duration.ofHours(24));
	}

	@Test
	void lifetimesWhenNotAPositiveDurationThenDefaults() {
		var realm = Fakes.realm("r", Map.of(RealmSettings.GRANT_MAX_LIFETIME, "forever", RealmSettings.TOKEN_LIFETIME,
				"0"));
		assertThat(RealmSettings.grantMaxLifetime(realm)).isEqualTo(RealmSettings.DEFAULT_GRANT_MAX_LIFETIME);
		assertThat(RealmSettings.tokenLifetime(realm)).isEqualTo(RealmSettings.DEFAULT_TOKEN_LIFETIME);
	}

}
