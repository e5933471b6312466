package dev.agentauth.core.structured;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * RFC 8941 parsing and serialization.
 */
class StructuredFieldParserTests {

	@Test
	void parseDictionaryWhenAllItemTypesThenTyped() throws Exception {
		Map<String, StructuredMember> dictionary = StructuredFieldParser
			.parseDictionary("a=1, b=-2.5, c=\"s\\\"q\", d=tok/en, e=:AQID:, f=?0, g, h=(1 \"x\");p=1");
		assertThat(((StructuredItem) dictionary.get("a")).value()).isEqualTo(1L);
		assertThat(((StructuredItem) dictionary.get("b")).value()).isEqualTo(new BigDecimal("-2.5"));
		assertThat(((StructuredItem) dictionary.get("c")).value()).isEqualTo("s\"q");
		assertThat(((StructuredItem) dictionary.get("d")).value()).isEqualTo(new Token("tok/en"));
		assertThat(((ByteSequence) ((StructuredItem) dictionary.get("e")).value()).bytes())
			.containsExactly(1, 2, 3);
		assertThat(((StructuredItem) dictionary.get("f")).value()).isEqualTo(false);
		assertThat(((StructuredItem) dictionary.get("g")).value()).isEqualTo(true);
		StructuredInnerList list = (StructuredInnerList) dictionary.get("h");
		assertThat(list.items()).extracting(StructuredItem::value).containsExactly(1L, "x");
		assertThat(list.parameters()).containsEntry("p", 1L);
		assertThat(StructuredFieldWriter.serializeDictionary(dictionary))
			.isEqualTo("a=1, b=-2.5, c=\"s\\\"q\", d=tok/en, e=:AQID:, f=?0, g, h=(1 \"x\");p=1");
	}

	@Test
	void parseListWhenWhitespaceThenCanonicalOnWrite() throws Exception {
		List<StructuredMember> list = StructuredFieldParser.parseList("  a ,\tb;q=0.50 , (c  d)  ");
		assertThat(StructuredFieldWriter.serializeList(list)).isEqualTo("a, b;q=0.5, (c d)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a=1, a=2", "a=1,", "a=(1 2", "a=\"unterminated", "a=:not base64!:", "A=1", "a=?2",
			"a=1;p=1;p=2", "a=1 b=2", "a=\"tab\there\"", "a=1234567890123456", "a=1.2345", "a=@12", "a=1." })
	void parseDictionaryWhenInvalidThenThrows(String value) {
		assertThatExceptionOfType(StructuredFieldException.class)
			.isThrownBy(() -> StructuredFieldParser.parseDictionary(value));
	}

	@Test
	void parseItemWhenTrailingGarbageThenThrows() {
		assertThatExceptionOfType(StructuredFieldException.class)
			.isThrownBy(() -> StructuredFieldParser.parseItem("1 2"));
	}

}
