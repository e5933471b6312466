package dev.agentauth.gateway;

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

	public Verify getVerify() {
		return this.verify;
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
