package org.selfhub.hub.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.metadata.GgufReader.ArraySummary;
import org.selfhub.hub.metadata.GgufReader.GgufHeader;

class GgufReaderTests {

    private static final int GGML_F32 = 0;
    private static final int GGML_Q4_K = 12;

    private final GgufReader reader = new GgufReader(1024 * 1024);

    @Test
    void readsTypedMetadataAndCountsTensorElements() throws Exception {
        GgufFixture gguf = GgufFixture.file();
        byte[] file = gguf
                .string("general.architecture", "llama")
                .string("general.name", "Tiny Llama")
                .u32("general.file_type", 15)
                .u32("llama.context_length", 4096)
                .u64("general.parameter_count", 5_000_000_000L)
                .raw("u8", GgufFixture.UINT8, new byte[] {(byte) 200})
                .raw("i8", GgufFixture.INT8, new byte[] {(byte) -3})
                .raw("u16", GgufFixture.UINT16, gguf.buf(2).putShort((short) 60_000).array())
                .raw("i16", GgufFixture.INT16, gguf.buf(2).putShort((short) -300).array())
                .raw("i32", GgufFixture.INT32, gguf.buf(4).putInt(-70_000).array())
                .raw("f32", GgufFixture.FLOAT32, gguf.buf(4).putFloat(0.5f).array())
                .raw("bool", GgufFixture.BOOL, new byte[] {1})
                .raw("i64", GgufFixture.INT64, gguf.buf(8).putLong(-5L).array())
                .raw("f64", GgufFixture.FLOAT64, gguf.buf(8).putDouble(1e-6).array())
                .raw("u64.huge", GgufFixture.UINT64, gguf.buf(8).putLong(-1L).array())
                .string("tokenizer.chat_template", "{{ messages }}")
                .strings(GgufReader.TOKENS_KEY, List.of("<unk>", "<s>", "</s>", "hello"))
                .int32s("tokenizer.ggml.token_type", 2, 3, 3, 1)
                .nestedBytes("nested", new byte[] {1, 2}, new byte[] {3})
                .tensor("token_embd.weight", GGML_Q4_K, 64, 32)
                .tensor("blk.0.attn_norm.weight", GGML_F32, 64)
                .tensor("output.weight", GGML_Q4_K, 64, 32, 1)
                .bytes();

        GgufHeader header = read(file);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("general.architecture", "llama");
        expected.put("general.name", "Tiny Llama");
        expected.put("general.file_type", 15L);
        expected.put("llama.context_length", 4096L);
        expected.put("general.parameter_count", 5_000_000_000L);
        expected.put("u8", 200);
        expected.put("i8", -3);
        expected.put("u16", 60_000);
        expected.put("i16", -300);
        expected.put("i32", -70_000L);
        expected.put("f32", 0.5);
        expected.put("bool", true);
        expected.put("i64", -5L);
        expected.put("f64", 1e-6);
        expected.put("u64.huge", "18446744073709551615");
        expected.put("tokenizer.chat_template", "{{ messages }}");
        expected.put(GgufReader.TOKENS_KEY, List.of("<unk>", "<s>", "</s>", "hello"));
        expected.put("tokenizer.ggml.token_type", List.of(2L, 3L, 3L, 1L));
        expected.put("nested", List.of(List.of(1, 2), List.of(3)));
        assertThat(header.metadata()).containsExactlyEntriesOf(expected);
        assertThat(header.version()).isEqualTo(3);
        assertThat(header.tensorCount()).isEqualTo(3);
        assertThat(header.parameters()).isEqualTo(64 * 32 + 64 + 64 * 32);
        assertThat(header.string("general.architecture")).isEqualTo("llama");
        assertThat(header.integer("llama.context_length")).isEqualTo(4096L);
    }

    @Test
    void readsVersion2AndBigEndianFiles() throws Exception {
        byte[] v2 = GgufFixture.file().version(2).string("general.architecture", "gpt2")
                .tensor("w", GGML_F32, 3, 5).bytes();
        byte[] bigEndian = GgufFixture.bigEndian().string("general.architecture", "falcon")
                .u32("falcon.context_length", 2048).tensor("w", GGML_F32, 7, 11).bytes();

        GgufHeader a = read(v2);
        GgufHeader b = read(bigEndian);

        assertThat(a.version()).isEqualTo(2);
        assertThat(a.string("general.architecture")).isEqualTo("gpt2");
        assertThat(a.parameters()).isEqualTo(15);
        assertThat(b.version()).isEqualTo(3);
        assertThat(b.metadata()).isEqualTo(
                Map.of("general.architecture", "falcon", "falcon.context_length", 2048L));
        assertThat(b.parameters()).isEqualTo(77);
    }

    @Test
    void summarisesLongArraysButKeepsTheVocabulary() throws Exception {
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            vocabulary.add("tok" + i);
        }
        int[] types = new int[1_000];
        List<String> merges = vocabulary.subList(0, 100);

