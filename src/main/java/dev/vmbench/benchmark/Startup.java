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
 * Start-up of the {@code vmbench} launcher against the baseline, {@code java -jar} of the same build, and
 * against the JVM's own floor ({@link JvmFloor}: the launcher's JVM, options and archive running a trivial
 * main): time to the interactive prompt, and wall time of a one-shot command. Runs alternate, the order
 * changing each round (rotated, then reversed), so no side always runs first or on a warmer page cache.
 */
public final class Startup {

    /** @param launcher the vmbench script, {@code target/vmbench}; @param jar the Spring Boot jar */
    public record Result(String oneShot, Stats launcherPrompt, Stats jarPrompt, Stats floorPrompt,
                         Stats launcherOneShot, Stats jarOneShot, Stats floorOneShot) {

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-34s %10s %10s %10s %8s%n", "", "median [s]", "mean [s]", "± σ [s]", "runs"));
            line(sb, "prompt: vmbench launcher", launcherPrompt);
            line(sb, "prompt: java -jar (baseline)", jarPrompt);
            line(sb, "prompt: JVM floor", floorPrompt);
            line(sb, "'" + oneShot + "': vmbench launcher", launcherOneShot);
            line(sb, "'" + oneShot + "': java -jar (baseline)", jarOneShot);
            line(sb, "'" + oneShot + "': JVM floor", floorOneShot);
            sb.append(String.format("%nto the prompt: launcher/baseline %.2f (median), %.2f (mean); "
                    + "launcher/JVM floor %.1f (median)%n", launcherPrompt.median() / jarPrompt.median(),
                    launcherPrompt.mean() / jarPrompt.mean(), launcherPrompt.median() / floorPrompt.median()));
            sb.append(String.format("one-shot '%s': launcher/baseline %.2f (median), %.2f (mean); "
                    + "launcher/JVM floor %.1f (median)%n", oneShot, launcherOneShot.median() / jarOneShot.median(),
                    launcherOneShot.mean() / jarOneShot.mean(), launcherOneShot.median() / floorOneShot.median()));
            sb.append(String.format("JVM floor: the launcher's JVM, options and archive running a trivial main "
                    + "(dev.vmbench.benchmark.JvmFloor)%n"));
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
        Map<String, String> floorEnv = new java.util.HashMap<>(env);
        floorEnv.put("VMBENCH_JVM_FLOOR", "1"); // read by the launcher script
        String[] names = {"launcher", "java-jar", "floor"};
        List<List<Double>> prompts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> shots = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < 3; k++) {
                int step = (i / 3) % 2 == 0 ? k : 2 - k;
                int who = (i + step) % 3;
                List<String> argv = who == 1 ? b : a;
                Map<String, String> e = who == 2 ? floorEnv : env;
                double prompt = toPrompt(host, argv, e);
                double shot = oneShot(argv, oneShot, e);
                prompts.get(who).add(prompt);
                shots.get(who).add(shot);
                progress.accept(String.format("run %d/%d %-8s prompt %.3f s, %s %.3f s", i + 1, runs,
                        names[who], prompt, oneShot, shot));
            }
        }
        return new Result(oneShot, Stats.of(prompts.get(0)), Stats.of(prompts.get(1)), Stats.of(prompts.get(2)),
                Stats.of(shots.get(0)), Stats.of(shots.get(1)), Stats.of(shots.get(2)));
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
