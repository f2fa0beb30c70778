package org.selfhub.hub.metadata;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Splits a README into its YAML front matter and body and parses the front matter.
 *
 * <p>The front matter is the text between a first line {@code ---} (after an optional BOM and blank
 * lines, as huggingface_hub's {@code REGEX_YAML_BLOCK} allows) and the next line {@code ---}. CRLF
 * line ends are accepted.
 *
 * <p>Scalars resolve as in YAML 1.2's core schema, which huggingface.co's JavaScript YAML parser
 * follows: only {@code true}/{@code false} are booleans, so {@code language: [no, fi]} keeps Norwegian
 * as the string {@code no}; dates stay strings. The result holds only JSON values, ready for a
 * {@code jsonb} column.
 */
final class ModelCardParser {

    /** The parsed card: front matter (null when there is none) and the Markdown body. */
    record ModelCard(Map<String, Object> data, String body) {
    }

    /** Thrown for a card whose front matter exists but cannot be used. */
    static final class MalformedCardException extends Exception {
        MalformedCardException(String message) {
            super(message);
        }
    }

    private static final Pattern FIRST_LINE = Pattern.compile("\\A\\s*---[ \\t]*\\r?\\n");
    private static final Pattern CLOSING_LINE = Pattern.compile("^---[ \\t]*(\\r?\\n|\\z)", Pattern.MULTILINE);
    private static final int MAX_DEPTH = 64;

    private ModelCardParser() {
    }

    /**
     * Parses a README's bytes.
     *
     * @return the card; its data is null when the README has no front matter or an empty one
     * @throws MalformedCardException when the bytes are not UTF-8, the front matter is not closed, is
     *                                not valid YAML, or is not a mapping
     */
    static ModelCard parse(byte[] readme) throws MalformedCardException {
        String text = decode(readme);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        var opening = FIRST_LINE.matcher(text);
        if (!opening.find()) {
            return new ModelCard(null, text);
        }
        var closing = CLOSING_LINE.matcher(text);
        if (!closing.find(opening.end())) {
            throw new MalformedCardException("the YAML front matter has no closing '---' line");
        }
        String yamlText = text.substring(opening.end(), closing.start());
        String body = text.substring(closing.end());
        Object loaded;
        try {
            loaded = newYaml().load(yamlText);
        } catch (MarkedYAMLException e) {
            throw new MalformedCardException("the YAML front matter is invalid: " + describe(e));
        } catch (RuntimeException e) {
            throw new MalformedCardException("the YAML front matter is invalid: " + firstLine(e.getMessage()));
        }
        if (loaded == null) {
            return new ModelCard(null, body);
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new MalformedCardException("the YAML front matter is not a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) toJsonValue(map, 0);
        return new ModelCard(data, body);
    }

    private static String decode(byte[] bytes) throws MalformedCardException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedCardException("README.md is not valid UTF-8");
        }
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(4 * 1024 * 1024);
        DumperOptions dumperOptions = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions, options,
                new CoreSchemaResolver());
    }

    /** Converts what SnakeYAML built into JSON values: string keys, no sets, dates or byte arrays. */
    private static Object toJsonValue(Object value, int depth) throws MalformedCardException {
        if (depth > MAX_DEPTH) {
            // Aliases can build cyclic collections that the nesting limit does not see.
            throw new MalformedCardException("the YAML front matter nests too deeply or refers to itself");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof Double d) {
            // JSON has no NaN or infinities.
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), toJsonValue(e.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) {
                out.add(toJsonValue(item, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof byte[] bytes) {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }

    /** SnakeYAML's problem and where it is, e.g. {@code found duplicate key license at line 2, column 1}. */
    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        return firstLine(problem) + where + " of the front matter";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }

    /**
     * Implicit types of YAML 1.2's core schema instead of SnakeYAML's YAML 1.1 defaults: no
     * yes/no/on/off booleans, no sexagesimal or octal-by-leading-zero numbers, no timestamps, no merge
     * keys.
     */
    private static final class CoreSchemaResolver extends Resolver {

        private static final Pattern CORE_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern CORE_INT = Pattern.compile("^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$");
        private static final Pattern CORE_FLOAT = Pattern.compile(
                "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
        private static final Pattern CORE_NULL = Pattern.compile("^(?:~|null|Null|NULL)$");
        private static final Pattern EMPTY_SCALAR = Pattern.compile("^$");
        /** Leading zeros would make SnakeYAML read octal; core schema reads them as decimal. */
        private static final Pattern LEADING_ZERO = Pattern.compile("^[-+]?0[0-9]+$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, CORE_BOOL, "tfTF");
            addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+.0123456789");
            addImplicitResolver(Tag.NULL, CORE_NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY_SCALAR, null);
        }

        @Override
        public Tag resolve(org.yaml.snakeyaml.nodes.NodeId kind, String value, boolean implicit) {
            if (kind == org.yaml.snakeyaml.nodes.NodeId.scalar && implicit && LEADING_ZERO.matcher(value).matches()) {
                // "010" is 10 in YAML 1.2 but 8 in SnakeYAML's constructor; keep the text rather than guess.
                return Tag.STR;
            }
            return super.resolve(kind, value, implicit);
        }
    }
}
