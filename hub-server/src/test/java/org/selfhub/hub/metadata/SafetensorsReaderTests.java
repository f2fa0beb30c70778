package org.selfhub.hub.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SafetensorsReaderTests {

    private final SafetensorsReader reader = new SafetensorsReader(JsonMapper.builder().build());

    @Test
    void countsParametersPerDtypeFromTheHeader() throws Exception {
        byte[] file = SafetensorsFixture.file()
                .metadata("format", "pt")
                .tensor("embed.weight", "F32", 10, 20)
                .tensor("layer.0.weight", "BF16", 3, 4, 5)
                .tensor("position_ids", "I64", 1, 7)
                .tensor("scale", "F32")
                .bytes();
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("model.safetensors", file);

        SafetensorsReader.Header header = reader.read(files, files.files().get(0));
        Map<String, Long> counts = header.parameters();

        assertThat(counts).isEqualTo(Map.of("BF16", 60L, "F32", 201L, "I64", 7L));
        assertThat(counts.keySet()).containsExactly("BF16", "F32", "I64");
        assertThat(header.length()).isEqualTo(file.length - 8 - (200 * 4 + 60 * 2 + 7 * 8 + 4));
    }

    @Test
    void readsOnlyTheHeaderNeverTheWeights() throws Exception {
        byte[] file = SafetensorsFixture.file().tensor("w", "F32", 100_000).bytes();
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("model.safetensors", file);
        long headerEnd = file.length - 400_000L;

        assertThat(reader.read(files, files.files().get(0)).parameters()).isEqualTo(Map.of("F32", 100_000L));
        assertThat(files.furthestRead("model.safetensors")).isLessThanOrEqualTo(headerEnd + 64 * 1024);
        assertThat(files.rangeBytesRead()).isLessThan(70_000L);
    }

    @Test
    void readsAHeaderLongerThanTheFirstRangeInASecondRead() throws Exception {
        SafetensorsFixture fixture = SafetensorsFixture.file();
        for (int i = 0; i < 2_000; i++) {
            fixture.tensor("model.layers." + i + ".self_attn.q_proj.weight", "F16", 2, 3);
        }
        byte[] file = fixture.bytes();
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("model.safetensors", file);

        assertThat(reader.read(files, files.files().get(0)).parameters()).isEqualTo(Map.of("F16", 12_000L));
        assertThat(files.furthestRead("model.safetensors")).isEqualTo(file.length - 24_000L);
    }

    @Test
    void refusesAHeaderLengthAboveTheSpecLimit() {
        byte[] file = SafetensorsFixture.declaring(100_000_001L, "{}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("the header length 100000001 is outside 1..100000000");
    }

    @Test
    void refusesAnAbsurdHeaderLengthWithoutAllocatingIt() {
        byte[] file = SafetensorsFixture.declaring(-1L, new byte[16]);

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("the header length 18446744073709551615 is outside 1..100000000");
    }

    @Test
    void refusesAHeaderLengthPastTheEndOfTheFile() {
        byte[] file = SafetensorsFixture.declaring(1_000, "{\"a\":".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("the header length 1000 runs past the end of the file");
    }

    @Test
    void refusesAFileShorterThanTheLengthField() {
        assertThatThrownBy(() -> read(new byte[] {1, 0, 0}))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("the file is shorter than the 8-byte header length");
    }

    @Test
    void refusesHeadersThatAreNotTheExpectedJson() {
        assertThatThrownBy(() -> read(header("[1,2]")))
                .isInstanceOf(MalformedFileException.class).hasMessage("the header is not a JSON object");
        assertThatThrownBy(() -> read(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,")))
                .isInstanceOf(MalformedFileException.class).hasMessageStartingWith("the header is not valid JSON: ");
        assertThatThrownBy(() -> read(header("{\"w\":[1]}")))
                .isInstanceOf(MalformedFileException.class).hasMessage("tensor 'w' is not a JSON object");
        assertThatThrownBy(() -> read(header("{\"w\":{\"dtype\":\"F32\"}}")))
                .isInstanceOf(MalformedFileException.class).hasMessage("tensor 'w' lacks dtype or shape");
        assertThatThrownBy(() -> read(header("{\"w\":{\"dtype\":7,\"shape\":[1]}}")))
                .isInstanceOf(MalformedFileException.class).hasMessage("tensor 'w' has no dtype string");
        assertThatThrownBy(() -> read(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1]}}")))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("tensor 'w' has a dimension that is not a non-negative integer");
        assertThatThrownBy(() -> read(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5]}}")))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("tensor 'w' has a dimension that is not a non-negative integer");
        assertThatThrownBy(() -> read(header("{} {}")))
                .isInstanceOf(MalformedFileException.class).hasMessage("the header has content after its JSON object");
    }

    @Test
    void refusesCountsThatOverflow() {
        assertThatThrownBy(() -> read(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296]}}")))
                .isInstanceOf(MalformedFileException.class).hasMessage("the parameter count overflows");
    }

    private byte[] header(String json) {
        return SafetensorsFixture.withHeader(json.getBytes(StandardCharsets.UTF_8), 0);
    }

    private Map<String, Long> read(byte[] file) throws Exception {
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("x.safetensors", file);
        return reader.read(files, files.files().get(0)).parameters();
    }
}
