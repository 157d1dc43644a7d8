package dev.vmbench.text;

import java.util.Set;

/**
 * Splits terminal output into text and escape sequences, the way a VT-style terminal parses it, and tells
 * which sequences are safe to send to a terminal: a sequence that makes the terminal answer (a query) is
 * not, nor is one that was cut short or malformed. The parser keeps its state between {@link #feed} calls,
 * so a sequence split across two chunks is seen whole; only an unfinished sequence is held back, text is
 * handed on at once.
 *
 * <p>What it recognises: ESC sequences ({@code ESC [intermediates] final}), CSI ({@code ESC [} or C1
 * {@code 0x9B}), and the control strings OSC, DCS, SOS, PM and APC (ended by ST, {@code ESC \} or C1
 * {@code 0x9C}; OSC also by BEL). As in a terminal, CAN and SUB abort a sequence, ESC inside one starts a new
 * one (and ends a control string), and other C0 controls inside a sequence are executed (handed on as
 * text, in order). Lengths are bounded: an over-long sequence is dropped, so the memory held is bounded.
 */
final class EscapeParser {

    /** Where the parser puts what it found, in order. */
    interface Sink {

        /** A character the terminal prints or executes (including C0 controls such as CR and LF). */
        void text(char c);

        /**
         * A whole escape sequence or control string, as it arrived.
         *
         * @param safe false for a query, or for a sequence cut short or malformed: not to be written to a terminal
         */
        void sequence(CharSequence raw, boolean safe);
    }

    static final char ENQ = 0x05;
    static final char BEL = 0x07;
    static final char CAN = 0x18;
    static final char SUB = 0x1A;
    static final char ESC = 0x1B;
    static final char DEL = 0x7F;
    static final char C1_DCS = 0x90;
    static final char C1_SOS = 0x98;
    static final char C1_DECID = 0x9A;
    static final char C1_CSI = 0x9B;
    static final char C1_ST = 0x9C;
    static final char C1_OSC = 0x9D;
    static final char C1_PM = 0x9E;
    static final char C1_APC = 0x9F;

    /** Longest ESC or CSI sequence kept; real ones are a few dozen characters. */
    static final int MAX_SEQUENCE = 256;
    /** Longest control string kept (an OSC 52 clipboard write, a sixel image); longer ones are dropped. */
    static final int MAX_STRING = 1 << 20;

    /** XTWINOPS ({@code CSI Ps t}) operations that report: window state, position, sizes, icon label, title. */
    private static final Set<Integer> WINDOW_REPORTS = Set.of(11, 13, 14, 15, 16, 18, 19, 20, 21);
    /** DECSET modes after which the terminal sends mouse or focus reports of its own. */
    private static final Set<Integer> REPORTING_MODES = Set.of(9, 1000, 1001, 1002, 1003, 1004);

    private enum State { GROUND, ESCAPE, CSI, STRING, STRING_ESC }

    private final Sink sink;
    private State state = State.GROUND;
    /** The pending sequence, raw, as it arrived (for a control string: with its introducer). */
    private final StringBuilder seq = new StringBuilder();
    /** C0 controls met inside the pending sequence: handed on as text if the sequence is dropped. */
    private final StringBuilder controls = new StringBuilder();
    private final StringBuilder params = new StringBuilder();
    private final StringBuilder intermediates = new StringBuilder();
    /** The pending sequence will be dropped whatever follows (malformed or too long): nothing more is kept. */
    private boolean doomed;
    /** For a control string: ']' OSC, 'P' DCS, 'X' SOS, '^' PM, '_' APC. */
    private char stringKind;
    /** Where a control string's content starts in {@link #seq}. */
    private int contentStart;

    EscapeParser(Sink sink) {
        this.sink = sink;
    }

    /** Parses the next chunk; an unfinished sequence at its end waits for the next chunk. */
    void feed(CharSequence chunk) {
        for (int i = 0; i < chunk.length(); i++) {
            accept(chunk.charAt(i));
        }
    }

    /** The end of the stream: an unfinished sequence is dropped (a terminal would never act on it). */
    void finish() {
        if (state != State.GROUND) {
            drop();
        }
    }

    /** Whether part of a sequence is being held back, waiting for the rest. */
    boolean holding() {
        return state != State.GROUND;
    }

    private void accept(char c) {
        switch (state) {
            case GROUND -> ground(c);
            case ESCAPE -> escape(c);
            case CSI -> csi(c);
            case STRING -> string(c);
            case STRING_ESC -> stringEscape(c);
        }
    }

