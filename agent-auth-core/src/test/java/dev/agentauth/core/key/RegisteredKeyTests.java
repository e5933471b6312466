package dev.agentauth.core.key;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RegisteredKeyTests {

	private static AgentKey ed25519() throws Exception {
		return AgentKey.from(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
			.generate()
			.toPublicJWK());
	}

	@Test
	void parseWhenAllowedNetworksThenReadBackAndAbsentMeansNone() throws Exception {
		AgentKey key = ed25519();
		RegisteredKey declared = new RegisteredKey("a", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key,
				List.of("192.0.2.0/24", "2001:db8::/32"));
		assertThat(RegisteredKey.parse(declared.toJson()).allowedNetworks()).containsExactly("192.0.2.0/24",
				"2001:db8::/32");
		RegisteredKey none = new RegisteredKey("a", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key);
		assertThat(none.toJson()).doesNotContain("allowed_networks");
		assertThat(RegisteredKey.parse(none.toJson()).allowedNetworks()).isEmpty();
	}

	@Test
	void parseWhenAllowedNetworksNotAnArrayOfStringsThenMalformed() throws Exception {
		AgentKey key = ed25519();
		String json = new RegisteredKey("a", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key).toJson();
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> RegisteredKey.parse(json.replace("}}", "},\"allowed_networks\":[1]}")));
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> RegisteredKey.parse(json.replace("}}", "},\"allowed_networks\":\"10.0.0.0/8\"}")));
	}

	@Test
	void parseWhenBrokeredThenProviderReadBackAndAbsentForRegisteredKeys() throws Exception {
		AgentKey key = ed25519();
		AgentProvider provider = new AgentProvider("tap", "Visa TAP sandbox", AgentProvider.TYPE_JWKS, "visa-tap",
				"https://tap.example/keys.json", "poqkLGiymh_W0uP6PZFw-dvez3QJT5SolqXBCW38r0U");
		RegisteredKey brokered = new RegisteredKey("a", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key)
			.withProvider(provider);
		assertThat(brokered.toJson()).contains("\"provider\":{\"alias\":\"tap\",\"display_name\":\"Visa TAP sandbox\"");
		assertThat(RegisteredKey.parse(brokered.toJson()).provider()).isEqualTo(provider);
		RegisteredKey registered = new RegisteredKey("a", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key);
		assertThat(registered.toJson()).doesNotContain("provider");
		assertThat(RegisteredKey.parse(registered.toJson()).provider()).isNull();
	}

	@Test
	void parseWhenProviderIncompleteThenMalformed() throws Exception {
		AgentKey key = ed25519();
		String json = new RegisteredKey("a", AgentStatus.ACTIVE, null, KeyStatus.ACTIVE, null, null, key).toJson();
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> RegisteredKey.parse(json.replace("}}", "},\"provider\":{\"alias\":\"tap\"}}")));
	}

}
