package dev.agentauth.gateway;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the gateway itself ({@code agentauth.gateway.*}); verification is configured with the starter's
 * {@code agentauth.*} settings and routes with {@code spring.cloud.gateway.server.webmvc.routes}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("agentauth.gateway")
public class GatewayProperties {

	private final Verify verify = new Verify();

	/**
	 * Purchase routes: requests whose JSON body names an amount, reserved against the delegation's spend limits
	 * before forwarding, kept when the upstream answers 2xx and given back otherwise.
	 */
	private List<Purchase> purchases = new ArrayList<>();

	public Verify getVerify() {
		return this.verify;
	}

	public List<Purchase> getPurchases() {
		return this.purchases;
	}

	public void setPurchases(List<Purchase> purchases) {
		this.purchases = purchases;
	}

	/** One purchase route. */
	public static class Purchase {

		/** Ant-style paths of the route, e.g. {@code /api/v1/checkout}. */
		private List<String> paths = new ArrayList<>();

		/** Methods that purchase. */
		private List<String> methods = new ArrayList<>(List.of("POST"));

		/** RFC 6901 JSON pointer to the amount in the request body (a decimal string or number), e.g. {@code /total}. */
		private String amount = "";

		/** RFC 6901 JSON pointer to the ISO 4217 currency in the body, e.g. {@code /currency}; else {@code default-currency}. */
		private String currency = "";

		/** The currency when the body names none. */
		private String defaultCurrency = "";

		/** A scope the delegation must include for this route, e.g. {@code checkout:create}; none when empty. */
		private String scope = "";

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public String getAmount() {
			return this.amount;
		}

		public void setAmount(String amount) {
			this.amount = amount;
		}

		public String getCurrency() {
			return this.currency;
		}

		public void setCurrency(String currency) {
			this.currency = currency;
		}

		public String getDefaultCurrency() {
			return this.defaultCurrency;
		}

		public void setDefaultCurrency(String defaultCurrency) {
			this.defaultCurrency = defaultCurrency;
		}

		public String getScope() {
			return this.scope;
		}

		public void setScope(String scope) {
			this.scope = scope;
		}

	}

	/** The verify endpoint for external proxies (nginx {@code auth_request}, Envoy {@code ext_authz}). */
	public static class Verify {

		/**
		 * Whether the verify endpoint answers. Only the proxy should reach it: it trusts the
		 * {@code X-Original-*} and {@code X-Real-IP} fields it is sent.
		 */
		private boolean enabled = false;

		/**
		 * Path of the verify endpoint. nginx sends the original method and URI as {@code X-Original-Method} and
		 * {@code X-Original-URI} to exactly this path; Envoy's ext_authz (HTTP service) appends the original path to
		 * it as a prefix.
		 */
		private String path = "/_agentauth/verify";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

}
