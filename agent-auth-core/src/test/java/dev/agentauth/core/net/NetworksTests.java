package dev.agentauth.core.net;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NetworksTests {

	@Test
	void networkWhenIpv4ThenSlash24AndIpv6ThenSlash48() {
		assertThat(Networks.network("203.0.113.77")).isEqualTo("203.0.113.0/24");
		assertThat(Networks.network("2001:db8:1:2::5")).isEqualTo("2001:db8:1:0:0:0:0:0/48");
		assertThat(Networks.network("::ffff:198.51.100.9")).isEqualTo("198.51.100.0/24");
	}

	@Test
	void networkWhenNotALiteralThenNullWithoutResolving() {
		assertThat(Networks.network("localhost")).isNull();
		assertThat(Networks.network("example.com")).isNull();
		assertThat(Networks.network("10.1")).isNull();
	}

	@Test
	void containsWhenInsideDeclaredBlockThenTrue() {
		List<String> declared = List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.5");
		assertThat(Networks.contains(declared, "10.200.3.4")).isTrue();
		assertThat(Networks.contains(declared, "11.0.0.1")).isFalse();
		assertThat(Networks.contains(declared, "2001:db8:ffff::1")).isTrue();
		assertThat(Networks.contains(declared, "192.0.2.5")).isTrue();
		assertThat(Networks.contains(declared, "192.0.2.6")).isFalse();
		assertThat(Networks.contains(List.of("garbage/99"), "10.0.0.1")).isFalse();
	}

}
