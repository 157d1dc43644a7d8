package dev.vmbench.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;

import dev.vmbench.VmbenchException;
import dev.vmbench.doctor.Doctor;

@ShellComponent
public class DoctorCommands {

    private final Doctor doctor;
    private final Errors.LastError lastError;

    public DoctorCommands(Doctor doctor, Errors.LastError lastError) {
        this.doctor = doctor;
        this.lastError = lastError;
    }

    @ShellMethod(key = "doctor", value = "Check the host: QEMU, KVM, the default image, apt-get, mke2fs, firecracker.",
            group = "Host")
    public String doctor() {
        List<Doctor.Check> checks = doctor.run();
        List<String> lines = new ArrayList<>();
        for (Doctor.Check c : checks) {
            lines.add(String.format("%-4s %-20s %s%s", c.status().label(), c.name(), c.detail(),
                    c.fix() == null ? "" : "  -> " + c.fix()));
        }
        String text = String.join("\n", lines);
        Optional<Doctor.Check> failed = checks.stream().filter(c -> c.status() == Doctor.Status.FAIL).findFirst();
        if (failed.isPresent()) {
            throw new VmbenchException("doctor found problems:\n" + text);
        }
        return text;
    }

    @ShellMethod(key = "stacktrace", value = "Show the full stack trace of the last error.", group = "Host")
    public String stacktrace() {
        return lastError.trace();
    }

}
