package org.selfhub.hub.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.selfhub.hub.shared.RepoType;

class GitAttributesTests {

    @Test
    void modelDefaultsAreTheHubsLfsPatterns() {
        String attributes = GitAttributes.defaultFor(RepoType.MODEL);
        assertThat(attributes).startsWith("*.7z filter=lfs diff=lfs merge=lfs -text\n*.arrow filter=lfs")
                .contains("\nsaved_model/**/* filter=lfs diff=lfs merge=lfs -text\n")
                .endsWith("*.zst filter=lfs diff=lfs merge=lfs -text\n*tfevents* filter=lfs diff=lfs merge=lfs -text\n");
        assertThat(attributes.lines()).hasSize(35);
        assertThat(GitAttributes.isLfs(attributes, "model.safetensors")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "sub/dir/pytorch_model.bin")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "saved_model/variables/v.data")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "runs/events.out.tfevents.1.host")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "data.tar.gz")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "config.json")).isFalse();
        assertThat(GitAttributes.isLfs(attributes, "README.md")).isFalse();
    }

    @Test
    void datasetDefaultsAddMediaFormats() {
        String attributes = GitAttributes.defaultFor(RepoType.DATASET);
        assertThat(GitAttributes.isLfs(attributes, "images/cat.png")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "audio/a.flac")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "x.lz4")).isTrue();
        assertThat(GitAttributes.isLfs(GitAttributes.defaultFor(RepoType.MODEL), "images/cat.png")).isFalse();
    }

    @Test
    void laterRulesWinAndUnsetFiltersAreNotLfs() {
        String attributes = "*.bin filter=lfs diff=lfs merge=lfs -text\nsmall.bin -filter\n";
        assertThat(GitAttributes.isLfs(attributes, "big.bin")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "small.bin")).isFalse();
    }

    @Test
    void trackingAddsAnExactPatternThatMatchesOnlyThatPath() {
        String attributes = GitAttributes.track("*.bin filter=lfs diff=lfs merge=lfs -text", "dir/my file[1].dat");
        assertThat(attributes).isEqualTo("*.bin filter=lfs diff=lfs merge=lfs -text\n"
                + "dir/my[[:space:]]file\\[1\\].dat filter=lfs diff=lfs merge=lfs -text\n");
        assertThat(GitAttributes.isLfs(attributes, "dir/my file[1].dat")).isTrue();
        assertThat(GitAttributes.isLfs(attributes, "dir/my file1.dat")).isFalse();
    }

    @Test
    void pointersRoundTrip() {
        String oid = "a".repeat(64);
        byte[] pointer = LfsPointers.encode(oid, 123);
        assertThat(new String(pointer)).isEqualTo(
                "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 123\n");
        assertThat(LfsPointers.parse(pointer)).isEqualTo(new LfsPointers.Pointer(oid, 123));
        assertThat(LfsPointers.parse("hello".getBytes())).isNull();
    }
}
