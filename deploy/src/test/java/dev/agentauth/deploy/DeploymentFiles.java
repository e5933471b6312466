package dev.agentauth.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's deployment files as the tests read them: docker-compose.yml (interpolated with .env.example, as
 * {@code docker-compose --env-file .env.example} does), the Dockerfiles' instructions, .env.example.
 */
final class DeploymentFiles {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

	static final Path REPOSITORY = Path.of(System.getProperty("agentauth.repository", "..")).toAbsolutePath()
		.normalize();

	private DeploymentFiles() {
	}

	static String read(String path) {
		try {
			return Files.readString(REPOSITORY.resolve(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** {@code .env.example} as name → value. */
	static Map<String, String> envExample() {
		Map<String, String> env = new LinkedHashMap<>();
		for (String line : read(".env.example").split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			int eq = trimmed.indexOf('=');
			if (eq < 1) {
				throw new IllegalStateException(".env.example: not NAME=value: " + line);
			}
			env.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
		}
		return env;
	}

	/** The names of the variables docker-compose.yml interpolates ({@code ${NAME}}, {@code ${NAME:-x}}, ...). */
	static List<String> composeVariables() {
		List<String> names = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(read("docker-compose.yml").replace("$$", ""));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** docker-compose.yml parsed, with every {@code ${...}} replaced from {@code env} like docker-compose does. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> compose(Map<String, String> env) {
		String text = read("docker-compose.yml");
		StringBuilder out = new StringBuilder();
		Matcher matcher = VARIABLE.matcher(text);
		int last = 0;
		while (matcher.find()) {
			if (matcher.start() > 0 && text.charAt(matcher.start() - 1) == '$') {
				continue; // $${...} is a literal
			}
			String value = env.get(matcher.group(1));
			String operator = matcher.group(2);
			if ((value == null || (value.isEmpty() && operator != null && operator.startsWith(":")))
					&& operator != null) {
				if (operator.endsWith("?")) {
					throw new IllegalStateException("docker-compose.yml needs " + matcher.group(1) + ": "
							+ matcher.group(3));
				}
				value = matcher.group(3);
			}
			out.append(text, last, matcher.start()).append((value != null) ? value : "");
			last = matcher.end();
		}
		out.append(text.substring(last));
		return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(out.toString());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> service(Map<String, Object> compose, String name) {
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		Object service = services.get(name);
		if (!(service instanceof Map<?, ?>)) {
			throw new AssertionError("docker-compose.yml has no service " + name);
		}
		return (Map<String, Object>) service;
	}

	/** A service's environment as strings (map or list form). */
	@SuppressWarnings("unchecked")
	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> env = new LinkedHashMap<>();
		Object raw = service.get("environment");
		if (raw instanceof Map<?, ?> map) {
			((Map<String, Object>) map).forEach((name, value) -> env.put(name, String.valueOf(value)));
		}
		else if (raw instanceof List<?> list) {
			for (Object item : list) {
				String entry = String.valueOf(item);
				int eq = entry.indexOf('=');
				env.put((eq < 0) ? entry : entry.substring(0, eq), (eq < 0) ? "" : entry.substring(eq + 1));
			}
		}
		return env;
	}

	/** One Dockerfile instruction: keyword (upper case) and its arguments (continuation lines joined). */
	record Instruction(String keyword, String arguments) {
	}

	static List<Instruction> dockerfile(String path) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : read(path).split("\n")) {
			String trimmed = line.strip();
			if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			String instruction = current.toString().strip();
			int space = instruction.indexOf(' ');
			instructions.add(new Instruction(instruction.substring(0, space).toUpperCase(java.util.Locale.ROOT),
					instruction.substring(space + 1).strip()));
			current.setLength(0);
		}
		return instructions;
	}

	static final String PROJECT_VERSION = System.getProperty("agentauth.project.version", "0.1.0-SNAPSHOT");

	/** Every configuration property the merchant's runnable jar declares (Spring metadata of all its jars). */
	static Set<String> merchantProperties() throws IOException {
		Path jar = REPOSITORY.resolve("demo/target/demo-" + PROJECT_VERSION + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The demo merchant's runnable jar is missing (run ./mvnw package): " + jar);
		}
		Set<String> properties = new HashSet<>();
		try (JarFile boot = new JarFile(jar.toFile())) {
			for (JarEntry entry : boot.stream().toList()) {
				if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (JarInputStream nested = new JarInputStream(boot.getInputStream(entry))) {
						for (JarEntry inner; (inner = nested.getNextJarEntry()) != null;) {
							if (inner.getName().equals("META-INF/spring-configuration-metadata.json")
									|| inner.getName().equals("META-INF/additional-spring-configuration-metadata.json")) {
								addMetadata(nested, properties);
							}
						}
					}
				}
				else if (entry.getName().equals("BOOT-INF/classes/application.properties")) {
					try (InputStream in = boot.getInputStream(entry)) {
						Properties own = new Properties();
						own.load(in);
						properties.addAll(own.stringPropertyNames());
					}
				}
			}
		}
		return properties;
	}

	@SuppressWarnings("unchecked")
	private static void addMetadata(InputStream in, Set<String> properties) throws IOException {
		try {
			Map<String, Object> metadata = JSONObjectUtils.parse(new String(in.readAllBytes(),
					java.nio.charset.StandardCharsets.UTF_8));
			for (Object property : (List<Object>) metadata.getOrDefault("properties", List.of())) {
				properties.add((String) ((Map<String, Object>) property).get("name"));
			}
		}
		catch (java.text.ParseException ex) {
			throw new IOException(ex);
		}
	}

}
