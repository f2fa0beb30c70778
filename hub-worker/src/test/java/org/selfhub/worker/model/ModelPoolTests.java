package org.selfhub.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ModelPoolTests {

    /** A fake model of a known size that records its closing. */
    static final class FakeModel implements AutoCloseable {
        final ModelKey key;
        final long bytes;
        boolean closed;

        FakeModel(ModelKey key, long bytes) {
            this.key = key;
            this.bytes = bytes;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Map<String, Long> sizes = Map.of("a", 40L, "b", 40L, "c", 40L, "big", 101L, "half", 60L);
    final List<String> loads = new ArrayList<>();
    final List<FakeModel> made = new ArrayList<>();

    final ModelPool<FakeModel> pool = new ModelPool<>(100, new ModelPool.Loader<>() {
        @Override
        public long estimateBytes(ModelKey key) {
            return sizes.get(key.modelId());
        }

        @Override
        public FakeModel load(ModelKey key) {
            loads.add(key.modelId());
            FakeModel m = new FakeModel(key, sizes.get(key.modelId()));
            made.add(m);
            return m;
        }

        @Override
        public long bytes(FakeModel model) {
            return model.bytes;
        }
    }, Clock.systemUTC(), 50);

    static ModelKey key(String id) {
        return new ModelKey(id, "0".repeat(40));
    }

    void use(String id) throws Exception {
        try (var h = pool.acquire(key(id))) {
            assertThat(h.model().key.modelId()).isEqualTo(id);
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedModelToStayWithinTheBudget() throws Exception {
        use("a");
        use("b");
        use("a"); // a is now more recent than b
        use("c"); // 120 > 100: b goes
        assertThat(loads).containsExactly("a", "b", "c");
        assertThat(pool.loadedKeys()).containsExactly(key("a"), key("c"));
        assertThat(made.get(1).closed).isTrue();
        assertThat(made.get(0).closed).isFalse();
        assertThat(pool.usedBytes()).isEqualTo(80);
        assertThat(pool.freeBytes()).isEqualTo(20);
        use("a"); // a hit, no load
        assertThat(loads).hasSize(3);
        assertThat(pool.snapshot()).extracting(ModelPool.ModelState::modelId).containsExactly("c", "a");
        assertThat(pool.snapshot()).allMatch(s -> s.state().equals("ready") && s.bytes() == 40);
    }

    @Test
    void neverEvictsAModelInUseAndTimesOutWhenNothingCanMakeRoom() throws Exception {
        var a = pool.acquire(key("a"));
        var b = pool.acquire(key("b"));
        assertThatThrownBy(() -> pool.acquire(key("c"))).isInstanceOf(TimeoutException.class);
        assertThat(made.get(0).closed).isFalse();
        b.close();
        use("c"); // now b is idle and is evicted
        assertThat(pool.loadedKeys()).containsExactly(key("a"), key("c"));
        a.close();
        assertThat(pool.refCounts()).containsEntry(key("a"), 0);
    }

    @Test
    void aModelLargerThanTheBudgetIsTooBig() {
        assertThatThrownBy(() -> pool.acquire(key("big"))).isInstanceOf(ModelTooLargeException.class)
                .hasMessageContaining("budget is 100");
        assertThat(loads).isEmpty();
    }

    @Test
    void unloadDropsIdleModelsOnly() throws Exception {
        use("a");
        var held = pool.acquire(key("b"));
        assertThat(pool.unload("a")).isTrue();
        assertThat(pool.unload("b")).isFalse();
        assertThat(pool.loadedKeys()).containsExactly(key("b"));
        held.close();
        pool.close();
        assertThat(made).allMatch(m -> m.closed);
    }
}
