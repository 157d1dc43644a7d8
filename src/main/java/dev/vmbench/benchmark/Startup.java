package dev.vmbench.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.vmbench.measure.Stats;

/**
 * Start-up of the {@code vmbench} launcher against the baseline, {@code java -jar} of the same build: time
 * to the interactive prompt, and wall time of a one-shot command. Runs alternate, the order flipping each
 * round (ABBA), so neither side always runs on a warmer page cache.
 */
public final class Startup {

    /** @param launcher the vmbench script, {@code target/vmbench}; @param jar the Spring Boot jar */
    public record Result(String oneShot, Stats launcherPrompt, Stats jarPrompt, Stats launcherOneShot,
                         Stats jarOneShot) {

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-34s %10s %10s %10s %8s%n", "", "median [s]", "mean [s]", "± σ [s]", "runs"));
            line(sb, "prompt: vmbench launcher", launcherPrompt);
            line(sb, "prompt: java -jar (baseline)", jarPrompt);
            line(sb, "'" + oneShot + "': vmbench launcher", launcherOneShot);
            line(sb, "'" + oneShot + "': java -jar (baseline)", jarOneShot);
            sb.append(String.format("%nto the prompt: launcher/baseline %.2f (median), %.2f (mean)%n",
                    launcherPrompt.median() / jarPrompt.median(), launcherPrompt.mean() / jarPrompt.mean()));
            sb.append(String.format("one-shot '%s': launcher/baseline %.2f (median), %.2f (mean)%n", oneShot,
                    launcherOneShot.median() / jarOneShot.median(), launcherOneShot.mean() / jarOneShot.mean()));
            return sb.toString();
        }

        private static void line(StringBuilder sb, String label, Stats s) {
            sb.append(String.format("%-34s %10.3f %10.3f %10.3f %8d%n", label, s.median(), s.mean(), s.stddev(), s.n()));
        }
    }

    private Startup() {
    }

    public static Result run(dev.vmbench.host.Host host, Path launcher, Path jar, String oneShot, int runs, Map<String, String> env,
                             Consumer<String> progress) throws IOException, InterruptedException {
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is not there: build with 'mvn package' first");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is not there: build with 'mvn package' first");
        }
        List<String> a = List.of(launcher.toAbsolutePath().toString());
        List<String> b = List.of("java", "-jar", jar.toAbsolutePath().toString());
        List<Double> aPrompt = new ArrayList<>();
        List<Double> bPrompt = new ArrayList<>();
        List<Double> aShot = new ArrayList<>();
        List<Double> bShot = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            boolean launcherFirst = i % 4 == 0 || i % 4 == 3;
            for (int k = 0; k < 2; k++) {
                boolean isLauncher = (k == 0) == launcherFirst;
                List<String> argv = isLauncher ? a : b;
                double prompt = toPrompt(host, argv, env);
                double shot = oneShot(argv, oneShot, env);
                (isLauncher ? aPrompt : bPrompt).add(prompt);
                (isLauncher ? aShot : bShot).add(shot);
                progress.accept(String.format("run %d/%d %-8s prompt %.3f s, %s %.3f s", i + 1, runs,
                        isLauncher ? "launcher" : "java-jar", prompt, oneShot, shot));
            }
        }
        return new Result(oneShot, Stats.of(aPrompt), Stats.of(bPrompt), Stats.of(aShot), Stats.of(bShot));
    }

    static double toPrompt(dev.vmbench.host.Host host, List<String> argv, Map<String, String> env) throws IOException, InterruptedException {
        try (ShellUnderTest s = ShellUnderTest.start(host, argv, env)) {
            return s.await(ShellUnderTest.PROMPT, 0, 60);
        }
    }

    static double oneShot(List<String> argv, String command, Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(argv);
        cmd.addAll(List.of(command.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not end within 60 s");
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
