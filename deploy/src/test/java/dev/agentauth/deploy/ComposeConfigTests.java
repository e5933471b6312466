package dev.agentauth.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code docker-compose config -q} on docker-compose.yml: the file's schema, interpolation and references as
 * Docker Compose itself reads them (no engine needed). Skipped, and reported as skipped, when no
 * {@code docker-compose} is on the PATH; scripts/test-prerequisites.sh (run by scripts/test.sh) installs Debian's.
 */
class ComposeConfigTests {

	private static String compose;

	@BeforeAll
	static void findDockerCompose() {
		compose = Command.executable("docker-compose");
		assumeTrue(compose != null, "docker-compose is not installed (apt-get install docker-compose); not validated");
	}

	@Test
	void composeFileIsValidWithTheExampleEnvironment() throws Exception {
		Command.Result result = run(
				List.of(compose, "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"));
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void composeFileRefusesToStartWithoutTheSecrets(@TempDir Path dir) throws Exception {
		Path empty = Files.writeString(dir.resolve("empty.env"), "# no secrets\n");
		Command.Result result = run(
				List.of(compose, "--env-file", empty.toString(), "-f", "docker-compose.yml", "config", "-q"));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("(see .env.example)");
	}

	private static Command.Result run(List<String> command) throws IOException, InterruptedException {
		// only the env file decides: variables of the test's own environment must not fill the gaps
		return Command.run(command, (builder) -> DeploymentFiles.envExample().keySet()
			.forEach((name) -> builder.environment().remove(name)));
	}

}
