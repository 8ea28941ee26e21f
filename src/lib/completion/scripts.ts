// The scripts `completion bash|zsh|fish` prints. Each is a thin client: it hands the words before the cursor to
// `<program> __complete … <current word>` and shows what comes back (values.ts), so the shells never disagree with
// the commands. They serve d8-metallb and kubectl-metallb as they are, and d8 for the words after `metallb` only:
// whatever completion d8 itself has keeps serving the rest of d8.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# d8 metallb completion for bash. Load it in this shell:   source <(d8 metallb completion bash)
# or for every new one:   d8 metallb completion bash > ~/.local/share/bash-completion/completions/d8-metallb
# Completes d8-metallb, kubectl-metallb and the metallb part of d8 (d8's own completion keeps the rest of d8:
# load this after it).

__d8_metallb_bash() {
  local line="\${COMP_LINE:0:COMP_POINT}" current=""
  local -a words
  read -ra words <<< "$line"
  if [[ -n "$line" && "$line" != *[[:space:]] && \${#words[@]} -gt 0 ]]; then
    current="\${words[-1]}"
    unset 'words[-1]'
  fi
  local program="\${words[0]}"
  local -a call
  if [[ "\${program##*/}" == d8 ]]; then
    if [[ \${#words[@]} -lt 2 || "\${words[1]}" != metallb ]]; then
      if [[ -n "$__d8_metallb_d8_fallback" ]] && declare -F "$__d8_metallb_d8_fallback" >/dev/null; then
        "$__d8_metallb_d8_fallback" "$@"
      elif [[ \${#words[@]} -lt 2 ]]; then
        COMPREPLY=($(compgen -W metallb -- "$current"))
      fi
      return
    fi
    call=("$program" metallb __complete "\${words[@]:2}" "$current")
  else
    call=("$program" __complete "\${words[@]:1}" "$current")
  fi
  local output
  output="$("\${call[@]}" 2>/dev/null)" || return
  local -a lines
  mapfile -t lines <<< "$output"
  local directive="\${lines[-1]#:}"
  unset 'lines[-1]'
  [[ "$directive" =~ ^[0-9]+$ ]] || return
  (( directive & 1 )) && return
  # readline replaces only what follows the last word-break character (--output=ya replaces "ya").
  local i keep=0
  for (( i = \${#current} - 1; i >= 0; i-- )); do
    if [[ "$COMP_WORDBREAKS" == *"\${current:i:1}"* ]]; then keep=$(( i + 1 )); break; fi
  done
  COMPREPLY=()
  local candidate
  for candidate in "\${lines[@]}"; do
    [[ -n "$candidate" ]] && COMPREPLY+=("\${candidate%%$'\\t'*}")
  done
  for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]:keep}"; done
  (( directive & 2 )) && compopt -o nospace 2>/dev/null
  if (( \${#COMPREPLY[@]} == 0 && !(directive & 4) )); then
    compopt -o default 2>/dev/null
  fi
  return 0
}

if [[ -z "$__d8_metallb_d8_fallback" ]]; then
  __d8_metallb_d8_fallback="$(complete -p d8 2>/dev/null | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')"
  [[ "$__d8_metallb_d8_fallback" == __d8_metallb_bash ]] && __d8_metallb_d8_fallback=""
fi
complete -o bashdefault -F __d8_metallb_bash d8-metallb kubectl-metallb d8
`;

const ZSH = `#compdef d8-metallb kubectl-metallb
# d8 metallb completion for zsh. Load it in this shell (after compinit):   source <(d8 metallb completion zsh)
# or for every new one, add that line to ~/.zshrc after compinit.
# Completes d8-metallb, kubectl-metallb and the metallb part of d8 (d8's own completion keeps the rest of d8:
# load this after it).

__d8_metallb_zsh() {
  local program="\${words[1]}" current="\${words[CURRENT]}"
  local -a before call
  before=("\${(@)words[2,CURRENT-1]}")
  if [[ "\${program:t}" == d8 ]]; then
    if (( CURRENT <= 2 )) || [[ "\${before[1]}" != metallb ]]; then
      if [[ -n "$__d8_metallb_d8_fallback" ]] && (( $+functions[$__d8_metallb_d8_fallback] )); then
        "$__d8_metallb_d8_fallback" "$@"
      elif (( CURRENT == 2 )); then
        compadd -- metallb
      fi
      return
    fi
    call=("$program" metallb __complete "\${(@)before[2,-1]}" "$current")
  else
    call=("$program" __complete "\${(@)before}" "$current")
  fi
  local -a lines values descriptions
  lines=("\${(@f)$("\${(@)call}" 2>/dev/null)}")
  local directive="\${lines[-1]#:}"
  lines=("\${(@)lines[1,-2]}")
  [[ "$directive" == <-> ]] || return 1
  (( directive & 1 )) && return 1
  local line
  for line in "\${(@)lines}"; do
    [[ -z "$line" ]] && continue
    values+=("\${line%%$'\\t'*}")
    if [[ "$line" == *$'\\t'* ]]; then descriptions+=("\${line%%$'\\t'*}  -- \${line#*$'\\t'}"); else descriptions+=("\${line}"); fi
  done
  if (( \${#values} > 0 )); then
    local -a suffix
    (( directive & 2 )) && suffix=(-S '')
    compadd "\${(@)suffix}" -l -d descriptions -- "\${(@)values}"
    return 0
  fi
  (( directive & 4 )) && return 1
  _files
}

if [[ -z "$__d8_metallb_d8_fallback" ]]; then
  __d8_metallb_d8_fallback="\${_comps[d8]}"
  [[ "$__d8_metallb_d8_fallback" == __d8_metallb_zsh ]] && __d8_metallb_d8_fallback=""
fi
compdef __d8_metallb_zsh d8-metallb kubectl-metallb d8
`;

const FISH = `# d8 metallb completion for fish. Load it in this shell:   d8 metallb completion fish | source
# or for every new one:   d8 metallb completion fish > ~/.config/fish/completions/d8-metallb.fish
# (and the same file as kubectl-metallb.fish; for d8, append it to d8.fish after d8's own completion).

function __d8_metallb_fish
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    if test (path basename -- $program) = d8
        test "$words[1]" = metallb; or return
        set -e words[1]
        set -f output ($program metallb __complete $words "$current" 2>/dev/null)
    else
        set -f output ($program __complete $words "$current" 2>/dev/null)
    end
    test (count $output) -gt 0; or return
    set -l directive (string replace -r '^:' '' -- $output[-1])
    set -e output[-1]
    string match -qr '^[0-9]+$' -- $directive; or return
    test (math "bitand($directive, 1)") -eq 0; or return
    if test (count $output) -gt 0
        printf '%s\\n' $output
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path $current
    end
end

function __d8_metallb_fish_d8_is_ours
    set -l words (commandline -opc)
    test (count $words) -ge 2; and test "$words[2]" = metallb
end

complete -c d8-metallb -f -a '(__d8_metallb_fish)'
complete -c kubectl-metallb -f -a '(__d8_metallb_fish)'
complete -c d8 -f -n 'test (count (commandline -opc)) -eq 1' -a metallb -d 'Deckhouse metallb module'
complete -c d8 -f -n __d8_metallb_fish_d8_is_ours -a '(__d8_metallb_fish)'
`;

export function completionScript(shell: Shell): string {
  return {bash: BASH, zsh: ZSH, fish: FISH}[shell];
}
