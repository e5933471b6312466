package dev.agentauth.demo.merchant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's "ecs" profile: audit lines are Elastic Common Schema JSON with the audit facts as ECS fields.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "agentauth.registry.issuer-uri=http://127.0.0.1:9/realms/demo")
@ActiveProfiles("ecs")
@ExtendWith(OutputCaptureExtension.class)
class EcsAuditLogTests {

	@Value("${local.server.port}")
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void refusalIsOneEcsJsonLineWithOutcomeReasonAndRequest(CapturedOutput output) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/products"))
				.header("X-Request-Id", "ecs-test-1")
				.header("User-Agent", "ecs-test")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);

		String line = output.getOut().lines().filter((l) -> l.contains("\"agentauth.audit\"")).findFirst()
			.orElseThrow(() -> new AssertionError("no agentauth.audit line in " + output.getOut()));
		Map<String, Object> json = JSONObjectUtils.parse(line);
		assertThat(json).containsKeys("@timestamp", "message").containsEntry("message",
				"outcome=refused reason=signature_missing method=GET path=/api/v1/products request_id=ecs-test-1 "
						+ "client=127.0.0.1");
		assertThat((Map<String, Object>) json.get("event")).containsEntry("outcome", "failure")
			.containsEntry("reason", "signature_missing")
			.containsEntry("category", "authentication");
		assertThat((Map<String, Object>) json.get("source")).containsEntry("ip", "127.0.0.1");
		assertThat((Map<String, Object>) json.get("url")).containsEntry("path", "/api/v1/products");
		assertThat((Map<String, Object>) json.get("user_agent")).containsEntry("original", "ecs-test");
		assertThat((Map<String, Object>) ((Map<String, Object>) json.get("http")).get("request"))
			.containsEntry("method", "GET")
			.containsEntry("id", "ecs-test-1");
		assertThat((Map<String, Object>) json.get("log")).containsEntry("logger", "agentauth.audit");
		assertThat(List.of(line.split("\n"))).hasSize(1);
	}

}
