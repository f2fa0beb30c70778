package org.selfhub.hub.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.shared.HubException;

class BatcherTests {

    @Test
    void aLoneCallerRunsItsItemOnItsOwnThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        Batcher<Integer, Integer> batcher = new Batcher<>(8, items -> {
            threads.add(Thread.currentThread().getName());
            return items.stream().map(i -> i * 2).toList();
        });
        batcher.start();

        assertThat(batcher.submit(21)).isEqualTo(42);
        assertThat(batcher.submitAll(List.of(1, 2, 3))).containsExactly(2, 4, 6);
        assertThat(threads).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Batcher<Integer, Integer> batcher = new Batcher<>(16, items -> {
            sizes.add(items.size());
            sleep(5); // a commit: the others arrive meanwhile
            return items.stream().map(i -> i + 1000).toList();
        });
        batcher.start();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                go.await();
                return batcher.submit(n);
            }));
        }
        go.countDown();
        for (int i = 0; i < 400; i++) {
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1000);
        }
        pool.shutdown();

        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
        assertThat(sizes).allMatch(s -> s >= 1 && s <= 16);
        assertThat(sizes.size()).isLessThan(200); // batches formed: far fewer runs than items
    }

    @Test
    void aFailedBatchFailsItsCallersOnlyAndTheNextBatchRuns() {
        Batcher<String, String> batcher = new Batcher<>(8, items -> {
            if (items.contains("bad")) {
                throw HubException.badRequest("bad item");
            }
            return items;
        });
        batcher.start();

        assertThatThrownBy(() -> batcher.submit("bad")).isInstanceOf(HubException.class).hasMessage("bad item");
        assertThat(batcher.submit("good")).isEqualTo("good");
    }

    @Test
    void aStoppedBatcherRefusesWith503() {
        Batcher<String, String> batcher = new Batcher<>(8, items -> items);
        batcher.start();
        batcher.stop();

        assertThatThrownBy(() -> batcher.submit("x")).isInstanceOfSatisfying(HubException.class,
                e -> {
                    assertThat(e.status().value()).isEqualTo(503);
                    assertThat(e.getMessage()).isEqualTo("The hub is shutting down");
                });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
