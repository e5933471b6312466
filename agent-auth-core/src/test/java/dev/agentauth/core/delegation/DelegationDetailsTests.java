package dev.agentauth.core.delegation;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;
import dev.agentauth.core.delegation.DelegationDetails.Period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DelegationDetailsTests {

	private static final String GRANTED = """
			[{"type":"agent_delegation","max_amount":{"value":"50.00","currency":"EUR"},
			  "budget":{"value":200,"currency":"EUR","period":"month"},"merchants":["shop-a","shop-b"]}]""";

	@Test
	void parseReadsAmountsBudgetAndMerchants() throws Exception {
		DelegationDetails details = DelegationDetails.parse(GRANTED);
		assertThat(details.maxAmount().value()).isEqualByComparingTo("50");
		assertThat(details.maxAmount().currency()).isEqualTo("EUR");
		assertThat(details.budget().limit().value()).isEqualByComparingTo("200");
		assertThat(details.budget().period()).isEqualTo(Period.MONTH);
		assertThat(details.merchants()).containsExactly("shop-a", "shop-b");
		assertThat(details.allowsMerchant("shop-c")).isFalse();
	}

	@Test
	void toJsonRoundTrips() throws Exception {
		DelegationDetails details = DelegationDetails.parse(GRANTED);
		assertThat(DelegationDetails.parse(details.toJson())).isEqualTo(details);
		assertThat(details.toJson()).contains("\"value\":\"200\"").contains("\"type\":\"agent_delegation\"");
	}

	@Test
	void parseWhenInvalidThenRefusesWithAReason() {
		invalid("{}", "JSON array");
		invalid("[]", "non-empty");
		invalid("[{\"type\":\"payment_initiation\"}]", "must be agent_delegation");
		invalid("[{\"type\":\"agent_delegation\"}]", "max_amount must be an object");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"-1\",\"currency\":\"EUR\"}}]",
				"positive decimal");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"0\",\"currency\":\"EUR\"}}]",
				"greater than zero");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"5\",\"currency\":\"euro\"}}]",
				"ISO 4217");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},\"x\":1}]",
				"Unknown member 'x'");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},"
				+ "\"budget\":{\"value\":\"9\",\"currency\":\"USD\",\"period\":\"month\"}}]", "same currency");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},"
				+ "\"budget\":{\"value\":\"9\",\"currency\":\"EUR\",\"period\":\"year\"}}]", "day, week or month");
		invalid("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},"
				+ "\"merchants\":[\"\"]}]", "non-empty client id");
	}

	@Test
	void narrowWhenWithinTheGrantThenKeepsTheGrantedBudget() throws Exception {
		DelegationDetails granted = DelegationDetails.parse(GRANTED);
		DelegationDetails narrowed = granted.narrow(DelegationDetails
			.parse("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"20\",\"currency\":\"EUR\"}}]"), "shop-a");
		assertThat(narrowed.maxAmount().value()).isEqualByComparingTo("20");
		assertThat(narrowed.budget()).isEqualTo(granted.budget());
		// a token for shop-a names only shop-a, not the other merchants the consumer allowed (RFC 9396 §14)
		assertThat(narrowed.merchants()).containsExactly("shop-a");
		DelegationDetails whole = granted.narrow(null, "shop-b");
		assertThat(whole.merchants()).containsExactly("shop-b");
		assertThat(whole.maxAmount()).isEqualTo(granted.maxAmount());
		assertThat(whole.budget()).isEqualTo(granted.budget());
	}

	@Test
	void narrowWhenTheGrantAllowsAnyMerchantThenTheTokenDoesToo() throws Exception {
		DelegationDetails any = DelegationDetails
			.parse("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"20\",\"currency\":\"EUR\"}}]");
		assertThat(any.narrow(null, "shop-a")).isEqualTo(any);
		assertThat(any.narrow(any, "shop-a").merchants()).isEmpty();
		// a request that lists merchants still gives a token for its audience only
		DelegationDetails requested = DelegationDetails.parse("[{\"type\":\"agent_delegation\","
				+ "\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},\"merchants\":[\"shop-a\",\"shop-b\"]}]");
		assertThat(any.narrow(requested, "shop-a").merchants()).containsExactly("shop-a");
	}

	@Test
	void narrowWhenBeyondTheGrantThenRefuses() throws Exception {
		DelegationDetails granted = DelegationDetails.parse(GRANTED);
		exceeded(() -> granted.narrow(null, "shop-c"), "does not include merchant shop-c");
		exceeded(() -> granted.narrow(DelegationDetails
			.parse("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"50.01\",\"currency\":\"EUR\"}}]"),
				"shop-a"), "exceeds the granted");
		exceeded(() -> granted.narrow(DelegationDetails
			.parse("[{\"type\":\"agent_delegation\",\"max_amount\":{\"value\":\"5\",\"currency\":\"USD\"}}]"),
				"shop-a"), "in EUR");
		exceeded(() -> granted.narrow(DelegationDetails.parse("[{\"type\":\"agent_delegation\","
				+ "\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},"
				+ "\"budget\":{\"value\":\"500\",\"currency\":\"EUR\",\"period\":\"month\"}}]"), "shop-a"),
				"budget exceeds");
		exceeded(() -> granted.narrow(DelegationDetails.parse("[{\"type\":\"agent_delegation\","
				+ "\"max_amount\":{\"value\":\"5\",\"currency\":\"EUR\"},\"merchants\":[\"shop-z\"]}]"), "shop-a"),
				"exclude the audience");
	}

	private static void invalid(String json, String reason) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> DelegationDetails.parse(json))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.AUTHORIZATION_DETAILS_INVALID))
			.withMessageContaining(reason);
	}

	private static void exceeded(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(call)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.AUTHORIZATION_DETAILS_EXCEEDED))
			.withMessageContaining(reason);
	}

}
