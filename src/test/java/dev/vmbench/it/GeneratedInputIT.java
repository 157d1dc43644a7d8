package dev.vmbench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vmbench.benchmark.ShellUnderTest;
import dev.vmbench.text.PosixLine;

/**
 * Generated input against a shell that holds a live VM, on a pty of its own as a terminal would drive it:
 * <ul>
 * <li>1,000 random command lines (random words, both quotes, backslashes, unknown options, huge and negative
 * numbers, non-UTF-8 bytes, very long lines); afterwards the shell answers, the VM runs a command, and no stack
 * trace or "vmbench bug" was ever shown;</li>
 * <li>a sample of the same lines as one-shot arguments (all of them with {@code -Dvmbench.oneshot.lines=1000}):
 * each ends with its status and, when it failed, one line;</li>
 * <li>quoting: for generated printable strings S, {@code run VM "printf '%s' S"} quoted as the README says gives
 * back exactly S.</li>
 * </ul>
 * The seed is printed, and {@code -Dvmbench.seed=N} replays a run.
 */
class GeneratedInputIT {

    static final long SEED = Long.getLong("vmbench.seed", System.nanoTime());
    static final int LINES = 1000;
    static final int ONE_SHOT = Integer.getInteger("vmbench.oneshot.lines", 150);
    static final int QUOTED = 300;

    @TempDir
    static Path dir;
    static ShellUnderTest shell;
    static List<byte[]> lines;

    @BeforeAll
    static void start() throws Exception {
        System.out.println("[GeneratedInputIT] seed " + SEED + " (replay with -Dvmbench.seed=" + SEED + ")");
        TestImage.get();
        Files.writeString(dir.resolve("text"), "not a meminfo capture\nroot:x:0:0:root:/root:/bin/sh\n");
        byte[] binary = new byte[4096];
        new Random(SEED).nextBytes(binary);
        Files.write(dir.resolve("binary"), binary);
        // relative names the generated lines give (meminfo --save X, completions --write D) land in the test's folder
        shell = ShellUnderTest.start(TestImage.host(), List.of(TestImage.LAUNCHER.toString()), env(), dir);
        shell.await(ShellUnderTest.PROMPT, 0, 60);
        String booted = shell.command("boot --name vm1 --mem 256M --cpus 1", 180);
        assertThat(booted).contains("vm1 is ready");
        lines = new Generator(new Random(SEED), dir).lines(LINES);
    }

    static Map<String, String> env() {
        return Map.of("VMBENCH_HOME", TestImage.HOME.toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
    }

    @Test
    void aThousandRandomLinesLeaveTheShellAndTheVmWorking() throws Exception {
        int n = 0;
        for (byte[] line : lines) {
            n++;
            String shown = new String(line, StandardCharsets.UTF_8);
            String out = type(line);
            assertThat(out).as("line %d: %s", n, abbreviate(shown)).doesNotContain("\tat ")
                    .doesNotContainIgnoringCase("exception").doesNotContain("vmbench bug");
        }
        String vms = shell.command("vms", 30);
        assertThat(vms).containsPattern("vm1\\s*│local\\s*│qemu-microvm\\s*│\\w+\\s*│\\d+\\s*│ready");
        assertThat(shell.command("run vm1 'echo ok-$((6*7))'", 60)).contains("ok-42\r\n");
    }

    /**
     * Types a line and returns the output up to the next prompt. A line left unfinished (an open quote, a
     * trailing backslash) gets the continuation prompt, as in bash; Ctrl-C then abandons it.
     */
    static String type(byte[] line) throws Exception {
        int from = shell.mark();
        shell.sendBytes(line);
        shell.send("\r");
        boolean finished = PosixLine.split(new String(line, StandardCharsets.UTF_8)).complete();
        if (!finished) {
            shell.send("\u0003");
        }
        shell.awaitNextPrompt(from, 90);
        return shell.output(from);
    }

    @Test
    void theSameLinesAsOneShotArgumentsEachEndWithOneLineAndAStatus() throws Exception {
        Random pick = new Random(SEED + 1);
        List<List<String>> chosen = new ArrayList<>();
        for (int i = 0; i < ONE_SHOT; i++) {
            String line = new String(lines.get(pick.nextInt(lines.size())), StandardCharsets.UTF_8);
            List<String> words = PosixLine.words(line);
            if (!words.isEmpty() && PosixLine.split(line).complete()) {
                chosen.add(words);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> checks = new ArrayList<>();
            for (List<String> words : chosen) {
                checks.add(pool.submit(() -> oneShot(words)));
            }
            for (Future<String> f : checks) {
                String problem = f.get(5, TimeUnit.MINUTES);
                assertThat(problem).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return null when the run behaved, else what was wrong */
    static String oneShot(List<String> words) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestImage.LAUNCHER.toString()));
        cmd.addAll(words);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "did not end: " + words;
        }
        int code = p.exitValue();
        List<String> nonBlank = out.lines().filter(l -> !l.isBlank()).toList();
        if (out.contains("\tat ") || out.toLowerCase().contains("exception") || out.contains("vmbench bug")) {
            return "a trace or a bug for " + words + ":\n" + out;
        }
        if (code != 0 && code != 1 && code != 2) {
            return "status " + code + " for " + words + ":\n" + out;
        }
        if (code != 0 && nonBlank.size() != 1) {
            return "status " + code + " with " + nonBlank.size() + " lines for " + words + ":\n" + out;
        }
        return null;
    }

    /** run VM "printf '%s' S", quoted as the README says, gives back exactly S. */
    @Test
    void quotedAsTheReadmeSaysEveryPrintableStringComesBack() throws Exception {
        Random r = new Random(SEED + 2);
        for (int i = 0; i < QUOTED; i++) {
            String s = Generator.printable(r, 1 + r.nextInt(40));
            String nonce = HexFormat.of().formatHex(new byte[] {(byte) r.nextInt(), (byte) r.nextInt(),
                    (byte) r.nextInt(), (byte) r.nextInt()});
            String guest = "printf 'B" + nonce + "%sE" + nonce + "' " + PosixLine.quote(s);
            String out = shell.command("run vm1 " + PosixLine.quote(guest), 60);
            int begin = out.lastIndexOf("B" + nonce);
            int end = out.lastIndexOf("E" + nonce);
            assertThat(begin).as("output of %s", s).isGreaterThanOrEqualTo(0);
            assertThat(out.substring(begin + 1 + nonce.length(), end)).as("typed: run vm1 %s", PosixLine.quote(guest))
                    .isEqualTo(s);
        }
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** Random command lines: mostly real commands with wrong, odd or hostile arguments. */
    static final class Generator {
        /** Commands safe to call with anything (none boots, stops, attaches or waits on the terminal). */
        static final List<String> COMMANDS = List.of("vms", "logs", "run vm1", "run", "bench", "meminfo", "memdiff",
                "results list", "results show", "profile show", "profile list", "profile save", "profile rm",
                "transcript list", "transcript export", "transcript stop", "image info", "help", "version", "clear",
                "history", "completions", "boot --dry-run", "meminfo vm1", "logs vm1");
        static final List<String> OPTIONS = List.of("--vm", "--vms", "--lines", "--runs", "--warmup", "--timeout",
                "--repeat", "--mem", "--cpus", "--name", "--file", "--out", "--from", "--number", "--shell", "--a",
                "--b", "--labels", "--threshold", "--sort", "--unit", "--kernel", "--rootfs", "--initrd", "--append",
                "--accel", "--prompt", "--qemu-arg", "--hypervisor", "--cpu-template", "--tap-device", "--help",
                "--zz", "-x", "--", "--session", "--changed-only", "--speed", "--text", "--force");
        static final List<String> NUMBERS = List.of("0", "-1", "-99999999999", "99999999999999999999", "2147483648",
                "1e9", "0x10", "1.5", "NaN", "-0", "007", "12x", "1G", "0M", "99999T");

        private final Random r;
        private final Path dir;

        Generator(Random r, Path dir) {
            this.r = r;
            this.dir = dir;
        }

        List<byte[]> lines(int n) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(line());
            }
            return out;
        }

        byte[] line() {
            List<String> words = new ArrayList<>();
            int kind = r.nextInt(10);
            if (kind < 7) {
                words.add(COMMANDS.get(r.nextInt(COMMANDS.size())));
            } else if (kind < 9) {
                words.add(word());
            }
            int more = r.nextInt(7);
            for (int i = 0; i < more; i++) {
                words.add(arg());
            }
            if (!words.isEmpty() && words.get(0).startsWith("run vm1")) {
                words.add("--timeout");
                words.add("5s"); // a guest command made of garbage could wait on input
            }
            if (r.nextInt(40) == 0) {
                words.add("x".repeat(500 + r.nextInt(2500))); // a very long line
            }
            byte[] text = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(15) == 0) {
                return withBadBytes(text);
            }
            return text;
        }

