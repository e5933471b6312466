package dev.agentauth.core.signature.profile;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureAgentTests {

	@Test
	void isLoopbackWhenLocalhostOrALiteralLoopbackAddressThenTrue() {
		// the registry's exception for a provider URL over http: a directory it brokers can be named
		for (String host : List.of("localhost", "LOCALHOST", "agent.localhost", "127.0.0.1", "127.1.2.3", "[::1]",
				"::1")) {
			assertThat(SignatureAgent.isLoopback(host)).as(host).isTrue();
		}
		for (String host : List.of("agent.example", "127.0.0.1.example", "10.0.0.1", "[::2]", "localhost.example")) {
			assertThat(SignatureAgent.isLoopback(host)).as(host).isFalse();
		}
	}

}
