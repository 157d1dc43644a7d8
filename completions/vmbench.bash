# bash completion for vmbench            source it, or copy to /etc/bash_completion.d/vmbench
_vmbench() {
  local cur prev words cword
  _init_completion 2>/dev/null || { cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
  local commands="boot profile vms logs stop kill run bench compare meminfo memdiff attach transcript image doctor benchmark stacktrace help version"
  case "$prev" in
    --hypervisor) COMPREPLY=($(compgen -W "qemu-microvm qemu-q35 firecracker" -- "$cur")); return ;;
    --cpu-template) COMPREPLY=($(compgen -W "T2 C3 T2S T2CL T2A V1N1 none" -- "$cur")); return ;;
    --log-level) COMPREPLY=($(compgen -W "Error Warning Info Debug Trace Off" -- "$cur")); return ;;
    --accel) COMPREPLY=($(compgen -W "auto kvm tcg" -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W "field delta" -- "$cur")); return ;;
    --unit) COMPREPLY=($(compgen -W "kB MiB auto" -- "$cur")); return ;;
    --save) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --kernel|--initrd|--rootfs|--firecracker-binary|--firecracker-log|--file|--out|--export-json|--export-markdown|--export-csv) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ $cword -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur")); return
  fi
  local opts=""
  case "${words[1]}" in
    boot) opts="--name --profile --hypervisor --kernel --initrd --rootfs --mem --cpus --append --accel --timeout --persistent --prompt --log --qemu-arg --tap-device --firecracker-binary --cpu-template --disable-smt --log-level --firecracker-log --api-socket --dry-run" ;;
    profile) [[ $cword -eq 2 ]] && { COMPREPLY=($(compgen -W "save list show rm" -- "$cur")); return; }
           [[ ${words[2]} == save ]] && opts="--name --hypervisor --kernel --initrd --rootfs --mem --cpus --append --accel --timeout --persistent --prompt --log --qemu-arg --tap-device --firecracker-binary --cpu-template --disable-smt --log-level --firecracker-log --api-socket" ;;
    logs) opts="--vm --lines" ;;
    stop) opts="--vm --all --grace" ;;
    kill) opts="--vm" ;;
    run) opts="--vm --command --repeat --warmup --timeout --quiet" ;;
    bench) opts="--command --vms --runs --warmup --timeout --export-json --export-markdown --export-csv" ;;
    meminfo) opts="--vm --save" ;;
    attach) opts="--vm --escape --replay --sync-size" ;;
    transcript) [[ $cword -eq 2 ]] && { COMPREPLY=($(compgen -W "start stop list play export" -- "$cur")); return; }
           opts="--vm --all --file --title --speed --idle-limit --text --out" ;;
    memdiff) opts="--a --b --changed-only --threshold --sort --unit --labels --export-json --export-markdown --export-csv" ;;
    compare) opts="--hypervisors --runs --warmup --command --random-mib --export-json --export-markdown --export-csv" ;;
    image) [[ $cword -eq 2 ]] && { COMPREPLY=($(compgen -W "build info" -- "$cur")); return; }
           [[ ${words[2]} == build ]] && opts="--random-mib --force --kernel-package" ;;
    benchmark) [[ $cword -eq 2 ]] && { COMPREPLY=($(compgen -W "boot run" -- "$cur")); return; }
           opts="--runs --hypervisor --vm --workload --workload-runs" ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _vmbench vmbench
