package dev.agentauth.core.delegation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ConsentParameters}: what the consent page reads from an agent's authorization request. */
class ConsentParametersTests {

	@Test
	void lifetimeWhenSecondsOrIsoThenReadsIt() {
		assertThat(ConsentParameters.lifetime("3600")).isEqualTo(Duration.ofHours(1));
		assertThat(ConsentParameters.lifetime("PT48H")).isEqualTo(Duration.ofHours(48));
	}

	@Test
	void lifetimeWhenNotAPositiveDurationThenIgnoresIt() {
		for (String value : new String[] { null, "", " ", "0", "-5", "PT-1H", "PT0S", "1h", "\u0663\u0666\u0660\u0660",
				"99999999999999999999", "PT9999999999999999999H", "P106751991167301D" }) {
			assertThat(ConsentParameters.lifetime(value)).as(value).isNull();
		}
	}

	@Test
	void scopeNamesWhenRepeatedOrSpacedThenDistinctInOrder() {
		assertThat(ConsentParameters.scopeNames("  openid cart:write\topenid\n products:read ")).containsExactly("openid",
				"cart:write", "products:read");
		assertThat(ConsentParameters.scopeNames(null)).isEmpty();
		assertThat(ConsentParameters.scopeNames("   ")).isEmpty();
	}

}
