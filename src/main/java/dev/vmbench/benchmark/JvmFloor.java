package dev.vmbench.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

/**
 * The JVM's own floor for {@code benchmark startup}: the launcher's JVM, options and class-data archive
 * ({@code VMBENCH_JVM_FLOOR=1 target/vmbench}) running this trivial main instead of vmbench. With no
 * arguments it prints the prompt and waits for {@code exit} (or end of input), as the shell would; with
 * arguments it prints one line and ends, as a one-shot command would. It uses nothing but {@code java.base}.
 */
public final class JvmFloor {

    private JvmFloor() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            System.out.println("jvm floor: " + String.join(" ", args));
            return;
        }
        System.out.print(ShellUnderTest.PROMPT);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("exit")) {
            System.out.print(ShellUnderTest.PROMPT);
            System.out.flush();
        }
    }
}
