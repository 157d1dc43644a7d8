package dev.vmbench.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vmbench.VmbenchException;

/** A recorded asciicast v2 file, read back; a truncated last line (a recording cut short) is dropped. */
public record Asciicast(JsonNode header, List<Event> events) {

    /** One event: seconds since the start, "o", "i" or "m", and its text. */
    public record Event(double time, String code, String data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSI = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]");
    private static final Pattern OSC = Pattern.compile("\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)");
    private static final Pattern OTHER_ESC = Pattern.compile("\u001b[@-Z\\\\-_]");

    public static Asciicast read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmbenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new VmbenchException(file + " is empty: not an asciicast file");
        }
        JsonNode header;
        try {
            header = JSON.readTree(lines.get(0));
        } catch (IOException e) {
            throw new VmbenchException(file + ":1: not an asciicast header: " + e.getMessage());
        }
        if (header == null || header.path("version").asInt() != 2) {
            throw new VmbenchException(file + ":1: not an asciicast v2 header (version 2 expected)");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            try {
                JsonNode e = JSON.readTree(l);
                events.add(new Event(e.get(0).asDouble(), e.get(1).asText(), e.get(2).asText()));
            } catch (IOException | NullPointerException e) {
                if (i == lines.size() - 1) {
                    break; // cut short by a crash: play what is whole
                }
                throw new VmbenchException(file + ":" + (i + 1) + ": not an asciicast event");
            }
        }
        return new Asciicast(header, events);
    }

    /** The session's output as plain text: escape sequences removed, line ends as {@code \n}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.code().equals("o")).forEach(e -> sb.append(e.data()));
        return plain(sb.toString());
    }

    public static String plain(String s) {
        String t = OSC.matcher(s).replaceAll("");
        t = CSI.matcher(t).replaceAll("");
        t = OTHER_ESC.matcher(t).replaceAll("");
        t = t.replaceAll("\r+\n", "\n").replace("\r", "");
        return t;
    }
}
