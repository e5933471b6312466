package dev.agentauth.core.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The one parser of declared networks (RFC 4632 CIDR notation; RFC 4291 §2.2-2.3 for IPv6 text). */
class CidrTests {

	@ParameterizedTest
	@CsvSource({ "192.0.2.0/24, 192.0.2.0/24", "192.0.2.77/24, 192.0.2.0/24", "10.0.0.0/8, 10.0.0.0/8",
			"0.0.0.0/0, 0.0.0.0/0", "192.0.2.5, 192.0.2.5/32", "2001:db8::/32, 2001:db8:0:0:0:0:0:0/32",
			"2001:DB8::1, 2001:db8:0:0:0:0:0:1/128", "[2001:db8::]/48, 2001:db8:0:0:0:0:0:0/48" })
	void parseWhenBlockOrAddressThenNormalised(String text, String normalised) {
		assertThat(Cidr.parse(text)).hasToString(normalised);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "localhost", "example.com/24", "192.0.2.0/33", "2001:db8::/129", "192.0.2/24",
			"192.0.2.0.1/24", "192.0.2.0/", "192.0.2.0/+8", "192.0.2.0/08", "192.0.2.0/-1", "192.0.2.0/24/8",
			"010.0.0.0/8", "256.0.0.0/8", " 192.0.2.0/24", "192.0.2.0/24 ", "::ffff:192.0.2.0/120", "garbage/99",
			"1.2.3.4/1000" })
	void parseWhenMalformedThenRefusedWithAMessage(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text))
			.withMessageNotContaining("Exception")
			.satisfies((ex) -> assertThat(ex.getMessage()).isNotBlank());
		assertThat(Cidr.isValid(text)).isFalse();
	}

	@Test
	void parseWhenHostNameThenNeverResolved() {
		// a name must not reach DNS: refused by its characters before InetAddress sees it
		assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse("localhost/8"))
			.withMessageContaining("IP literals only");
	}

	@Test
	void containsWhenInsideThenTrueAndMappedIpv4CountsAsIpv4() {
		Cidr block = Cidr.parse("198.51.100.0/24");
		assertThat(block.contains("198.51.100.9")).isTrue();
		assertThat(block.contains("::ffff:198.51.100.9")).isTrue();
		assertThat(block.contains("198.51.101.9")).isFalse();
		assertThat(block.contains("2001:db8::1")).isFalse();
		assertThat(block.contains("not-an-address")).isFalse();
		assertThat(Cidr.parse("0.0.0.0/0").contains("203.0.113.1")).isTrue();
	}

	@Test
	void equalsWhenSameBlockWrittenDifferentlyThenEqual() {
		assertThat(Cidr.parse("192.0.2.77/24")).isEqualTo(Cidr.parse("192.0.2.0/24"))
			.hasSameHashCodeAs(Cidr.parse("192.0.2.0/24"));
		assertThat(Cidr.parse("2001:db8::/32")).isEqualTo(Cidr.parse("2001:0db8:0000::/32"));
	}

}
