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

    @Bean
    public CommandExceptionResolver vmbenchExceptionResolver(LastError lastError, ExitStatus status) {
        return ex -> {
            if (ex instanceof CommandExecution.CommandParserExceptionsException) {
                status.fail(ExitStatus.USAGE);
                return null; // Spring Shell's own message names the bad or missing option
            }
            Throwable t = unwrap(ex);
            lastError.set(t);
            int code = exitCode(t);
            status.fail(code);
            return CommandHandlingResult.of(message(t) + "\n", code);
        };
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException
                || t instanceof CommandExecution.CommandExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean usage(Throwable t) {
        return t instanceof UsageException || t instanceof IllegalArgumentException || t instanceof ConversionException;
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
