package dev.agentauth.core.signature;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;

import dev.agentauth.core.key.KnownTestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KnownTestKeys} lists the RFC 9421 Appendix B.1 keys by their RFC 7638 §3 thumbprints, computed here from
 * the keys as the RFC prints them; the Web Bot Auth drafts' example keyids (draft-meunier-webbotauth-httpsig-protocol,
 * "Test Vectors", which reuse B.1.2 and B.1.4) are among them.
 */
class KnownTestKeysTests {

	@Test
	void everyRfc9421AppendixB1KeyIsAKnownTestKey() throws Exception {
		assertThat(thumbprint(Rfc9421TestVectors.rsaPublicJwk())).satisfies(this::known); // B.1.1
		assertThat(thumbprint(Rfc9421TestVectors.rsaPssPublicJwk())).satisfies(this::known); // B.1.2
		assertThat(thumbprint(Rfc9421TestVectors.eccP256PublicJwk())).satisfies(this::known); // B.1.3
		assertThat(thumbprint(Rfc9421TestVectors.ed25519PrivateJwk().toPublicJWK())).satisfies(this::known); // B.1.4
	}

	@Test
	void theWebBotAuthExampleKeyIdsAreKnownTestKeys() {
		assertThat(KnownTestKeys.isTestKey("poqkLGiymh_W0uP6PZFw-dvez3QJT5SolqXBCW38r0U")).isTrue();
		assertThat(KnownTestKeys.isTestKey("oD0HwocPBSfpNy5W3bpJeyFGY_IQ_YpqxSjQ3Yd-CLA")).isTrue();
		assertThat(KnownTestKeys.source("poqkLGiymh_W0uP6PZFw-dvez3QJT5SolqXBCW38r0U")).get()
			.asString()
			.contains("B.1.4");
	}

	@Test
	void aFreshKeyIsNotATestKey() throws Exception {
		assertThat(KnownTestKeys.isTestKey(SigningKey.from(TestKeys.ed25519()).publicKey())).isFalse();
	}

	private void known(String thumbprint) {
		assertThat(KnownTestKeys.isTestKey(thumbprint)).as(thumbprint).isTrue();
	}

	private static String thumbprint(JWK jwk) throws Exception {
		return jwk.computeThumbprint("SHA-256").toString();
	}

}
