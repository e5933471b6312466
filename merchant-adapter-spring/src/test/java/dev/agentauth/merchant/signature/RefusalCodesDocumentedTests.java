package dev.agentauth.merchant.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentauth.core.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/protocol.md's "Refusal codes" table lists every {@link ErrorCode}, no code that does not exist, and for each
 * code the merchant answers, the status the starter really sends.
 */
class RefusalCodesDocumentedTests {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\| (\\d{3}|—) \\| .+\\|$");

	@Test
	void protocolDocListsEveryRefusalCodeWithItsStatus() throws IOException {
		Map<String, String> documented = documentedCodes();
		assertThat(documented.keySet()).as("codes in docs/protocol.md's Refusal codes table")
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
		for (ErrorCode code : ErrorCode.values()) {
			String status = documented.get(code.code());
			if (!"—".equals(status)) {
				assertThat(Integer.parseInt(status)).as("documented status of %s", code.code())
					.isEqualTo(AgentAuthError.status(code));
			}
		}
	}

	private static Map<String, String> documentedCodes() throws IOException {
		String doc = Files.readString(Path.of("..", "docs", "protocol.md"), StandardCharsets.UTF_8);
		String table = doc.substring(doc.indexOf("## Refusal codes"));
		int next = table.indexOf("\n## ", 3);
		table = next < 0 ? table : table.substring(0, next);
		Map<String, String> codes = new LinkedHashMap<>();
		for (String line : table.lines().toList()) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				assertThat(codes.put(row.group(1), row.group(2))).as("%s listed twice", row.group(1)).isNull();
			}
		}
		return codes;
	}

}
