package dev.vmbench.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VM's serial console: one reader thread drains the hypervisor's pty, decodes UTF-8 (a sequence split
 * across reads is kept whole) and hands every chunk, in order, to the scrollback and to each listener.
 * A listener added with {@link #addListener} sees exactly the output read after it was added.
 */
public final class Console implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Console.class);

    private final InputStream in;
    private final OutputStream out;
    private final Scrollback scrollback;
    private final Object dispatch = new Object();
    private final List<ConsoleListener> listeners = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private boolean closed;
    private Thread reader;

    public Console(InputStream in, OutputStream out, int scrollbackLines) {
        this.in = in;
        this.out = out;
        this.scrollback = new Scrollback(scrollbackLines);
    }

    /** Starts the reader thread. */
    public synchronized void start(String threadName) {
        if (reader != null) {
            throw new IllegalStateException("console already started");
        }
        reader = new Thread(this::readLoop, threadName);
        reader.setDaemon(true);
        reader.start();
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
            synchronized (dispatch) {
                closed = true;
                scrollback.onClose();
                for (ConsoleListener l : listeners) {
                    try {
                        l.onClose();
                    } catch (RuntimeException e) {
                        log.warn("console listener {} failed on close", l, e);
                    }
                }
            }
            ended.countDown();
        }
    }

    private void deliver(String text, long now) {
        synchronized (dispatch) {
            scrollback.onOutput(text, now);
            for (ConsoleListener l : listeners) {
                try {
                    l.onOutput(text, now);
                } catch (RuntimeException e) {
                    log.warn("console listener {} failed", l, e);
                }
            }
        }
    }

    /** Adds a listener; if the console has already ended, it is told so at once. */
    public void addListener(ConsoleListener listener) {
        synchronized (dispatch) {
            if (closed) {
                listener.onClose();
            } else {
                listeners.add(listener);
            }
        }
    }

    /**
     * Adds a listener that first gets the scrollback (as lines joined with {@code \n}), atomically with
     * respect to new output: nothing is lost or seen twice in between.
     */
    public void addListenerWithScrollback(ConsoleListener listener) {
        synchronized (dispatch) {
            List<String> back = scrollback.lastLines(scrollback.maxLines());
            if (!back.isEmpty()) {
                listener.onOutput(String.join("\n", back), System.nanoTime());
            }
            addListener(listener);
        }
    }

    public void removeListener(ConsoleListener listener) {
        synchronized (dispatch) {
            listeners.remove(listener);
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
            for (ConsoleListener l : listeners) {
                try {
                    l.onInput(text, now);
                } catch (RuntimeException e) {
                    log.warn("console listener {} failed on input", l, e);
                }
            }
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
            for (ConsoleListener l : listeners) {
                try {
                    l.onMarker(label, now);
                } catch (RuntimeException e) {
                    log.warn("console listener {} failed on marker", l, e);
                }
            }
        }
    }

    public Scrollback scrollback() {
        return scrollback;
    }

    public boolean isClosed() {
        synchronized (dispatch) {
            return closed;
        }
    }

    /** Waits for the reader to reach end of stream. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** Closes the streams; the reader ends when the hypervisor's side closes. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.debug("closing console output: {}", e.toString());
        }
        try {
            in.close();
        } catch (IOException e) {
            log.debug("closing console input: {}", e.toString());
        }
    }
}
