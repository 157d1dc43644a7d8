# fish completion for vmbench            copy to ~/.config/fish/completions/vmbench.fish
set -l cmds boot profile vms logs stop kill run bench compare meminfo memdiff attach transcript image doctor benchmark stacktrace
complete -c vmbench -f
complete -c vmbench -n "not __fish_seen_subcommand_from $cmds" -a "$cmds"
complete -c vmbench -n "__fish_seen_subcommand_from boot" -l name -l profile -l mem -l cpus -l append -l timeout -l prompt -l persistent -l log -l dry-run -l qemu-arg -l tap-device -l disable-smt -l api-socket
complete -c vmbench -n "__fish_seen_subcommand_from boot" -l hypervisor -xa "qemu-microvm qemu-q35 firecracker"
complete -c vmbench -n "__fish_seen_subcommand_from boot save" -l cpu-template -xa "T2 C3 T2S T2CL T2A V1N1 none"
complete -c vmbench -n "__fish_seen_subcommand_from boot save" -l log-level -xa "Error Warning Info Debug Trace Off"
complete -c vmbench -n "__fish_seen_subcommand_from boot" -l accel -xa "auto kvm tcg"
complete -c vmbench -n "__fish_seen_subcommand_from boot" -l kernel -l initrd -l rootfs -l firecracker-binary -l firecracker-log -rF
complete -c vmbench -n "__fish_seen_subcommand_from profile; and not __fish_seen_subcommand_from save list show rm" -a "save list show rm"
complete -c vmbench -n "__fish_seen_subcommand_from image; and not __fish_seen_subcommand_from build info" -a "build info"
complete -c vmbench -n "__fish_seen_subcommand_from build" -l random-mib -l force -l kernel-package
complete -c vmbench -n "__fish_seen_subcommand_from stop" -l vm -l all -l grace
complete -c vmbench -n "__fish_seen_subcommand_from logs" -l vm -l lines
complete -c vmbench -n "__fish_seen_subcommand_from run" -l vm -l command -l repeat -l warmup -l timeout -l quiet
complete -c vmbench -n "__fish_seen_subcommand_from bench" -l command -l vms -l runs -l warmup -l timeout -l export-json -l export-markdown -l export-csv
complete -c vmbench -n "__fish_seen_subcommand_from compare" -l hypervisors -l runs -l warmup -l command -l random-mib -l export-json -l export-markdown -l export-csv
complete -c vmbench -n "__fish_seen_subcommand_from meminfo" -l vm -l save
complete -c vmbench -n "__fish_seen_subcommand_from memdiff" -l a -l b -l changed-only -l threshold -l labels -l export-json -l export-markdown -l export-csv
complete -c vmbench -n "__fish_seen_subcommand_from memdiff" -l sort -xa "field delta"
complete -c vmbench -n "__fish_seen_subcommand_from memdiff" -l unit -xa "kB MiB auto"
complete -c vmbench -n "__fish_seen_subcommand_from attach" -l vm -l escape -l replay -l sync-size
complete -c vmbench -n "__fish_seen_subcommand_from transcript; and not __fish_seen_subcommand_from start stop list play export" -a "start stop list play export"
complete -c vmbench -n "__fish_seen_subcommand_from transcript" -l vm -l all -l file -l title -l speed -l idle-limit -l text -l out
