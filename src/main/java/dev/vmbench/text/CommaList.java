package dev.vmbench.text;

import java.util.Arrays;
import java.util.List;

/** An option's comma-separated list ({@code --vms a,b}, {@code --hypervisors x,y}, {@code --labels A,B}). */
public final class CommaList {

    private CommaList() {
    }

    /**
     * The items of several values, each comma-separated ({@code stop a b,c}: a, b and c), in order, each once;
     * none for null.
     */
    public static List<String> of(String[] values) {
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values).flatMap(v -> of(v).stream()).distinct().toList();
    }

    /** The items, stripped of spaces, empty ones left out ({@code "a, b,"} is a and b); none for null. */
    public static List<String> of(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
