package dev.agentauth.merchant.signature;

import java.net.URI;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.agentauth.core.signature.TargetUri;

import static org.assertj.core.api.Assertions.assertThat;

class ServletRequestViewTests {

	@Test
	void headerValuesWhenAskedTwiceInAnyCaseThenReadOnce() {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/api/products");
		mock.addHeader("Signature", "sig1=:AAAA:");
		mock.addHeader("Accept", "a");
		mock.addHeader("Accept", "b");
		AtomicInteger reads = new AtomicInteger();
		ServletRequestView view = new ServletRequestView(new HttpServletRequestWrapper(mock) {
			@Override
			public Enumeration<String> getHeaders(String name) {
				reads.incrementAndGet();
				return super.getHeaders(name);
			}

			@Override
			public String getHeader(String name) {
				throw new AssertionError("the view reads fields with getHeaders only");
			}
		});
		assertThat(view.headerValues("Signature")).containsExactly("sig1=:AAAA:");
		assertThat(view.headerValues("signature")).containsExactly("sig1=:AAAA:");
		assertThat(view.hasHeader("SIGNATURE")).isTrue();
		assertThat(view.firstHeaderValue("signature")).isEqualTo("sig1=:AAAA:");
		assertThat(reads).hasValue(1);
		assertThat(view.headerValues("accept")).containsExactly("a", "b");
		assertThat(view.firstHeaderValue("Accept")).isEqualTo("a");
		assertThat(view.headerValues("content-digest")).isEmpty();
		assertThat(view.hasHeader("Content-Digest")).isFalse();
		assertThat(view.firstHeaderValue("content-digest")).isNull();
		assertThat(reads).hasValue(3);
	}

	@Test
	void headerValuesWhenManyFieldsThenAllKept() {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/");
		for (int i = 0; i < 20; i++) {
			mock.addHeader("x-field-" + i, "v" + i);
		}
		ServletRequestView view = new ServletRequestView(mock);
		for (int i = 0; i < 20; i++) {
			assertThat(view.headerValues("X-Field-" + i)).containsExactly("v" + i);
		}
		for (int i = 0; i < 20; i++) {
			assertThat(view.headerValues("x-field-" + i)).containsExactly("v" + i);
		}
		assertThat(view.headerValues("x-other")).isEqualTo(Collections.emptyList());
	}

	@Test
	void targetUriWhenPublicBaseUriThenItsSchemeAndAuthority() {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/api/products");
		mock.setServerName("10.0.0.7");
		mock.setServerPort(8081);
		mock.setQueryString("page=2");
		assertThat(new ServletRequestView(mock).targetUri()).hasToString("http://10.0.0.7:8081/api/products?page=2");
		assertThat(new ServletRequestView(mock).targetUriParts())
			.isEqualTo(new TargetUri("http", "10.0.0.7", 8081, "/api/products", "page=2"));
		ServletRequestView behindProxy = new ServletRequestView(mock, URI.create("HTTPS://Shop.Example.com/"));
		assertThat(behindProxy.targetUri()).hasToString("https://Shop.Example.com/api/products?page=2");
		assertThat(behindProxy.targetUriParts())
			.isEqualTo(new TargetUri("https", "Shop.Example.com", -1, "/api/products", "page=2"));
	}

	@Test
	void targetUriPartsWhenEncodedPathThenRawAndSameAsParsedUri() {
		MockHttpServletRequest mock = new MockHttpServletRequest("GET", "/api/a%20b");
		mock.setServerName("shop.example");
		mock.setServerPort(80);
		ServletRequestView view = new ServletRequestView(mock);
		assertThat(view.targetUriParts()).isEqualTo(TargetUri.of(view.targetUri()))
			.isEqualTo(new TargetUri("http", "shop.example", 80, "/api/a%20b", null));
	}

}
