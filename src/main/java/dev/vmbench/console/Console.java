package dev.vmbench.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VM's serial console: one reader thread drains the hypervisor's pty, decodes UTF-8 (a sequence split
 * across reads is kept whole) and hands every chunk, in order, to the scrollback and to each listener.
 * A listener added with {@link #addListener} sees exactly the output read after it was added.
 *
 * <h2>Threading model</h2>
 * The reader thread never waits for a listener: a hypervisor whose serial output is not read either drops it
 * (Firecracker writes to a non-blocking stdout) or stalls the guest (QEMU), which distorts timings. For each
 * chunk it read, the reader, holding the console's dispatch lock briefly:
 * <ol>
 * <li>updates the {@link Scrollback} and calls every {@link ConsoleListener.Delivery#SYNCHRONOUS} listener
 * ({@link ConsoleWatch}, the panic watch): these are cheap, never block, and see the output at once, with its
 * arrival time;</li>
 * <li>appends the chunk to the queue of every other listener. Each such listener has a queue and a thread of
 * its own ({@code READER-THREAD/LABEL}, daemon) that calls it from that queue, so a listener stuck in a call
 * (a terminal nobody reads, a hung disk) delays nobody but itself: a thread shared by several listeners would
 * be held by the stuck one's call, which cannot be interrupted.</li>
 * </ol>
 * Input ({@link #send}) and markers ({@link #mark}) go through the same lock and the same queues, so every
 * listener sees output, input and markers in one order, each exactly once, with their original
 * {@code nanoTime}. At end of stream each queue gets {@link ConsoleListener#onClose} after its last chunk; its
 * thread ends once that call returns. {@link #awaitEnd} waits for all of that.
 *
 * <h2>Bound</h2>
 * What waits in one listener's queue is counted as 2 bytes per char (the heap's worst case) plus
 * {@value #EVENT_OVERHEAD} bytes per event. When that passes {@link #MAX_BACKLOG_BYTES} (64 MiB) the listener
 * is dropped: its queue is emptied at once, it gets no more events, the drop is logged, and once the call it
 * is stuck in returns it hears {@link ConsoleListener#onDropped} (its owner's notice, e.g. a transcript's
 * failure), as its last call. The chunks are shared by all queues, so queued text never takes more than
 * 64 MiB per queued listener.
 *
 * <h2>Adding and removing</h2>
 * Listeners may be added and removed from any thread. {@link #removeListener} of a queued listener returns
 * once no call to it is under way and none will start (unless it is called on that listener's own thread, or
 * on the reader thread, where it cannot wait): a {@link ConsoleListener.Delivery#QUEUED} listener first gets
 * everything queued before the removal (a transcript keeps all that was read), a
 * {@link ConsoleListener.Delivery#LIVE} one loses it (a screen shows nothing after a detach). A removed
 * listener gets {@link ConsoleListener#onClose} only if the console had ended before the removal and it was
 * still queued (QUEUED).
 */
public final class Console implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Console.class);

    /** How far (in counted bytes, see the class comment) a queued listener may fall behind before it is dropped. */
    public static final long MAX_BACKLOG_BYTES = 64L * 1024 * 1024;

    /** What a queued event costs besides its text: the event, its string and the queue's slot. */
    static final int EVENT_OVERHEAD = 64;

    private final InputStream in;
    private final OutputStream out;
    private final Scrollback scrollback;
    private final long maxBacklog;
    private final Object dispatch = new Object();
    /** Guarded by dispatch. */
    private final List<ConsoleListener> synchronous = new ArrayList<>();
    /** Queued listeners that still get new events. Guarded by dispatch. */
    private final List<Mailbox> receiving = new ArrayList<>();
    /** Every queued listener whose thread has not ended yet, dropped or not. Guarded by dispatch. */
    private final Map<ConsoleListener, Mailbox> mailboxes = new IdentityHashMap<>();
    /** The reader reached end of stream. Guarded by dispatch. */
    private boolean closed;
    /** Names the listener threads. Guarded by dispatch. */
    private String threadName = "console";
    private volatile Thread reader;
    private boolean started;

    public Console(InputStream in, OutputStream out, int scrollbackLines) {
        this(in, out, scrollbackLines, MAX_BACKLOG_BYTES);
    }

    /** With another bound, for tests. */
    Console(InputStream in, OutputStream out, int scrollbackLines, long maxBacklog) {
        this.in = in;
        this.out = out;
        this.scrollback = new Scrollback(scrollbackLines);
        this.maxBacklog = maxBacklog;
    }

    /** Starts the reader thread; the listeners' threads are named after it. */
    public synchronized void start(String threadName) {
        if (started) {
            throw new IllegalStateException("console already started");
        }
        started = true;
        synchronized (dispatch) {
            this.threadName = threadName;
            for (Mailbox m : mailboxes.values()) {
                m.thread.setName(m.threadName());
            }
        }
        Thread t = new Thread(this::readLoop, threadName);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private void readLoop() {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] buf = new byte[16 * 1024];
        ByteBuffer bytes = ByteBuffer.allocate(buf.length + 8);
        CharBuffer chars = CharBuffer.allocate(buf.length + 8);
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    // A pty read fails with EIO once the child has exited: that is the end of the stream.
                    log.debug("console read ended: {}", e.toString());
                    break;
                }
                if (n < 0) {
                    break;
                }
                long now = System.nanoTime();
                bytes.put(buf, 0, n).flip();
                decoder.decode(bytes, chars, false);
                bytes.compact();
                chars.flip();
                if (chars.hasRemaining()) {
                    deliver(chars.toString(), now);
                }
                chars.clear();
            }
            bytes.flip();
            decoder.decode(bytes, chars, true);
            decoder.flush(chars);
            chars.flip();
            if (chars.hasRemaining()) {
                deliver(chars.toString(), System.nanoTime());
            }
        } finally {
            boolean close;
            synchronized (inputLock) {
                readerEnded = true;
                close = closeInputAtEnd;
            }
            if (close) {
                closeInput();
            }
            endOfStream();
        }
    }

    private void endOfStream() {
        synchronized (dispatch) {
            if (closed) {
                return;
            }
            closed = true;
            scrollback.onClose();
            for (ConsoleListener l : synchronous) {
                call(l, Event.CLOSE);
            }
            for (Mailbox m : receiving) {
                m.close();
            }
            receiving.clear();
            dispatch.notifyAll();
        }
    }

    private void deliver(String text, long now) {
        Event e = new Event(Event.OUTPUT, text, now);
        synchronized (dispatch) {
            scrollback.onOutput(text, now);
            dispatchLocked(e);
        }
    }

    /** To every listener: synchronous ones now, queued ones through their queues. Caller holds dispatch. */
    private void dispatchLocked(Event e) {
        for (ConsoleListener l : synchronous) {
            call(l, e);
        }
        for (Iterator<Mailbox> it = receiving.iterator(); it.hasNext(); ) {
            Mailbox m = it.next();
            if (!m.offer(e)) {
                it.remove();
                dropped(m);
            }
        }
    }

    /** A listener fell too far behind and its queue was emptied. Caller holds dispatch. */
    private void dropped(Mailbox m) {
        log.warn("{}: listener '{}' fell more than {} MiB behind the console and was dropped", threadName,
                m.listener.label(), maxBacklog >> 20);
        dispatch.notifyAll(); // awaitEnd does not wait for it
    }

    private static void call(ConsoleListener l, Event e) {
        try {
            e.deliverTo(l);
        } catch (RuntimeException ex) {
            log.warn("console listener {} failed on {}", l.label(), e.name(), ex);
        }
    }

    /**
     * Adds a listener; if the console has already ended, it is told so at once (on this thread).
     *
     * @throws IllegalStateException if a queued listener is added while it is still registered
     */
    public void addListener(ConsoleListener listener) {
        synchronized (dispatch) {
            requireNew(listener);
            if (closed) {
                call(listener, Event.CLOSE);
            } else {
                register(listener);
            }
        }
    }

    /** A queued listener whose thread still runs must not be called by a second thread. Caller holds dispatch. */
    private void requireNew(ConsoleListener listener) {
        if (mailboxes.containsKey(listener)) {
            throw new IllegalStateException("console listener " + listener.label() + " was already added");
        }
    }

    /** Caller holds dispatch; the console has not ended; {@link #requireNew} passed. */
    private Mailbox register(ConsoleListener listener) {
        if (listener.delivery() == ConsoleListener.Delivery.SYNCHRONOUS) {
            synchronous.add(listener);
            return null;
        }
        Mailbox m = new Mailbox(listener);
        mailboxes.put(listener, m);
        receiving.add(m);
        m.thread.start();
        return m;
    }

    /**
     * Adds a listener that first gets the scrollback (as lines joined with {@code \n}), atomically with
     * respect to new output: nothing is lost or seen twice in between.
     */
    public void addListenerWithScrollback(ConsoleListener listener) {
        synchronized (dispatch) {
            requireNew(listener);
            List<String> back = scrollback.lastLines(scrollback.maxLines());
            Event first = back.isEmpty() ? null : new Event(Event.OUTPUT, String.join("\n", back), System.nanoTime());
            if (closed) {
                if (first != null) {
                    call(listener, first);
                }
                call(listener, Event.CLOSE);
                return;
            }
            Mailbox m = register(listener);
            if (first == null) {
                return;
            }
            if (m == null) {
                call(listener, first);
            } else if (!m.offer(first)) { // first in its queue: nothing else can be offered while we hold dispatch
                receiving.remove(m);
                dropped(m);
            }
        }
    }

    /**
     * Removes a listener (see the class comment): a queued one has had its last call when this returns, after
     * the events queued before the removal ({@link ConsoleListener.Delivery#QUEUED}) or none of them
     * ({@link ConsoleListener.Delivery#LIVE}). Waiting ends early if this thread is interrupted (its interrupt
     * status is kept); it is skipped on the listener's own thread and on the reader thread.
     */
    public void removeListener(ConsoleListener listener) {
        Mailbox m;
        synchronized (dispatch) {
            if (synchronous.remove(listener)) {
                return;
            }
            m = mailboxes.get(listener);
            if (m == null) {
                return;
            }
            receiving.remove(m);
            m.stop(m.discardOnRemove);
        }
        Thread me = Thread.currentThread();
        if (me == m.thread || me == reader) {
            return;
        }
        try {
            m.done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens an expect-style reader of everything printed from now on. Close it when done. */
    public ConsoleWatch watch() {
        ConsoleWatch w = new ConsoleWatch(this);
        addListener(w);
        return w;
    }

    /** Types text into the guest (UTF-8); listeners see it as input. */
    public void send(String text) throws IOException {
        long now = System.nanoTime();
        synchronized (dispatch) {
            dispatchLocked(new Event(Event.INPUT, text, now));
        }
        synchronized (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** Tells listeners about a named point in the session (a transcript records it as a marker). */
    public void mark(String label) {
        long now = System.nanoTime();
        synchronized (dispatch) {
            dispatchLocked(new Event(Event.MARKER, label, now));
        }
    }

    /**
     * A marker for one listener only, at a given time, in its place among the events it receives: another
     * console's marker shown in this console's transcript ({@code transcript start --all}).
     */
    public void markFor(ConsoleListener target, String label, long nanoTime) {
        Event e = new Event(Event.MARKER, label, nanoTime);
        synchronized (dispatch) {
            if (synchronous.contains(target)) {
                call(target, e);
                return;
            }
            Mailbox m = mailboxes.get(target);
            if (m != null && receiving.contains(m) && !m.offer(e)) {
                receiving.remove(m);
                dropped(m);
            }
        }
    }

    public Scrollback scrollback() {
        return scrollback;
    }

    /** The reader reached end of stream (queued listeners may still be catching up: see {@link #awaitEnd}). */
    public boolean isClosed() {
        synchronized (dispatch) {
            return closed;
        }
    }

    /** What waits in the queues of the listeners still receiving, in counted bytes (see the class comment). */
    public long backlogBytes() {
        synchronized (dispatch) {
            long sum = 0;
            for (Mailbox m : mailboxes.values()) {
                sum += m.backlog();
            }
            return sum;
        }
    }

    /**
     * Waits for the reader to reach end of stream and for every queued listener to have had its
     * {@link ConsoleListener#onClose} (or to have been removed); a dropped listener is not waited for.
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (dispatch) {
            while (!closed || !allDelivered()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(dispatch, left);
            }
            return true;
        }
    }

    /** Caller holds dispatch. */
    private boolean allDelivered() {
        for (Mailbox m : mailboxes.values()) {
            if (!m.isDropped()) {
                return false;
            }
        }
        return true;
    }

    /** How long {@link #close} waits for the reader to leave its read before closing the stream under it. */
    static final long READER_EXIT_WAIT_MS = 5_000;

    /** Guards the hand-over of closing the input between {@link #close} and the reader's end. */
    private final Object inputLock = new Object();
    /** Set when {@link #close} left the input open for a reader still in read: the reader closes it as it ends. */
    private boolean closeInputAtEnd;
    /** Set by the reader as it ends. */
    private boolean readerEnded;

    private void closeInput() {
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing console input: {}", e.toString());
        }
    }

    /**
     * Closes the streams; the reader ends when the hypervisor's side closes. The input is closed only once the
     * reader has left its read (waiting up to {@value #READER_EXIT_WAIT_MS} ms): pty4j's read polls the master's
     * fd number and then reads that number, so a master closed under a blocked reader whose number a pty opened
     * meanwhile (the next VM's) would hand that VM's first console bytes to this dead console. A reader that does
     * not leave keeps its descriptor open (logged), rather than steal another VM's output.
     */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.debug("closing console output: {}", e.toString());
        }
        Thread r = reader;
        if (r != null && r != Thread.currentThread() && r.isAlive()) {
            try {
                r.join(READER_EXIT_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (inputLock) {
                if (!readerEnded) {
                    log.warn("console reader {} still reading after {} ms; it closes its descriptor when it ends",
                            r.getName(), READER_EXIT_WAIT_MS);
                    closeInputAtEnd = true;
                    return;
                }
            }
        }
        closeInput();
        synchronized (this) {
            if (!started) { // no reader will ever end the listeners' threads
                started = true;
                endOfStream();
            }
        }
    }

    /** One thing to tell listeners: output, input, a marker or the end. */
    private record Event(int kind, String text, long nanoTime) {
        static final int OUTPUT = 0;
        static final int INPUT = 1;
        static final int MARKER = 2;
        static final Event CLOSE = new Event(3, null, 0);

        long cost() {
            return text == null ? 0 : 2L * text.length() + EVENT_OVERHEAD;
        }

        String name() {
            return switch (kind) {
                case OUTPUT -> "output";
                case INPUT -> "input";
                case MARKER -> "marker";
                default -> "close";
            };
        }

        void deliverTo(ConsoleListener l) {
            switch (kind) {
                case OUTPUT -> l.onOutput(text, nanoTime);
                case INPUT -> l.onInput(text, nanoTime);
                case MARKER -> l.onMarker(text, nanoTime);
                default -> l.onClose();
            }
        }
    }

    /** A queued listener: its events, and the thread that hands them to it. */
    private final class Mailbox implements Runnable {
        final ConsoleListener listener;
        final boolean discardOnRemove;
        final Thread thread;
        final CountDownLatch done = new CountDownLatch(1);
        private final ArrayDeque<Event> events = new ArrayDeque<>();
        /** Counted size of events. Guarded by this. */
        private long bytes;
        /** No event will be added: the thread ends once events is empty. Guarded by this. */
        private boolean last;
        /** Why it was dropped, or null. Guarded by this. */
        private String dropped;

        Mailbox(ConsoleListener listener) {
            this.listener = listener;
            this.discardOnRemove = listener.delivery() == ConsoleListener.Delivery.LIVE;
            this.thread = new Thread(this, threadName());
            thread.setDaemon(true);
        }

        /** Caller holds dispatch. */
        String threadName() {
            return threadName + "/" + listener.label();
        }

        /** Queues an event; false if that put the listener too far behind, which drops it (emptying its queue). */
        synchronized boolean offer(Event e) {
            if (last) {
                return true;
            }
            events.addLast(e);
            bytes += e.cost();
            if (bytes > maxBacklog) {
                dropped = "fell more than " + (maxBacklog >> 20) + " MiB behind the console";
                stop(true);
                return false;
            }
            if (events.size() == 1) {
                notifyAll();
            }
            return true;
        }

        /** The console ended: onClose after what is queued, then the thread ends. */
        synchronized void close() {
            if (!last) {
                events.addLast(Event.CLOSE);
                stop(false);
            }
        }

        /** No more events; those queued are delivered, or discarded. */
        synchronized void stop(boolean discard) {
            if (discard) {
                events.clear();
                bytes = 0;
            }
            last = true;
            notifyAll();
        }

        synchronized long backlog() {
            return bytes;
        }

        synchronized boolean isDropped() {
            return dropped != null;
        }

        @Override
        public void run() {
            try {
                Event e;
                while ((e = next()) != null) {
                    call(listener, e);
                }
                String why;
                synchronized (this) {
                    why = dropped;
                }
                if (why != null) {
                    try {
                        listener.onDropped(why);
                    } catch (RuntimeException ex) {
                        log.warn("console listener {} failed on being dropped", listener.label(), ex);
                    }
                }
            } finally {
                stop(true); // if a listener threw an Error: the reader must not fill a queue nobody drains
                synchronized (dispatch) {
                    receiving.remove(this);
                    mailboxes.remove(listener, this);
                    dispatch.notifyAll();
                }
                done.countDown();
            }
        }

        /** The next event, waiting for one; null when there will be none. */
        private synchronized Event next() {
            while (events.isEmpty() && !last) {
                try {
                    wait();
                } catch (InterruptedException ex) {
                    // nothing interrupts these threads on purpose; a listener that interrupted itself goes on
                }
            }
            Event e = events.pollFirst();
            if (e != null) {
                bytes -= e.cost();
            }
            return e;
        }
    }
}
