package dev.vmbench.shell;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.jline.PromptProvider;

import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.doctor.Doctor;
import dev.vmbench.exec.EnvironmentCapture;
import dev.vmbench.exec.ResultsLog;
import dev.vmbench.profile.Profiles;
import dev.vmbench.transcript.Transcripts;
import dev.vmbench.host.HostProbe;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;

/** Wires the rooms of the house together for the shell. */
@Configuration(proxyBeanMethods = false)
public class VmbenchConfiguration {

    @Bean
    public VmbenchPaths vmbenchPaths() {
        return VmbenchPaths.fromEnvironment();
    }

    @Bean
    public HostProbe hostProbe() {
        return new HostProbe();
    }

    @Bean
    public Hypervisors hypervisors() {
        return Hypervisors.builtIn();
    }

    @Bean
    public ImageLayout defaultImage(VmbenchPaths paths) {
        return new ImageLayout(paths.defaultImage());
    }

    @Bean
    public VmLauncher vmLauncher(Hypervisors hypervisors, HostProbe host, VmbenchPaths paths) {
        return new VmLauncher(hypervisors, host, paths);
    }

    /** Closed with the application context: on exit, Ctrl-D and SIGTERM every live VM is ended. */
    @Bean(destroyMethod = "close")
    public SessionRegistry sessionRegistry() {
        return new SessionRegistry();
    }

    @Bean
    public ResultsLog resultsLog(VmbenchPaths paths, HostProbe host, ImageLayout defaultImage) {
        return new ResultsLog(paths.state().resolve("results.jsonl"), new EnvironmentCapture(host, defaultImage));
    }

    /** Closed with the context, so recordings end whole on exit. */
    @Bean(destroyMethod = "close")
    public Transcripts transcripts(VmbenchPaths paths) {
        return new Transcripts(paths.state().resolve("transcripts"));
    }

    @Bean
    public Profiles profiles() {
        return new Profiles(VmbenchPaths.profilesFile(System.getenv(), System.getProperty("user.home")));
    }

    @Bean
    public Doctor doctor(HostProbe host, ImageLayout defaultImage) {
        return new Doctor(host, defaultImage);
    }

    @Bean
    public PromptProvider vmbenchPrompt() {
        return () -> new AttributedString("vmbench:>", AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
    }
}
