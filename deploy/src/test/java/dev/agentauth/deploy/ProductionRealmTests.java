package dev.agentauth.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/keycloak/production-realm.json, the realm template for production (docs/operations.md): well-formed, no
 * people, no secrets or credentials, TLS required, and the roles, client scopes and realm attributes the provider
 * needs, the same as in the demo realm it was derived from. It lives outside realm-config/, whose
 * {@code *-realm.json} files the tests import.
 */
class ProductionRealmTests {

	@Test
	void templateHasNoUsersSecretsOrDemoLeftovers() throws Exception {
		String text = DeploymentFiles.read("deploy/keycloak/production-realm.json");
		Map<String, Object> realm = JSONObjectUtils.parse(text);
		assertThat(realm.get("sslRequired")).isIn("external", "all");
		List<String> keys = new ArrayList<>();
		collectKeys(realm, keys);
		assertThat(keys).as("secrets and credentials in the template")
			.noneMatch((key) -> Set.of("secret", "credentials", "password", "privatekey", "certificate")
				.contains(key.toLowerCase(Locale.ROOT)));
		for (Map<String, Object> user : JSONObjectUtils.getJSONObjectArray(realm, "users")) {
			assertThat(user).as("only service accounts, no people").containsKey("serviceAccountClientId");
		}
		assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("demo", "localhost");
	}

	@Test
	void templateHasWhatTheProviderNeedsLikeTheDemoRealm() throws Exception {
		Map<String, Object> template = JSONObjectUtils.parse(DeploymentFiles.read("deploy/keycloak/production-realm.json"));
		Map<String, Object> demo = JSONObjectUtils
			.parse(DeploymentFiles.read("realm-config/agentic-commerce-realm.json"));
		assertThat(names(template, "clientScopes")).isEqualTo(names(demo, "clientScopes"));
		// roles, the default role and Keycloak's own clients as the demo has them, but for the template's realm name
		// (Keycloak's own clients must be listed with their scopes, or the account console answers 403)
		Map<String, Object> demoForTemplate = JSONObjectUtils.parse(DeploymentFiles
			.read("realm-config/agentic-commerce-realm.json")
			.replace("agentic-commerce", (String) template.get("realm")));
		for (String key : List.of("roles", "defaultRole", "clientScopeMappings")) {
			assertThat(template.get(key)).as(key).isEqualTo(demoForTemplate.get(key));
		}
		for (String builtIn : List.of("account", "account-console", "admin-cli", "broker", "realm-management",
				"security-admin-console")) {
			assertThat(client(template, builtIn)).as(builtIn).isEqualTo(client(demoForTemplate, builtIn));
		}
		assertThat(JSONObjectUtils.getJSONObject(template, "attributes").keySet())
			.isEqualTo(JSONObjectUtils.getJSONObject(demo, "attributes").keySet());
		assertThat(template.get("loginTheme")).isEqualTo("agentauth");
		// the demo realm says it is one
		assertThat((String) demo.get("displayName")).containsIgnoringCase("demo");
		assertThat(DeploymentFiles.REPOSITORY.resolve("realm-config/production-realm.json")).doesNotExist();
	}

	private static Map<String, Object> client(Map<String, Object> realm, String clientId) throws Exception {
		for (Map<String, Object> client : JSONObjectUtils.getJSONObjectArray(realm, "clients")) {
			if (clientId.equals(client.get("clientId"))) {
				return client;
			}
		}
		throw new AssertionError("no client " + clientId);
	}

	private static Set<String> names(Map<String, Object> realm, String key) throws Exception {
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> item : JSONObjectUtils.getJSONObjectArray(realm, key)) {
			names.add((String) item.get("name"));
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static void collectKeys(Object value, List<String> keys) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, child) -> {
				keys.add((String) key);
				collectKeys(child, keys);
			});
		}
		else if (value instanceof List<?> list) {
			list.forEach((child) -> collectKeys(child, keys));
		}
	}

}
