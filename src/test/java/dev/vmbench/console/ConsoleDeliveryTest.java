package dev.vmbench.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reader never waits for a queued listener, and queued listeners still get everything, in order, once.
 * No test sleeps to synchronise: waits are latches and deadline-bound conditions; a listener may sleep
 * inside itself, as the slowness under test.
 */
class ConsoleDeliveryTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** A real OS pipe, as a pty is: a writer that nobody drains blocks once its 64 KiB buffer is full. */
    private final Pipe pipe;
    private final List<CountDownLatch> gates = new ArrayList<>();
    private Console console;

    ConsoleDeliveryTest() throws IOException {
        pipe = Pipe.open();
    }

    @AfterEach
    void releaseEverything() throws IOException {
        gates.forEach(g -> g.countDown()); // no listener thread is left stuck behind a failed test
        pipe.sink().close();
        if (console != null) {
            console.close();
        }
    }

    private Console console(String name) {
        return console(name, Console.MAX_BACKLOG_BYTES);
    }

    private Console console(String name, long bound) {
        console = new Console(Channels.newInputStream(pipe.source()), new ByteArrayOutputStream(), 300_000, bound);
        console.start(name);
        return console;
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    private void write(byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            pipe.sink().write(buf);
        }
    }

    private void write(String s) throws IOException {
        write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes s and waits until the console has read it (the watch sees it). */
    private static void writeAndSee(ConsoleDeliveryTest t, ConsoleWatch w, String s) throws Exception {
        t.write(s);
        w.await(Pattern.compile(Pattern.quote(s)), 10, TimeUnit.SECONDS);
    }

    /** Text with 1-, 2-, 3- and 4-byte UTF-8 sequences, about size bytes. */
    private static byte[] utf8(int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < size / 2; i++) {
            sb.append("line ").append(i).append(" grüße → 日本 ✓ \uD83C\uDF89\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Records every call; optionally blocks in its first output call until a gate opens, or sleeps in each. */
    static final class Recorder implements ConsoleListener {
        final Delivery delivery;
        final String label;
        final CountDownLatch gate;
        final long sleepMillis;
        final CountDownLatch entered = new CountDownLatch(1);
        final List<String> events = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        volatile Thread thread;
        volatile long chars;

        Recorder(Delivery delivery, String label, CountDownLatch gate, long sleepMillis) {
            this.delivery = delivery;
            this.label = label;
            this.gate = gate;
            this.sleepMillis = sleepMillis;
        }

        Recorder(Delivery delivery, String label) {
            this(delivery, label, null, 0);
        }

        @Override
        public void onOutput(String text, long nanoTime) {
            thread = Thread.currentThread();
            entered.countDown();
            pause();
            synchronized (this) {
                events.add("o:" + text);
                texts.add(text);
                times.add(nanoTime);
                chars += text.length();
            }
        }

        private void pause() {
            try {
                if (gate != null) {
                    gate.await();
                }
                if (sleepMillis > 0) {
                    Thread.sleep(sleepMillis); // the slowness under test
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onInput(String text, long nanoTime) {
            pause();
            synchronized (this) {
                events.add("i:" + text);
            }
        }

        @Override
        public void onMarker(String label, long nanoTime) {
            pause();
            synchronized (this) {
                events.add("m:" + label);
            }
        }

        @Override
        public synchronized void onClose() {
            events.add("close");
        }

        @Override
        public synchronized void onDropped(String reason) {
            events.add("dropped:" + reason);
        }

        @Override
        public Delivery delivery() {
            return delivery;
        }

        @Override
        public String label() {
            return label;
        }

        synchronized String text() {
            return String.join("", texts);
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }

        synchronized List<String> texts() {
            return List.copyOf(texts);
        }

        synchronized List<Long> times() {
            return List.copyOf(times);
        }
    }

    /** Waits, polling often, until the condition holds; fails after a long deadline. */
    private static void eventually(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(LONG).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).until(condition);
    }

    private static Set<String> threadsNamed(String prefix) {
        Set<String> names = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void aStuckListenerNeverHoldsUpTheReaderAndLaterGetsEveryByteInOrderWithItsArrivalTime() throws Exception {
        Console c = console("stuck-reader");
        CountDownLatch gate = gate();
        Recorder slow = new Recorder(ConsoleListener.Delivery.QUEUED, "slow", gate, 0);
        Recorder now = new Recorder(ConsoleListener.Delivery.SYNCHRONOUS, "now");
        c.addListener(slow);
        c.addListener(now);
        ConsoleWatch watch = c.watch();
        byte[] data = utf8(8 << 20); // 8 MiB: 128 times what the pipe holds
        byte[] end = "\r\nEND-OF-DATA\r\n".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int off = 0; off < data.length; off += 4093) { // odd slices: sequences split across writes
                    write(java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 4093)));
                }
                write(end);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        // a reader that waited for the slow listener would leave the writer blocked on a full pipe for ever
        writer.get(LONG.toSeconds(), TimeUnit.SECONDS);
        ConsoleWatch.Match m = watch.await(Pattern.compile("END-OF-DATA"), 10, TimeUnit.SECONDS);
        assertThat(m.matched()).isEqualTo("END-OF-DATA");
        assertThat(slow.entered.getCount()).as("the slow listener is in its first call").isZero();
        assertThat(slow.texts()).as("and still there: it has finished no call").isEmpty();
        assertThat(c.backlogBytes()).as("the rest waits in its queue").isGreaterThan(data.length / 2);

        pipe.sink().close();
        gate.countDown();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();

        byte[] all = new byte[data.length + end.length];
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(end, 0, all, data.length, end.length);
        assertThat(slow.text().getBytes(StandardCharsets.UTF_8)).as("byte for byte").isEqualTo(all);
        assertThat(slow.texts()).as("the same chunks as on the reader").isEqualTo(now.texts());
        assertThat(slow.times()).as("with the times they were read").isEqualTo(now.times());
        assertThat(slow.events()).last().isEqualTo("close");
        assertThat(c.backlogBytes()).isZero();
    }

    @Test
    void inputAndMarkersKeepTheirPlaceAmongTheOutputOfASlowListener() throws Exception {
        Console c = console("in-order");
        Recorder slow = new Recorder(ConsoleListener.Delivery.QUEUED, "slow", null, 20);
        Recorder now = new Recorder(ConsoleListener.Delivery.SYNCHRONOUS, "now");
        c.addListener(slow);
        c.addListener(now);
        try (ConsoleWatch w = c.watch()) {
            writeAndSee(this, w, "a");
            c.send("x");
            c.mark("m1");
            writeAndSee(this, w, "b");
            c.send("y");
            writeAndSee(this, w, "c");
        }
        pipe.sink().close();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<String> expected = List.of("o:a", "i:x", "m:m1", "o:b", "i:y", "o:c", "close");
        assertThat(now.events()).isEqualTo(expected);
        assertThat(slow.events()).isEqualTo(expected);
    }

    @Test
    void aListenerThatNeverReturnsDoesNotDelayAnother() throws Exception {
        Console c = console("never-returns");
        CountDownLatch never = gate();
        Recorder stuck = new Recorder(ConsoleListener.Delivery.QUEUED, "stuck", never, 0);
        Recorder other = new Recorder(ConsoleListener.Delivery.QUEUED, "other");
        c.addListener(stuck);
        c.addListener(other);
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            String line = "output " + i + "\r\n";
            sent.append(line);
            write(line);
        }
        eventually(() -> other.text().length() == sent.length());
        assertThat(other.text()).isEqualTo(sent.toString());
        assertThat(stuck.entered.getCount()).isZero();
        assertThat(stuck.texts()).isEmpty();
        assertThat(other.thread).isNotSameAs(stuck.thread);
        assertThat(other.thread.getName()).isEqualTo("never-returns/other");
    }

    @Test
    void aListenerThatFallsTooFarBehindIsDroppedWithANoticeWhileTheOthersGoOn() throws Exception {
        long bound = Console.MAX_BACKLOG_BYTES;
        Console c = console("too-far-behind");
        CountDownLatch gate = gate();
        Recorder stuck = new Recorder(ConsoleListener.Delivery.QUEUED, "stuck", gate, 0);
        AtomicLong checked = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicReference<String> closed = new AtomicReference<>();
        String pattern = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n";
        ConsoleListener checker = new ConsoleListener() { // keeps nothing: checks each char against the pattern
            @Override
            public void onOutput(String text, long nanoTime) {
                long at = checked.get();
                for (int i = 0; i < text.length(); i++) {
                    if (text.charAt(i) != pattern.charAt((int) ((at + i) % pattern.length())) && wrong.get() == null) {
                        wrong.set("char " + (at + i));
                    }
                }
                checked.set(at + text.length());
            }

            @Override
            public void onClose() {
                closed.set("closed after " + checked.get());
            }
        };
        c.addListener(stuck);
        c.addListener(checker);
        byte[] block = pattern.repeat(1024).getBytes(StandardCharsets.US_ASCII);
        long total = 0;
        long most = 0;
        while (total < bound) { // counted at 2 bytes a char: this is twice what the bound lets wait
            write(block);
            total += block.length;
            most = Math.max(most, c.backlogBytes());
            if (total % (4 << 20) == 0) { // the checker must not fall behind the bound on a busy machine
                long written = total;
                eventually(() -> checked.get() >= written - (8 << 20));
            }
        }
        pipe.sink().close();

        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS))
                .as("the dropped listener, still stuck, is not waited for").isTrue();
        assertThat(wrong.get()).isNull();
        assertThat(checked.get()).isEqualTo(total);
        assertThat(closed.get()).isEqualTo("closed after " + total);
        assertThat(most).as("what waited in the queues, sampled").isLessThanOrEqualTo(2 * bound);
        assertThat(c.backlogBytes()).as("the stuck listener's queue was emptied").isZero();
        assertThat(stuck.texts()).isEmpty();

        gate.countDown();
        eventually(() -> stuck.events().size() == 2);
        assertThat(stuck.events().get(0)).startsWith("o:");
        assertThat(stuck.events().get(1)).isEqualTo("dropped:fell more than 64 MiB behind the console");
        eventually(() -> threadsNamed("too-far-behind").isEmpty());
        assertThat(stuck.events()).as("nothing after the notice, no close").hasSize(2);
    }

    @Test
    void theBoundHoldsForEveryQueueAndOnlyTheStuckOneIsDropped() throws Exception {
        Console c = console("small-bound", 1 << 20);
        CountDownLatch gate = gate();
        Recorder stuck = new Recorder(ConsoleListener.Delivery.LIVE, "stuck", gate, 0);
        Recorder fine = new Recorder(ConsoleListener.Delivery.QUEUED, "fine");
        c.addListener(stuck);
        c.addListener(fine);
        byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        long most = 0;
        for (int i = 1; i <= 2000; i++) { // 2 MB: 4 MiB counted
            write(chunk);
            most = Math.max(most, c.backlogBytes());
            if (i % 50 == 0) { // the healthy listener must not fall behind the bound on a busy machine
                long written = i * 1000L;
                eventually(() -> fine.chars >= written - 100_000);
            }
        }
        eventually(() -> fine.chars == 2_000_000);
        assertThat(fine.text()).isEqualTo("x".repeat(2_000_000));
        assertThat(most).isLessThanOrEqualTo(2L << 20);
        assertThat(c.backlogBytes()).isZero();
        gate.countDown();
        eventually(() -> stuck.events().size() == 2);
        assertThat(stuck.events().get(1)).isEqualTo("dropped:fell more than 1 MiB behind the console");
        c.removeListener(stuck); // a dropped listener's removal is harmless
        pipe.sink().close();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(fine.events()).last().isEqualTo("close");
        assertThat(stuck.events()).hasSize(2);
    }

    @Test
    void removingALiveListenerInACallWaitsForThatCallAndDiscardsTheRest() throws Exception {
        Console c = console("remove-live");
        CountDownLatch gate = gate();
        Recorder live = new Recorder(ConsoleListener.Delivery.LIVE, "screen", gate, 0);
        c.addListener(live);
        try (ConsoleWatch w = c.watch()) {
            writeAndSee(this, w, "first");
            assertThat(live.entered.await(10, TimeUnit.SECONDS)).isTrue();
            writeAndSee(this, w, "second"); // queued behind the call in progress
            Thread remover = new Thread(() -> c.removeListener(live), "remover");
            remover.start();
            eventually(() -> remover.getState() == Thread.State.WAITING);
            assertThat(remover.isAlive()).as("removal waits for the call in progress").isTrue();
            writeAndSee(this, w, "third"); // read after the removal
            gate.countDown();
            remover.join(LONG.toMillis());
            assertThat(remover.isAlive()).isFalse();
            assertThat(live.events()).isEqualTo(List.of("o:first"));
            eventually(() -> threadsNamed("remove-live/").isEmpty());
            writeAndSee(this, w, "fourth");
        }
        pipe.sink().close();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(live.events()).as("nothing after removal, not even the close").isEqualTo(List.of("o:first"));
    }

    @Test
    void removingAQueuedListenerDeliversWhatWasReadBeforeThenStops() throws Exception {
        Console c = console("remove-queued");
        CountDownLatch gate = gate();
        Recorder record = new Recorder(ConsoleListener.Delivery.QUEUED, "record", gate, 0);
        c.addListener(record);
        try (ConsoleWatch w = c.watch()) {
            writeAndSee(this, w, "a");
            assertThat(record.entered.await(10, TimeUnit.SECONDS)).isTrue();
            writeAndSee(this, w, "b");
            c.mark("m");
            writeAndSee(this, w, "c");
            Thread remover = new Thread(() -> c.removeListener(record), "remover");
            remover.start();
            eventually(() -> remover.getState() == Thread.State.WAITING);
            writeAndSee(this, w, "d"); // after the removal: not delivered
            gate.countDown();
            remover.join(LONG.toMillis());
            assertThat(remover.isAlive()).isFalse();
            assertThat(record.events()).isEqualTo(List.of("o:a", "o:b", "m:m", "o:c"));
            eventually(() -> threadsNamed("remove-queued/").isEmpty());
        }
        pipe.sink().close();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(record.events()).isEqualTo(List.of("o:a", "o:b", "m:m", "o:c"));
    }

    @Test
    void aQueuedListenerMayRemoveItselfAndBeAddedAgainLater() throws Exception {
        Console c = console("self-removal");
        List<String> seen = new ArrayList<>();
        CountDownLatch gone = new CountDownLatch(1);
        ConsoleListener once = new ConsoleListener() {
            @Override
            public synchronized void onOutput(String text, long nanoTime) {
                seen.add(text);
                c.removeListener(this); // on its own thread: must not wait for itself
                gone.countDown();
            }
        };
        c.addListener(once);
        try (ConsoleWatch w = c.watch()) {
            writeAndSee(this, w, "one");
            assertThat(gone.await(10, TimeUnit.SECONDS)).isTrue();
            writeAndSee(this, w, "two");
            eventually(() -> threadsNamed("self-removal/").isEmpty());
            c.addListener(once);
            writeAndSee(this, w, "three");
            eventually(() -> threadsNamed("self-removal/").isEmpty());
        }
        synchronized (once) {
            assertThat(seen).containsExactly("one", "three");
        }
    }

    @Test
    void theScrollbackAndTheLiveOutputJoinWithoutLossOrRepetition() throws Exception {
        console = new Console(Channels.newInputStream(pipe.source()), new ByteArrayOutputStream(), 500_000);
        Console c = console;
        c.start("with-scrollback");
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 400_000; i++) {
            sent.append(i).append('\n');
        }
        byte[] data = sent.toString().getBytes(StandardCharsets.US_ASCII);
        CountDownLatch half = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int off = 0; off < data.length; off += 997) {
                    write(java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + 997)));
                    if (off >= data.length / 2) {
                        half.countDown(); // and go on writing: the listener is added while output flows
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(half.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Recorder late = new Recorder(ConsoleListener.Delivery.QUEUED, "late");
        c.addListenerWithScrollback(late);
        writer.get(LONG.toSeconds(), TimeUnit.SECONDS);
        pipe.sink().close();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the scrollback joins its lines with \n and leaves out the last one's end: compare without them
        assertThat(late.text().replace("\n", "")).isEqualTo(sent.toString().replace("\n", ""));
        assertThat(late.events()).last().isEqualTo("close");
        assertThat(late.texts().size()).as("the scrollback, then live chunks").isGreaterThan(1);
    }

    @Test
    void onCloseComesAfterTheLastChunkOnceAndNoThreadOutlivesTheConsole() throws Exception {
        Console c = console("close-order");
        List<Recorder> all = List.of(new Recorder(ConsoleListener.Delivery.QUEUED, "q", null, 1),
                new Recorder(ConsoleListener.Delivery.LIVE, "l", null, 1),
                new Recorder(ConsoleListener.Delivery.SYNCHRONOUS, "s"));
        all.forEach(c::addListener);
        assertThat(threadsNamed("close-order/")).containsExactlyInAnyOrder("close-order/q", "close-order/l");
        byte[] data = utf8(64 << 10);
        write(data);
        pipe.sink().close();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (Recorder r : all) {
            List<String> e = r.events();
            assertThat(e).as(r.label).last().isEqualTo("close");
            assertThat(e.stream().filter("close"::equals).count()).as(r.label).isEqualTo(1);
            assertThat(r.text().getBytes(StandardCharsets.UTF_8)).as(r.label).isEqualTo(data);
        }
        eventually(() -> threadsNamed("close-order").isEmpty());

        Recorder after = new Recorder(ConsoleListener.Delivery.QUEUED, "after");
        c.addListener(after); // told at once, without a thread
        assertThat(after.events()).containsExactly("close");
        assertThat(threadsNamed("close-order")).isEmpty();
    }

    @Test
    void aQueuedListenerIsNotAddedTwiceEvenAfterTheEndWhileItsThreadRuns() throws Exception {
        Console c = console("twice");
        CountDownLatch gate = gate();
        Recorder r = new Recorder(ConsoleListener.Delivery.QUEUED, "r", gate, 0);
        c.addListener(r);
        assertThatThrownBy(() -> c.addListener(r)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.addListenerWithScrollback(r)).isInstanceOf(IllegalStateException.class);
        write("x");
        assertThat(r.entered.await(10, TimeUnit.SECONDS)).isTrue();
        pipe.sink().close();
        eventually(c::isClosed);
        // its thread still has the close to deliver: a second thread must not call it meanwhile
        assertThatThrownBy(() -> c.addListener(r)).isInstanceOf(IllegalStateException.class);
        assertThat(threadsNamed("twice/")).containsExactly("twice/r");
        gate.countDown();
        assertThat(c.awaitEnd(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(r.events()).containsExactly("o:x", "close");
    }

    @Test
    void listenerThreadsOfAConsoleThatNeverStartedEndWhenItCloses() {
        Console c = new Console(Channels.newInputStream(pipe.source()), new ByteArrayOutputStream(), 10);
        Recorder r = new Recorder(ConsoleListener.Delivery.QUEUED, "unstarted");
        c.addListener(r);
        assertThat(threadsNamed("console/unstarted")).hasSize(1);
        c.close();
        eventually(() -> threadsNamed("console/unstarted").isEmpty());
        assertThat(r.events()).containsExactly("close");
    }
}
