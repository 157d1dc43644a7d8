package dev.vmbench.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.command.CommandExecution;
import org.springframework.shell.command.CommandHandlingResult;

import dev.vmbench.UsageException;
import dev.vmbench.VmbenchException;
import dev.vmbench.config.IoErrors;

/**
 * Errors reach the user as one line ("Error: what was wrong: what to do"), plus the guest's last console
 * lines where they explain it. From the command line: exit status 2 for a usage error (a bad value, an
 * unknown name), 1 for a failure, 130 when interrupted. The full trace is kept for {@code stacktrace};
 * "this is a vmbench bug" is said only of failures vmbench did not foresee.
 */
@Configuration(proxyBeanMethods = false)
public class Errors {

    /** The last error, for the {@code stacktrace} command. */
    public static final class LastError {
        private volatile Throwable last;

        void set(Throwable t) {
            last = t;
        }

        public String trace() {
            Throwable t = last;
            if (t == null) {
                return "No error so far.";
            }
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            return sw.toString();
        }
    }

    @Bean
    public LastError lastError() {
        return new LastError();
    }

    @Bean
    public ExitStatus exitStatus() {
        return new ExitStatus();
    }

    /** Ahead of Spring Shell's own resolver, which prints each parser complaint on a line of its own, in red. */
    @Bean
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    public CommandExceptionResolver vmbenchExceptionResolver(LastError lastError, ExitStatus status) {
        return ex -> {
            if (ex instanceof CommandExecution.CommandParserExceptionsException p) {
                lastError.set(p);
                status.fail(ExitStatus.USAGE);
                return CommandHandlingResult.of(parserMessage(p) + "\n", ExitStatus.USAGE);
            }
            Throwable t = unwrap(ex);
            lastError.set(t);
            int code = exitCode(t);
            status.fail(code);
            return CommandHandlingResult.of(message(t) + "\n", code);
        };
    }

    /** Spring Shell's parser complaints (an unknown option, a missing value ...) as one line. */
    static String parserMessage(CommandExecution.CommandParserExceptionsException p) {
        java.util.List<String> each = p.getParserExceptions().stream().map(Throwable::getMessage)
                .filter(m -> m != null && !m.isBlank()).distinct().toList();
        String what = each.isEmpty() ? "the command line could not be read" : String.join("; ", each);
        return "Error: " + what + " (COMMAND --help shows its options)";
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException
                || t instanceof CommandExecution.CommandExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean usage(Throwable t) {
        return t instanceof UsageException || t instanceof IllegalArgumentException || t instanceof ConversionException
                || illegalArgument(t);
    }

    /** Spring Shell's way of saying that an option came without a value its parameter needs (a number, say). */
    static boolean illegalArgument(Throwable t) {
        return t instanceof IllegalStateException && t.getMessage() != null
                && t.getMessage().startsWith("Illegal argument");
    }

    /** "--lines needs a value", read off Spring Shell's message: which parameter of which method got null. */
    static String missingValue(IllegalStateException e) {
        String msg = e.getMessage();
        java.util.regex.Matcher endpoint = java.util.regex.Pattern.compile("Endpoint \\[([\\w.$]+)\\]").matcher(msg);
        java.util.regex.Matcher method = java.util.regex.Pattern.compile("\\.(\\w+)\\(([^)]*)\\)\\]").matcher(msg);
        java.util.regex.Matcher nul = java.util.regex.Pattern.compile("\\[(\\d+)\\] \\[null\\]").matcher(msg);
        if (endpoint.find() && method.find() && nul.find()) {
            try {
                int count = method.group(2).isBlank() ? 0 : method.group(2).split(",").length;
                int index = Integer.parseInt(nul.group(1));
                for (java.lang.reflect.Method m : Class.forName(endpoint.group(1)).getMethods()) {
                    if (m.getName().equals(method.group(1)) && m.getParameterCount() == count && index < count) {
                        org.springframework.shell.standard.ShellOption o = m.getParameters()[index]
                                .getAnnotation(org.springframework.shell.standard.ShellOption.class);
                        if (o != null && o.value().length > 0) {
                            return o.value()[0] + " needs a value";
                        }
                    }
                }
            } catch (ClassNotFoundException | NumberFormatException ex) {
                // fall through to the general words
            }
        }
        return "an option came without its value, or with one of the wrong kind";
    }

    static int exitCode(Throwable t) {
        if (t instanceof InterruptedException) {
            return ExitStatus.INTERRUPTED;
        }
        return usage(t) ? ExitStatus.USAGE : ExitStatus.FAILED;
    }

    static String message(Throwable t) {
        if (t instanceof VmbenchException v) {
            return "Error: " + v.getMessage() + (v.details() == null ? "" : "\n" + v.details());
        }
        if (t instanceof ConversionFailedException c) {
            return "Error: bad value '" + c.getValue() + "': " + expected(c) + "; 'help COMMAND' shows the options";
        }
        if (t instanceof IllegalArgumentException) {
            return "Error: " + t.getMessage();
        }
        if (illegalArgument(t)) {
            return "Error: " + missingValue((IllegalStateException) t) + " (COMMAND --help shows its options)";
        }
        if (t instanceof InterruptedException) {
            return "Interrupted.";
        }
        if (t instanceof UncheckedIOException u) {
            return "Error: " + IoErrors.describe("cannot use", null, u.getCause());
        }
        if (t instanceof IOException io) {
            return "Error: " + IoErrors.describe("cannot use", null, io);
        }
        if (t instanceof OutOfMemoryError) {
            return "Error: vmbench ran out of memory in that command, which it stopped; your VMs are untouched "
                    + "(this is a vmbench bug; 'stacktrace' shows where)";
        }
        return "Error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                + " (this is a vmbench bug; 'stacktrace' shows where)";
    }

    private static String expected(ConversionFailedException c) {
        Class<?> type = c.getTargetType().getObjectType();
        if (type == Integer.class || type == Long.class || type == Short.class) {
            return "a whole number is expected here";
        }
        if (type == Double.class || type == Float.class) {
            return "a number is expected here";
        }
        if (type == Boolean.class) {
            return "true or false is expected here";
        }
        return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + " is expected here";
    }
}
