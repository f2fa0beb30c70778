package org.selfhub.hub.files;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/validate-yaml} (hub-api-contract.md §7.9): checks the README front matter
 * before a commit. Python reads the JSON before the status, so every answer is JSON: 200
 * {@code {"errors":[],"warnings":[]}} or 400 {@code {"errors":[{"message":…}]}}.
 */
@RestController
class ValidateYamlController {

    private final JsonMapper json;

    ValidateYamlController(JsonMapper json) {
        this.json = json;
    }

    @PostMapping("/api/validate-yaml")
    ResponseEntity<Map<String, Object>> validate(@org.springframework.web.bind.annotation.RequestBody(required = false)
                                                 byte[] body) {
        String content;
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            content = node == null ? null : node.path("content").asString(null);
        } catch (RuntimeException e) {
            return invalid("The request body must be JSON with a 'content' string");
        }
        if (content == null) {
            return invalid("Missing 'content'");
        }
        String error = frontMatterError(content);
        return error == null ? ResponseEntity.ok(ordered(List.of(), List.of())) : invalid(error);
    }

    /** Why the README's YAML front matter is invalid, or null when it is valid or absent. */
    static String frontMatterError(String readme) {
        String text = readme.replace("\r\n", "\n");
        if (!text.startsWith("---\n")) {
            return null;
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return "The YAML metadata block is not closed with '---'";
        }
        String yaml = text.substring(4, end + 1);
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(1 << 20);
        try {
            Object data = new Yaml(new SafeConstructor(options)).load(yaml);
            if (data != null && !(data instanceof Map)) {
                return "The YAML metadata must be a dictionary";
            }
            return null;
        } catch (YAMLException e) {
            String message = e.getMessage() == null ? "invalid YAML" : e.getMessage();
            return "Invalid YAML in the metadata block: " + message.lines().findFirst().orElse(message);
        }
    }

    private static ResponseEntity<Map<String, Object>> invalid(String message) {
        return ResponseEntity.badRequest().body(ordered(List.of(Map.of("message", message)), List.of()));
    }

    private static Map<String, Object> ordered(List<?> errors, List<?> warnings) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("errors", errors);
        body.put("warnings", warnings);
        return body;
    }
}
