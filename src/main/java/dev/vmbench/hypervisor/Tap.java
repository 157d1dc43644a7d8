package dev.vmbench.hypervisor;

import java.util.regex.Pattern;

/**
 * A host tap device for the guest's network, as firectl takes it: {@code NAME/MAC} (or just {@code NAME}).
 * vmbench does not create taps; it checks that the device exists before booting.
 *
 * @param mac the guest MAC, or null to let the hypervisor choose
 */
public record Tap(String name, String mac) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");
    private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");

    public static Tap parse(String text) {
        String hint = ": give NAME/MAC, e.g. tap0/2e:60:bf:c7:64:88";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty --tap-device" + hint);
        }
        int slash = text.indexOf('/');
        String name = slash < 0 ? text : text.substring(0, slash);
        String mac = slash < 0 ? null : text.substring(slash + 1);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad tap device name '" + name + "' (1 to 15 letters, digits, . _ - :)" + hint);
        }
        if (mac != null && !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("bad MAC address '" + mac + "'" + hint);
        }
        if (mac != null && (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 1) {
            throw new IllegalArgumentException("MAC address '" + mac + "' is a multicast address: the first byte must be even");
        }
        return new Tap(name, mac == null ? null : mac.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return mac == null ? name : name + "/" + mac;
    }
}