        GgufHeader header = read(GgufFixture.file()
                .strings(GgufReader.TOKENS_KEY, vocabulary)
                .int32s("tokenizer.ggml.token_type", types)
                .strings("tokenizer.ggml.merges", merges)
                .bytes());

        assertThat(header.metadata().get(GgufReader.TOKENS_KEY)).isEqualTo(vocabulary);
        assertThat(header.metadata().get("tokenizer.ggml.token_type")).isEqualTo(new ArraySummary(5, 1_000));
        assertThat(header.metadata().get("tokenizer.ggml.merges")).isEqualTo(new ArraySummary(8, 100));
        assertThat(header.parameters()).isZero();
    }

    @Test
    void refusesWhatIsNotAReadableGgufHeader() {
        assertThatThrownBy(() -> read("GGML....".getBytes()))
                .isInstanceOf(MalformedFileException.class).hasMessage("the file does not start with the GGUF magic");
        assertThatThrownBy(() -> read(GgufFixture.file().version(1).bytes()))
                .isInstanceOf(MalformedFileException.class).hasMessage("GGUF version 1 is not supported");
        assertThatThrownBy(() -> read(GgufFixture.file().version(4).bytes()))
                .isInstanceOf(MalformedFileException.class).hasMessage("unknown GGUF version 4");
        assertThatThrownBy(() -> read(GgufFixture.file().raw("x", 13, new byte[4]).bytes()))
                .isInstanceOf(MalformedFileException.class).hasMessage("'x' has the unknown value type 13");
        assertThatThrownBy(() -> read(GgufFixture.file().raw("b", GgufFixture.BOOL, new byte[] {2}).bytes()))
                .isInstanceOf(MalformedFileException.class).hasMessage("'b' holds the bool value 2");
        assertThatThrownBy(() -> read(GgufFixture.file().tensor("w", GGML_F32, 1, 2, 3, 4, 5, 6, 7, 8, 9).bytes()))
                .isInstanceOf(MalformedFileException.class).hasMessage("tensor 'w' has 9 dimensions");
    }

    @Test
    void refusesAbsurdLengthsWithoutAllocatingThem() {
        byte[] hugeString = GgufFixture.file()
                .raw("s", GgufFixture.STRING, le(8).putLong(1L << 40).array()).bytes();
        byte[] hugeCount = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .put("GGUF".getBytes()).putInt(3).putLong(-1L).putLong(0).array();

        assertThatThrownBy(() -> read(hugeString))
                .isInstanceOf(MalformedFileException.class).hasMessage("a string value is 1099511627776 bytes long");
        assertThatThrownBy(() -> read(hugeCount))
                .isInstanceOf(MalformedFileException.class)
                .hasMessage("the tensor count 18446744073709551615 is above 4194304");
    }

    @Test
    void refusesTruncatedHeadersAndHeadersPastTheBudget() {
        byte[] file = GgufFixture.file().string("general.architecture", "llama").tensor("w", GGML_F32, 4).bytes();
        byte[] truncated = java.util.Arrays.copyOf(file, 40);
        GgufReader smallBudget = new GgufReader(32);

        assertThatThrownBy(() -> read(truncated))
                .isInstanceOf(MalformedFileException.class).hasMessage("the header runs past the end of the file");
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("m.gguf", file);
        assertThatThrownBy(() -> smallBudget.read(files, files.files().get(0)))
                .isInstanceOf(MalformedFileException.class).hasMessage("the header is larger than 32 bytes");
    }

    @Test
    void refusesTensorCountsThatOverflow() {
        byte[] file = GgufFixture.file().tensor("w", GGML_F32, 1L << 40, 1L << 40).bytes();

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(MalformedFileException.class).hasMessage("a tensor or array size overflows");
    }

    @Test
    void namesFileTypesLikeLlamaCpp() {
        assertThat(GgufReader.quantizationName(0)).isEqualTo("F32");
        assertThat(GgufReader.quantizationName(1)).isEqualTo("F16");
        assertThat(GgufReader.quantizationName(2)).isEqualTo("Q4_0");
        assertThat(GgufReader.quantizationName(7)).isEqualTo("Q8_0");
        assertThat(GgufReader.quantizationName(10)).isEqualTo("Q2_K");
        assertThat(GgufReader.quantizationName(15)).isEqualTo("Q4_K_M");
        assertThat(GgufReader.quantizationName(18)).isEqualTo("Q6_K");
        assertThat(GgufReader.quantizationName(30)).isEqualTo("IQ4_XS");
        assertThat(GgufReader.quantizationName(32)).isEqualTo("BF16");
        assertThat(GgufReader.quantizationName(37)).isEqualTo("TQ2_0");
        assertThat(GgufReader.quantizationName(-1)).isNull();
        assertThat(GgufReader.quantizationName(1000)).isNull();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private GgufHeader read(byte[] file) throws Exception {
        InMemoryRepoFiles files = new InMemoryRepoFiles().lfs("model.gguf", file);
        return reader.read(files, files.files().get(0));
    }
}
