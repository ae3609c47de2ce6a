package io.bulwark.core.timeout;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlineWatchTest {

    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final DeadlineWatch watch = new DeadlineWatch("deadline-watch-test", (where, error) -> errors.add(where));

    /** A watched thing that records when it expired. */
    private static final class Entry implements DeadlineWatch.Watched {
        final long deadline;
        volatile boolean finished;
        volatile long expiredAt;
        final CountDownLatch expired = new CountDownLatch(1);
        final RuntimeException failure;

        Entry(long delayMillis) {
            this(delayMillis, null);
        }

        Entry(long delayMillis, RuntimeException failure) {
            this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
            this.failure = failure;
        }

        @Override
        public long deadlineNanos() {
            return deadline;
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public void expire() {
            expiredAt = System.nanoTime();
            expired.countDown();
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Test
    void expiresAnEntryOnlyOnceItsDeadlineHasPassed() throws InterruptedException {
        Entry entry = new Entry(100);
        watch.watch(entry);
        assertTrue(entry.expired.await(5, TimeUnit.SECONDS), "never expired");
        assertTrue(entry.expiredAt - entry.deadline >= 0, "expired before its deadline");
        assertEquals(0, watch.size(), "an expired entry is dropped");
    }

    @Test
    void wakesFromItsIdleSleepForTheNextEntry() throws InterruptedException {
        Entry first = new Entry(10);
        watch.watch(first);
        assertTrue(first.expired.await(5, TimeUnit.SECONDS));
        Thread.sleep(200); // nothing watched: the thread parks without a timeout
        Entry second = new Entry(50);
        watch.watch(second);
        assertTrue(second.expired.await(5, TimeUnit.SECONDS), "the idle watch did not wake for a new entry");
    }

    @Test
    void neverExpiresAFinishedEntryAndDropsIt() throws InterruptedException {
        Entry finished = new Entry(1_000);
        Entry running = new Entry(1_100);
        watch.watch(finished);
        watch.watch(running);
        finished.finished = true;
        assertTrue(running.expired.await(5, TimeUnit.SECONDS));
        assertEquals(1, finished.expired.getCount(), "a finished entry expired");
        assertEquals(0, watch.size());
    }

    @Test
    void expiresInDeadlineOrderWhateverTheOrderOfWatching() throws InterruptedException {
        Entry late = new Entry(1_000);
        Entry early = new Entry(100);
        watch.watch(late);
        watch.watch(early);
        assertTrue(early.expired.await(5, TimeUnit.SECONDS));
        assertEquals(1, late.expired.getCount(), "the later deadline expired with the earlier one");
        assertTrue(late.expired.await(5, TimeUnit.SECONDS));
    }

    @Test
    void anExpiryThatThrowsIsReportedAndTheOthersStillExpire() throws InterruptedException {
        Entry failing = new Entry(20, new IllegalStateException("boom"));
        Entry next = new Entry(150);
        watch.watch(failing);
        watch.watch(next);
        assertTrue(next.expired.await(5, TimeUnit.SECONDS), "the watch died with the failing expiry");
        assertEquals(List.of("request timeout"), errors);
    }

    @Test
    void moreRunningEntriesThanSlotsAllExpire() throws InterruptedException {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 3 * DeadlineWatch.SLOTS; i++) {
            Entry entry = new Entry(300);
            entries.add(entry);
            watch.watch(entry);
        }
        assertTrue(watch.size() > DeadlineWatch.SLOTS, "the overflow holds what the slots cannot: " + watch.size());
        for (Entry entry : entries) {
            assertTrue(entry.expired.await(5, TimeUnit.SECONDS), "an entry past the slots never expired");
        }
        assertEquals(0, watch.size());
        assertEquals(List.of(), errors);
    }

    @Test
    void aFinishedEntrysSlotIsTakenByTheNext() {
        for (int i = 0; i < 4 * DeadlineWatch.SLOTS; i++) {
            Entry entry = new Entry(60_000 + i);
            watch.watch(entry);
            entry.finished = true;
        }
        assertTrue(watch.size() <= DeadlineWatch.SLOTS, "finished entries piled up: " + watch.size());
    }

    @Test
    void aReleasedSlotIsFreeAtOnce() {
        Entry entry = new Entry(60_000);
        int slot = watch.watch(entry);
        assertTrue(slot >= 0 && slot < DeadlineWatch.SLOTS, "slot " + slot);
        watch.release(slot);
        assertEquals(1, watch.size(), "a running entry keeps its slot");
        entry.finished = true;
        watch.release(slot);
        assertEquals(0, watch.size());
    }

    @Test
    void anEarlierDeadlineWakesTheWatchSleepingUntilALaterOne() throws InterruptedException {
        Entry late = new Entry(10_000);
        watch.watch(late);
        Thread.sleep(100); // the watch now sleeps until the late deadline
        Entry early = new Entry(100);
        watch.watch(early);
        assertTrue(early.expired.await(2, TimeUnit.SECONDS), "the sleeping watch did not wake for an earlier deadline");
        assertTrue(early.expiredAt - early.deadline < TimeUnit.MILLISECONDS.toNanos(500),
            "expired " + TimeUnit.NANOSECONDS.toMillis(early.expiredAt - early.deadline) + " ms late");
        assertEquals(1, late.expired.getCount());
    }
}
