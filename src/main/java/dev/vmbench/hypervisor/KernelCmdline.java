package dev.vmbench.hypervisor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds guest kernel command lines: the user's (or the default) line plus what vmbench needs. */
public final class KernelCmdline {

    private KernelCmdline() {
    }

    /**
     * @param base the line to start from
     * @param accel resolved accelerator
     * @param tscKhz host TSC kHz or null
     * @return base, plus {@code panic=-1} (a guest panic ends the hypervisor instead of hanging) and,
     *         under TCG, {@code tsc_early_khz=N} (avoids a TSC calibration hang), unless base sets them
     */
    public static String compose(String base, Accel accel, Long tscKhz) {
        List<String> words = new ArrayList<>(Arrays.asList(base.trim().split("\\s+")));
        words.removeIf(String::isEmpty);
        if (!has(words, "panic")) {
            words.add("panic=-1");
        }
        if (accel == Accel.TCG && tscKhz != null && tscKhz > 0 && !has(words, "tsc_early_khz")) {
            words.add("tsc_early_khz=" + tscKhz);
        }
        return String.join(" ", words);
    }

    static boolean has(List<String> words, String key) {
        return words.stream().anyMatch(w -> w.equals(key) || w.startsWith(key + "="));
    }
}