    private void ground(char c) {
        switch (c) {
            case ESC -> begin(State.ESCAPE, c);
            case C1_CSI -> begin(State.CSI, c);
            case C1_OSC -> beginString(']', c);
            case C1_DCS -> beginString('P', c);
            case C1_SOS -> beginString('X', c);
            case C1_PM -> beginString('^', c);
            case C1_APC -> beginString('_', c);
            case ENQ, C1_DECID -> sink.sequence(String.valueOf(c), false); // the terminal answers both
            default -> sink.text(c);
        }
    }

    private void escape(char c) {
        if (interrupted(c)) {
            return;
        }
        if (c >= 0x20 && c <= 0x2F) {
            intermediates.append(c);
            keep(c, MAX_SEQUENCE);
        } else if (c >= 0x30 && c <= 0x7E) {
            if (intermediates.isEmpty() && !doomed) {
                switch (c) {
                    case '[' -> {
                        seq.append(c);
                        state = State.CSI;
                        return;
                    }
                    case ']', 'P', 'X', '^', '_' -> {
                        seq.append(c);
                        startString(c);
                        return;
                    }
                    default -> {
                        // an ESC sequence of its own, below
                    }
                }
            }
            seq.append(c);
            end(!doomed && !(c == 'Z' && intermediates.isEmpty())); // ESC Z: DECID, answered like DA1
        } else {
            drop(); // not part of an ESC sequence (a non-ASCII character): the terminal would not act on it
            ground(c);
        }
    }

    private void csi(char c) {
        if (interrupted(c)) {
            return;
        }
        if (c >= 0x30 && c <= 0x3F) {
            if (!intermediates.isEmpty()) {
                doom(); // a parameter after an intermediate: terminals ignore the whole sequence
            }
            params.append(c);
            keep(c, MAX_SEQUENCE);
        } else if (c >= 0x20 && c <= 0x2F) {
            intermediates.append(c);
            keep(c, MAX_SEQUENCE);
        } else if (c >= 0x40 && c <= 0x7E) {
            seq.append(c);
            end(!doomed && !csiAnswers(params, intermediates.toString(), c));
        } else {
            drop();
            ground(c);
        }
    }

    /**
     * Handles what ends or interrupts an ESC or CSI sequence in any terminal: ESC, CAN, SUB, C0 controls, DEL.
     *
     * @return whether c was handled
     */
    private boolean interrupted(char c) {
        if (c == ESC) {
            drop();
            begin(State.ESCAPE, c);
        } else if (c == CAN || c == SUB) {
            drop();
            sink.text(c);
        } else if (c == ENQ) {
            sink.sequence(String.valueOf(c), false);
        } else if (c < 0x20) {
            if (doomed) {
                sink.text(c); // executed now; the sequence around it will be dropped anyway
            } else {
                seq.append(c);
                controls.append(c);
            }
        } else if (c == DEL) {
            keep(c, MAX_SEQUENCE); // ignored by terminals inside a sequence
        } else {
            return false;
        }
        return true;
    }

    private void string(char c) {
        if (c == ESC) {
            state = State.STRING_ESC;
        } else if (c == C1_ST || c == BEL && stringKind == ']') {
            endString(String.valueOf(c));
        } else if (c == CAN || c == SUB) {
            drop();
            sink.text(c);
        } else if (c != ENQ) { // C0 controls are ignored inside control strings; ENQ is never passed on
            keep(c, MAX_STRING);
        }
    }

    private void stringEscape(char c) {
        if (c == '\\') {
            endString("\u001b\\");
        } else {
            endString(""); // ESC ends the string and starts a new sequence
            begin(State.ESCAPE, ESC);
            escape(c);
        }
    }

    private void begin(State s, char introducer) {
        reset();
        seq.append(introducer);
        state = s;
    }

    private void beginString(char kind, char introducer) {
        begin(State.STRING, introducer);
        startString(kind);
    }

    private void startString(char kind) {
        stringKind = kind;
        contentStart = seq.length();
        state = State.STRING;
    }

    /** Appends to the pending sequence, or dooms it when it grows past max (and stops keeping it). */
    private void keep(char c, int max) {
        if (doomed) {
            return;
        }
        seq.append(c);
        if (seq.length() > max) {
            doom();
        }
    }

    /** The pending sequence will be dropped: what it holds goes, controls met in it are handed on now. */
    private void doom() {
        doomed = true;
        seq.setLength(0);
        flushControls();
    }

    private void endString(String terminator) {
        boolean safe = !doomed && !stringAnswers(stringKind, seq.subSequence(contentStart, seq.length()).toString());
        seq.append(terminator);
        end(safe);
    }

    private void end(boolean safe) {
        if (safe) {
            sink.sequence(seq, true);
        } else {
            if (!doomed) {
                sink.sequence(seq, false);
            }
            flushControls();
        }
        reset();
        state = State.GROUND;
    }

    /** Drops the pending sequence (cut short, aborted or malformed): a terminal would not act on it. */
    private void drop() {
        end(false);
    }

