package dev.agentauth.core.revocation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agentauth.core.revocation.PollRequest.SetError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** RFC 8936 §2.4 poll requests; the request bodies are the RFC's examples. */
class PollRequestTests {

	private static final String JTI_1 = "4d3559ec67504aaba65d40b0363faad8";

	private static final String JTI_2 = "3d0c3cf797584bd193bd0fb1bd4e7d30";

	@Test
	void parseWhenPollOnlyThenDefaultsEverythingElse() throws Exception {
		// RFC 8936 §2.4.1, poll-only request
		PollRequest request = PollRequest.parse("""
				{
				 "returnImmediately": true
				}""");
		assertThat(request.returnImmediately()).isTrue();
		assertThat(request.maxEvents()).isEqualTo(PollRequest.DEFAULT_MAX_EVENTS);
		assertThat(request.ack()).isEmpty();
		assertThat(request.setErrs()).isEmpty();
		assertThat(request.receiver()).isEqualTo("default");
		assertThat(request.replay()).isFalse();
	}

	@Test
	void parseWhenAcknowledgeOnlyThenMaxEventsIsZero() throws Exception {
		// RFC 8936 §2.4.2, acknowledge-only request: "maxEvents": 0 asks for no SETs
		PollRequest request = PollRequest.parse("""
				{
				  "ack": [
				    "4d3559ec67504aaba65d40b0363faad8",
				    "3d0c3cf797584bd193bd0fb1bd4e7d30"
				  ],
				  "maxEvents": 0,
				  "returnImmediately": true
				}""");
		assertThat(request.ack()).containsExactly(JTI_1, JTI_2);
		assertThat(request.maxEvents()).isZero();
		assertThat(request.returnImmediately()).isTrue();
	}

	@Test
	void parseWhenPollWithAcknowledgementThenLongPolls() throws Exception {
		// RFC 8936 §2.4.3, poll with acknowledgement
		PollRequest request = PollRequest.parse("""
				{
				  "ack": [
				    "4d3559ec67504aaba65d40b0363faad8",
				    "3d0c3cf797584bd193bd0fb1bd4e7d30"
				  ],
				  "returnImmediately": false
				}""");
		assertThat(request.ack()).containsExactly(JTI_1, JTI_2);
		assertThat(request.returnImmediately()).isFalse();
		assertThat(request.maxEvents()).isEqualTo(PollRequest.DEFAULT_MAX_EVENTS);
	}

	@Test
	void parseWhenPollWithAcknowledgementAndErrorsThenReadsSetErrs() throws Exception {
		// RFC 8936 §2.4.4, poll with acknowledgement and errors
		PollRequest request = PollRequest.parse("""
				{
				  "ack": [
				    "3d0c3cf797584bd193bd0fb1bd4e7d30"
				  ],
				  "setErrs": {
				    "4d3559ec67504aaba65d40b0363faad8": {
				      "err": "authentication_failed",
				      "description": "The SET could not be authenticated"
				    }
				  },
				  "returnImmediately": true
				}""");
		assertThat(request.ack()).containsExactly(JTI_2);
		assertThat(request.setErrs()).containsExactly(org.assertj.core.api.Assertions.entry(JTI_1,
				new SetError("authentication_failed", "The SET could not be authenticated")));
	}

	@Test
	void parseWhenEmptyThenLongPollForDefaultNumberOfEvents() throws Exception {
		for (String body : new String[] { null, "", "  ", "{}" }) {
			assertThat(PollRequest.parse(body)).isEqualTo(new PollRequest(PollRequest.DEFAULT_MAX_EVENTS, false,
					List.of(), java.util.Map.of(), "default", false));
		}
	}

	@Test
	void parseWhenExtensionsThenReadsReceiverAndReplay() throws Exception {
		PollRequest request = PollRequest.parse("{\"receiver\":\"shop-eu-1\",\"replay\":true,\"maxEvents\":1000}");
		assertThat(request.receiver()).isEqualTo("shop-eu-1");
		assertThat(request.replay()).isTrue();
		assertThat(request.maxEvents()).isEqualTo(1000);
	}

	@Test
	void parseWhenSetErrorHasNoDescriptionThenAccepts() throws Exception {
		PollRequest request = PollRequest.parse("{\"setErrs\":{\"j\":{\"err\":\"invalid_key\"}}}");
		assertThat(request.setErrs().get("j")).isEqualTo(new SetError("invalid_key", null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1]", "not json", "{\"ack\":\"x\"}", "{\"ack\":[1]}", "{\"maxEvents\":5000}",
			"{\"maxEvents\":-1}", "{\"maxEvents\":1.5}", "{\"maxEvents\":\"5\"}", "{\"returnImmediately\":\"true\"}",
			"{\"replay\":1}", "{\"receiver\":\"a b\"}", "{\"receiver\":\"\"}", "{\"setErrs\":[]}",
			"{\"setErrs\":{\"j\":\"authentication_failed\"}}", "{\"setErrs\":{\"j\":{\"description\":\"no err\"}}}",
			"{\"setErrs\":{\"j\":{\"err\":\"x\",\"description\":7}}}" })
	void parseWhenMalformedThenInvalidRequest(String body) {
		assertThatExceptionOfType(PollRequestException.class).isThrownBy(() -> PollRequest.parse(body))
			.satisfies((ex) -> assertThat(ex.err()).isEqualTo("invalid_request"))
			.withMessageNotContaining("Exception");
	}

	@Test
	void parseWhenMalformedThenTheDescriptionNamesTheMember() {
		assertThatExceptionOfType(PollRequestException.class)
			.isThrownBy(() -> PollRequest.parse("{\"maxEvents\":5000}"))
			.withMessage("'maxEvents' must be a number from 0 to 1000");
		assertThatExceptionOfType(PollRequestException.class).isThrownBy(() -> PollRequest.parse("{\"ack\":\"x\"}"))
			.withMessage("'ack' must be an array of at most 10000 jti strings");
		assertThatExceptionOfType(PollRequestException.class).isThrownBy(() -> PollRequest.parse("[1]"))
			.withMessage("The poll request must be a JSON object");
	}

	@Test
	void parseWhenTooManyAcksThenInvalidRequest() {
		String acks = "\"j\",".repeat(PollRequest.MAX_ACKS) + "\"j\"";
		assertThatExceptionOfType(PollRequestException.class)
			.isThrownBy(() -> PollRequest.parse("{\"ack\":[" + acks + "]}"));
	}

}
