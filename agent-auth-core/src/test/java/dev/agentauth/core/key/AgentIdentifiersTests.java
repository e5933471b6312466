package dev.agentauth.core.key;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AgentIdentifiersTests {

	@Test
	void isAgentIdWhenRegistryIdsOrTheArticlesIdsThenTrue() throws Exception {
		for (String id : List.of("0f8fad5b-d9cb-469f-a165-70867728950e", "agent-42", "a", "a.b_c~d:e@f-g", "a..",
				"x".repeat(128))) {
			assertThat(AgentIdentifiers.isAgentId(id)).as(id).isTrue();
			assertThat(AgentIdentifiers.requireAgentId(id)).isEqualTo(id);
		}
	}

	@Test
	void isAgentIdWhenDotSegmentOrOtherSyntaxThenFalseAndRequireThrowsAgentIdMalformed() {
		for (String id : List.of(".", "..", ".x", "-x", "_x", "~x", "", "a/b", "a%2e", "a b", "a?b", "a#b", "é",
				"x".repeat(129))) {
			assertThat(AgentIdentifiers.isAgentId(id)).as(id).isFalse();
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> AgentIdentifiers.requireAgentId(id))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.AGENT_ID_MALFORMED));
		}
		assertThat(AgentIdentifiers.isAgentId(null)).isFalse();
	}

	@Test
	void isThumbprintWhenFortyThreeBase64urlCharactersThenTrue() throws Exception {
		String thumbprint = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
		assertThat(AgentIdentifiers.requireThumbprint(thumbprint)).isEqualTo(thumbprint);
		for (String keyId : List.of(".", "..", "", thumbprint + "A", thumbprint.substring(1), "+" + thumbprint.substring(1),
				"." + thumbprint.substring(1), "/" + thumbprint.substring(1))) {
			assertThat(AgentIdentifiers.isThumbprint(keyId)).as(keyId).isFalse();
			assertThatExceptionOfType(AgentAuthException.class)
				.isThrownBy(() -> AgentIdentifiers.requireThumbprint(keyId))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.KEYID_NOT_THUMBPRINT));
		}
	}

}
