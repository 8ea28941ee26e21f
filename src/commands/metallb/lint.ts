import {Args, Flags} from '@oclif/core';
import {MetallbCommand} from '../../cli/base-command.js';
import {clusterFlags, connectFromFlags} from '../../cli/cluster.js';
import {disabledRules, LINT_FORMATS, lintFiles, lintFormat, lintPaths, renderRules} from '../../cli/lint-files.js';
import {inputFlags, primaryFamilyOf} from '../../cli/manifest-inputs.js';
import {maxFileSize, maxFileSizeFlag} from '../../cli/read-input.js';
import {CLASSES} from '../../lib/cluster/client.js';
import {asDocument} from '../../lib/cluster/live-objects.js';
import type {ManifestDocument} from '../../lib/input/documents.js';
import {ExitCode} from '../../lib/errors.js';
import type {LintResult} from '../../lib/lint/lint.js';
import {expandPaths} from '../../lib/input/files.js';
import {colorEnabled} from '../../lib/render/style.js';

export default class Lint extends MetallbCommand {
  static override summary = 'Check manifests for everything the metallb module would reject or silently misread.';
  static override description = `Files, directories (recursively: *.yaml, *.yml, *.json) and - (stdin) are linted together as one world: a
Service's class is looked up in all of them. Exit code 0 when there are no errors (warnings allowed), 1 when there
are errors (with --strict, warnings too), 2 for unusable arguments. Suppress one finding with a comment
"# d8-metallb-disable-next-line RULE" on the line above it.`;

  static override examples = [
    {description: 'Lint a directory:', command: '<%= config.bin %> metallb lint manifests/'},
    {description: 'What kubectl sees in a cluster:', command: 'd8 k get metalloadbalancerclasses,svc,nodes,endpointslices -A -o yaml | <%= config.bin %> metallb lint -'},
    {description: 'SARIF for GitHub code scanning:', command: '<%= config.bin %> metallb lint -o sarif manifests/ > metallb.sarif'},
    {description: 'The rules:', command: '<%= config.bin %> metallb lint --rules'},
    {description: 'New manifests against what the cluster already has:', command: '<%= config.bin %> metallb lint --cluster new-class.yaml'},
  ];

  static override strict = false;
  static override args = {paths: Args.string({description: 'Files or directories to lint; - reads stdin.'})};

  static override flags = {
    filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: 'A file, a directory or - (stdin). Repeatable; the same as a PATH argument.'}),
    output: Flags.string({char: 'o', options: [...LINT_FORMATS], description: 'text (default; github when GITHUB_ACTIONS=true), json, junit, sarif or github.'}),
    strict: Flags.boolean({description: 'Fail (exit 1) on warnings too.'}),
    disable: Flags.string({multiple: true, multipleNonGreedy: true, description: 'Rule id to skip. Repeatable.'}),
    rules: Flags.boolean({description: 'List the rules (id, severity, description) and exit.'}),
    'ip-family': inputFlags['ip-family'],
    cluster: Flags.boolean({description: 'Lint the files together with the live classes, Services and Nodes of the cluster (findings are reported in the files only).'}),
    ...maxFileSizeFlag,
    ...clusterFlags,
  };

  async run(): Promise<LintResult | undefined> {
    const {argv, flags} = await this.parse(Lint);
    const format = lintFormat(flags.output, process.env);
    if (flags.rules) {
      this.writeResult(renderRules(format));
      return undefined;
    }
    const disable = disabledRules(flags.disable);
    const files = expandPaths(lintPaths(argv as string[], flags.filename), {onNote: (text) => this.notice('warning', text)});
    const context = flags.cluster ? await clusterContext(flags) : undefined;
    const primaryFamily = primaryFamilyOf(flags, undefined);
    const {text, failed, result} = lintFiles(files, {
      format, strict: flags.strict, disable, maxFileSize: maxFileSize(flags), ...(primaryFamily ? {primaryFamily} : {}), ...(context ? {context} : {}),
      color: colorEnabled({isTTY: process.stdout.isTTY, env: process.env, noColorFlag: flags['no-color']}), version: this.config.version,
    });
    this.writeResult(text);
    if (failed) this.exit(ExitCode.Problems);
    return result;
  }
}

/** The live objects lint reads with --cluster: a constant number of list calls, in parallel. */
async function clusterContext(flags: {kubeconfig?: string; context?: string; 'request-timeout'?: number}): Promise<ManifestDocument[]> {
  const client = await connectFromFlags(flags);
  const [classes, services, nodes] = await Promise.all([client.list(CLASSES), client.listServices(), client.listNodes()]);
  return [
    ...classes.map((o) => asDocument(o, 'MetalLoadBalancerClass')),
    ...services.map((o) => asDocument(o, 'Service')),
    ...nodes.map((o) => asDocument(o, 'Node')),
  ];
}
