package dev.agentauth.gateway.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The request as the upstream gets it: without any {@code Agent-Auth-*} field the client sent, with the gateway's
 * own identity headers (if any). Everything else, the body included, is the wrapped request's.
 */
final class IdentityHeadersRequest extends HttpServletRequestWrapper {

	private final Map<String, String> identity;

	IdentityHeadersRequest(HttpServletRequest request, Map<String, String> identity) {
		super(request);
		this.identity = identity;
	}

	@Override
	public @Nullable String getHeader(String name) {
		if (IdentityHeaders.isIdentityHeader(name)) {
			return trusted(name);
		}
		return super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		if (IdentityHeaders.isIdentityHeader(name)) {
			String value = trusted(name);
			return (value != null) ? Collections.enumeration(List.of(value)) : Collections.emptyEnumeration();
		}
		return super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		Enumeration<String> original = super.getHeaderNames();
		while (original != null && original.hasMoreElements()) {
			String name = original.nextElement();
			if (!IdentityHeaders.isIdentityHeader(name)) {
				names.add(name);
			}
		}
		names.addAll(this.identity.keySet());
		return Collections.enumeration(names);
	}

	@Override
	public long getDateHeader(String name) {
		return IdentityHeaders.isIdentityHeader(name) ? -1 : super.getDateHeader(name);
	}

	@Override
	public int getIntHeader(String name) {
		if (IdentityHeaders.isIdentityHeader(name)) {
			String value = trusted(name);
			return (value != null) ? Integer.parseInt(value) : -1;
		}
		return super.getIntHeader(name);
	}

	private @Nullable String trusted(String name) {
		for (Map.Entry<String, String> header : this.identity.entrySet()) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		return null;
	}

}
