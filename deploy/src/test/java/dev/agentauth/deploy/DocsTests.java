package dev.agentauth.deploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static dev.agentauth.deploy.DeploymentFiles.REPOSITORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README and {@code docs/} true: every Java sample is compiled (it must appear in a
 * {@code *DocSnippets.java} test source of the module it is about), every relative link and anchor resolves, every
 * setting of the merchant starter is documented, and the README stays a front door.
 */
class DocsTests {

	private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\s*$");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

	@Test
	void everyJavaSampleIsCompiledByATest() throws IOException {
		List<List<String>> snippetSources = new ArrayList<>();
		Files.walkFileTree(REPOSITORY, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
				String name = dir.getFileName().toString();
				return (name.equals("node_modules") || name.equals("target") || name.startsWith("."))
						&& !dir.equals(REPOSITORY) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
				if (file.getFileName().toString().endsWith("DocSnippets.java")
						&& file.toString().contains("/src/test/java/")) {
					snippetSources.add(significantLines(read(file)));
				}
				return FileVisitResult.CONTINUE;
			}
		});
		assertThat(snippetSources).as("*DocSnippets.java test sources").hasSizeGreaterThanOrEqualTo(3);
		int samples = 0;
		for (Path page : pages()) {
			for (String sample : blocks(read(page), "java")) {
				samples++;
				List<String> lines = significantLines(sample);
				assertThat(snippetSources.stream().anyMatch((source) -> Collections.indexOfSubList(source, lines) >= 0))
					.as("this Java sample of %s is not in any *DocSnippets.java test source (so it is not compiled):%n%s",
							REPOSITORY.relativize(page), sample)
					.isTrue();
			}
		}
		assertThat(samples).as("Java samples in the docs").isGreaterThanOrEqualTo(5);
	}

	@Test
	void everyRelativeLinkAndAnchorResolves() {
		List<String> broken = new ArrayList<>();
		for (Path page : pages()) {
			String text = withoutCodeBlocks(read(page));
			Matcher link = LINK.matcher(text);
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				int hash = target.indexOf('#');
				String file = (hash < 0) ? target : target.substring(0, hash);
				String anchor = (hash < 0) ? null : target.substring(hash + 1);
				Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
				if (!Files.exists(resolved)) {
					broken.add(REPOSITORY.relativize(page) + ": " + target + " (no such file)");
				}
				else if (anchor != null && resolved.toString().endsWith(".md")
						&& !anchors(read(resolved)).contains(anchor)) {
					broken.add(REPOSITORY.relativize(page) + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(broken).as("broken links").isEmpty();
	}

	@Test
	void everySettingOfTheMerchantStarterIsDocumented() throws IOException {
		String docs = read(REPOSITORY.resolve("docs/merchant-starter.md"));
		Set<String> settings = new TreeSet<>();
		for (String property : DeploymentFiles.merchantProperties()) {
			if (property.startsWith("agentauth.")) {
				settings.add(property);
			}
		}
		assertThat(settings).as("the starter's settings").contains("agentauth.registry.issuer-uri", "agentauth.risk.mode");
		assertThat(settings).as("settings missing from docs/merchant-starter.md")
			.allSatisfy((setting) -> assertThat(docs).as(setting).contains("`" + setting + "`"));
	}

	@Test
	void theReadmeIsAFrontDoorWithTheTwoCommandsOnItsFirstScreen() {
		List<String> readme = read(REPOSITORY.resolve("README.md")).lines().toList();
		assertThat(readme.size()).as("README lines").isLessThanOrEqualTo(300);
		String firstScreen = String.join("\n", readme.subList(0, Math.min(30, readme.size())));
		assertThat(firstScreen).contains("./demo.sh").contains("./scripts/test.sh");
		for (String page : List.of("protocol.md", "keycloak.md", "merchant-starter.md", "agent-client.md",
				"operations.md", "benchmarks.md", "reliability.md")) {
			assertThat(String.join("\n", readme)).as("README links docs/" + page).contains("(docs/" + page);
		}
	}

	@Test
	void anchorsAreComputedAsGitHubDoes() {
		assertThat(anchors("## 2. Token exchange (operator → Keycloak)\n### Operator self-registration (`/realms/{realm}/agents`)\n"))
			.contains("2-token-exchange-operator--keycloak", "operator-self-registration-realmsrealmagents");
		assertThat(anchors("## A\n## A\n")).contains("a", "a-1");
	}

	private static List<Path> pages() {
		List<Path> pages = new ArrayList<>();
		pages.add(REPOSITORY.resolve("README.md"));
		try (Stream<Path> docs = Files.list(REPOSITORY.resolve("docs"))) {
			docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return pages;
	}

	private static String read(Path file) {
		return DeploymentFiles.read(REPOSITORY.relativize(file).toString());
	}

	/** The contents of the fenced code blocks of {@code language}. */
	static List<String> blocks(String markdown, String language) {
		List<String> blocks = new ArrayList<>();
		Matcher fence = FENCE.matcher(markdown);
		while (fence.find()) {
			String lang = fence.group(1);
			int start = fence.end();
			if (!fence.find()) {
				throw new IllegalStateException("unclosed code block");
			}
			if (lang.equals(language)) {
				blocks.add(markdown.substring(start, fence.start()));
			}
		}
		return blocks;
	}

	private static String withoutCodeBlocks(String markdown) {
		return markdown.replaceAll("(?ms)^```.*?^```\\s*$", "");
	}

	/** Lines with their indentation and trailing blanks removed; blank lines dropped. */
	private static List<String> significantLines(String text) {
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	/** The heading anchors GitHub generates: lower case, punctuation dropped, spaces to hyphens, -1… for repeats. */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Matcher heading = HEADING.matcher(withoutCodeBlocks(markdown));
		while (heading.find()) {
			String slug = heading.group(1).strip().toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-');
			String unique = slug;
			for (int n = 1; anchors.contains(unique); n++) {
				unique = slug + "-" + n;
			}
			anchors.add(unique);
		}
		return anchors;
	}

}
