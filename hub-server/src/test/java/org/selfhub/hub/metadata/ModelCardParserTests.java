package org.selfhub.hub.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.metadata.ModelCardParser.MalformedCardException;
import org.selfhub.hub.metadata.ModelCardParser.ModelCard;

class ModelCardParserTests {

    static final String FULL_CARD = """
            ---
            license: apache-2.0
            language:
            - en
            - 'no'
            - fr
            tags:
            - text-generation
            - llama
            datasets:
            - acme/instructions
            base_model: meta-llama/Llama-3.1-8B
            pipeline_tag: text-generation
            library_name: transformers
            model-index:
            - name: acme-llm
              results:
              - task:
                  type: text-generation
                metrics:
                - type: accuracy
                  value: 0.875
            ---
            # Acme LLM

            See [the paper](https://arxiv.org/abs/2307.09288).
            """;

    @Test
    void parsesEveryFieldOfTheFrontMatter() throws Exception {
        ModelCard card = parse(FULL_CARD);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("license", "apache-2.0");
        expected.put("language", List.of("en", "no", "fr"));
        expected.put("tags", List.of("text-generation", "llama"));
        expected.put("datasets", List.of("acme/instructions"));
        expected.put("base_model", "meta-llama/Llama-3.1-8B");
        expected.put("pipeline_tag", "text-generation");
        expected.put("library_name", "transformers");
        expected.put("model-index", List.of(Map.of("name", "acme-llm", "results", List.of(Map.of(
                "task", Map.of("type", "text-generation"),
                "metrics", List.of(Map.of("type", "accuracy", "value", 0.875)))))));
        assertThat(card.data()).containsExactlyEntriesOf(expected);
        assertThat(card.body()).isEqualTo("# Acme LLM\n\nSee [the paper](https://arxiv.org/abs/2307.09288).\n");
    }

    @Test
    void toleratesByteOrderMarkAndCrlfLineEnds() throws Exception {
        ModelCard card = parse("\uFEFF---\r\nlicense: mit\r\ntags:\r\n- a\r\n---\r\nBody\r\n");

        assertThat(card.data()).isEqualTo(Map.of("license", "mit", "tags", List.of("a")));
        assertThat(card.body()).isEqualTo("Body\r\n");
    }

    @Test
    void aReadmeWithoutFrontMatterHasNoCardData() throws Exception {
        ModelCard card = parse("# Title\n\n---\nlicense: mit\n---\n");

        assertThat(card.data()).isNull();
        assertThat(card.body()).isEqualTo("# Title\n\n---\nlicense: mit\n---\n");
    }

    @Test
    void anEmptyFrontMatterHasNoCardData() throws Exception {
        assertThat(parse("---\n---\nBody").data()).isNull();
        assertThat(parse("---\n# only a comment\n---\n").data()).isNull();
    }

    @Test
    void aFrontMatterAtTheEndOfTheFileNeedsNoTrailingNewline() throws Exception {
        assertThat(parse("---\nlicense: mit\n---").data()).isEqualTo(Map.of("license", "mit"));
    }

    @Test
    void resolvesScalarsWithTheYaml12CoreSchema() throws Exception {
        ModelCard card = parse("""
                ---
                language: [no, yes, on, off]
                flag: true
                other: False
                count: 42
                big: 12345678901234
                hex: 0x1F
                ratio: 1.5e3
                version: 010
                date: 2024-01-31
                nothing: null
                tilde: ~
                empty:
                nan: .nan
                ---
                """);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("language", List.of("no", "yes", "on", "off"));
        expected.put("flag", true);
        expected.put("other", false);
        expected.put("count", 42);
        expected.put("big", 12345678901234L);
        expected.put("hex", 31);
        expected.put("ratio", 1500.0);
        expected.put("version", "010");
        expected.put("date", "2024-01-31");
        expected.put("nothing", null);
        expected.put("tilde", null);
        expected.put("empty", null);
        expected.put("nan", "NaN");
        assertThat(card.data()).containsExactlyEntriesOf(expected);
    }

    @Test
    void turnsNonStringKeysIntoStrings() throws Exception {
        assertThat(parse("---\n1: one\ntrue: yes\n---\n").data())
                .isEqualTo(Map.of("1", "one", "true", "yes"));
    }

    @Test
    void refusesFrontMatterThatIsNotAMapping() {
        assertThatThrownBy(() -> parse("---\n- a\n- b\n---\n"))
                .isInstanceOf(MalformedCardException.class)
                .hasMessage("the YAML front matter is not a mapping");
        assertThatThrownBy(() -> parse("---\njust text\n---\n"))
                .isInstanceOf(MalformedCardException.class)
                .hasMessage("the YAML front matter is not a mapping");
    }

    @Test
    void refusesInvalidYaml() {
        assertThatThrownBy(() -> parse("---\nlicense: [mit\n---\n"))
                .isInstanceOf(MalformedCardException.class)
                .hasMessageStartingWith("the YAML front matter is invalid: ")
                .hasMessageEndingWith(" of the front matter");
    }

    @Test
    void refusesDuplicateKeys() {
        assertThatThrownBy(() -> parse("---\nlicense: mit\nlicense: apache-2.0\n---\n"))
                .isInstanceOf(MalformedCardException.class)
                .hasMessage("the YAML front matter is invalid: found duplicate key license at line 2, column 1 of the front matter");
    }

    @Test
    void refusesAnUnclosedFrontMatter() {
        assertThatThrownBy(() -> parse("---\nlicense: mit\n# no end\n"))
                .isInstanceOf(MalformedCardException.class)
                .hasMessage("the YAML front matter has no closing '---' line");
    }

    @Test
    void refusesAliasBombs() {
        StringBuilder yaml = new StringBuilder("---\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        yaml.append("---\n");

        assertThatThrownBy(() -> parse(yaml.toString()))
                .isInstanceOf(MalformedCardException.class)
                .hasMessageStartingWith("the YAML front matter is invalid: ");
    }

    @Test
    void refusesSelfReferencingCollections() {
        assertThatThrownBy(() -> parse("---\nloop: &l [a, *l]\n---\n"))
                .isInstanceOf(MalformedCardException.class);
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] bytes = {'-', '-', '-', '\n', 'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n', '-', '-', '-', '\n'};

        assertThatThrownBy(() -> ModelCardParser.parse(bytes))
                .isInstanceOf(MalformedCardException.class)
                .hasMessage("README.md is not valid UTF-8");
    }

    private static ModelCard parse(String text) throws MalformedCardException {
        return ModelCardParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
