package dev.vmbench.shell;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.command.CommandExecution;
import org.springframework.shell.command.CommandHandlingResult;

import dev.vmbench.VmbenchException;

/**
 * Errors reach the user as one line ("Error: what was wrong: what to do"), plus the guest's last console
 * lines where they explain it; exit status 1 in one-shot mode. The full trace is kept for {@code stacktrace}.
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
    public CommandExceptionResolver vmbenchExceptionResolver(LastError lastError) {
        return ex -> {
            if (ex instanceof CommandExecution.CommandParserExceptionsException) {
                return null; // Spring Shell's own message names the bad or missing option
            }
            Throwable t = unwrap(ex);
            lastError.set(t);
            return CommandHandlingResult.of(message(t) + "\n", 1);
        };
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof UndeclaredThrowableException || t instanceof InvocationTargetException
                || t instanceof CommandExecution.CommandExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String message(Throwable t) {
        if (t instanceof VmbenchException v) {
            return "Error: " + v.getMessage() + (v.details() == null ? "" : "\n" + v.details());
        }
        if (t instanceof IllegalArgumentException) {
            return "Error: " + t.getMessage();
        }
        if (t instanceof InterruptedException) {
            return "Interrupted.";
        }
        return "Error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                + " (this is a vmbench bug; 'stacktrace' shows where)";
    }
}
