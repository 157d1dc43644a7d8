package dev.vmbench.hypervisor;

import java.util.Locale;

/** Which CPU accelerator a VM asks for; {@link #AUTO} is resolved to KVM or TCG before launch. */
public enum Accel {
    AUTO, KVM, TCG;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Accel parse(String text) {
        for (Accel a : values()) {
            if (a.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown accelerator '" + text + "': use auto, kvm or tcg");
    }
}
