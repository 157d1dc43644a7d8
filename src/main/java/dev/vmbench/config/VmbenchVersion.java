package dev.vmbench.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** vmbench's own version, from the build-info the build writes. */
public final class VmbenchVersion {

    private static final String VERSION = read();

    private VmbenchVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = VmbenchVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown (no build-info)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("build.version", "unknown") + " (built " + p.getProperty("build.time", "?") + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
