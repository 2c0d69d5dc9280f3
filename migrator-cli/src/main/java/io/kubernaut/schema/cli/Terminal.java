package io.kubernaut.schema.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The process's controlling terminal, where the password is asked for: never stdout, which may carry
 * {@code --json} or be a pipe, and never stdin when that is a pipe.
 */
final class Terminal {

    private static final File TTY = new File("/dev/tty");

    private Terminal() {
    }

    /**
     * Asks for a password on the terminal, without echo; empty when the process has no terminal (in a
     * container, a CI job, under {@code setsid}, or when stdin and stdout are not one).
     */
    static Optional<String> readPassword(String prompt) {
        java.io.Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? Optional.empty() : Optional.of(new String(typed));
        }
        // System.console() is null as soon as stdout is redirected; the terminal may still be there.
        try (FileInputStream in = new FileInputStream(TTY); OutputStream out = new FileOutputStream(TTY)) {
            out.write(prompt.getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean silenced = stty("-echo");
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                return Optional.ofNullable(line);
            } finally {
                if (silenced) {
                    stty("echo");
                }
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            // No controlling terminal: opening /dev/tty fails with ENXIO.
            return Optional.empty();
        }
    }

    /** Sets a terminal mode with stty(1), reading from the terminal; false when that did not work. */
    private static boolean stty(String mode) {
        try {
            Process stty = new ProcessBuilder("stty", mode).redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return stty.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
