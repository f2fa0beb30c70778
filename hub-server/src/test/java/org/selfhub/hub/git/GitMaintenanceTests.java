package org.selfhub.hub.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMaintenanceTests {

    @TempDir
    Path objects;

    private void touch(String relative) throws Exception {
        Path file = objects.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }

    @Test
    void anEmptyRepositoryNeedsNothing() {
        assertThat(GitMaintenance.needsRepack(objects)).isFalse();
    }

    @Test
    void aPackWithoutBitmapNeedsARepack() throws Exception {
        touch("pack/pack-1.pack");
        touch("pack/pack-1.idx");
        assertThat(GitMaintenance.needsRepack(objects)).isTrue();
        touch("pack/pack-1.bitmap");
        assertThat(GitMaintenance.needsRepack(objects)).isFalse();
    }

    @Test
    void manyPacksNeedARepackEvenWithBitmaps() throws Exception {
        for (int i = 0; i < GitMaintenance.PACK_LIMIT; i++) {
            touch("pack/pack-" + i + ".pack");
            touch("pack/pack-" + i + ".bitmap");
        }
        assertThat(GitMaintenance.needsRepack(objects)).isTrue();
    }

    @Test
    void looseObjectsNeedARepackFromTheLimitOn() throws Exception {
        for (int i = 0; i < GitMaintenance.LOOSE_OBJECT_LIMIT - 1; i++) {
            touch(String.format("%02x/%038d", i % 256, i));
        }
        assertThat(GitMaintenance.needsRepack(objects)).isFalse();
        touch("ff/" + "1".repeat(38));
        assertThat(GitMaintenance.needsRepack(objects)).isTrue();
    }
}