        private String arg() {
            return switch (r.nextInt(9)) {
                case 0, 1 -> OPTIONS.get(r.nextInt(OPTIONS.size()));
                case 2 -> NUMBERS.get(r.nextInt(NUMBERS.size()));
                case 3 -> "'" + printable(r, r.nextInt(12)).replace("'", "") + "'";
                case 4 -> "\"" + printable(r, r.nextInt(12)).replace("\"", "\\\"") + "\"";
                case 5 -> quoteChaos();
                // input files of every kind; anything written goes into the test's folder (or is refused)
                case 6 -> List.of("/dev/zero", "/dev/null", dir.resolve("text").toString(),
                        dir.resolve("binary").toString(), dir.toString(), "/nonexistent/x",
                        dir.resolve("out-" + r.nextInt(100)).toString(), "vm1", "nosuchvm").get(r.nextInt(9));
                default -> word();
            };
        }

        /** Quotes and backslashes in odd places, sometimes left open. */
        private String quoteChaos() {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                sb.append("'\"\\ab$`!~*".charAt(r.nextInt(10)));
            }
            return sb.toString();
        }

        /** A word no guest has a program for (zq...), so a guest command made of them cannot hang or harm. */
        private String word() {
            return "zq" + printable(r, 1 + r.nextInt(8)).replaceAll("[\\s'\"\\\\]", "");
        }

        private byte[] withBadBytes(byte[] text) {
            byte[] bad = {(byte) 0xff, (byte) 0xc3, (byte) 0x28, (byte) 0xa0, (byte) 0xe2, (byte) 0x82};
            byte[] out = new byte[text.length + 3];
            int at = r.nextInt(text.length + 1);
            System.arraycopy(text, 0, out, 0, at);
            for (int i = 0; i < 3; i++) {
                out[at + i] = bad[r.nextInt(bad.length)];
            }
            System.arraycopy(text, at, out, at + 3, text.length - at);
            return out;
        }

        /** Printable text: ASCII punctuation and letters, Latin-1, Greek, CJK and emoji; no control characters. */
        static String printable(Random r, int length) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int kind = r.nextInt(10);
                int cp = switch (kind) {
                    case 0 -> 0xC0 + r.nextInt(0x40);
                    case 1 -> 0x3B1 + r.nextInt(20);
                    case 2 -> 0x4E00 + r.nextInt(200);
                    case 3 -> 0x1F600 + r.nextInt(40);
                    default -> 0x20 + r.nextInt(0x7F - 0x20);
                };
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        }
    }
}
