package dev.agentauth.it.delegation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import dev.agentauth.keycloak.rest.agent.AgentsResource;
import dev.agentauth.keycloak.rest.provider.AgentProvidersResource;
import dev.agentauth.keycloak.rest.realm.AgentPublicResource;

/**
 * The extension's REST endpoints as its JAX-RS resource classes declare them: every public method with an HTTP
 * method annotation ({@code @GET}, {@code @POST}, ...), under the {@code @Path} of the method and of the
 * sub-resource locators that lead to it, as {@code "METHOD /path"} with the resources' own templates
 * ({@code {id}}, {@code {kid}}) and R for the realm.
 */
final class ResourceEndpoints {

	/** Where Keycloak mounts each root resource of ours, by the SPI and provider factory that register it. */
	static final Map<String, List<Root>> ROOTS = Map.of(
			"org.keycloak.services.resource.RealmResourceProviderFactory",
			List.of(new Root("dev.agentauth.keycloak.rest.realm.AgentPublicResourceProviderFactory",
					AgentPublicResource.class, "/realms/R/agents")),
			"org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
			List.of(new Root("dev.agentauth.keycloak.rest.agent.AgentAdminResourceProviderFactory", AgentsResource.class,
					"/admin/realms/R/agents"),
					new Root("dev.agentauth.keycloak.rest.provider.AgentProviderAdminResourceProviderFactory",
							AgentProvidersResource.class, "/admin/realms/R/agent-providers")));

	record Root(String factory, Class<?> resource, String path) {
	}

	private ResourceEndpoints() {
	}

	/**
	 * The endpoints under {@code roots}; fails when the provider jar registers a REST resource factory that is not
	 * among them (a new root resource must be added here, and so to the matrix).
	 */
	static Set<String> of(Map<String, List<Root>> roots) {
		Map<String, Set<String>> registered = new LinkedHashMap<>();
		for (String spi : roots.keySet()) {
			registered.put(spi, services(spi));
		}
		Map<String, Set<String>> expected = roots.entrySet().stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(entry) -> entry.getValue().stream().map(Root::factory).collect(Collectors.toCollection(TreeSet::new))));
		if (!registered.equals(expected)) {
			throw new IllegalStateException("The provider jar registers the REST resources " + registered
					+ ", not " + expected + ": add the new root to ResourceEndpoints.ROOTS");
		}
		Set<String> endpoints = new TreeSet<>();
		for (List<Root> spiRoots : roots.values()) {
			for (Root root : spiRoots) {
				walk(root.resource(), root.path(), endpoints, new HashSet<>());
			}
		}
		return endpoints;
	}

	private static void walk(Class<?> resource, String prefix, Set<String> endpoints, Set<Class<?>> path) {
		if (!path.add(resource)) {
			throw new IllegalStateException("Sub-resource locators loop at " + resource.getName());
		}
		String base = prefix + segment(resource.getAnnotation(Path.class));
		for (Method method : resource.getMethods()) {
			String full = base + segment(method.getAnnotation(Path.class));
			String httpMethod = httpMethod(method);
			if (httpMethod != null) {
				endpoints.add(httpMethod + " " + full);
			}
			else if (method.isAnnotationPresent(Path.class)) {
				walk(method.getReturnType(), full, endpoints, path);
			}
		}
		path.remove(resource);
	}

	private static String httpMethod(Method method) {
		return Arrays.stream(method.getAnnotations())
			.map(Annotation::annotationType)
			.map((type) -> type.getAnnotation(HttpMethod.class))
			.filter((annotation) -> annotation != null)
			.map(HttpMethod::value)
			.findFirst()
			.orElse(null);
	}

	private static String segment(Path path) {
		if (path == null) {
			return "";
		}
		String value = path.value().replaceAll("^/+|/+$", "");
		return value.isEmpty() ? "" : "/" + value;
	}

	private static Set<String> services(String spi) {
		// the provider's own file, not Keycloak's of the same name elsewhere on the class path
		String provider = AgentPublicResource.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		Set<String> factories = new TreeSet<>();
		try {
			for (URL url : Collections.list(AgentPublicResource.class.getClassLoader()
				.getResources("META-INF/services/" + spi))) {
				if (!url.getPath().contains(provider)) {
					continue;
				}
				try (InputStream in = url.openStream()) {
					for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
						String name = line.replaceAll("#.*$", "").strip();
						if (!name.isEmpty()) {
							factories.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return factories;
	}

}
