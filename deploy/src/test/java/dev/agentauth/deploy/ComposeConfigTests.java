package dev.agentauth.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
		compose = executable("docker-compose");
		assumeTrue(compose != null, "docker-compose is not installed (apt-get install docker-compose); not validated");
	}

	@Test
	void composeFileIsValidWithTheExampleEnvironment() throws Exception {
		Result result = run(List.of(compose, "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q"));
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void composeFileRefusesToStartWithoutTheSecrets(@TempDir Path dir) throws Exception {
		Path empty = Files.writeString(dir.resolve("empty.env"), "# no secrets\n");
		Result result = run(List.of(compose, "--env-file", empty.toString(), "-f", "docker-compose.yml", "config",
				"-q"));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("(see .env.example)");
	}

	private static Result run(List<String> command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(DeploymentFiles.REPOSITORY.toFile())
			.redirectErrorStream(true);
		// only the env file decides: variables of the test's own environment must not fill the gaps
		for (String name : DeploymentFiles.envExample().keySet()) {
			builder.environment().remove(name);
		}
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("docker-compose did not finish in 60 s");
		}
		return new Result(process.exitValue(), output);
	}

	private static String executable(String name) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File file = new File(dir, name);
			if (file.canExecute()) {
				return file.getAbsolutePath();
			}
		}
		return null;
	}

	private record Result(int exitCode, String output) {
	}

}
