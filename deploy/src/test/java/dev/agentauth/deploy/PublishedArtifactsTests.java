package dev.agentauth.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Maven users get: the modules published to Maven Central (those whose pom sets
 * {@code agentauth.unpublished} to false) are all in agent-auth-bom, at the project's version, and each comes with
 * sources, javadoc and a CycloneDX SBOM in which no dependency is GPL-licensed (docs/versioning.md, "Licences of
 * dependencies").
 */
class PublishedArtifactsTests {

	/** GPL and AGPL, any version, with or without the Classpath Exception; LGPL ("Lesser") is not GPL. */
	private static final Pattern GPL = Pattern.compile("\\bA?GPL\\b|GENERAL PUBLIC");

	private static final Pattern LESSER = Pattern.compile("LGPL|LESSER|LIBRARY GENERAL");

	@Test
	void theBomListsEveryPublishedModuleAtTheProjectVersion() throws Exception {
		Document bom = pom("agent-auth-bom/pom.xml");
		assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(projectVersion());
		List<String> managed = new ArrayList<>();
		NodeList dependencies = bom.getElementsByTagName("dependency");
		for (int i = 0; i < dependencies.getLength(); i++) {
			Element dependency = (Element) dependencies.item(i);
			assertThat(text(dependency, "groupId")).isEqualTo("dev.agentauth");
			assertThat(text(dependency, "version")).isEqualTo("${project.version}");
			managed.add(text(dependency, "artifactId"));
		}
		assertThat(managed).containsExactlyInAnyOrderElementsOf(publishedModules());
		assertThat(managed).contains("agent-auth-core", "agent-client", "merchant-adapter-spring",
				"agent-auth-gateway", "keycloak-agent-spi");
		// no parent: importing the BOM must not import the build's own dependencyManagement
		assertThat(bom.getElementsByTagName("parent").getLength()).isZero();
	}

	@Test
	void everyPublishedModuleAttachesSourcesJavadocAndAnSbom() throws Exception {
		String version = projectVersion();
		for (String module : publishedModules()) {
			Path target = DeploymentFiles.REPOSITORY.resolve(module).resolve("target");
			assertThat(target.resolve(module + "-" + version + "-sources.jar")).isNotEmptyFile();
			assertThat(target.resolve(module + "-" + version + "-javadoc.jar")).isNotEmptyFile();
			Map<String, Object> sbom = sbom(module);
			assertThat(sbom).containsEntry("bomFormat", "CycloneDX");
			Map<String, Object> component = JSONObjectUtils.getJSONObject(
					JSONObjectUtils.getJSONObject(sbom, "metadata"), "component");
			assertThat(component).containsEntry("name", module).containsEntry("version", version);
			assertThat(licences(component)).containsExactly("Apache-2.0");
		}
	}

	@Test
	void noPublishedArtifactDependsOnAGplLicensedLibrary() throws Exception {
		List<String> refused = new ArrayList<>();
		int components = 0;
		for (String module : publishedModules()) {
			for (Map<String, Object> component : JSONObjectUtils.getJSONObjectArray(sbom(module), "components")) {
				components++;
				List<String> licences = licences(component);
				String name = module + ": " + component.get("group") + ":" + component.get("name") + ":"
						+ component.get("version") + " " + licences;
				if (licences.isEmpty() && !"dev.agentauth".equals(component.get("group"))) {
					refused.add(name + " (no licence in its pom: check it by hand, then name it here)");
				}
				else if (!licences.isEmpty() && licences.stream().allMatch(PublishedArtifactsTests::gpl)) {
					refused.add(name);
				}
			}
		}
		assertThat(components).as("dependencies in the published SBOMs").isGreaterThan(50);
		assertThat(refused).as("GPL-licensed (or unlicensed) dependencies of published artifacts").isEmpty();
	}

	@Test
	void gplMeansGplOrAgplOfAnyVersionNotLgpl() {
		assertThat(List.of("GPL-2.0-only", "GPL-3.0-or-later", "AGPL-3.0-only", "GPL-2.0-with-classpath-exception",
				"GNU General Public License, version 2", "GNU Affero General Public License v3"))
			.allMatch(PublishedArtifactsTests::gpl);
		assertThat(List.of("LGPL-2.1-only", "GNU Lesser General Public License", "Apache-2.0", "EPL-2.0", "MIT",
				"Bouncy Castle Licence", "GNU Library General Public License v2"))
			.noneMatch(PublishedArtifactsTests::gpl);
	}

	/** A component with several licences may be used under any one of them (dual licensing: EPL-2.0 or GPL). */
	private static boolean gpl(String licence) {
		String upper = licence.toUpperCase(Locale.ROOT);
		return GPL.matcher(upper).find() && !LESSER.matcher(upper).find();
	}

	private static List<String> licences(Map<String, Object> component) throws ParseException {
		List<String> licences = new ArrayList<>();
		Map<String, Object>[] entries = JSONObjectUtils.getJSONObjectArray(component, "licenses");
		for (Map<String, Object> entry : (entries != null) ? entries : new Map[0]) {
			if (entry.get("expression") != null) {
				licences.add((String) entry.get("expression"));
				continue;
			}
			Map<String, Object> licence = JSONObjectUtils.getJSONObject(entry, "license");
			licences.add((String) ((licence.get("id") != null) ? licence.get("id") : licence.get("name")));
		}
		return licences;
	}

	private static Map<String, Object> sbom(String module) throws Exception {
		Path file = DeploymentFiles.REPOSITORY.resolve(module).resolve("target/bom.json");
		assertThat(file).as("the CycloneDX SBOM of %s (mvn package writes it)", module).isNotEmptyFile();
		return JSONObjectUtils.parse(Files.readString(file));
	}

	/** The modules whose pom sets agentauth.unpublished to false. */
	static List<String> publishedModules() throws Exception {
		TreeSet<String> published = new TreeSet<>();
		NodeList modules = pom("pom.xml").getElementsByTagName("module");
		for (int i = 0; i < modules.getLength(); i++) {
			String module = modules.item(i).getTextContent().strip();
			NodeList flag = pom(module + "/pom.xml").getElementsByTagName("agentauth.unpublished");
			if (flag.getLength() > 0 && flag.item(0).getTextContent().strip().equals("false")) {
				published.add(module);
			}
		}
		return List.copyOf(published);
	}

	private static String projectVersion() throws Exception {
		return text(pom("pom.xml").getDocumentElement(), "version");
	}

	private static Document pom(String path) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(DeploymentFiles.REPOSITORY.resolve(path).toFile());
	}

	/** The text of the element's direct child {@code name}. */
	private static String text(Element element, String name) {
		for (var node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child && child.getTagName().equals(name)) {
				return child.getTextContent().strip();
			}
		}
		throw new AssertionError("no <" + name + "> in <" + element.getTagName() + ">");
	}

}
