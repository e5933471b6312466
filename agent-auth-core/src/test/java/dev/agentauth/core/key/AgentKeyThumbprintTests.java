package dev.agentauth.core.key;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7638 thumbprints, which are the RFC 9421 {@code keyid}.
 */
class AgentKeyThumbprintTests {

	@Test
	void thumbprintWhenRfc7638Section3_1RsaKeyThenMatches() throws Exception {
		AgentKey key = AgentKey.parse("""
				{"kty":"RSA",
				 "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
				 "e":"AQAB",
				 "alg":"RS256",
				 "kid":"2011-04-29"}
				""".replace("\"kid\":\"2011-04-29\"", "\"use\":\"sig\""));
		assertThat(key.thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
	}

	@Test
	void thumbprintWhenRfc8037AppendixA3Ed25519KeyThenMatches() throws Exception {
		AgentKey key = AgentKey
			.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
		assertThat(key.thumbprint()).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
	}

}
