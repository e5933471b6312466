package dev.agentauth.keycloak.rest.agent;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import dev.agentauth.core.net.Cidr;
import dev.agentauth.keycloak.rest.RestError;

/**
 * The body of creating ({@code POST}) or replacing ({@code PUT}) an agent. {@code allowedNetworks} is accepted
 * for {@code allowed_networks} (the spelling of earlier versions).
 *
 * @since 0.1.0
 */
public record AgentInput(@JsonProperty("name") @Nullable String name,
		@JsonProperty("description") @Nullable String description,
		@JsonProperty("operator") @Nullable String operator,
		@JsonProperty("allowed_networks") @JsonAlias("allowedNetworks") @Nullable List<String> allowedNetworks,
		@JsonProperty("keys") @Nullable List<KeyInput> keys) {

	static final String NETWORKS = "allowed_networks";

	/** The name: required, 1 to 255 characters. */
	public String validName() throws RestError {
		if (this.name == null) {
			throw RestError.invalidMember("name", "'name' is required");
		}
		if (this.name.isBlank() || this.name.length() > 255) {
			throw RestError.invalidMember("name", "'name' must be 1 to 255 characters");
		}
		return this.name;
	}

	/** The declared networks, each a CIDR or an address ({@link Cidr}); none when absent. */
	public List<String> validNetworks() throws RestError {
		if (this.allowedNetworks == null) {
			return List.of();
		}
		List<String> networks = new ArrayList<>();
		for (String network : this.allowedNetworks) {
			if (network == null) {
				throw RestError.invalidMember(NETWORKS, "'allowed_networks' must be an array of CIDR strings");
			}
			try {
				Cidr.parse(network);
			}
			catch (IllegalArgumentException ex) {
				throw RestError.invalidMember(NETWORKS, ex.getMessage());
			}
			networks.add(network);
		}
		return networks;
	}

	/** The keys to register with the agent; none when absent. */
	public List<KeyInput> validKeys() {
		return (this.keys != null) ? this.keys : List.of();
	}

}
