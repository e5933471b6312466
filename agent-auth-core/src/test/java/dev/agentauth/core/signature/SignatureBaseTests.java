package dev.agentauth.core.signature;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentauth.core.AgentAuthException;
import dev.agentauth.core.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Component values from the examples of RFC 9421 §2.1 (fields) and §2.2 (derived components).
 */
class SignatureBaseTests {

	private static final SimpleHttpRequest FIELDS_EXAMPLE = SimpleHttpRequest.builder()
		.method("GET")
		.uri("https://www.example.com/")
		.header("Host", "www.example.com")
		.header("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
		.header("X-OWS-Header", "   Leading and trailing whitespace.   ")
		.header("X-Obs-Fold-Header", "Obsolete\r\n    line folding.")
		.header("Cache-Control", "max-age=60")
		.header("Cache-Control", "   must-revalidate")
		.header("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c)")
		.header("X-Empty-Header", "")
		.build();

	private static String line(HttpRequestView request, CoveredComponent component) throws AgentAuthException {
		String base = SignatureBase.of(request, SignatureParameters.builder().component(component).build()).text();
		return base.substring(0, base.indexOf('\n'));
	}

	@Test
	void ofWhenAComponentHasACharacterAboveLatin1ThenRefusesInsteadOfSigningAQuestionMark() {
		// the base is signed as ISO-8859-1 bytes: U+7465 would become '?', the same bytes as "/orders?coupon"
		SignatureParameters parameters = SignatureParameters.builder()
			.components(CoveredComponent.METHOD, CoveredComponent.TARGET_URI, CoveredComponent.of("x-a"))
			.build();
		SimpleHttpRequest uri = SimpleHttpRequest.builder()
			.uri("https://shop.example/orders\u7465coupon=SPRING")
			.header("X-A", "1")
			.build();
		SimpleHttpRequest field = SimpleHttpRequest.builder()
			.uri("https://shop.example/orders?coupon=SPRING")
			.header("X-A", "caf\u00e9 \u20ac")
			.build();
		for (SimpleHttpRequest request : new SimpleHttpRequest[] { uri, field }) {
			assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> SignatureBase.of(request, parameters))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED));
		}
	}

	@Test
	void ofWhenAFieldHasLatin1ObsTextThenSignsItsBytes() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.uri("https://shop.example/")
			.header("X-A", "caf\u00e9")
			.build();
		assertThat(line(request, CoveredComponent.of("x-a"))).isEqualTo("\"x-a\": caf\u00e9");
	}

	@Test
	void fieldWhenWhitespaceObsFoldAndMultipleLinesThenCanonicalizedPerSection2_1() throws Exception {
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.of("Host"))).isEqualTo("\"host\": www.example.com");
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.of("x-ows-header")))
			.isEqualTo("\"x-ows-header\": Leading and trailing whitespace.");
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.of("x-obs-fold-header")))
			.isEqualTo("\"x-obs-fold-header\": Obsolete line folding.");
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.of("cache-control")))
			.isEqualTo("\"cache-control\": max-age=60, must-revalidate");
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.of("example-dict")))
			.isEqualTo("\"example-dict\": a=1,    b=2;x=1;y=2,   c=(a   b   c)");
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.of("x-empty-header"))).isEqualTo("\"x-empty-header\": ");
	}

	@Test
	void fieldWhenSfThenReserializedPerSection2_1_1() throws Exception {
		assertThat(line(FIELDS_EXAMPLE, CoveredComponent.structuredField("example-dict")))
			.isEqualTo("\"example-dict\";sf: a=1, b=2;x=1;y=2, c=(a b c)");
	}

	@Test
	void fieldWhenKeyThenDictionaryMemberPerSection2_1_2() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.uri("https://www.example.com/")
			.header("Example-Dict", "  a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid")
			.build();
		assertThat(line(request, CoveredComponent.dictionaryMember("example-dict", "a")))
			.isEqualTo("\"example-dict\";key=\"a\": (1 2)");
		assertThat(line(request, CoveredComponent.dictionaryMember("example-dict", "d")))
			.isEqualTo("\"example-dict\";key=\"d\": (5 6);valid");
		assertThat(line(request, CoveredComponent.dictionaryMember("example-dict", "b")))
			.isEqualTo("\"example-dict\";key=\"b\": 3");
		assertThat(line(request, CoveredComponent.dictionaryMember("example-dict", "c")))
			.isEqualTo("\"example-dict\";key=\"c\": 4;aa=bb");
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(request, CoveredComponent.dictionaryMember("example-dict", "zz")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.COMPONENT_MISSING));
	}

	@Test
	void fieldWhenBsThenEachLineAsByteSequencePerSection2_1_3() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.uri("https://www.example.com/")
			.header("Example-Header", "value, with, lots")
			.header("Example-Header", "of, commas")
			.build();
		assertThat(line(request, CoveredComponent.of("example-header", Map.of("bs", true))))
			.isEqualTo("\"example-header\";bs: :dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:");
	}

	@Test
	void derivedWhenRequestThenValuesPerSection2_2() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.method("POST")
			.uri("https://www.example.com/path?param=value")
			.build();
		assertThat(line(request, CoveredComponent.METHOD)).isEqualTo("\"@method\": POST");
		assertThat(line(request, CoveredComponent.TARGET_URI))
			.isEqualTo("\"@target-uri\": https://www.example.com/path?param=value");
		assertThat(line(request, CoveredComponent.AUTHORITY)).isEqualTo("\"@authority\": www.example.com");
		assertThat(line(request, CoveredComponent.SCHEME)).isEqualTo("\"@scheme\": https");
		assertThat(line(request, CoveredComponent.REQUEST_TARGET))
			.isEqualTo("\"@request-target\": /path?param=value");
		assertThat(line(request, CoveredComponent.PATH)).isEqualTo("\"@path\": /path");
		assertThat(line(request, CoveredComponent.QUERY)).isEqualTo("\"@query\": ?param=value");
	}

	/** RFC 9110 §9.1: a method is a token; found by SignatureFuzzTests (a line break in the method added a line). */
	@Test
	void methodWhenNotATokenThenRefusedAsMalformed() throws Exception {
		for (String method : List.of("GET\n\"@authority\": evil.example", "-as\t\t\t\n\t\t\t\n", "GET ", "",
				"G\u00c9T")) {
			SimpleHttpRequest request = SimpleHttpRequest.builder()
				.method(method)
				.uri("https://shop.example/")
				.build();
			assertThatExceptionOfType(AgentAuthException.class).as(method)
				.isThrownBy(() -> line(request, CoveredComponent.METHOD))
				.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("evil"));
		}
		SimpleHttpRequest extension = SimpleHttpRequest.builder().method("M-SEARCH").uri("https://shop.example/").build();
		assertThat(line(extension, CoveredComponent.METHOD)).isEqualTo("\"@method\": M-SEARCH");
	}

	@Test
	void derivedWhenNoQueryOrDefaultPortOrUpperCaseHostThenNormalized() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder().uri("HTTPS://Shop.Example:443").build();
		assertThat(line(request, CoveredComponent.QUERY)).isEqualTo("\"@query\": ?");
		assertThat(line(request, CoveredComponent.PATH)).isEqualTo("\"@path\": /");
		assertThat(line(request, CoveredComponent.TARGET_URI)).isEqualTo("\"@target-uri\": https://shop.example/");
		SimpleHttpRequest custom = SimpleHttpRequest.builder().uri("http://shop.example:8080/a").build();
		assertThat(line(custom, CoveredComponent.AUTHORITY)).isEqualTo("\"@authority\": shop.example:8080");
	}

	@Test
	void derivedWhenViewGivesTargetUriPartsThenSameValuesAsFromTheUri() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.method("GET")
			.uri("HTTP://Shop.Example:80/a%20b/c?x=1&y=%2F")
			.build();
		// a host adapter (e.g. a servlet request) handing over the parts without a URI; targetUri() is not used
		HttpRequestView parts = partsOnly(new TargetUri("HTTP", "Shop.Example", 80, "/a%20b/c", "x=1&y=%2F"));
		for (CoveredComponent component : List.of(CoveredComponent.TARGET_URI, CoveredComponent.AUTHORITY,
				CoveredComponent.SCHEME, CoveredComponent.REQUEST_TARGET, CoveredComponent.PATH, CoveredComponent.QUERY,
				CoveredComponent.queryParam("y"))) {
			assertThat(line(parts, component)).isEqualTo(line(request, component));
		}
		assertThat(line(parts, CoveredComponent.TARGET_URI)).isEqualTo("\"@target-uri\": http://shop.example/a%20b/c?x=1&y=%2F");
		assertThat(TargetUri.of(java.net.URI.create("http://h:8080/p?q"))).isEqualTo(new TargetUri("http", "h", 8080, "/p", "q"))
			.hasToString("http://h:8080/p?q");
	}

	@Test
	void derivedWhenTargetUriHasNoHostThenComponentMissing() {
		HttpRequestView view = partsOnly(new TargetUri("https", "", -1, "/", null));
		assertThatExceptionOfType(AgentAuthException.class).isThrownBy(() -> line(view, CoveredComponent.AUTHORITY))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.COMPONENT_MISSING));
	}

	// a GET whose target URI is known only by its parts
	private static HttpRequestView partsOnly(TargetUri parts) {
		return new HttpRequestView() {
			@Override
			public String method() {
				return "GET";
			}

			@Override
			public java.net.URI targetUri() {
				throw new AssertionError("the signature base uses targetUriParts()");
			}

			@Override
			public TargetUri targetUriParts() {
				return parts;
			}

			@Override
			public java.util.List<String> headerValues(String name) {
				return List.of();
			}
		};
	}

	@Test
	void queryParamWhenEncodedThenReencodedPerSection2_2_8() throws Exception {
		SimpleHttpRequest request = SimpleHttpRequest.builder()
			.uri("https://example.com/parameters?var=this%20is%20a%20big%0Avalue&bar=with+plus+whitespace"
					+ "&fa%C3%A7ade%22%3A%20=something")
			.build();
		assertThat(line(request, CoveredComponent.queryParam("var")))
			.isEqualTo("\"@query-param\";name=\"var\": this%20is%20a%20big%0Avalue");
		assertThat(line(request, CoveredComponent.queryParam("bar")))
			.isEqualTo("\"@query-param\";name=\"bar\": with%20plus%20whitespace");
		assertThat(line(request, CoveredComponent.queryParam("fa%C3%A7ade%22%3A%20")))
			.isEqualTo("\"@query-param\";name=\"fa%C3%A7ade%22%3A%20\": something");
	}

	@Test
	void queryParamWhenNameOccursTwiceThenSignatureMalformed() throws Exception {
		// RFC 9421 §2.2.8: "If a parameter name occurs multiple times in a request, the named query parameter
		// MUST NOT be included"; @query covers such requests
		SimpleHttpRequest request = SimpleHttpRequest.builder().uri("https://example.com/?a=1&b=2&a=3").build();
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(request, CoveredComponent.queryParam("a")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED));
		assertThat(line(request, CoveredComponent.queryParam("b"))).isEqualTo("\"@query-param\";name=\"b\": 2");
	}

	@Test
	void queryParamWhenAbsentThenComponentMissing() {
		SimpleHttpRequest request = SimpleHttpRequest.builder().uri("https://example.com/?a=1").build();
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(request, CoveredComponent.queryParam("b")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.COMPONENT_MISSING));
	}

	@Test
	void fieldWhenAbsentThenComponentMissing() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(FIELDS_EXAMPLE, CoveredComponent.of("content-digest")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.COMPONENT_MISSING));
	}

	@Test
	void fieldWhenSfOnUnknownFieldThenSignatureMalformed() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(FIELDS_EXAMPLE, CoveredComponent.structuredField("x-ows-header")))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED));
	}

	@Test
	void fieldWhenTrailerThenSignatureMalformed() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(FIELDS_EXAMPLE, CoveredComponent.of("host", Map.of("tr", true))))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED));
	}

	@Test
	void requestWhenStatusCoveredThenSignatureMalformed() {
		assertThatExceptionOfType(AgentAuthException.class)
			.isThrownBy(() -> line(FIELDS_EXAMPLE, CoveredComponent.STATUS))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.SIGNATURE_MALFORMED));
	}

	@Test
	void baseWhenParametersThenEndsWithSignatureParamsLine() throws Exception {
		SignatureParameters parameters = SignatureParameters.builder()
			.components(CoveredComponent.METHOD, CoveredComponent.TARGET_URI)
			.created(Instant.ofEpochSecond(1))
			.expires(Instant.ofEpochSecond(61))
			.nonce("abc")
			.keyId("k")
			.tag("agent-auth")
			.build();
		assertThat(SignatureBase.of(FIELDS_EXAMPLE, parameters).text()).isEqualTo("""
				"@method": GET
				"@target-uri": https://www.example.com/
				"@signature-params": ("@method" "@target-uri");created=1;expires=61;nonce="abc";keyid="k";tag="agent-auth\"""");
	}

	@Test
	void componentWhenUnknownDerivedOrBadParameterThenRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> CoveredComponent.of("@body"));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> CoveredComponent.of("@method", Map.of("sf", true)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> CoveredComponent.of("content-type", Map.of("x", true)));
		assertThat(CoveredComponent.of("Content-Type").serialize()).isEqualTo("\"content-type\"");
	}

}
