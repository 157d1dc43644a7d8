package dev.vmbench.shell;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.jline.PromptProvider;

import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.doctor.Doctor;
import dev.vmbench.host.Host;
import dev.vmbench.host.LocalHost;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.profile.Profiles;
import dev.vmbench.results.EnvironmentCapture;
import dev.vmbench.results.ResultsLog;
import dev.vmbench.session.SessionRegistry;
import dev.vmbench.session.VmLauncher;
import dev.vmbench.transcript.Transcripts;

/** Wires the rooms of the house together for the shell. */
@Configuration(proxyBeanMethods = false)
public class VmbenchConfiguration {

    @Bean
    public VmbenchPaths vmbenchPaths() {
        return VmbenchPaths.fromEnvironment();
    }

    /** Where VMs run and /proc is read: this machine. */
    @Bean
    public Host host(VmbenchPaths paths) {
        return new LocalHost(paths.nativeLibs());
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
    public VmLauncher vmLauncher(Hypervisors hypervisors, Host host, VmbenchPaths paths) {
        return new VmLauncher(hypervisors, host, paths);
    }

    @Bean
    public dev.vmbench.boot.Boot boot(VmLauncher launcher, SessionRegistry registry, ImageLayout defaultImage,
                                      Hypervisors hypervisors, VmbenchPaths paths, dev.vmbench.hosts.Machines machines) {
        return new dev.vmbench.boot.Boot(launcher, registry, defaultImage, hypervisors, paths, machines);
    }

    /** Where VMs run: this machine, or hosts over SSH (one launcher per host). */
    @Bean
    public dev.vmbench.hosts.Machines machines(VmLauncher launcher, Hypervisors hypervisors,
                                               dev.vmbench.hosts.Hosts hosts, dev.vmbench.hosts.Connections connections) {
        return new dev.vmbench.hosts.Machines(launcher, hypervisors, hosts, connections);
    }

    @Bean
    public dev.vmbench.compare.Comparison comparison(ImageLayout defaultImage, Hypervisors hypervisors,
                                                     VmLauncher launcher, SessionRegistry registry, ResultsLog log,
                                                     VmbenchPaths paths, dev.vmbench.hosts.Machines machines) {
        return new dev.vmbench.compare.Comparison(defaultImage, hypervisors, launcher, registry, log,
                paths.state().resolve("logs"), machines);
    }

    /** Closed with the application context: on exit, Ctrl-D and SIGTERM every live VM is ended. */
    @Bean(destroyMethod = "close")
    public SessionRegistry sessionRegistry() {
        return new SessionRegistry();
    }

    @Bean
    public ResultsLog resultsLog(VmbenchPaths paths, Host host, ImageLayout defaultImage) {
        return new ResultsLog(paths.state().resolve("results.jsonl"), new EnvironmentCapture(defaultImage));
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
    public dev.vmbench.workload.Workloads workloads() {
        return new dev.vmbench.workload.Workloads(VmbenchPaths.workloadsFile(System.getenv(),
                System.getProperty("user.home")));
    }

    @Bean
    public dev.vmbench.hosts.Hosts hosts() {
        return new dev.vmbench.hosts.Hosts(VmbenchPaths.hostsFile(System.getenv(), System.getProperty("user.home")));
    }

    /** Closed with the context: the shared SSH connections end with the shell. */
    @Bean(destroyMethod = "close")
    public dev.vmbench.hosts.Connections connections(VmbenchPaths paths) {
        return new dev.vmbench.hosts.Connections(paths.sshControl(), new LocalHost(paths.nativeLibs()));
    }

    @Bean
    public dev.vmbench.memdiff.Memdiff memdiff(SessionRegistry registry, ResultsLog log) {
        return new dev.vmbench.memdiff.Memdiff(registry, log);
    }

    @Bean
    public dev.vmbench.overhead.Overhead overhead(SessionRegistry registry) {
        return new dev.vmbench.overhead.Overhead(registry);
    }

    @Bean
    public Doctor doctor(Host host, ImageLayout defaultImage, Hypervisors hypervisors, VmbenchPaths paths) {
        return new Doctor(host, defaultImage, hypervisors, new dev.vmbench.session.Preflight(hypervisors, host, paths));
    }

    /** A POSIX shell's quoting for every line typed ({@link PosixLineParser}); replaces Spring Shell's parser. */
    @Bean
    @org.springframework.context.annotation.Primary
    public org.jline.reader.Parser posixLineParser() {
        return new PosixLineParser();
    }

    @Bean
    public InteractiveRunner interactiveRunner(org.jline.reader.LineReader lineReader, PromptProvider prompt,
                                               org.springframework.shell.Shell shell,
                                               org.springframework.shell.context.ShellContext context,
                                               SessionRegistry registry, Errors.LastError lastError,
                                               ExitStatus status) {
        return new InteractiveRunner(lineReader, prompt, shell, context, registry, lastError, status);
    }

    @Bean
    public OneShotRunner oneShotRunner(org.springframework.shell.Shell shell,
                                       org.springframework.shell.context.ShellContext context, ExitStatus status,
                                       Errors.LastError lastError) {
        return new OneShotRunner(shell, context, status, lastError);
    }

    @Bean
    public PromptProvider vmbenchPrompt() {
        return () -> new AttributedString("vmbench:>", AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
    }
}
