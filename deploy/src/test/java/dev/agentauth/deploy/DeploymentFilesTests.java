package dev.agentauth.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentauth.deploy.DeploymentFiles.Instruction;

import static dev.agentauth.deploy.DeploymentFiles.REPOSITORY;
import static dev.agentauth.deploy.DeploymentFiles.environment;
import static dev.agentauth.deploy.DeploymentFiles.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, the Dockerfiles under deploy/ and .env.example checked against what the build produces: the
 * services, images and versions, health checks and start order, the jars the images copy (they must exist after
 * {@code package}), the mounted paths, the ports, and every variable: a {@code KC_*} must be a Keycloak 26.7 option
 * (from the distribution's own option definitions) or a documented option of our provider, and every merchant
 * variable a property that the merchant's runnable jar declares. No Docker engine is needed.
 */
@SuppressWarnings("unchecked")
class DeploymentFilesTests {

	private static final String KEYCLOAK_VERSION = System.getProperty("agentauth.keycloak.version", "26.7.3");

	private static final String PROJECT_VERSION = System.getProperty("agentauth.project.version", "0.1.0-SNAPSHOT");

	private static final List<String> MERCHANTS = List.of("merchant-1", "merchant-2");

	private static final List<String> KEYCLOAKS = List.of("keycloak-1", "keycloak-2");

	private static Map<String, String> env;

	private static Map<String, Object> compose;

	@BeforeAll
	static void read() {
		env = DeploymentFiles.envExample();
		compose = DeploymentFiles.compose(env);
	}

	@Test
	void composeHasPostgresRedisTwoKeycloaksAndTwoMerchantsBehindNginxMonitoringAndTheScenario() {
		assertThat(((Map<String, Object>) compose.get("services")).keySet()).containsExactlyInAnyOrder("postgres",
				"redis", "keycloak-1", "keycloak-2", "keycloak", "merchant-1", "merchant-2", "merchant", "prometheus", "grafana", "demo-agent");
		assertThat((String) service(compose, "prometheus").get("image")).startsWith("prom/prometheus:v3");
		assertThat((String) service(compose, "grafana").get("image")).startsWith("grafana/grafana:");
		assertThat((String) service(compose, "postgres").get("image")).matches("postgres:17(\\..*)?");
		assertThat((String) service(compose, "redis").get("image")).matches("redis:7(\\..*)?");
		assertThat((String) service(compose, "merchant").get("image")).startsWith("nginx:");
		assertThat((String) service(compose, "keycloak").get("image")).startsWith("nginx:");
		assertThat(service(compose, "demo-agent").get("profiles")).isEqualTo(List.of("scenario"));
	}

	@Test
	void keycloakImageIsTheVersionWeBuildForInProductionModeOnPostgres() {
		List<Instruction> dockerfile = DeploymentFiles.dockerfile(build("keycloak"));
		assertThat(dockerfile).filteredOn((i) -> i.keyword().equals("FROM"))
			.extracting((i) -> i.arguments().split("\\s+")[0])
			.isNotEmpty()
			.allMatch(("quay.io/keycloak/keycloak:" + KEYCLOAK_VERSION)::equals);
		Map<String, String> buildOptions = dockerEnv(dockerfile);
		assertThat(buildOptions).containsEntry("KC_DB", "postgres").containsEntry("KC_HEALTH_ENABLED", "true");
		assertThat(dockerfile).anyMatch((i) -> i.keyword().equals("RUN") && i.arguments().endsWith("kc.sh build"));

		Map<String, Object> keycloak = service(compose, "keycloak-1");
		// the second node is the first with the same image, command and settings; it only starts after it
		Map<String, Object> second = new HashMap<>(service(compose, "keycloak-2"));
		assertThat((Map<String, Object>) second.remove("depends_on")).containsKeys("postgres", "keycloak-1");
		Map<String, Object> first = new HashMap<>(keycloak);
		first.remove("depends_on");
		assertThat(second).isEqualTo(first);
		List<String> command = (List<String>) keycloak.get("command");
		assertThat(command.get(0)).isEqualTo("start");
		assertThat(command).contains("--optimized", "--import-realm").doesNotContain("start-dev");
		assertThat(environment(keycloak).get("KC_DB_URL")).startsWith("jdbc:postgresql://postgres:5432/");
		// a cluster: embedded Infinispan, discovery through the database
		assertThat(environment(keycloak)).containsEntry("KC_CACHE", "ispn").containsEntry("KC_CACHE_STACK", "jdbc-ping");
		assertThat(environment(keycloak).get("KC_DB_PASSWORD"))
			.isEqualTo(environment(service(compose, "postgres")).get("POSTGRES_PASSWORD"));
	}

	@Test
	void everyDependencyWaitsForAServiceWithAHealthCheck() {
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		int edges = 0;
		for (Map.Entry<String, Object> entry : services.entrySet()) {
			Object dependsOn = ((Map<String, Object>) entry.getValue()).get("depends_on");
			if (dependsOn == null) {
				continue;
			}
			assertThat(dependsOn).as(entry.getKey() + " depends_on must name conditions").isInstanceOf(Map.class);
			for (Map.Entry<String, Object> dependency : ((Map<String, Object>) dependsOn).entrySet()) {
				assertThat((Map<String, Object>) dependency.getValue()).as(entry.getKey() + " -> " + dependency.getKey())
					.containsEntry("condition", "service_healthy");
				assertThat(service(compose, dependency.getKey())).as(dependency.getKey() + " needs a healthcheck")
					.containsKey("healthcheck");
				edges++;
			}
		}
		assertThat(edges).isGreaterThanOrEqualTo(10);
		for (String name : List.of("postgres", "redis", "keycloak-1", "keycloak-2", "keycloak", "merchant-1", "merchant-2", "merchant",
				"prometheus", "grafana")) {
			assertThat(service(compose, name)).as(name).containsKey("healthcheck");
		}
	}

	@Test
	void everyJarTheImagesCopyIsOneTheBuildProduces() throws IOException {
		Map<String, String> expected = Map.of("keycloak",
				"keycloak-agent-spi/target/keycloak-agent-spi-" + PROJECT_VERSION + ".jar", "merchant",
				"demo/target/demo-" + PROJECT_VERSION + ".jar", "demo-agent", "demo-agent/target/demo-agent.jar");
		List<String> dockerignore = DeploymentFiles.read(".dockerignore").lines()
			.filter((line) -> line.startsWith("!"))
			.map((line) -> line.substring(1))
			.toList();
		// patterns after the exceptions that take files out of the context again (sources and javadoc jars)
		List<PathMatcher> excluded = DeploymentFiles.read(".dockerignore").lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("!") && !line.equals("*"))
			.map((line) -> FileSystems.getDefault().getPathMatcher("glob:" + REPOSITORY.resolve(line)))
			.toList();
		for (Map.Entry<String, String> image : expected.entrySet()) {
			List<String> sources = DeploymentFiles.dockerfile(build(image.getKey()))
				.stream()
				.filter((i) -> i.keyword().equals("COPY") && !i.arguments().startsWith("--from"))
				.map((i) -> i.arguments().split("\\s+")[0])
				.toList();
			assertThat(sources).as(image.getKey()).hasSize(1);
			String source = sources.get(0);
			assertThat(matches(source).stream().filter((p) -> excluded.stream().noneMatch((e) -> e.matches(p))))
				.as("%s copies %s: after ./mvnw package that must be exactly %s",
					image.getKey(), source, image.getValue())
				.containsExactly(REPOSITORY.resolve(image.getValue()));
			assertThat(dockerignore).as(".dockerignore must let " + source + " into the build context")
				.contains(source);
		}
	}

	@Test
	void everyMountedHostPathExists() {
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		List<String> mounted = new ArrayList<>();
		services.forEach((name, service) -> {
			for (Object volume : (List<Object>) ((Map<String, Object>) service).getOrDefault("volumes", List.of())) {
				String hostPath = String.valueOf(volume).split(":")[0];
				if (hostPath.startsWith(".") || hostPath.startsWith("/")) {
					assertThat(REPOSITORY.resolve(hostPath)).as(name + " mounts " + hostPath).exists();
					mounted.add(hostPath);
				}
			}
		});
		assertThat(mounted).contains("./realm-config", "./deploy/nginx/nginx.conf", "./deploy/nginx/keycloak.conf");
		assertThat(REPOSITORY.resolve("realm-config/agentic-commerce-realm.json")).exists();
	}

	@Test
	void keycloakVariablesAreKeycloakOptionsWithBuildOptionsFixedInTheImage() throws Exception {
		Map<String, Boolean> options = keycloakOptions(); // key -> build time
		assertThat(options).containsKeys("db", "db-url", "health-enabled", "hostname", "bootstrap-admin-password");
		String keycloakDocs = DeploymentFiles.read("docs/keycloak.md");

		Map<String, String> runtime = environment(service(compose, "keycloak-1"));
		Map<String, String> build = dockerEnv(DeploymentFiles.dockerfile(build("keycloak")));
		assertThat(runtime.keySet()).allMatch((name) -> name.startsWith("KC_"));
		for (String name : runtime.keySet()) {
			String option = keycloakOption(name);
			if (option.startsWith("spi-")) {
				// our provider's options are documented in the settings tables of docs/keycloak.md
				assertThat(keycloakDocs).as(name + " is not a documented SPI option").contains("`" + option + "`");
			}
			else {
				assertThat(options).as(name + " is not a Keycloak " + KEYCLOAK_VERSION + " option").containsKey(option);
				assertThat(options.get(option)).as(name + " is a build option: set it in deploy/keycloak/Dockerfile, "
						+ "start --optimized ignores it").isFalse();
			}
		}
		for (String name : build.keySet()) {
			assertThat(options).as(name + " is not a Keycloak option").containsKey(keycloakOption(name));
			assertThat(options.get(keycloakOption(name))).as(name + " is not a build option").isTrue();
		}
	}

	@Test
	void merchantVariablesArePropertiesTheMerchantJarDeclares() throws IOException {
		Set<String> declared = DeploymentFiles.merchantProperties();
		assertThat(declared).contains("agentauth.replay.store", "agentauth.revocation.client-secret",
				"spring.data.redis.host", "server.port");
		Map<String, String> variables = new HashMap<>();
		for (String property : declared) {
			variables.put(property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", ""), property);
		}
		for (String name : MERCHANTS) {
			Map<String, String> environment = environment(service(compose, name));
			for (String variable : environment.keySet()) {
				assertThat(variables).as("%s: %s is no property of the merchant jar (Spring's relaxed binding: "
						+ "upper case, dots to underscores, no dashes)", name, variable).containsKey(variable);
			}
			assertThat(environment).containsEntry("AGENTAUTH_REPLAY_STORE", "redis")
				.containsEntry("AGENTAUTH_STATE_STORE", "redis")
				.containsEntry("SPRING_DATA_REDIS_HOST", "redis")
				.containsEntry("SPRING_DATA_REDIS_PASSWORD", env.get("REDIS_PASSWORD"))
				.containsEntry("AGENTAUTH_REVOCATION_CLIENTSECRET", env.get("MERCHANT_CLIENT_SECRET"))
				.containsKey("AGENTAUTH_MERCHANTID")
				.containsEntry("AGENTAUTH_REGISTRY_ISSUERURI", env.get("KEYCLOAK_URL") + "/realms/agentic-commerce");
		}
		// the replicas differ in nothing: they share state through Redis
		assertThat(service(compose, "merchant-2")).isEqualTo(service(compose, "merchant-1"));
	}

	@Test
	void secretsComeFromTheEnvironmentFileAndMatchTheDemoRealm() throws Exception {
		assertThat(DeploymentFiles.composeVariables()).isNotEmpty().allSatisfy((name) -> assertThat(env)
			.as("docker-compose.yml uses ${%s}; .env.example must define it", name).containsKey(name));
		String text = DeploymentFiles.read("docker-compose.yml");
		for (String secret : List.of("POSTGRES_PASSWORD", "REDIS_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD",
				"MERCHANT_CLIENT_SECRET")) {
			assertThat(text).as(secret + " must not be written into docker-compose.yml").doesNotContain(env.get(secret));
		}
		assertThat(DeploymentFiles.read(".gitignore").lines()).contains(".env");

		// the demo realm's merchant client: its secret is the one the merchants poll the revocation feed with
		Map<String, Object> realm = JSONObjectUtils
			.parse(DeploymentFiles.read("realm-config/agentic-commerce-realm.json"));
		String merchantId = environment(service(compose, "merchant-1")).get("AGENTAUTH_MERCHANTID");
		Map<String, Object> client = ((List<Map<String, Object>>) realm.get("clients")).stream()
			.filter((c) -> merchantId.equals(c.get("clientId")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the demo realm has no client " + merchantId));
		assertThat(client).containsEntry("secret", env.get("MERCHANT_CLIENT_SECRET"))
			.containsEntry("serviceAccountsEnabled", true);
	}

	@Test
	void portsAndHostNamesLineUp() {
		Map<String, String> keycloak = environment(service(compose, "keycloak-1"));
		assertThat(keycloak).containsEntry("KC_HOSTNAME", env.get("KEYCLOAK_URL"));
		for (String node : KEYCLOAKS) {
			assertThat(service(compose, node)).as(node + " is reached through the proxy only").doesNotContainKey("ports");
			assertThat(healthCheck(node)).contains("/dev/tcp/127.0.0.1/" + keycloak.get("KC_HTTP_MANAGEMENT_PORT"))
				.contains("/health/ready");
		}
		// the "keycloak" service is nginx over both nodes, on the port of KEYCLOAK_URL (the issuer)
		String proxy = DeploymentFiles.read("deploy/nginx/keycloak.conf");
		List<String> nodes = new ArrayList<>();
		Matcher node = Pattern.compile("(?m)^\\s*server\\s+([^\\s;{]+)[^;{]*;").matcher(proxy);
		while (node.find()) {
			nodes.add(node.group(1));
		}
		assertThat(nodes).containsExactlyElementsOf(KEYCLOAKS.stream().map((k) -> k + ":" + keycloak.get("KC_HTTP_PORT")).toList());
		Matcher proxyListen = Pattern.compile("listen\\s+(\\d+);").matcher(proxy);
		assertThat(proxyListen.find()).isTrue();
		assertThat((List<String>) service(compose, "keycloak").get("ports"))
			.containsExactly(proxyListen.group(1) + ":" + proxyListen.group(1));
		assertThat(env.get("KEYCLOAK_URL")).isEqualTo("http://keycloak:" + proxyListen.group(1));
		assertThat(healthCheck("keycloak")).contains("/dev/tcp/127.0.0.1/" + proxyListen.group(1));
		assertThat(proxy).contains("proxy_next_upstream error timeout");

		String port = environment(service(compose, "merchant-1")).get("SERVER_PORT");
		String nginx = DeploymentFiles.read("deploy/nginx/nginx.conf");
		List<String> upstreams = new ArrayList<>();
		Matcher server = Pattern.compile("(?m)^\\s*server\\s+([^\\s;{]+)[^;{]*;").matcher(nginx);
		while (server.find()) {
			upstreams.add(server.group(1));
		}
		assertThat(upstreams).containsExactlyElementsOf(MERCHANTS.stream().map((m) -> m + ":" + port).toList());
		Matcher listen = Pattern.compile("listen\\s+(\\d+);").matcher(nginx);
		assertThat(listen.find()).isTrue();
		assertThat((List<String>) service(compose, "merchant").get("ports"))
			.containsExactly(listen.group(1) + ":" + listen.group(1));
		assertThat(nginx).contains("proxy_set_header Host $http_host;");
		String management = environment(service(compose, "merchant-1")).get("MANAGEMENT_SERVER_PORT");
		for (String name : MERCHANTS) {
			// Actuator's readiness on the management port, which nginx does not publish
			assertThat(healthCheck(name)).contains("/dev/tcp/127.0.0.1/" + management)
				.contains("/actuator/health/readiness")
				.contains("UP");
			assertThat(environment(service(compose, name))).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED",
					"true");
		}
		assertThat(management).isNotEqualTo(port);
		String scrape = DeploymentFiles.read("deploy/prometheus/prometheus.yml");
		for (String name : MERCHANTS) {
			assertThat(scrape).contains("\"" + name + ":" + management + "\"");
		}
		for (String name : KEYCLOAKS) {
			assertThat(scrape).contains("\"" + name + ":" + keycloak.get("KC_HTTP_MANAGEMENT_PORT") + "\"");
		}
		assertThat(healthCheck("merchant")).contains("/dev/tcp/127.0.0.1/" + listen.group(1));

		List<String> scenario = (List<String>) service(compose, "demo-agent").get("command");
		assertThat(scenario.get(scenario.indexOf("--merchant") + 1)).isEqualTo("http://merchant:" + listen.group(1));
		assertThat(scenario.get(scenario.indexOf("--keycloak") + 1)).isEqualTo(env.get("KEYCLOAK_URL"));
	}

	@Test
	void alertRulesUseOnlySeriesTheStarterOrTheKeycloakExtensionRegisters() throws IOException {
		Set<String> series = new java.util.TreeSet<>(StarterMeters.prometheusSeries());
		series.addAll(StarterMeters.keycloakPrometheusSeries());
		assertThat(series).contains("agentauth_requests_total", "agentauth_registry_cache_total",
				"agentauth_verification_seconds", "agentauth_revocation_lag_seconds", "agentauth_risk_score_bucket",
				"agentauth_risk_score_count", "agentauth_risk_decisions_total", "agentauth_risk_degraded_total",
				"agentauth_risk_rule_errors_total");
		Map<String, Object> rules = (Map<String, Object>) new org.yaml.snakeyaml.Yaml(
				new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()))
			.load(DeploymentFiles.read("deploy/prometheus/agentauth-alerts.yml"));
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
				expressions.add((String) rule.get("expr"));
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
		Set<String> used = StarterMeters.used(String.join("\n", expressions));
		assertThat(series).as("series the alert rules use and neither the starter nor the extension registers")
			.containsAll(used);
		assertThat(used).hasSizeGreaterThanOrEqualTo(8)
			.contains("agentauth_keycloak_token_exchanges_total", "agentauth_keycloak_feed_consumer_lag_seconds");
		// the reasons the rules match on are error codes that exist
		assertThat(StarterMeters.unknownReasons(String.join("\n", expressions))).as("reasons that are no error code")
			.isEmpty();
	}

	private static String build(String image) {
		return "deploy/" + image + "/Dockerfile";
	}

	private static Map<String, String> dockerEnv(List<Instruction> dockerfile) {
		Map<String, String> variables = new HashMap<>();
		dockerfile.stream().filter((i) -> i.keyword().equals("ENV")).forEach((i) -> {
			for (String pair : i.arguments().split("\\s+")) {
				int eq = pair.indexOf('=');
				variables.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		});
		return variables;
	}

	private static String healthCheck(String service) {
		return String.join(" ", (List<String>) ((Map<String, Object>) service(compose, service).get("healthcheck"))
			.get("test"));
	}

	private static List<Path> matches(String glob) throws IOException {
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + REPOSITORY.resolve(glob));
		Path dir = REPOSITORY.resolve(glob).getParent();
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(matcher::matches).toList();
		}
	}

	/** {@code KC_SPI_A_B__C__D_E} → {@code spi-a-b--c--d-e}; {@code KC_DB_URL} → {@code db-url}. */
	private static String keycloakOption(String variable) {
		return variable.substring(3).toLowerCase(Locale.ROOT).replace("__", "\u0000").replace('_', '-')
			.replace("\u0000", "--");
	}

	/** Every option of the Keycloak distribution (its {@code org.keycloak.config} definitions): key → build time. */
	private static Map<String, Boolean> keycloakOptions() throws Exception {
		Path dir = Path.of(System.getProperty("agentauth.keycloak.options", "target/keycloak-options"));
		List<Path> jars;
		try (Stream<Path> files = Files.walk(dir)) {
			jars = files.filter((p) -> p.toString().endsWith(".jar")).toList();
		}
		Path configApi = jars.stream()
			.filter((p) -> p.getFileName().toString().contains("keycloak-config-api"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no keycloak-config-api jar under " + dir + "; run through Maven"));
		URL[] urls = new URL[jars.size()];
		for (int i = 0; i < urls.length; i++) {
			urls[i] = jars.get(i).toUri().toURL();
		}
		Map<String, Boolean> options = new HashMap<>();
		try (URLClassLoader loader = new URLClassLoader(urls, null); JarFile jar = new JarFile(configApi.toFile())) {
			Class<?> optionType = loader.loadClass("org.keycloak.config.Option");
			Method key = optionType.getMethod("getKey");
			Method buildTime = optionType.getMethod("isBuildTime");
			for (JarEntry entry : jar.stream().toList()) {
				String name = entry.getName();
				if (!name.startsWith("org/keycloak/config/") || !name.endsWith("Options.class")) {
					continue;
				}
				Class<?> type = loader.loadClass(name.replace('/', '.').replace(".class", ""));
				for (Field field : type.getFields()) {
					if (Modifier.isStatic(field.getModifiers()) && optionType.isAssignableFrom(field.getType())) {
						Object option = field.get(null);
						options.put((String) key.invoke(option), (Boolean) buildTime.invoke(option));
					}
				}
			}
		}
		return options;
	}

}
