package dev.agentauth.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/** An external tool the tests run (docker-compose, promtool) in the repository's directory, with its output. */
final class Command {

	private Command() {
	}

	/** The absolute path of {@code name} on the PATH, or {@code null}. */
	static @Nullable String executable(String name) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File file = new File(dir, name);
			if (file.canExecute()) {
				return file.getAbsolutePath();
			}
		}
		return null;
	}

	static Result run(List<String> command) throws IOException, InterruptedException {
		return run(command, (builder) -> {
		});
	}

	/** Runs {@code command} (stderr merged into stdout) for at most 60 s. */
	static Result run(List<String> command, Consumer<ProcessBuilder> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
			.directory(DeploymentFiles.REPOSITORY.toFile())
			.redirectErrorStream(true);
		environment.accept(builder);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(command.get(0) + " did not finish in 60 s");
		}
		return new Result(process.exitValue(), output);
	}

	record Result(int exitCode, String output) {
	}

}
