package dev.agentauth.it.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.agentauth.it.keycloak.KeycloakServer;

/**
 * The compatibility suite's realm ({@code compat/compat-realm.json}): Keycloak's defaults (no client scopes
 * listed, so Keycloak creates its own) plus a few clients and users. Created through the admin REST API, the same
 * way on both Keycloaks.
 */
final class CompatRealm {

	static final String USER = "carol";

	static final String USER_NAME = "Carol Compat";

	static final String ADMIN = "realm-admin";

	static final String CALLBACK = "http://127.0.0.1:1/callback";

	private CompatRealm() {
	}

	/**
	 * Creates the realm {@code realm} from the file, unless it exists; with {@code lightweightConsole} the account
	 * console's own client ({@code account-console}) gets lightweight access tokens.
	 */
	static void create(KeycloakServer keycloak, String realm, boolean lightweightConsole) {
		if (keycloak.admin("GET", "/admin/realms/" + realm, null).statusCode() == 200) {
			return;
		}
		Map<String, Object> representation = read();
		representation.put("realm", realm);
		// users of an imported realm get the roles they list, and no default role (manage-account, view-profile)
		for (Object user : (List<?>) representation.get("users")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> fields = (Map<String, Object>) user;
			fields.put("realmRoles", List.of("default-roles-" + realm));
		}
		HttpResponse<String> created = keycloak.admin("POST", "/admin/realms",
				JSONObjectUtils.toJSONString(representation));
		if (created.statusCode() != 201) {
			throw new IllegalStateException("Realm " + realm + " not created: " + created.statusCode() + " "
					+ created.body());
		}
		if (lightweightConsole) {
			Map<String, Object> client = keycloak.client(realm, "account-console");
			@SuppressWarnings("unchecked")
			Map<String, Object> attributes = new LinkedHashMap<>((Map<String, Object>) client.get("attributes"));
			attributes.put("client.use.lightweight.access.token.enabled", "true");
			client.put("attributes", attributes);
			HttpResponse<String> updated = keycloak.admin("PUT",
					"/admin/realms/" + realm + "/clients/" + client.get("id"), JSONObjectUtils.toJSONString(client));
			if (updated.statusCode() != 204) {
				throw new IllegalStateException("account-console not updated: " + updated.body());
			}
		}
	}

	private static Map<String, Object> read() {
		try (InputStream in = CompatRealm.class.getResourceAsStream("/compat/compat-realm.json")) {
			return JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
