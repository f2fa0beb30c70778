package org.selfhub.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ObjectStoreHealthIndicatorTests {

    private Path dataDir;
    private FilesystemObjectStore store;

    @BeforeEach
    void createStore() {
        dataDir = TestDirectories.create("health-");
        store = new FilesystemObjectStore(dataDir.resolve("objects"));
    }

    @AfterEach
    void deleteDataDir() {
        TestDirectories.deleteRecursively(dataDir);
    }

    @Test
    void isUpWhileTheStoreAnswers() {
        Health health = new ObjectStoreHealthIndicator(store).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("store", "filesystem store at " + store.root());
    }

    @Test
    void isDownWithTheStoresReasonWhenTheCheckFails() {
        TestDirectories.deleteRecursively(store.root());

        Health health = new ObjectStoreHealthIndicator(store).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails())
                .containsEntry("error", "Filesystem store at " + store.root() + " is not a writable directory");
    }
}
