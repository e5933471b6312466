package dev.agentauth.it.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.agentauth.client.AgentKeyPair;
import dev.agentauth.it.keycloak.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: measures {@code GET /realms/{realm}/agents/keys/{kid}} with 100,000 agents registered. Runs only
 * when asked, on PostgreSQL (rows are bulk-inserted with JDBC, as the admin API would take minutes):
 *
 * <pre>
 * AGENTAUTH_TEST_KC_DB=postgres ./mvnw -B -ntp -pl integration-tests -am verify \
 *   -Dtest=KeyLookupScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dagentauth.bench=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "agentauth.bench", matches = "true")
@EnabledIfEnvironmentVariable(named = "AGENTAUTH_TEST_KC_DB", matches = "postgres")
class KeyLookupScaleBenchmark {

	private static final int AGENTS = 100_000;

	private static final int WARMUP = 2_000;

	private static final int MEASURED = 10_000;

	@Test
	void keyLookupWith100kAgents() throws Exception {
		KeycloakServer keycloak = KeycloakServer.get();
		String realmId = (String) KeycloakServer
			.json(keycloak.admin("GET", "/admin/realms/agentic-commerce", null).body())
			.get("id");
		List<String> kids = new ArrayList<>(AGENTS);
		long started = System.nanoTime();
		try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "x")) {
			db.setAutoCommit(false);
			try (PreparedStatement agent = db.prepareStatement("INSERT INTO " + KeycloakServer.schema("agentauth_it") + ".aa_agent "
					+ "(id, realm_id, name, operator, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?)");
					PreparedStatement key = db.prepareStatement("INSERT INTO "
							+ KeycloakServer.schema("agentauth_it") + ".aa_agent_key "
							+ "(id, realm_id, agent_id, thumbprint, jwk, algorithm, status, created_at, key_id) "
							+ "VALUES (?,?,?,?,?,?,?,?,?)")) {
				long now = System.currentTimeMillis();
				for (int i = 0; i < AGENTS; i++) {
					AgentKeyPair pair = AgentKeyPair.generateEd25519();
					String agentId = UUID.randomUUID().toString();
					agent.setString(1, agentId);
					agent.setString(2, realmId);
					agent.setString(3, "bench-agent-" + i);
					agent.setString(4, "bench-operator");
					agent.setString(5, "ACTIVE");
					agent.setLong(6, now);
					agent.setLong(7, now);
					agent.addBatch();
					key.setString(1, UUID.randomUUID().toString());
					key.setString(2, realmId);
					key.setString(3, agentId);
					key.setString(4, pair.thumbprint());
					key.setString(5, pair.publicJwkJson());
					key.setString(6, "ed25519");
					key.setString(7, "ACTIVE");
					key.setLong(8, now);
					key.setString(9, pair.thumbprint());
					key.addBatch();
					kids.add(pair.thumbprint());
					if (i % 5_000 == 4_999) {
						agent.executeBatch();
						key.executeBatch();
					}
				}
			}
			db.commit();
		}
		System.out.printf("inserted %d agents and keys in %.1f s%n", AGENTS, (System.nanoTime() - started) / 1e9);

		Random random = new Random(42);
		for (int i = 0; i < WARMUP; i++) {
			lookup(keycloak, kids.get(random.nextInt(AGENTS)));
		}
		long[] micros = new long[MEASURED];
		for (int i = 0; i < MEASURED; i++) {
			String kid = kids.get(random.nextInt(AGENTS));
			long t0 = System.nanoTime();
			lookup(keycloak, kid);
			micros[i] = (System.nanoTime() - t0) / 1_000;
		}
		Arrays.sort(micros);
		System.out.printf("key lookup over HTTP, %d agents, %d sequential requests: median %d us, p90 %d us, "
				+ "p99 %d us, max %d us%n", AGENTS, MEASURED, micros[MEASURED / 2], micros[MEASURED * 90 / 100],
				micros[MEASURED * 99 / 100], micros[MEASURED - 1]);
	}

	private static void lookup(KeycloakServer keycloak, String kid) {
		HttpResponse<String> response = keycloak.send(HttpRequest
			.newBuilder(keycloak.uri("/realms/agentic-commerce/agents/keys/" + kid)).build());
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