    private void flushControls() {
        for (int i = 0; i < controls.length(); i++) {
            sink.text(controls.charAt(i));
        }
        controls.setLength(0);
    }

    private void reset() {
        seq.setLength(0);
        controls.setLength(0);
        params.setLength(0);
        intermediates.setLength(0);
        doomed = false;
        stringKind = 0;
        contentStart = 0;
        if (seq.capacity() > 4 * MAX_SEQUENCE) {
            seq.trimToSize(); // give back what a long control string took
        }
    }

    /**
     * Whether a terminal answers this CSI sequence.
     *
     * @param params        parameter bytes, with a private marker ({@code < = > ?}) first if there is one
     * @param intermediates intermediate bytes (space to {@code /})
     */
    static boolean csiAnswers(CharSequence params, String intermediates, char fin) {
        char marker = params.length() > 0 && "<=>?".indexOf(params.charAt(0)) >= 0 ? params.charAt(0) : 0;
        String p = (marker == 0 ? params : params.subSequence(1, params.length())).toString();
        return switch (intermediates) {
            case "" -> switch (fin) {
                case 'n' -> marker != '>';                 // DSR: status, cursor position, CSI ? Ps n reports
                case 'c' -> marker != '?';                 // DA1, DA2 (>), DA3 (=); CSI ? c sets the Linux cursor
                case 'x' -> marker == 0;                   // DECREQTPARM
                case 't' -> marker == 0 && WINDOW_REPORTS.contains(firstParam(p)); // XTWINOPS reports
                case 'q' -> marker == '>';                 // XTVERSION
                case 'u', 'm', 'S' -> marker == '?';       // kitty keyboard flags, XTQMODKEYS, XTSMGRAPHICS
                case 'h' -> marker == '?' && anyParam(p, REPORTING_MODES); // mouse and focus reports
                default -> false;
            };
            case "$" -> fin == 'p' || fin == 'u' || fin == 'w'; // DECRQM, DECRQTSR, DECRQPSR
            case "*" -> fin == 'y';                        // DECRQCRA (checksum of an area)
            case "'" -> fin == '|';                        // DECRQLP (locator position)
            case "#" -> fin == '|' || fin == 'R';          // XTREPORTSGR, XTREPORTCOLORS
            default -> false;
        };
    }

    /**
     * Whether a terminal answers this control string.
     *
     * @param kind    ']' OSC, 'P' DCS, 'X' SOS, '^' PM, '_' APC
     * @param content what lies between the introducer and the terminator
     */
    static boolean stringAnswers(char kind, String content) {
        return switch (kind) {
            case ']' -> oscAnswers(content);
            case 'P' -> dcsAnswers(content);
            case '_' -> content.startsWith("G"); // kitty graphics: the terminal answers with OK or an error
            default -> false;
        };
    }

    /**
     * OSC queries put {@code ?} where a value would go: colours ({@code 4;1;?}, {@code 10;?}), the clipboard
     * ({@code 52;c;?}), the font ({@code 50;?}). Titles (0, 1, 2) are free text, never queries. iTerm2's
     * {@code 1337;Report...} answers too.
     */
    private static boolean oscAnswers(String content) {
        String[] fields = content.split(";", -1);
        String command = fields[0];
        if (command.equals("0") || command.equals("1") || command.equals("2")) {
            return false;
        }
        if (command.equals("1337")) {
            return fields.length > 1 && fields[1].startsWith("Report");
        }
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].startsWith("?")) {
                return true;
            }
        }
        return false;
    }

    /** DECRQSS ({@code DCS $ q ... ST}) and XTGETTCAP ({@code DCS + q ... ST}). */
    private static boolean dcsAnswers(String content) {
        int i = 0;
        while (i < content.length() && content.charAt(i) >= 0x30 && content.charAt(i) <= 0x3F) {
            i++;
        }
        int j = i;
        while (j < content.length() && content.charAt(j) >= 0x20 && content.charAt(j) <= 0x2F) {
            j++;
        }
        String inter = content.substring(i, j);
        return j < content.length() && content.charAt(j) == 'q' && (inter.equals("$") || inter.equals("+"));
    }

    private static int firstParam(String p) {
        int end = 0;
        while (end < p.length() && Character.isDigit(p.charAt(end))) {
            end++;
        }
        return end == 0 || end > 9 ? -1 : Integer.parseInt(p.substring(0, end));
    }

    private static boolean anyParam(String p, Set<Integer> wanted) {
        for (String s : p.split("[;:]")) {
            if (!s.isEmpty() && s.length() <= 9 && s.chars().allMatch(Character::isDigit)
                    && wanted.contains(Integer.parseInt(s))) {
                return true;
            }
        }
        return false;
    }
}
